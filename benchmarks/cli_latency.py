"""Benchmark: `drafter --help` and `drafter draft` wall time against `python -c pass`, and the
per-case cost of drafting many cases in one process. Run: python benchmarks/cli_latency.py

Targets (issue 2): --help within 300 ms of `python -c pass`; draft end to end under 2.5 s;
under 20 ms per case in a batch.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lumbar-pt-acupuncture.txt"


def wall(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    drafter = shutil.which("drafter") or sys.exit("install drafter first (pip install -e .)")
    baseline = wall([sys.executable, "-c", "pass"])
    help_time = wall([drafter, "--help"])
    draft_time = wall([drafter, "draft", str(EXAMPLE), "-q"], repeat=3)

    from drafter.errors import DrafterError
    from drafter.pipeline import draft_case

    texts = [p.read_text() for p in sorted((ROOT / "evals" / "letters").glob("*.txt"))]
    texts.append(EXAMPLE.read_text())
    draft_case(texts[0])  # load the NLP pipeline once, as a batch run does
    n = 0
    start = time.perf_counter()
    while n < 200:
        for text in texts:
            with contextlib.suppress(DrafterError):  # a letter without items still costs a parse
                draft_case(text)
            n += 1
    per_case = (time.perf_counter() - start) / n

    print(f"{'measure':<34}{'seconds':>10}")
    print(f"{'python -c pass':<34}{baseline:>10.3f}")
    print(f"{'drafter --help':<34}{help_time:>10.3f}  (+{help_time - baseline:.3f} over baseline)")
    print(f"{'drafter draft example (cold)':<34}{draft_time:>10.3f}")
    print(f"{'per case, batch of ' + str(n):<34}{per_case:>10.4f}")


if __name__ == "__main__":
    main()

"""LLM eval concurrency: an eval of N cases through an endpoint that adds latency to every call,
at several `--concurrency` settings; reports wall time, speed-up and LLM calls per case.

Run: python benchmarks/llm_eval_concurrency.py [--cases 50] [--delay 0.2] [--concurrency 1 8]

The endpoint is drafter's fake OpenAI-compatible server (`drafter.fake_llm`) on loopback, in a
separate process (as a real server would be: its own CPU work must not share this process's
GIL), so the real openai + instructor + HTTP path is measured with a known per-call latency and
no model. The cache is off, so every run makes every call; the server counts them.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

from drafter.evaluation.derive import EvalCase, find_letters, load_cases
from drafter.evaluation.metrics import aggregate
from drafter.evaluation.runner import EvalOptions, run_cases
from drafter.llm import LLMBackend, LLMSettings


def replicate(cases: list[EvalCase], n: int) -> list[EvalCase]:
    return [
        cases[i % len(cases)].model_copy(update={"id": f"{cases[i % len(cases)].id}#{i}"})
        for i in range(n)
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(delay: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "drafter.fake_llm", "--port", str(port), "--delay", str(delay)],
        stdout=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}/v1"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base_url}/models", timeout=1)
            return process, base_url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the fake server did not start")


def server_calls(base_url: str) -> int:
    with urllib.request.urlopen(f"{base_url}/stats", timeout=5) as response:
        return int(json.load(response)["calls"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=Path, default=None, help="letters (default: evals/)")
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds added per call")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args(argv)

    loaded, _ = load_cases(find_letters(args.letters))
    cases = replicate(loaded, args.cases)
    process, base_url = start_server(args.delay)
    settings = LLMSettings(model="fake", base_url=base_url, use_cache=False)
    options = EvalOptions(backend=LLMBackend(settings), backend_name="llm", model="fake")
    run_cases(cases[:1], options, progress=False)  # warm-up: imports, NLP pipeline, rules

    table = Table(title=f"{len(cases)} cases, {args.delay * 1000:.0f} ms per LLM call")
    for column in ("concurrency", "wall s", "cases/s", "speed-up", "LLM calls/case", "accuracy"):
        table.add_column(column, justify="right")
    baseline = None
    for concurrency in args.concurrency:
        options.concurrency = concurrency
        before = server_calls(base_url)
        start = time.perf_counter()
        results, failures, _ = run_cases(cases, options, progress=False)
        wall = time.perf_counter() - start
        calls = server_calls(base_url) - before
        baseline = baseline or wall
        table.add_row(
            str(concurrency),
            f"{wall:.2f}",
            f"{len(cases) / wall:.1f}",
            f"{baseline / wall:.2f}x",
            f"{calls / len(cases):.2f}",
            f"{aggregate(results).decision_accuracy:.3f}" + (f" ({len(failures)} failed)"
                                                            if failures else ""),
        )  # fmt: skip
    process.terminate()
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

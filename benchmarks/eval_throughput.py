"""Offline eval throughput: how many cases a second `drafter eval` drafts and scores, and at
what memory cost, on 100 cases (the available letters replicated to 100).

Run: python benchmarks/eval_throughput.py [--letters DIR] [--cases N] [--concurrency 1 4]

Each configuration is timed without tracing, then run again under tracemalloc for the peak
Python heap; the process's peak resident set size (getrusage) is printed at the end. One case
is drafted before timing so rule loading and NLP start-up are not counted as throughput.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from rich.console import Console
from rich.table import Table

from drafter.evaluation.derive import EvalCase, default_eval_dir, find_letters, load_cases
from drafter.evaluation.metrics import aggregate
from drafter.evaluation.runner import EvalOptions, run_cases


def replicate(cases: list[EvalCase], n: int) -> list[EvalCase]:
    """`n` cases cycling through `cases`, each with its own id."""
    return [
        cases[i % len(cases)].model_copy(update={"id": f"{cases[i % len(cases)].id}#{i}"})
        for i in range(n)
    ]


def timed(cases: list[EvalCase], concurrency: int) -> tuple[float, int, float | None]:
    """(seconds, failures, decision accuracy) of one offline run."""
    start = time.perf_counter()
    results, failures, _ = run_cases(cases, EvalOptions(concurrency=concurrency), progress=False)
    return time.perf_counter() - start, len(failures), aggregate(results).decision_accuracy


def heap_peak(cases: list[EvalCase], concurrency: int) -> int:
    """Peak traced Python heap, in bytes, of one offline run."""
    tracemalloc.start()
    try:
        run_cases(cases, EvalOptions(concurrency=concurrency), progress=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=Path, default=None, help="letters (default: evals/)")
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args(argv)

    letters, failures = load_cases(find_letters(args.letters))
    if not letters:
        print(f"no usable letters ({len(failures)} failed to parse)", file=sys.stderr)
        return 1
    cases = replicate(letters, args.cases)
    start = time.perf_counter()
    run_cases(cases[:1], progress=False)  # warm-up: rulebook, NLP models
    warmup = time.perf_counter() - start

    source = args.letters or default_eval_dir()
    table = Table(title=f"offline eval: {len(cases)} cases from {len(letters)} letters ({source})")
    for column in ("concurrency", "seconds", "cases/s", "heap peak MiB", "failures", "accuracy"):
        table.add_column(column, justify="right")
    for concurrency in args.concurrency:
        seconds, failed, accuracy = timed(cases, concurrency)
        peak = heap_peak(cases, concurrency)
        table.add_row(
            str(concurrency),
            f"{seconds:.2f}",
            f"{len(cases) / seconds:.1f}",
            f"{peak / 2**20:.1f}",
            str(failed),
            "n/a" if accuracy is None else f"{accuracy:.3f}",
        )
    console = Console()
    console.print(table)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    console.print(f"warm-up (first case, loads rules and NLP): {warmup:.2f} s")
    console.print(f"process peak RSS: {rss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

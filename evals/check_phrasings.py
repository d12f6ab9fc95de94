"""Score the phrasing corpus: per criterion, how many `met` and `not_met` snippets are read right.

Usage: python evals/check_phrasings.py [corpus.yaml ...] [--misses] [--json OUT]
(default: every evals/phrasings/*.yaml)

Exits 1 when a snippet without a `known_miss` note is misread, or when a snippet with one is now
read right (so the note is removed and the win is kept). See drafter/evaluation/phrasings.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from drafter.evaluation.phrasings import PhrasingResult, load_corpus, problems, run_corpus

CORPUS_DIR = Path(__file__).parent / "phrasings"


def summary_table(results: list[PhrasingResult]) -> Table:
    counts: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(
        lambda: {"met": [0, 0], "not_met": [0, 0]}
    )
    for r in results:
        cell = counts[(r.rule, r.criterion)][r.expected]
        cell[0] += r.outcome == "right"
        cell[1] += 1
    table = Table(title="Phrasing corpus: snippets read right")
    for column in ("rule", "criterion", "met", "not met"):
        table.add_column(column)
    totals = {"met": [0, 0], "not_met": [0, 0]}
    for (rule, criterion), cells in sorted(counts.items()):
        for key in totals:
            totals[key][0] += cells[key][0]
            totals[key][1] += cells[key][1]
        table.add_row(rule, criterion, *(f"{a}/{b}" if b else "-" for a, b in cells.values()))
    table.add_row("all", "", *(f"{a}/{b} ({a / b:.0%})" if b else "-" for a, b in totals.values()))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every misread snippet")
    parser.add_argument("--json", type=Path, help="write every result to this JSON file")
    args = parser.parse_args(argv)
    paths = args.corpus or sorted(CORPUS_DIR.glob("*.yaml"))
    results = [r for path in paths for r in run_corpus(load_corpus(path))]
    console = Console(width=150)
    console.print(summary_table(results))
    if args.misses:
        for r in results:
            if r.outcome != "right":
                note = f" [known: {r.known_miss}]" if r.known_miss else ""
                line = f"- {r.rule}/{r.criterion} ({r.expected}){note}: {r.text}\n    -> {r.got}"
                console.print(line, markup=False)
    if args.json:
        args.json.write_text(json.dumps([r.model_dump() for r in results], indent=1))
    found = problems(results)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

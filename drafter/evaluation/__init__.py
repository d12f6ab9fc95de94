"""The eval harness: any Final Determination Letter becomes a test case with no annotation.

letters (parse a letter) -> derive (case input + expected answer) -> runner (draft and score,
concurrently) -> metrics (per item and aggregate) -> report (JSON, Markdown, terminal) ->
compare (two reports). `drafter eval` is `cli.eval_app`. Names below are imported lazily so
that mounting the CLI keeps `drafter --help` fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "parse_letter": "letters",
    "ParsedLetter": "letters",
    "ExpectedItem": "letters",
    "LetterParseError": "letters",
    "EvalCase": "derive",
    "derive_case": "derive",
    "find_letters": "derive",
    "load_cases": "derive",
    "aggregate": "metrics",
    "citation_key": "metrics",
    "Metrics": "metrics",
    "EvalOptions": "runner",
    "run_cases": "runner",
    "run_eval": "runner",
    "EvalReport": "report",
    "load_report": "report",
    "compare_reports": "compare",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(f"drafter.evaluation.{_PUBLIC[name]}"), name)
    raise AttributeError(name)

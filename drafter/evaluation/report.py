"""The eval report: one versioned JSON record per run, a terminal table and a Markdown page.

The JSON holds every per-item result beside the metrics, plus what is needed to reproduce the
run (report version, git commit, drafter version, backend, model, case ids), so a run can be
re-scored (`rescore`) or compared with another without drafting again.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from drafter.errors import InputError, first_validation_error
from drafter.evaluation.metrics import CaseResult, Failure, ItemResult, Metrics, aggregate

__all__ = [
    "REPORT_VERSION",
    "EvalReport",
    "build_report",
    "git_commit",
    "load_report",
    "print_report",
    "rescore",
    "to_json",
    "to_markdown",
]

REPORT_VERSION = 1

# (report field, label) for the headline metrics, in display order.
HEADLINE = [
    ("decision_accuracy", "decision accuracy"),
    ("always_uphold_accuracy", "always-Upheld accuracy"),
    ("upheld_recall", "Upheld recall"),
    ("overturned_recall", "Overturned recall"),
    ("kappa", "Cohen's kappa"),
    ("citation_match", "citation match (same sections)"),
    ("citation_overlap", "citation overlap (a shared section)"),
    ("decision_and_citation", "decision and citation both right"),
    ("rouge_l", "ROUGE-L (rationale)"),
    ("unsupported_numbers", "unsupported numbers"),
    ("items_with_unsupported_numbers", "items with unsupported numbers"),
    ("sections_complete", "letters with all sections"),
    ("words_per_rationale", "words per rationale"),
    ("expected_words_per_rationale", "words per reference rationale"),
    ("no_rule_count", "items with no rule"),
    ("llm_calls", "LLM calls"),
    ("cache_hits", "LLM cache hits"),
    ("tokens_prompt", "prompt tokens"),
    ("tokens_completion", "completion tokens"),
    ("prose_replaced", "LLM rationales replaced by templates"),
]
LLM_ROWS = {"llm_calls", "cache_hits", "tokens_prompt", "tokens_completion", "prose_replaced"}


def headline_rows(report: EvalReport) -> list[tuple[str, str]]:
    """The headline metrics worth showing: an offline run has no LLM rows."""
    offline = report.backend == "offline"
    return [(k, label) for k, label in HEADLINE if not (offline and k in LLM_ROWS)]


class EvalReport(Metrics):
    """A run: its metrics, its provenance and every per-case result."""

    report_version: int = REPORT_VERSION
    created_at: str
    drafter_version: str
    git_commit: str | None
    python: str
    source: str
    backend: str
    model: str | None
    concurrency: int
    duration_s: float
    case_ids: list[str]
    failures: list[Failure]
    per_case: list[CaseResult]


def git_commit(cwd: Path | None = None) -> str | None:
    """HEAD of the repository drafter runs from, if there is one."""
    root = cwd or Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def build_report(
    results: list[CaseResult],
    failures: list[Failure],
    *,
    source: str,
    backend: str,
    model: str | None,
    concurrency: int,
    duration_s: float,
) -> EvalReport:
    """Score the results and wrap them with the run's provenance."""
    from drafter import __version__

    return EvalReport(
        **aggregate(results).model_dump(),
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        drafter_version=__version__,
        git_commit=git_commit(),
        python=platform.python_version(),
        source=source,
        backend=backend,
        model=model,
        concurrency=concurrency,
        duration_s=round(duration_s, 3),
        case_ids=[r.case for r in results],
        failures=failures,
        per_case=results,
    )


def rescore(report: EvalReport) -> Metrics:
    """The metrics recomputed from the stored per-case results."""
    return aggregate(report.per_case)


def to_json(report: EvalReport) -> str:
    """The report as written by --json (load_report reads it back)."""
    return report.model_dump_json(indent=2) + "\n"


def load_report(path: Path) -> EvalReport:
    """Read a report written by --json; anything else is an InputError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a JSON eval report ({exc})") from None
    try:
        return EvalReport.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            f"{path}: not an eval report written by 'drafter eval --json' "
            f"({first_validation_error(exc)})"
        ) from None


def _fmt(value: object, key: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.1f}" if key.startswith(("words", "expected_words")) else f"{value:.3f}"
    return str(value)


def _mark(ok: bool) -> str:
    return "yes" if ok else "no"


def _answer(item: ItemResult) -> str:
    if item.no_rule:
        return "no rule"
    return item.predicted.value if item.predicted else "-"


def print_report(report: EvalReport, console: Console) -> None:
    """The items the draft got wrong (decision or citation), then the metrics, failures and
    no-rule items; every item is in the JSON and Markdown reports."""
    summary = Table(title=f"drafter eval: {report.cases} cases, {report.items} items", box=None)
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for key, label in headline_rows(report):
        value = _fmt(getattr(report, key), key)
        if key == "decision_accuracy":
            value += f"  (always Upheld: {_fmt(report.always_uphold_accuracy)})"
        summary.add_row(label, value)
    summary.add_row("backend / model", f"{report.backend} / {report.model or '-'}")
    summary.add_row("duration", f"{report.duration_s:.2f} s")

    misses = [
        (case.case, item)
        for case in report.per_case
        for item in case.items
        if not (item.correct and item.citation_match)
    ]
    if misses:
        items = Table(
            title=f"{len(misses)} of {report.items} items with a wrong decision or citation"
        )
        for column in ("case", "request", "expected", "predicted", "citation"):
            items.add_column(column, overflow="fold")
        for case_id, item in misses:
            style = "green" if item.correct else "red"
            items.add_row(
                case_id,
                item.request,
                item.expected.value,
                f"[{style}]{_answer(item)}[/{style}]",
                "ok" if item.citation_match else item.citation_predicted or "-",
            )
        console.print(items)
    console.print(summary)
    for failure in report.failures:
        console.print(
            f"[red]failed[/red] {failure.case} ({failure.stage}): "
            f"{failure.error}: {failure.message}",
            highlight=False,
        )
    for entry in report.no_rule:
        console.print(
            f"[yellow]no rule[/yellow] {entry['case']}: {entry['request']}", highlight=False
        )


def _md_cell(text: object) -> str:
    return _fmt(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: EvalReport) -> str:
    """A readable report: metrics, failures, no-rule items, then each item's scores."""
    lines = [
        "# drafter eval report",
        "",
        f"- source: `{report.source}`; {report.cases} cases, {report.items} items",
        f"- backend: {report.backend}; model: {report.model or 'none'}",
        f"- drafter {report.drafter_version}; commit {report.git_commit or 'unknown'}; "
        f"report version {report.report_version}; {report.created_at}; {report.duration_s:.2f} s",
        "",
        "## Metrics",
        "",
        "| metric | value |",
        "|---|---|",
    ]
    lines += [
        f"| {label} | {_fmt(getattr(report, key), key)} |" for key, label in headline_rows(report)
    ]
    lines += ["", "## Failures", ""]
    lines += [f"- **{f.case}** ({f.stage}): {f.error}: {f.message}" for f in report.failures]
    lines += ["- none"] if not report.failures else []
    lines += ["", "## Items with no rule (reviewer must decide)", ""]
    lines += [f"- **{e['case']}**: {e['request']}" for e in report.no_rule] or ["- none"]
    lines += [
        "",
        "## Items",
        "",
        "| case | request | expected | predicted | cited (expected / predicted) | match "
        "| ROUGE-L | unsupported numbers |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case in report.per_case:
        for i in case.items:
            predicted = _answer(i)
            lines.append(
                f"| {_md_cell(case.case)} | {_md_cell(i.request)} | {i.expected.value} "
                f"| {predicted} | {_md_cell(i.citation_expected)} / "
                f"{_md_cell(i.citation_predicted)} | {_mark(i.citation_match)} "
                f"| {i.rouge_l:.2f} | {_md_cell(', '.join(i.unsupported_numbers) or '-')} |"
            )
    incomplete = [c for c in report.per_case if c.missing_sections]
    if incomplete:
        lines += ["", "## Letters missing sections", ""]
        lines += [f"- **{c.case}**: {', '.join(c.missing_sections)}" for c in incomplete]
    return "\n".join(lines) + "\n"

"""The `drafter` command line: reads files, calls the pipeline, prints. Nothing else.

Every DrafterError becomes one line on stderr and exit code 1; any other exception is a bug and
keeps its traceback. Heavy modules are imported inside commands so that `--help` stays fast.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from drafter.clitools import (
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    OfflineOpt,
    TimeoutOpt,
    fail,
    make_backend,
    report_llm_run,
    write_output,
)
from drafter.errors import DrafterError, InputError, first_validation_error
from drafter.evaluation.cli import eval_app

app = typer.Typer(
    name="drafter",
    help=(
        "Draft California workers' compensation IMR Final Determination Letters.\n\n"
        "Extracts the case facts, decides each disputed item with a deterministic MTUS checker "
        "(never an LLM), and drafts the letter for a reviewer to edit and sign."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
guidelines_app = typer.Typer(help="List and show the guideline rules the checker applies.")
app.add_typer(guidelines_app, name="guidelines")
app.add_typer(
    eval_app,
    name="eval",
    help="Score drafts against reference letters (`drafter eval [PATH]`, `drafter eval compare`).",
)


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


CaseArg = Annotated[
    Path, typer.Argument(help="Case file: UTF-8 text (PDF-extracted text is fine).")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)


def _read_case(path: Path) -> str:
    from drafter.ingest import read_case_file

    return read_case_file(path)


@app.command()
def draft(
    case: CaseArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: OutputOpt = None,
    licensure: Annotated[
        str | None, typer.Option(help="Reviewer's state(s) of licensure, e.g. 'California'.")
    ] = None,
    specialty: Annotated[
        str | None, typer.Option(help="Reviewer's certification(s)/specialty.")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="TOML config with a [reviewer] table (default: user config dir)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary table or usage line on stderr.")
    ] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    timeout: TimeoutOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
) -> None:
    """Draft the Final Determination Letter for CASE.

    Offline by default (no LLM needed). With --model (or DRAFTER_MODEL) an OpenAI-compatible
    model extracts the facts and writes the prose; the MTUS checker still makes every decision.
    """
    try:
        from drafter.config import load_reviewer
        from drafter.pipeline import draft_case
        from drafter.render import render

        reviewer = load_reviewer(config, licensure=licensure, specialty=specialty)
        text = _read_case(case)
        backend = make_backend(model, base_url, mode, timeout, no_cache, offline)
        letter = draft_case(text, reviewer=reviewer, backend=backend)
        _write(render(letter, fmt.value), output)
        if not quiet:
            _summary_table(letter)
        if backend is not None:
            report_llm_run(letter.usage, letter.notices, quiet=quiet)
    except DrafterError as exc:
        fail(str(exc))


def _summary_table(letter: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from drafter.render import decision_label

    table = Table(title="Decisions", title_justify="left")
    for column in ("disputed item", "decision", "rule", "unmet / undocumented"):
        table.add_column(column)
    for item in letter.items:  # type: ignore[attr-defined]
        d = item.determination
        failing = ", ".join(c.id for c in d.failing) or "-"
        table.add_row(d.request.text, decision_label(item), d.rule_id or "none", failing)
    Console(stderr=True).print(table)


@app.command()
def extract(
    case: CaseArg,
    output: OutputOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    timeout: TimeoutOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
) -> None:
    """Print the facts extracted from CASE as JSON, with evidence quotes.

    With --model, facts whose quotes are not in the case file are dropped and listed on stderr.
    """
    try:
        from drafter.models import Usage
        from drafter.pipeline import extract_case

        text = _read_case(case)
        backend = make_backend(model, base_url, mode, timeout, no_cache, offline)
        usage = Usage()
        facts, notices = extract_case(text, backend, usage)
        _write(facts.model_dump_json(indent=2) + "\n", output)
        if backend is not None:
            report_llm_run(usage, notices)
    except DrafterError as exc:
        fail(str(exc))


@app.command()
def check(
    facts_file: Annotated[
        Path, typer.Argument(help="CaseFacts JSON, as `drafter extract` writes.")
    ],
    output: OutputOpt = None,
) -> None:
    """Decide each disputed item in FACTS_FILE; print the determinations as JSON."""
    try:
        from pydantic import ValidationError

        from drafter.models import CaseFacts
        from drafter.pipeline import decide

        raw = _read_json(facts_file)
        try:
            facts = CaseFacts.model_validate(raw)
        except ValidationError as exc:
            raise InputError(
                f"{facts_file}: not CaseFacts JSON: {first_validation_error(exc)}"
            ) from None
        determinations = decide(facts)
        payload = [d.model_dump(mode="json") for d in determinations]
        _write(json.dumps(payload, indent=2) + "\n", output)
    except DrafterError as exc:
        fail(str(exc))


def _read_json(path: Path) -> object:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: malformed JSON (line {exc.lineno}: {exc.msg})") from None


@guidelines_app.command("list")
def guidelines_list() -> None:
    """List the rules by coverage category."""
    try:
        from rich.console import Console
        from rich.table import Table

        from drafter.rulebook import load_rulebook

        rules = load_rulebook().rules
        counts: dict[str, int] = {}
        for rule in rules:
            counts[rule.category] = counts.get(rule.category, 0) + 1
        coverage = Table(title=f"Coverage: {len(rules)} rules in {len(counts)} categories")
        coverage.add_column("category")
        coverage.add_column("rules", justify="right")
        for category, count in sorted(counts.items()):
            coverage.add_row(category, str(count))
        table = Table(title=f"{len(rules)} rules")
        table.add_column("category")
        table.add_column("id", no_wrap=True)
        for column in ("treatments", "citation", "source"):
            table.add_column(column)
        for rule in sorted(rules, key=lambda r: r.category):
            drugs = rule.applies_to.drugs or rule.applies_to.drug_classes or []
            table.add_row(
                rule.category,
                rule.id,
                ", ".join([c.value for c in rule.applies_to.categories] + drugs),
                rule.citation,
                rule.source.status,
            )
        console = Console()
        console.print(coverage)
        console.print(table)
    except DrafterError as exc:
        fail(str(exc))


@guidelines_app.command("show")
def guidelines_show(rule_id: Annotated[str, typer.Argument(help="A rule id from `list`.")]) -> None:
    """Print one rule (citation, limits, criteria, source) as YAML."""
    try:
        import yaml

        from drafter.rulebook import load_rulebook

        rule = load_rulebook().get(rule_id)
        sys.stdout.write(
            yaml.safe_dump(rule.model_dump(mode="json", exclude_defaults=True), sort_keys=False)
        )
    except DrafterError as exc:
        fail(str(exc))


def main() -> None:
    app()

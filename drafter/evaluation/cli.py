"""`drafter eval`: a thin typer layer over the runner, the report and the comparison.

`drafter eval [PATH]` and `drafter eval compare A.json B.json` share one group whose default
command is `run`, so the common case needs no subcommand. A DrafterError (a missing path, no
letters, a malformed report) becomes one line on stderr and exit code 1, as in the main CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from drafter.clitools import (
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    OfflineOpt,
    TimeoutOpt,
    fail,
    make_backend,
    usage_line,
    write_output,
)
from drafter.errors import DrafterError

__all__ = ["eval_app", "make_eval_app"]

OptionsFactory = Callable[[int, Any], Any]  # (concurrency, backend) -> runner.EvalOptions


class DefaultCommandGroup(TyperGroup):
    """A group that runs `run` when the first argument is not one of its commands."""

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def backend_options(concurrency: int, backend: Any = None) -> Any:
    """Runner options for a backend (None: offline, no model)."""
    from drafter.evaluation.runner import EvalOptions

    if backend is None:
        return EvalOptions(concurrency=concurrency)
    return EvalOptions(
        backend=backend, backend_name=backend.name, model=backend.model, concurrency=concurrency
    )


def make_eval_app(options: OptionsFactory = backend_options, **hooks: Any) -> typer.Typer:
    """Build the eval command group; `options` makes the backend options, `hooks` (draft,
    render, rule_text) replace the pipeline pieces, e.g. with fakes in tests."""
    app = typer.Typer(
        cls=DefaultCommandGroup,
        help="Score drafts against reference letters: drafter eval [PATH] | compare A.json B.json",
        no_args_is_help=False,
        add_completion=False,
    )

    @app.command("run")
    def run(
        path: Annotated[
            Path | None,
            typer.Argument(help="A letter, or a directory of letters; default: the repo's evals/"),
        ] = None,
        json_path: Annotated[
            Path | None, typer.Option("--json", help="Write the JSON report to FILE.")
        ] = None,
        markdown: Annotated[
            Path | None, typer.Option("--markdown", help="Write a Markdown report to FILE.")
        ] = None,
        concurrency: Annotated[
            int, typer.Option(min=1, help="Cases drafted at once (thread pool).")
        ] = 4,
        progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
        model: ModelOpt = None,
        base_url: BaseUrlOpt = None,
        mode: ModeOpt = None,
        timeout: TimeoutOpt = None,
        no_cache: NoCacheOpt = False,
        offline: OfflineOpt = False,
    ) -> None:
        """Draft every letter's case and score the drafts against the letters.

        Offline by default; with --model (or DRAFTER_MODEL) through an LLM endpoint, cached on
        disk so that a repeated run makes no calls (--no-cache to measure afresh)."""
        from rich.console import Console

        from drafter.evaluation.report import print_report, to_json, to_markdown
        from drafter.evaluation.runner import run_eval

        try:
            backend = make_backend(model, base_url, mode, timeout, no_cache, offline)
            report = run_eval(path, options(concurrency, backend), progress=progress, **hooks)
            print_report(report, Console())
            if backend is not None:
                typer.echo(f"LLM usage: {usage_line(report)}", err=True)
            if json_path is not None:
                write_output(json_path, to_json(report))
            if markdown is not None:
                write_output(markdown, to_markdown(report))
        except DrafterError as exc:
            fail(exc)

    @app.command("compare")
    def compare(
        a: Annotated[Path, typer.Argument(help="The baseline report (--json output).")],
        b: Annotated[Path, typer.Argument(help="The report to compare with it.")],
    ) -> None:
        """Print metric deltas (B - A) and every item whose decision or citation changed."""
        from rich.console import Console

        from drafter.evaluation.compare import compare_reports, print_comparison
        from drafter.evaluation.report import load_report

        try:
            comparison = compare_reports(load_report(a), load_report(b))
        except DrafterError as exc:
            fail(exc)
        print_comparison(comparison, Console(), a=a.name, b=b.name)

    return app


eval_app = make_eval_app()

"""What every drafter command does at its edge: write an output file, turn a DrafterError into
one line on stderr with exit code 1, and read the LLM options into a backend."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from drafter.errors import ConfigError, InputError


def fail(message: object) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1) from None


def write_output(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    typer.echo(f"wrote {path}", err=True)


# --- LLM options, shared by draft, extract and eval -------------------------------------------

_LLM = "LLM backend (default: offline)"
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="Use the LLM backend with this model (env DRAFTER_MODEL). Without one: offline.",
        rich_help_panel=_LLM,
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="OpenAI-compatible endpoint, e.g. http://localhost:8080/v1 (env OPENAI_BASE_URL; "
        "default: OpenAI). The key comes from OPENAI_API_KEY.",
        rich_help_panel=_LLM,
    ),
]
ModeOpt = Annotated[
    str | None,
    typer.Option(
        "--mode",
        help="Structured-output mode: tools, json, json_schema or md_json (default: tools for "
        "OpenAI/Azure, json for other servers).",
        rich_help_panel=_LLM,
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout", min=1, help="Seconds per LLM call (default 120).", rich_help_panel=_LLM
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Neither read nor write the on-disk LLM cache.", rich_help_panel=_LLM
    ),
]
OfflineOpt = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Use the offline backend even if DRAFTER_MODEL is set.",
        rich_help_panel=_LLM,
    ),
]


def make_backend(
    model: str | None,
    base_url: str | None,
    mode: str | None,
    timeout: float | None,
    no_cache: bool,
    offline: bool = False,
) -> Any:
    """The LLM backend the options (and environment) ask for, or None for offline."""
    if offline:
        if model or base_url:
            raise ConfigError("--offline cannot be combined with --model or --base-url")
        return None
    from drafter.llm.settings import resolve_settings

    settings = resolve_settings(
        model=model, base_url=base_url, mode=mode, timeout_s=timeout, use_cache=not no_cache
    )
    if settings is None:
        return None
    from drafter.llm import LLMBackend

    return LLMBackend(settings)


def report_llm_run(usage: Any, notices: list[str], *, quiet: bool = False) -> None:
    """Notices always (they change what the reviewer reads); the usage line unless quiet."""
    for notice in notices:
        typer.echo(f"notice: {notice}", err=True)
    if not quiet:
        typer.echo(f"LLM usage: {usage_line(usage)}", err=True)


def usage_line(usage: Any) -> str:
    return (
        f"{usage.llm_calls} calls, {usage.cache_hits} cache hits, "
        f"{usage.tokens_prompt:,} prompt + {usage.tokens_completion:,} completion tokens"
    )

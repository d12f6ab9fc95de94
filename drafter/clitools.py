"""What every drafter command does at its edge: write an output file, and turn a DrafterError
into one line on stderr with exit code 1."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer

from drafter.errors import InputError


def fail(message: object) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1) from None


def write_output(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    typer.echo(f"wrote {path}", err=True)

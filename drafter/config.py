"""Reviewer settings: options win over the config file; nothing about a reviewer is built in.

The config file is TOML, by default `config.toml` in the user config directory (see
`drafter draft --help`), or the file named by `--config` or $DRAFTER_CONFIG:

    [reviewer]
    licensure = "California"
    specialty = "Physical Medicine & Rehabilitation"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from drafter.errors import ConfigError
from drafter.models import Reviewer


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("drafter")) / "config.toml"


def load_reviewer(
    config: Path | None = None, *, licensure: str | None = None, specialty: str | None = None
) -> Reviewer:
    """Credentials from the options, else from the config file; a named file must exist."""
    named = config or (
        Path(os.environ["DRAFTER_CONFIG"]) if os.environ.get("DRAFTER_CONFIG") else None
    )
    path = named or default_config_path()
    settings: dict = {}
    if path.is_file():
        try:
            settings = tomllib.loads(path.read_text(encoding="utf-8")).get("reviewer", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path}: not valid TOML ({exc})") from None
        if not isinstance(settings, dict):
            raise ConfigError(f"config file {path}: [reviewer] must be a table")
        unknown = set(settings) - {"licensure", "specialty"}
        if unknown:
            raise ConfigError(
                f"config file {path}: unknown [reviewer] key(s) {', '.join(sorted(unknown))}; "
                "expected licensure, specialty"
            )
    elif named is not None:
        raise ConfigError(f"config file {path}: no such file")
    return Reviewer(
        licensure=licensure or settings.get("licensure"),
        specialty=specialty or settings.get("specialty"),
    )

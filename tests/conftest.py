"""Shared fixtures: repository paths; user state (config, cache) in a temporary directory and
no LLM settings inherited from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_LETTER = ROOT / "evals" / "letters" / "imr-001-cervical-pt-chiro.txt"
EXAMPLE_CASE = ROOT / "examples" / "lumbar-pt-acupuncture.txt"


@pytest.fixture(autouse=True)
def _isolated_user_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("DRAFTER_CONFIG", raising=False)
    for name in ("DRAFTER_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):  # tests choose the backend
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE_LETTER.read_text(encoding="utf-8")

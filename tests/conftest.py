"""Shared fixtures: repository paths, and user state (config) pointed at a temporary directory."""

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


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE_LETTER.read_text(encoding="utf-8")

"""The eval manifests agree with the letters they list (evals/check_manifest.py)."""

import importlib.util
from pathlib import Path

import pytest

EVALS = Path(__file__).resolve().parent.parent / "evals"
HOLDOUT_MANIFESTS = sorted((EVALS / "holdout").glob("*/manifest.json"))


def checker():
    spec = importlib.util.spec_from_file_location("check_manifest", EVALS / "check_manifest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_manifest_matches_its_letters(capsys):
    assert checker().main(["check_manifest.py"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("manifest", HOLDOUT_MANIFESTS, ids=lambda p: p.parent.name)
def test_held_out_manifests_match_their_letters(manifest, capsys):
    assert checker().main(["check_manifest.py", str(manifest)]) == 0, capsys.readouterr().err

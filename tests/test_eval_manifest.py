"""The eval manifests agree with the letters they list (evals/check_manifest.py)."""

import importlib.util
from pathlib import Path

MANIFEST_CHECKER = Path(__file__).resolve().parent.parent / "evals" / "check_manifest.py"


def test_every_manifest_matches_its_letters(capsys):
    spec = importlib.util.spec_from_file_location("check_manifest", MANIFEST_CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["check_manifest.py"]) == 0, capsys.readouterr().err

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafter.schemas import schema_texts

ROOT = Path(__file__).resolve().parent.parent


def test_exported_json_schemas_are_up_to_date():
    for name, text in schema_texts().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"{name} missing: run python -m drafter.schemas"
        assert path.read_text() == text, f"{name} is stale: run python -m drafter.schemas"


@pytest.mark.slow
def test_wheel_ships_prompts_and_rules(tmp_path: Path):
    """A non-editable install must carry the Jinja2 prompts and the rule data."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("drafter-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "drafter/prompts/offline/rationale.j2" in names
    assert "drafter/prompts/offline/case_summary.j2" in names
    assert any(n.startswith("drafter/rules/") and n.endswith(".yaml") for n in names)
    assert "drafter/rules/shared/concepts.yaml" in names

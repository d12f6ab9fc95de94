"""JSON Schema export of the pipeline's models to `schemas/`.

Run `python -m drafter.schemas` after changing a model; a test fails while the files are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from drafter.models import CaseFacts, DraftLetter, ItemDetermination, TreatmentRequest
from drafter.rulebook import Rule

EXPORTED: dict[str, type[BaseModel]] = {
    "case_facts": CaseFacts,
    "treatment_request": TreatmentRequest,
    "item_determination": ItemDetermination,
    "draft_letter": DraftLetter,
    "rule": Rule,
}


def schema_texts() -> dict[str, str]:
    """File name to JSON text for every exported model."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True)
        + "\n"
        for name, model in EXPORTED.items()
    }


def export(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "schemas"
    for path in export(target):
        print(path)

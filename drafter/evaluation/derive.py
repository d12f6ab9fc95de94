"""Turning reference letters into eval cases: the input a drafter sees and the answer it must give.

The input is the letter verbatim up to its issues heading (how the determination was made and
the clinical case summary) plus a "DISPUTED ITEMS" section listing each item's heading with its
decision removed. Everything after the issues heading is the expected answer, and a case whose
input would still reveal it is refused rather than scored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from drafter.errors import InputError
from drafter.evaluation.letters import ExpectedItem, LetterParseError, ParsedLetter, parse_letter
from drafter.evaluation.metrics import Failure

__all__ = [
    "DISPUTED_ITEMS_HEADING",
    "EvalCase",
    "default_eval_dir",
    "derive_case",
    "find_leaks",
    "find_letters",
    "load_cases",
]

DISPUTED_ITEMS_HEADING = "DISPUTED ITEMS"


class EvalCase(BaseModel):
    """One eval case: what the drafter is given, and what the letter says it should answer."""

    model_config = ConfigDict(extra="forbid")

    id: str
    input_text: str
    licensure: str | None = None
    specialty: str | None = None
    expected: list[ExpectedItem]


def _double_spaced(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n")]
    body = [i for i, line in enumerate(lines[:-1]) if line]
    singles = sum(1 for i in body if not lines[i + 1] and i + 2 < len(lines) and lines[i + 2])
    return len(body) >= 4 and singles >= 0.5 * len(body)


def derive_case(letter: ParsedLetter, case_id: str | None = None) -> EvalCase:
    """Build the case for a parsed letter; raise LetterParseError if the input would leak."""
    # Items go one per line; in PDF-style text a single blank line is only a line wrap, so the
    # items are separated the way that text separates paragraphs.
    gap = "\n\n\n" if _double_spaced(letter.preamble) else "\n\n"
    items = gap.join(item.request for item in letter.items)
    text = f"{letter.preamble.rstrip()}{gap}{DISPUTED_ITEMS_HEADING}{gap}{items}\n"
    case = EvalCase(
        id=case_id or letter.name,
        input_text=text,
        licensure=letter.licensure,
        specialty=letter.specialty,
        expected=letter.items,
    )
    leaks = find_leaks(case)
    if leaks:
        raise LetterParseError(f"{case.id}: the derived input reveals the answer ({leaks[0]})")
    return case


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def find_leaks(case: EvalCase, min_words: int = 12) -> list[str]:
    """What of the expected answer appears in the input: a decision word, a MAXIMUS guideline
    line, or a rationale sentence of at least `min_words` words."""
    flat = _squash(case.input_text)
    leaks = [f"the word {w!r}" for w in ("upheld", "overturned") if re.search(rf"\b{w}\b", flat)]
    if re.search(r"\b(maximus guideline|decision rationale)\b", flat):
        leaks.append("a 'MAXIMUS guideline' or 'Decision rationale' label")
    for item in case.expected:
        if _squash(item.maximus_guideline.text) in flat:
            leaks.append(f"the MAXIMUS guideline of {item.request!r}")
        for sentence in re.split(r"(?<=[.!?])\s+", item.rationale):
            key = _squash(sentence)
            if len(key.split()) >= min_words and key in flat:
                leaks.append(f"a rationale sentence of {item.request!r}: {sentence[:60]!r}")
    return leaks


def default_eval_dir() -> Path:
    """The repo's evals/: under the working directory, else beside the installed package."""
    here = Path.cwd() / "evals"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "evals"


def find_letters(path: Path | None = None) -> list[Path]:
    """Letters to run: a single file; the letters of a directory's manifest*.json files (one
    manifest per coverage area) if it has any, else its *.txt files (also under letters/).
    Missing or empty paths are InputErrors."""
    root = path if path is not None else default_eval_dir()
    if not root.exists():
        hint = "" if path is not None else "; pass a directory of letters: drafter eval DIR"
        raise InputError(f"{root}: no such file or directory{hint}")
    if root.is_file():
        return [root]
    manifests = sorted(root.glob("manifest*.json"))
    letters = None
    if manifests:
        letters = list(dict.fromkeys(p for m in manifests for p in _manifest_letters(m)))
    if letters is None:
        letters = sorted(root.glob("*.txt")) or sorted((root / "letters").glob("*.txt"))
    if not letters:
        raise InputError(f"{root}: no letters found (expected *.txt files or a manifest.json)")
    return letters


def _manifest_letters(manifest: Path) -> list[Path]:
    """Accepts a list, or an object with a 'letters' or 'cases' list, of file names or of
    objects naming the file under 'file', 'path' or 'letter' (relative to the manifest or to
    its letters/ folder)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{manifest}: not a readable JSON manifest ({exc})") from None
    entries = data.get("letters", data.get("cases")) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise InputError(f"{manifest}: expected a list of letters (or a 'letters' list)")
    paths: list[Path] = []
    for entry in entries:
        name = entry
        if isinstance(entry, dict):
            name = entry.get("file") or entry.get("path") or entry.get("letter")
        if not isinstance(name, str):
            raise InputError(f"{manifest}: an entry names no letter file: {entry!r}")
        candidates = [manifest.parent / name, manifest.parent / "letters" / name]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise InputError(f"{manifest}: listed letter {name!r} does not exist")
        paths.append(found)
    return paths


def load_cases(paths: list[Path]) -> tuple[list[EvalCase], list[Failure]]:
    """Read, parse and derive every letter; a letter that fails is a Failure, not the end."""
    cases: list[EvalCase] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    for path in paths:
        case_id, n = path.stem, 1
        while case_id in seen:  # the same name in two folders
            n += 1
            case_id = f"{path.stem}-{n}"
        seen.add(case_id)
        try:
            text = path.read_text(encoding="utf-8-sig")
            cases.append(derive_case(parse_letter(text, name=case_id), case_id))
        except (OSError, UnicodeDecodeError) as exc:
            failures.append(
                Failure(
                    case=case_id,
                    stage="parse",
                    error=type(exc).__name__,
                    message=f"{path}: cannot be read ({exc})",
                )
            )
        except InputError as exc:
            failures.append(
                Failure(case=case_id, stage="parse", error=type(exc).__name__, message=str(exc))
            )
    return cases, failures

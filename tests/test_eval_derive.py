"""Case derivation: the input holds the case and the disputed items, never the answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.evaluation.derive import (
    DISPUTED_ITEMS_HEADING,
    EvalCase,
    derive_case,
    find_leaks,
    find_letters,
    load_cases,
)
from drafter.evaluation.letters import LetterParseError, parse_letter

EVALS = Path(__file__).resolve().parents[1] / "evals"

LETTER = """HOW THE IMR FINAL DETERMINATION WAS MADE

MAXIMUS Federal Services sent the complete case file to an expert reviewer.

State(s) of Licensure: California
Certification(s)/Specialty: Chiropractic

CLINICAL CASE SUMMARY

The injured worker is a 45 year old female injured on 3/14/2014. She has had no physical therapy.
Utilization Review non-certified physical therapy 2x4 for the lumbar spine on 5/02/2015.

IMR ISSUES, DECISIONS AND RATIONALES

Physical therapy 2x4 for the lumbar spine: Overturned

Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine.

MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine.

Decision rationale: The MTUS Guidelines recommend 8-10 visits over 4 weeks for radiculitis. In this case, eight visits of a first course of therapy fall within the recommendation for this worker. Therefore, the request is determined to be medically necessary.
"""  # noqa: E501


def _expected_text(case: EvalCase) -> list[str]:
    """Pieces of the answer that must not appear in the input."""
    pieces = ["Upheld", "Overturned", "MAXIMUS guideline", "Decision rationale"]
    for item in case.expected:
        pieces.append(item.maximus_guideline.text)
        pieces += [s for s in re.split(r"(?<=\.)\s+", item.rationale) if len(s.split()) >= 6]
    return pieces


def assert_no_leak(case: EvalCase) -> None:
    text = " ".join(case.input_text.split()).lower()
    for piece in _expected_text(case):
        assert " ".join(piece.split()).lower() not in text, f"{case.id}: leaks {piece!r}"
    assert find_leaks(case) == []


def test_input_is_the_letter_up_to_the_issues_plus_the_items():
    case = derive_case(parse_letter(LETTER, "c-1"))
    assert case.id == "c-1"
    head, _, items = case.input_text.partition(DISPUTED_ITEMS_HEADING)
    assert head.startswith("HOW THE IMR FINAL DETERMINATION WAS MADE")
    assert "non-certified physical therapy 2x4 for the lumbar spine on 5/02/2015." in head
    assert "IMR ISSUES" not in case.input_text
    assert [line for line in items.splitlines() if line.strip()] == [
        "Physical therapy 2x4 for the lumbar spine"
    ]
    assert (case.licensure, case.specialty) == ("California", "Chiropractic")
    assert case.expected[0].decision.value == "Overturned"
    assert_no_leak(case)


def test_items_one_per_line_with_paragraph_breaks_in_pdf_layout():
    pdf = "".join(f"{line} \n\n" for line in LETTER.splitlines() if line.strip())
    pdf = pdf.replace("CLINICAL", " \n\nCLINICAL").replace("IMR ISSUES", " \n\nIMR ISSUES")
    case = derive_case(parse_letter(pdf, "pdf"))
    tail = case.input_text.split(DISPUTED_ITEMS_HEADING)[1]
    assert tail.startswith("\n\n\n")  # a paragraph break, not a line wrap, in PDF layout
    assert_no_leak(case)


def test_a_case_whose_input_would_leak_is_refused():
    leaky = LETTER.replace("She has had no", "A prior IMR upheld a denial. She has had no")
    with pytest.raises(LetterParseError, match="reveals the answer"):
        derive_case(parse_letter(leaky, "leaky"))


def test_find_leaks_names_a_leaked_rationale_sentence():
    case = derive_case(parse_letter(LETTER, "c-1"))
    sentence = case.expected[0].rationale.split(". ")[1]
    leaked = case.model_copy(update={"input_text": case.input_text + sentence})
    assert any("rationale sentence" in leak for leak in find_leaks(leaked))


def test_every_evals_letter_derives_without_leaking():
    """Runs over whatever letters evals/ has (none is fine)."""
    letters = sorted((EVALS / "letters").glob("*.txt"))
    cases, failures = load_cases(letters)
    assert failures == []
    assert len(cases) == len(letters)
    for case in cases:
        assert_no_leak(case)
        listed = case.input_text.split(DISPUTED_ITEMS_HEADING)[-1].split("\n")
        assert [x for x in listed if x.strip()] == [i.request for i in case.expected]


def test_find_letters_file_dir_manifest(tmp_path):
    (tmp_path / "b.txt").write_text(LETTER)
    (tmp_path / "a.txt").write_text(LETTER)
    assert [p.name for p in find_letters(tmp_path)] == ["a.txt", "b.txt"]
    assert find_letters(tmp_path / "a.txt") == [tmp_path / "a.txt"]
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "c.txt").write_text(LETTER)
    (tmp_path / "manifest.json").write_text(json.dumps({"letters": [{"file": "letters/c.txt"}]}))
    assert [p.name for p in find_letters(tmp_path)] == ["c.txt"]


def test_letters_folder_without_manifest(tmp_path):
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "x.txt").write_text(LETTER)
    assert [p.name for p in find_letters(tmp_path)] == ["x.txt"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing", "no such file"),
        (lambda d: d, "no letters found"),
        (lambda d: (d / "manifest.json").write_text("{not json") and d, "not a readable JSON"),
        (lambda d: (d / "manifest.json").write_text('["gone.txt"]') and d, "does not exist"),
    ],
)
def test_bad_paths_are_input_errors(tmp_path, setup, message):
    with pytest.raises(InputError, match=message):
        find_letters(setup(tmp_path))


def test_a_bad_letter_is_a_failure_and_the_rest_load(tmp_path):
    (tmp_path / "good.txt").write_text(LETTER)
    (tmp_path / "bad.txt").write_text("Dear sir, nothing to see here.\n")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00bad")
    cases, failures = load_cases(sorted(tmp_path.glob("*.txt")))
    assert [c.id for c in cases] == ["good"]
    assert {f.case: f.stage for f in failures} == {"bad": "parse", "binary": "parse"}
    bad = next(f for f in failures if f.case == "bad")
    assert "IMR ISSUES" in bad.message and bad.error == "LetterParseError"

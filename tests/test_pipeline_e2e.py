"""The whole offline pipeline: the real reference letter's case, and differently written cases."""

import json

import pytest

from drafter.errors import NoDisputedItemsError
from drafter.models import Decision
from drafter.pipeline import draft_case
from drafter.render import render
from tests.conftest import EXAMPLE_CASE


def test_reference_letter_case_both_items_upheld(reference_text):
    letter = draft_case(reference_text)
    decisions = [(i.determination.decision, i.determination.citation) for i in letter.items]
    assert decisions == [
        (
            Decision.UPHELD,
            "MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine",
        ),
        (
            Decision.UPHELD,
            "MTUS Chronic Pain Medical Treatment 2009, Section(s): Manual therapy & manipulation",
        ),
    ]
    pt, chiro = (i.rationale for i in letter.items)
    assert "In this case" in pt and "at least 6 sessions of physical therapy" in pt
    assert "exceeds the recommendations of the guidelines" in pt
    assert pt.endswith("is determined to not be medically necessary.")
    assert "no documentation of objective functional improvement" in chiro


def test_other_regions_first_requests_and_continuations():
    case = """CLINICAL CASE SUMMARY

The injured worker is a 35 year old female, who sustained an industrial injury on 1-15-2016.
She was diagnosed as having right shoulder impingement and thoracic myofascial pain. Treatment to
date includes medications and 8 sessions of chiropractic care without objective functional
improvement. She has not had physical therapy or acupuncture. She is working modified duty.

DISPUTED ITEMS
Physical therapy 2x4 for the right shoulder
Chiropractic 2x3 for the thoracic spine
Acupuncture 2x3 for the thoracic spine
Chiropractic 2x3 for the right knee
"""
    letter = draft_case(case)
    assert [i.determination.decision for i in letter.items] == [
        Decision.OVERTURNED,  # first PT course within the allowance
        Decision.UPHELD,  # continued chiropractic without improvement
        Decision.OVERTURNED,  # first acupuncture trial of 6
        Decision.UPHELD,  # manipulation not recommended for the knee
    ]
    assert "determined to be medically necessary" in letter.items[0].rationale


def test_case_without_disputed_items_is_an_input_error():
    with pytest.raises(NoDisputedItemsError):
        draft_case("The injured worker is a 40 year old male with low back pain.")


def test_example_case_renders_in_every_format():
    letter = draft_case(EXAMPLE_CASE.read_text())
    text = render(letter, "text")
    for heading in ("HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
                    "IMR ISSUES, DECISIONS AND RATIONALES", "MAXIMUS guideline:",
                    "Decision rationale:"):  # fmt: skip
        assert heading in text
    payload = json.loads(render(letter, "json"))
    item = payload["items"][0]
    assert {"request", "decision", "citation", "criteria", "rationale"} <= set(item)
    assert item["decision"] in {"Upheld", "Overturned"}
    assert all(c["result"] in {"met", "unmet", "unknown"} for c in item["criteria"])
    assert "| criterion | result | evidence |" in render(letter, "markdown")

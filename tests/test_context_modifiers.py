"""Plans, relatives and possibilities: a mention that is not a fact about the injured worker
documents nothing, except for concepts that are themselves plans or suspicions."""

from __future__ import annotations

import pytest

from drafter.extract_offline import _findings
from drafter.nlp import find_mentions
from drafter.pipeline import extract_facts

TARGETS = {"exercise": ["home exercise program"], "sleep": ["insomnia"], "crps": ["CRPS"]}


def _only(text: str):
    (mention,) = find_mentions(text, TARGETS)
    return mention


@pytest.mark.parametrize(
    "text",
    [
        "She intends to start a home exercise program when the weather improves.",
        "He will begin a home exercise program after the injection.",
        "The therapist would like to add a home exercise program.",
    ],
)
def test_planned_mentions_are_hypothetical(text):
    assert _only(text).hypothetical


@pytest.mark.parametrize(
    "text",
    [
        "She performs her home exercise program daily.",
        "He will continue his home exercise program.",  # continuing is doing it now
        "She completed a home exercise program in 2015.",
    ],
)
def test_done_or_ongoing_mentions_are_not_hypothetical(text):
    assert not _only(text).hypothetical


def test_a_relatives_condition_is_flagged():
    assert _only("Her husband has insomnia.").family
    assert not _only("She has insomnia since the injury.").family


def test_a_possible_diagnosis_is_flagged():
    assert _only("Rule out CRPS of the right hand.").uncertain
    assert not _only("She has CRPS of the right hand.").uncertain


class _Book:
    def __init__(self, intent=(), certain=()):
        self.intent, self.certain = set(intent), set(certain)

    def concepts(self):
        return TARGETS

    def documented_by_intent(self, label):
        return label in self.intent

    def documented_by_possible(self, label):
        return label not in self.certain


def test_findings_skip_plans_relatives_and_required_certainty():
    text = (
        "She plans to start a home exercise program. Her husband has insomnia. "
        "Possible CRPS of the right hand."
    )
    mentions = find_mentions(text, TARGETS)
    assert {f.concept for f in _findings(mentions, _Book())} == {"crps"}
    assert _findings(mentions, _Book(certain={"crps"})) == []
    assert [f.concept for f in _findings(mentions, _Book(intent={"exercise"}))] == [
        "exercise", "crps"
    ]


def test_a_wish_to_rule_out_neuropathy_is_a_suspected_neuropathy():
    case = (
        "CLINICAL CASE SUMMARY\n\nShe has bilateral foot numbness; the physician wants to rule "
        "out a peripheral neuropathy.\n\nDISPUTED ITEMS\nNCV of the bilateral lower extremities\n"
    )
    found = {f.concept for f in extract_facts(case).findings if f.present}
    assert "peripheral_neuropathy_suspected" in found


def test_a_line_break_ends_the_sentence_so_negation_stays_in_its_item():
    text = "- Pain 8/10 without meds, 4/10 with meds\n\n- Side effects: mild constipation"
    (mention,) = find_mentions(text, {"effects": ["constipation"]})
    assert not mention.negated
    assert mention.sentence.strip() == "- Side effects: mild constipation"


def test_a_relatives_therapy_is_not_the_workers_history():
    case = (
        "CLINICAL CASE SUMMARY\n\nHer husband had 12 sessions of physical therapy last year. She "
        "has had no therapy.\n\nDISPUTED ITEMS\nPhysical therapy 2x4 for the low back\n"
    )
    history = extract_facts(case).treatment_history
    assert all(not t.sessions_completed for t in history)


def _medications(summary: str, item: str = "Lidoderm 5% patch #30") -> dict[str, bool]:
    case = f"CLINICAL CASE SUMMARY\n\n{summary}\n\nDISPUTED ITEMS\n{item}\n"
    return {m.name: m.current for m in extract_facts(case).medication_history.medications}


def test_a_relatives_medication_is_not_the_workers():
    uses = _medications("His wife takes Lyrica for her neuropathy. He takes naproxen daily.")
    assert "Lyrica" not in uses and uses.get("naproxen")


def test_a_drug_about_to_be_started_is_not_taken_but_one_to_be_increased_is():
    assert "tramadol" not in _medications("She plans to try tramadol if the NSAID fails.")
    uses = _medications("She hopes to sleep better once the Cymbalta dose is increased.")
    assert "Cymbalta" in uses


def _decision(summary: str, item: str):
    case = f"CLINICAL CASE SUMMARY\n\n{summary}\n\nDISPUTED ITEMS\n{item}\n"
    from drafter.pipeline import decide

    (determination,) = decide(extract_facts(case))
    return determination.decision


@pytest.mark.parametrize(
    "summary",
    [
        "Her husband notes that she has chronic kidney disease stage 3.",
        "She lives with her husband and has chronic kidney disease stage 3.",
        "She is scheduled for a nephrology consult for her chronic kidney disease.",
    ],
)
def test_a_fact_about_the_worker_is_kept_beside_a_relative_or_a_plan(summary):
    assert _decision(f"Knee osteoarthritis. {summary}", "Naproxen 550 mg #60") == "Upheld"


def test_a_relatives_own_condition_is_still_theirs():
    summary = "Knee osteoarthritis. Her husband has chronic kidney disease."
    assert _decision(summary, "Naproxen 550 mg #60") == "Overturned"

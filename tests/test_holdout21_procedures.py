"""Readings added after the twenty-first and twenty-second blind procedure sets
(evals/holdout21-22 procedures): a past cue in an earlier drug's parenthesis, a dashed date of
the last drug screen, care that 'helped X but not Y', a negation that stops at a comma, a score
'from a pre-injection 8/10', 'lasted a total of six weeks', a new pain in a new place and an
earlier grade in parentheses, and a negation that stays in its own predicate. Every sentence
here is written for the test, not copied from a letter."""

from __future__ import annotations

import pytest

from drafter.models import Decision, ProcedureKind
from drafter.pipeline import decide, extract_facts
from tests.procedure_cases import case_text, concepts, history

K = ProcedureKind
UDS = "Urine drug screen"
MBB = "Bilateral L4-5 and L5-S1 medial branch blocks"


def _current(summary: str) -> dict[str, bool]:
    facts = extract_facts(case_text(summary, UDS))
    return {m.name: m.current for m in facts.medication_history.medications}


def test_a_past_cue_in_an_earlier_drug_s_parenthesis_is_that_drug_s() -> None:
    summary = (
        "Treatment to date has included therapy, cyclobenzaprine (discontinued for sedation), "
        "a short course of prednisone, and Norco 5/325 daily, which he has been taking since "
        "early 2015."
    )
    current = _current(summary)
    assert current["Norco"] is True
    assert current["cyclobenzaprine"] is False


def test_a_past_cue_before_a_list_still_covers_it() -> None:
    current = _current("He previously tried naproxen and tramadol.")
    assert current["tramadol"] is False


@pytest.mark.parametrize("when", ["3-10-2015", "3/10/2015"])
def test_the_last_screen_dated_with_dashes_or_slashes(when: str) -> None:
    summary = (
        "He takes Norco 5/325 daily. The last urine toxicology on file was collected on "
        f"{when} and was consistent. Utilization review non-certified the screen on 6-16-2016."
    )
    (item,) = decide(extract_facts(case_text(summary, UDS)))
    assert item.decision == Decision.OVERTURNED


@pytest.mark.parametrize(
    "summary",
    [
        "He completed 12 PT visits, which helped his neck stiffness but not the arm symptoms, "
        "a home exercise program and meloxicam. He continues to report arm pain of 7/10.",
        "She completed physical therapy, which helped, but only briefly. Pain remains 6/10.",
    ],
)
def test_care_that_helped_one_thing_but_not_the_other_has_failed(summary: str) -> None:
    facts = extract_facts(case_text(summary, "C6-C7 cervical interlaminar ESI"))
    assert True in concepts(facts, "conservative_care_failed")


def test_care_that_helped_is_still_no_failure() -> None:
    summary = "He completed 12 PT visits, which helped his symptoms a great deal. Pain is 2/10."
    facts = extract_facts(case_text(summary, "C6-C7 cervical interlaminar ESI"))
    assert True not in concepts(facts, "conservative_care_failed")


def test_a_pre_injection_score_after_from() -> None:
    summary = (
        "She underwent a lumbar epidural steroid injection on 10-19-2015. At the 11-02-2015 "
        "visit her pain was 4/10 from a pre-injection 8/10. At the 12-07-2015 visit she reported "
        "the relief had lasted a total of six weeks before the leg pain slowly returned."
    )
    _, done = history(summary, "Repeat lumbar epidural steroid injection")
    esi = done[K.EPIDURAL_STEROID_INJECTION]
    assert (esi.relief_percent, esi.relief_weeks) == (50, 6)


@pytest.mark.parametrize(
    "sentence",
    [
        "Since late February she has had new pain in the left anterior thigh.",
        "Quadriceps strength is 4-/5 (5/5 at the December visit).",
        "There is an absent left patellar reflex (previously 2+).",
    ],
)
def test_a_change_since_the_last_mri(sentence: str) -> None:
    summary = f"Status post L4-5 fusion; a lumbar MRI was done in 2015. {sentence}"
    facts = extract_facts(case_text(summary, "Repeat MRI of the lumbar spine"))
    found = concepts(facts, "significant_change") | concepts(facts, "progressive_deficit")
    assert True in found


def test_new_pain_medication_is_no_change() -> None:
    summary = "A lumbar MRI was done in 2015. She started a new pain medication last month."
    facts = extract_facts(case_text(summary, "Repeat MRI of the lumbar spine"))
    assert True not in concepts(facts, "significant_change")


def test_a_negation_stays_in_its_own_predicate() -> None:
    summary = (
        "He cannot manage the steps outside his apartment without help and has not left home "
        "except by ambulance."
    )
    facts = extract_facts(case_text(summary, "Home health skilled nursing 2x/week x 4 weeks"))
    assert True in concepts(facts, "homebound")


def test_a_coordinated_negation_still_covers_the_second_term() -> None:
    summary = "He denies numbness and radiating pain down the leg."
    facts = extract_facts(case_text(summary, MBB))
    assert True not in concepts(facts, "radicular_symptoms")

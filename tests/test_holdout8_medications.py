"""Readings added after the round-8 medication analysis (evals/holdout8/ANALYSIS.md), on
phrasings written for these tests."""

from __future__ import annotations

from drafter.medication_text import sentences
from tests.medication_cases import summary_criterion, summary_facts


def test_rtw_and_a_falling_disability_index_document_function():
    summary = (
        "He has taken MS Contin 15 mg twice daily since 2013. VAS 7/10 w/o meds, 3/10 w/ meds. "
        "Oswestry 58% when MS Contin started vs 30% now. RTW full duty 05/2015. AEs: none. "
        "CURES c/w, UDS c/w, agreement signed."
    )
    facts = summary_facts(summary, "MS Contin 15mg #60")
    assert facts.work.status == "full_duty"
    assert facts.medication_history.functional_benefit.value is True


def test_a_fall_of_five_points_on_a_depression_scale_is_improved_mood_for_any_antidepressant():
    summary = (
        "She has taken venlafaxine 75 mg daily since 2014 for chronic neck pain and depression. "
        "The PHQ-9 was 17 in 2014 and 8 in 2015."
    )
    assert summary_criterion(summary, "Venlafaxine 75mg #30", "benefit").result == "met"
    same = summary.replace("8 in 2015", "15 in 2015")
    assert summary_criterion(same, "Venlafaxine 75mg #30", "benefit").result != "met"


def test_a_drug_written_with_a_dispense_quantity_is_an_order_not_a_use():
    summary = "Plan discussed. 'Percocet 5/325 1 po q8h prn, #30, recheck in 2 weeks.'"
    history = summary_facts(summary, "x").medication_history
    uses = {m.generic: m.current for m in history.medications}
    assert not uses.get("oxycodone/acetaminophen")


def test_a_sentence_ends_after_a_closing_quote():
    body = "He says he is 'doing better.' Separately, naproxen was started."
    assert [s for _, s in sentences(body, 0)] == [
        "He says he is 'doing better.'",
        "Separately, naproxen was started.",
    ]


def test_nausea_denied_on_the_drug_is_a_side_effect_assessment():
    summary = (
        "He has taken tramadol 50 mg three times daily since 2014. Pain 7/10 without and 4/10 "
        "with it. No nausea on tramadol."
    )
    assert summary_criterion(summary, "Tramadol 50mg #90", "adverse_effects").result == "met"

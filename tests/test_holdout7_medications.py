"""Readings and the COX-2 criterion added after the round-7 medication analysis
(evals/holdout7/ANALYSIS.md), on phrasings written for these tests."""

from __future__ import annotations

from tests.medication_cases import summary_criterion, summary_determination, summary_facts

ONGOING = "He has taken Norco 10/325 three times daily since 2013. "


def test_relief_denied_for_an_injection_is_not_denied_for_the_opioid():
    summary = ONGOING + (
        "Care so far: PT, one lumbar ESI (2014, little relief), medications. Pain 8/10 without "
        "medication and 4/10 with it."
    )
    assert summary_criterion(summary, "Norco 10/325mg #90", "analgesia").result == "met"


def test_relief_denied_for_one_listed_drug_is_not_denied_for_the_others():
    summary = ONGOING + (
        "Tried: amitriptyline (stopped), gabapentin (ineffective), NSAIDs, opioids. Pain 7/10 "
        "w/o meds, 3/10 w/ meds."
    )
    assert summary_criterion(summary, "Norco 10/325mg #90", "analgesia").result == "met"


def test_rather_than_compares_and_does_not_negate_what_follows():
    summary = (
        "She has taken pregabalin 75 mg twice daily since 03/2016. On pregabalin she walks a mile "
        "rather than a block and is able to sit through a full work shift."
    )
    facts = summary_facts(summary, "Pregabalin 75mg #60")
    assert facts.medication_history.functional_benefit.value is True


def test_a_score_on_versus_off_during_a_lapse_is_relief():
    summary = (
        "He has worn a fentanyl patch 12 mcg/hr every 72 hours since 2014. With the patch his "
        "pain is 3/10 versus 7/10 last winter when the patch was unavailable."
    )
    assert summary_criterion(summary, "Fentanyl 12mcg/hr patch #10", "analgesia").result == "met"


def test_a_step_down_schedule_ending_in_stop_is_a_taper_plan():
    summary = ONGOING + (
        "Function is unchanged. The physician documented a plan: decrease from three tablets a "
        "day to two for a month, then one a day, then stop."
    )
    determination = summary_determination(summary, "Norco 10/325mg #60")
    assert determination.rule_id == "cpmtg-2009-opioid-weaning"


def test_a_modified_job_is_work():
    facts = summary_facts("He returned to a modified job as a dispatcher in 2015.", "x")
    assert facts.work.status == "modified_duty"


def test_celecoxib_needs_a_gi_risk_factor():
    plain = "Knee osteoarthritis. No history of ulcer, GI bleeding or anticoagulant use."
    risky = "Knee osteoarthritis. She had a bleeding gastric ulcer in 2012."
    item = "Celecoxib 200mg #30"
    assert summary_criterion(plain, item, "cox2_gi_risk").counts_against
    assert not summary_criterion(risky, item, "cox2_gi_risk").counts_against
    naproxen = summary_determination(plain, "Naproxen 500mg #60")
    assert all(c.id != "cox2_gi_risk" for c in naproxen.criteria)

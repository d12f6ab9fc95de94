"""Readings and the NSAID renal criterion added after the round-9 medication analysis
(evals/holdout9/ANALYSIS.md), on phrasings written for these tests."""

from __future__ import annotations

from drafter.pipeline import decide, extract_facts
from tests.medication_cases import summary_case, summary_criterion, summary_determination


def test_renal_disease_counts_against_an_nsaid_and_adds_the_adverse_effects_section():
    summary = "Knee osteoarthritis. Stage 3 chronic kidney disease, eGFR 41."
    determination = summary_determination(summary, "Naproxen 500mg #60")
    assert determination.decision == "Upheld"
    assert "NSAIDs, specific drug list & adverse effects" in determination.citation
    plain = summary_criterion("Knee osteoarthritis. Creatinine normal.", "Naproxen 500mg #60",
                       "no_renal_contraindication")  # fmt: skip
    assert not plain.counts_against


def test_beginning_to_reduce_the_dose_is_a_taper_plan():
    summary = (
        "He has taken MS Contin 30 mg twice daily since 2012 with no functional gain. Plan: begin "
        "reducing MS Contin to 45 mg a day, then down by 15 mg per month."
    )
    determination = summary_determination(summary, "MS Contin 15mg #90")
    assert determination.rule_id == "cpmtg-2009-opioid-weaning"


def test_pain_with_the_regimen_and_on_days_she_runs_short():
    summary = (
        "She has taken Norco 10/325 three times daily since 2014. Pain 5/10 with the regimen and "
        "8/10 on days she runs short."
    )
    assert summary_criterion(summary, "Norco 10/325mg #90", "analgesia").result == "met"


def test_a_score_that_used_to_be_higher_on_another_opioid():
    summary = (
        "He has taken buprenorphine 8 mg twice daily since 2015. His pain is 'a 4, used to be "
        "an 8 on oxy.'"
    )
    assert summary_criterion(summary, "Buprenorphine 8mg #60", "analgesia").result == "met"


def test_a_plan_to_reduce_an_opioid_is_a_taper_plan_but_not_a_plan_to_reduce_weight():
    base = "He has taken Opana ER 20 mg twice daily since 2012 without functional gains. "
    taper = base + "The physician documented a plan to reduce oxymorphone ER by 25% for a month."
    weight = base + "The physician documented a plan to reduce weight by 20 pounds."
    assert summary_determination(taper, "Opana ER 15mg #60").rule_id == "cpmtg-2009-opioid-weaning"
    assert summary_determination(weight, "Opana ER 20mg #60").rule_id == "cpmtg-2009-opioids"


def test_pain_before_medication_and_afterward():
    summary = (
        "She has taken OxyContin 20 mg every 12 hours for two years. Her pain averaged 7/10 before "
        "medication and 3-4/10 afterward."
    )
    assert summary_criterion(summary, "OxyContin 20mg #60", "analgesia").result == "met"


def test_a_previously_after_the_gain_is_its_baseline_not_a_past_episode():
    summary = (
        "Trazodone 50 mg at bedtime was started in 7-2015, and he now reports 6 hours of sleep "
        "versus 3 hours previously. He has insomnia with depressed mood."
    )
    assert summary_criterion(summary, "Trazodone 50mg #30", "benefit").result == "met"


def test_an_antiemetic_beside_an_opioid_request_is_for_opioid_nausea():
    summary = (
        "Lateral epicondylitis. No opioid agreement. Plan: start Percocet 5/325 q6h prn and "
        "ondansetron 4 mg prn 'for nausea with the Percocet.'"
    )
    case = summary_case(summary, "Percocet 5/325 #60", "Zofran ODT 4 mg #20")
    _, zofran = decide(extract_facts(case))
    assert zofran.decision == "Upheld"


def test_a_stated_lack_of_risk_screen_and_baseline_counts_against_an_opioid_trial():
    summary = (
        "Elbow pain. OTC ibuprofen helped some. No risk screen performed; no pain or function "
        "baseline scores recorded. Plan: start Percocet 5/325 q6h prn."
    )
    assert summary_determination(summary, "Percocet 5/325 #60").decision == "Upheld"


def test_scores_written_down_to_and_compared_with_previously():
    base = "He has taken {drug} since 2014. "
    down = base.format(drug="naproxen 550 mg twice daily") + (
        "Naproxen helps the aching; back pain 6/10 down to 3/10 since starting it."
    )
    benefit = summary_criterion(down, "Naproxen sodium 550mg #60", "documented_benefit")
    assert benefit.result == "met"
    compared = base.format(drug="Nucynta ER 100 mg twice daily") + (
        "On Nucynta ER his average pain is 4/10 compared with 7/10 previously."
    )
    assert summary_criterion(compared, "Nucynta ER 100mg #60", "analgesia").result == "met"

"""Readings and the antispasticity rule added after the round-13 medication analysis
(evals/holdout13/ANALYSIS.md), on phrasings written for these tests."""

from __future__ import annotations

from tests.medication_cases import summary_determination


def test_baclofen_for_spinal_cord_injury_spasticity_is_not_held_to_three_weeks():
    summary = (
        "Incomplete spinal cord injury after a 2014 fall. Lower extremity spasticity, Ashworth 2. "
        "Baclofen 10 mg three times daily since 2015: Ashworth 1, and he is now independent with "
        "transfers where he previously needed help."
    )
    determination = summary_determination(summary, "Baclofen 10mg #90")
    assert determination.rule_id == "cpmtg-2009-antispasticity-drugs"
    assert determination.decision == "Overturned"


def test_baclofen_for_back_spasm_keeps_the_muscle_relaxant_limit():
    summary = "Low back strain with paraspinal spasm. Baclofen 10 mg three times daily since 2015."
    determination = summary_determination(summary, "Baclofen 10mg #90")
    assert determination.rule_id == "cpmtg-2009-muscle-relaxants"
    assert determination.decision == "Upheld"


def test_a_screen_consistent_with_prescribed_medications_is_not_a_request():
    summary = (
        "He has taken methadone 5 mg three times daily since 2016. Pain 7/10 without medication "
        "and 3/10 with it; working full time. No side effects. Urine drug screens 6/2017 "
        "consistent with prescribed medications; CURES consistent."
    )
    assert summary_determination(summary, "Methadone 5mg #90").decision == "Overturned"


def test_sleep_increasing_and_a_falling_insomnia_index_are_benefit():
    summary = (
        "Insomnia with major depressive disorder. Trazodone 50 mg at bedtime since 09/2017: sleep "
        "increasing from 3 hours to about 6 hours nightly, Insomnia Severity Index from 21 to 11."
    )
    assert summary_determination(summary, "Trazodone 50mg #30").decision == "Overturned"

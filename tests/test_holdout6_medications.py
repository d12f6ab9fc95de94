"""Readings added after the round-6 analysis (evals/holdout6/ANALYSIS.md), on phrasings written
for these tests: list-style notes, quoted progress notes, plans and past episodes."""

from __future__ import annotations

from tests.medication_cases import summary_determination, summary_facts


def _uses(summary: str, item: str = "Tramadol 50mg #60") -> dict[str, bool]:
    facts = summary_facts(summary, item)
    return {m.generic or m.name: m.current for m in facts.medication_history.medications}


def test_a_plan_line_starting_a_drug_is_not_current_use():
    uses = _uses("Plan: begin Neurontin 300 mg at bedtime; baclofen 10 mg for spasm, short course.")
    assert not uses.get("gabapentin") and not uses.get("baclofen")


def test_a_drug_said_to_be_stopped_at_the_end_of_its_line_is_past():
    uses = _uses("- Meloxicam 15 mg daily, 2014: gastritis after a month; discontinued")
    assert uses.get("meloxicam") is False


def test_a_use_placed_in_an_earlier_year_is_past():
    summary = "Seen 05/04/2016. No muscle relaxant recently (baclofen x 10 days in 2014)."
    assert not _uses(summary).get("baclofen")


def test_a_taper_plan_written_as_a_note_takes_the_weaning_rule():
    summary = (
        "He has taken Opana ER 20 mg twice daily since 2013 without functional gains. "
        "04/02/2016 note: \"Agree with taper. Plan Opana taper by about 20% every 3 wks.\""
    )
    determination = summary_determination(summary, "Opana ER 10 mg #60")
    assert determination.rule_id == "cpmtg-2009-opioid-weaning"


def test_a_reviewers_recommendation_to_taper_is_not_a_plan():
    summary = (
        "He has taken Opana ER 20 mg twice daily since 2013 without functional gains. The prior "
        "Utilization Review recommended a taper by 10% per week."
    )
    assert summary_determination(summary, "Opana ER 20 mg #60").rule_id == "cpmtg-2009-opioids"


def test_benefit_stated_sentences_after_the_drug_is_carried_to_it():
    summary = (
        "She has taken nortriptyline 25 mg at bedtime since 06/2015 for burning foot pain. "
        "Follow-up 09/2015: \"On nortriptyline. Pain a bit better. Now sleeping through the "
        "night.\""
    )
    facts = summary_facts(summary, "Nortriptyline 25mg #30")
    assert facts.medication_history.sleep_benefit.value is True


def test_a_score_on_the_drug_versus_the_prior_regimen_is_relief():
    summary = (
        "He switched to Nucynta 50 mg q6h in 2015. Pain 3-4/10 on Nucynta vs 8/10 on the prior "
        "Percocet regimen."
    )
    pain = summary_facts(summary, "Nucynta 50mg #120").medication_history.pain
    assert (pain.with_medication, pain.without_medication) == (4.0, 8.0)


def test_an_episode_under_a_history_label_is_not_current_aberrant_behaviour():
    summary = (
        "She has taken Suboxone 8 mg daily since 2015. History: lost prescriptions twice by "
        "2014. CURES 03/2016: single prescriber. UDS 03/2016 consistent. No early refills."
    )
    facts = summary_facts(summary, "Suboxone 8mg #30")
    assert facts.medication_history.aberrant_behavior.value is False


def test_a_past_work_status_in_brackets_does_not_override_the_current_one():
    summary = "Working full duty as a welder since 03/2016 (was off work 2014-2015)."
    assert summary_facts(summary, "Tramadol 50mg #60").work.status == "full_duty"

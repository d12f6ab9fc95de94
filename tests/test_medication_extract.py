"""Offline extraction of medication history and response, and the medication prose, on short
case texts written the way IMR case summaries are."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import app
from drafter.pipeline import draft_case, extract_facts

CASE = """CLINICAL CASE SUMMARY
The injured worker is a 50 year old male who sustained an industrial injury on 3-01-2012.
He was diagnosed with lumbar radiculopathy. He has taken Norco 10/325 mg three times daily
since 2013. On 6-01-2015 {body}
The treating physician requested Norco 10/325mg #90. Utilization Review on 6-10-2015
non-certified the request.

DISPUTED ITEMS
Norco 10/325mg #90
"""


def _facts(body: str):
    return extract_facts(CASE.format(body=body))


def test_pain_with_and_without_medication():
    pain = _facts("he rated his pain 8/10 without medications and 4/10 with them.")
    assert (pain.medication_history.pain.without_medication,
            pain.medication_history.pain.with_medication) == (8, 4)  # fmt: skip
    from_to = _facts("Norco reduces his pain from 9/10 to 5/10.").medication_history.pain
    assert (from_to.without_medication, from_to.with_medication) == (9, 5)
    stated = _facts("he reports 50% pain relief with his medications.").medication_history.pain
    assert stated.percent_relief == 50


def test_side_effects_denied_is_an_assessment_but_undocumented_is_not():
    denied = _facts("he denies side effects from his medications.").medication_history
    assert (denied.side_effects.assessed, denied.side_effects.value) == (True, False)
    silent = _facts("side effects of the medications were not documented.").medication_history
    assert silent.side_effects.assessed is False


def test_urine_drug_screens_and_aberrant_behaviour():
    consistent = _facts("a urine drug screen on 5-01-2015 was consistent with his medications.")
    screens = consistent.medication_history.urine_drug_screens
    assert [(s.performed, s.result) for s in screens] == [(True, "consistent")]
    assert consistent.medication_history.aberrant_behavior.value is False
    bad = _facts("a urine drug screen was positive for cocaine and negative for hydrocodone.")
    assert bad.medication_history.urine_drug_screens[0].result == "inconsistent"
    assert bad.medication_history.aberrant_behavior.value is True
    none = _facts("there is no urine drug screen in the records.")
    assert [s.performed for s in none.medication_history.urine_drug_screens] == [False]


def test_history_records_the_drug_since_when_and_its_dose():
    use = _facts("he reported low back pain.").medication_history.medications[0]
    assert (use.generic, use.current, use.strength_mg, use.doses_per_day) == (
        "hydrocodone/acetaminophen", True, 10, 3
    )  # fmt: skip
    assert use.since_text == "since 2013"
    assert use.weeks_of_use > 52


def test_failed_trials_are_past_use():
    facts = _facts("he reported that gabapentin was tried and failed.")
    gabapentin = next(u for u in facts.medication_history.medications if u.generic == "gabapentin")
    assert (gabapentin.current, gabapentin.failed) == (False, True)


def test_upheld_ongoing_opioid_prose_states_missing_facts_and_weaning():
    letter = draft_case(CASE.format(body="he reported chronic low back pain."))
    item = letter.items[0]
    assert item.determination.decision == "Upheld"
    text = item.rationale
    assert "should be weaned gradually rather than stopped abruptly" in text
    assert "do not document pain levels with and without the medication" in text
    assert "Norco 10/325mg #90 is determined to not be medically necessary" in text


def test_overturned_ongoing_opioid_prose():
    body = ("he rated his pain 8/10 without and 3/10 with Norco, which lets him walk a mile. "
            "He denies side effects, a CURES report was appropriate and a urine drug screen on "
            "5-01-2015 was consistent.")  # fmt: skip
    item = draft_case(CASE.format(body=body)).items[0]
    assert item.determination.decision == "Overturned"
    assert "3/10 with medication compared with 8/10 without it" in item.rationale
    assert item.rationale.endswith("is determined to be medically necessary.")


def test_json_draft_shows_a_medication_no_rule_covers(tmp_path):
    case = tmp_path / "case.txt"
    case.write_text(CASE.format(body="x.").replace("Norco 10/325mg #90\n", "Theramine #120\n"))
    result = CliRunner().invoke(app, ["draft", str(case), "--format", "json", "-q"])
    assert result.exit_code == 0
    item = json.loads(result.stdout)["items"][0]
    assert (item["decision"], item["reviewer_must_decide"]) == (None, True)
    assert item["flags"] == ["no_applicable_rule"]


def test_guidelines_list_shows_medication_coverage():
    result = CliRunner().invoke(app, ["guidelines", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Medications" in result.stdout
    assert "Coverage:" in result.stdout


def test_guidelines_show_opioid_rule_has_citation_and_source():
    result = CliRunner().invoke(app, ["guidelines", "show", "cpmtg-2009-opioids"])
    assert result.exit_code == 0
    assert "med_cap" in result.stdout
    assert "drug_classes" in result.stdout


def test_more_pain_notations():
    decreases = _facts("his pain is 8/10 and decreases to 4/10 with medications.")
    pain = decreases.medication_history.pain
    assert (pain.without_medication, pain.with_medication) == (8, 4)
    off = _facts("pain is 3/10 on meds versus 7/10 off meds.").medication_history.pain
    assert (off.with_medication, off.without_medication) == (3, 7)
    verb = _facts("Norco decreased his back pain by about 40%.").medication_history.pain
    assert verb.percent_relief == 40


def test_more_side_effect_and_screen_notations():
    tolerated = _facts("he is tolerating the medications well.").medication_history
    assert (tolerated.side_effects.assessed, tolerated.side_effects.value) == (True, False)
    clean = _facts("the last urine drug screen showed no illicit substances and was consistent.")
    assert clean.medication_history.urine_drug_screens[0].result == "consistent"
    never = _facts("a urine drug screen has not been performed at any point.")
    assert [s.performed for s in never.medication_history.urine_drug_screens] == [False]


def test_with_without_scores_do_not_negate_what_follows():
    facts = _facts(
        "he rated his pain 8/10 without and 3/10 with Norco, which lets him walk a mile."
    )
    assert facts.medication_history.functional_benefit.value is True


def test_a_weaning_request_is_left_to_the_reviewer():
    letter = draft_case(CASE.format(body="x.").replace("#90\n", "#60 for weaning\n", 1))
    weaning = [i for i in letter.items if "weaning" in i.determination.request.text]
    assert weaning
    assert weaning[0].determination.reviewer_must_decide


def test_note_shorthand_for_side_effects_and_screens():
    facts = _facts("she denies s/e. UDS 09/15/2015 appropriate; CURES consistent.")
    history = facts.medication_history
    assert (history.side_effects.assessed, history.side_effects.value) == (True, False)
    assert [(s.performed, s.result) for s in history.urine_drug_screens] == [(True, "consistent")]
    not_done = _facts("no UDS has been performed to confirm the medications are appropriate.")
    assert [s.performed for s in not_done.medication_history.urine_drug_screens] == [False]


def test_reports_name_their_drugs_unless_they_speak_of_all_medications():
    facts = _facts("she notes about 50% relief of her neck pain with Ultracet.")
    assert facts.medication_history.pain_reports[0].drugs == ["tramadol/acetaminophen"]
    general = _facts("her pain is 8/10 without and 4/10 with her medications, including Norco.")
    assert general.medication_history.pain_reports[0].drugs == []

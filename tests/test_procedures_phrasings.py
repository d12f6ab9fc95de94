"""Reviewer phrasings the procedure extraction and rules must read (error analysis of the blind
procedure set, evals/holdout/procedures/ANALYSIS.md). Every sentence here is written for the test,
not copied from a letter."""

import pytest

from drafter.checker import check_request
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Decision,
    Evidence,
    MedicationHistory,
    MedicationUse,
    ProcedureKind,
    Response,
)
from drafter.pipeline import extract_facts
from drafter.requests import parse_request
from drafter.rulebook import load_rulebook
from tests.procedure_cases import case_text, concepts, history

K = ProcedureKind


# --- a UR decision, an evaluation or a plan is not a prior procedure -------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The UR decision dated 04-11-2016 non-certified the caudal epidural injection.",
        "Utilization review of 2-2-2016 denied the requested epidural injection.",
        "On 3-9-2016 utilization review modified the request for an ESI to one level.",
    ],
)
def test_a_dated_ur_decision_is_not_a_prior_injection(sentence):
    _, h = history(f"He reports leg pain with numbness. {sentence}")
    assert K.EPIDURAL_STEROID_INJECTION not in h


def test_a_prior_injection_in_a_ur_sentence_still_counts_before_the_decision():
    _, h = history(
        "He had an epidural injection in 2014 with 60% relief for 8 weeks, and UR on 1-5-2016 "
        "non-certified a second one."
    )
    assert h[K.EPIDURAL_STEROID_INJECTION].relief_percent == 60


def test_a_device_to_be_used_with_exercise_is_a_request_not_a_history():
    _, h = history(
        "The provider requested an H-wave unit for home use to be used with his stretching.",
        "H-wave unit one month trial",
    )
    assert K.H_WAVE not in h


@pytest.mark.parametrize(
    "sentence",
    [
        "An interdisciplinary evaluation by the functional restoration program on 2-3-2016 "
        "recorded poor sitting tolerance.",
        "She was interviewed at the chronic pain program and found to be a candidate.",
    ],
)
def test_an_evaluation_for_a_program_is_not_attendance(sentence):
    _, h = history(sentence, "Functional restoration program x 10 days")
    assert K.FUNCTIONAL_RESTORATION not in h


def test_screening_by_a_work_conditioning_program_is_not_attendance():
    _, h = history(
        "He was screened by the work hardening program, which accepted him.",
        "Work conditioning x 12 visits",
    )
    assert K.WORK_CONDITIONING not in h


# --- relief written as pain scores, over the next sentences ----------------------------------


def test_relief_from_pain_scores_after_a_block():
    _, h = history(
        "A left L4-5 medial branch block with bupivacaine was done on 2-2-2016. Her diary "
        "recorded pain going from 8/10 down to 2/10 for about five hours.",
        "Left L4-5 radiofrequency ablation",
    )
    mbb = h[K.MEDIAL_BRANCH_BLOCK]
    assert mbb.relief_percent == 75
    assert mbb.relief_duration_text == "about five hours"


def test_a_trial_outcome_two_sentences_on_is_read():
    _, h = history(
        "He finished a one-month rental trial of a TENS unit in March. He used it three times a "
        "day. During the month his pain fell from 9 out of 10 to 5 out of 10 and his ibuprofen "
        "use fell to once a day.",
        "TENS unit purchase",
    )
    tens = h[K.TENS]
    assert tens.relief_percent == 44 and tens.response == Response.IMPROVED
    assert tens.medication_reduced is True


def test_a_small_score_change_is_relief_but_not_a_benefit():
    _, h = history(
        "She completed a 30-day TENS rental. Her pain went from 6/10 to 5/10.",
        "TENS unit purchase",
    )
    assert h[K.TENS].relief_percent == 17 and h[K.TENS].response == Response.UNKNOWN


def test_an_unchanged_trial_is_not_improved():
    _, h = history(
        "She used a TENS unit on a month-long rental; her pain remained 7/10 and her function was "
        "unchanged.",
        "H-wave unit 30-day trial",
    )
    assert h[K.TENS].response == Response.NOT_IMPROVED


# --- vocabulary of failed care, plateau, job demands, motivation, misuse risk ----------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Her neck pain has persisted despite chiropractic care and meloxicam.",
        "Celecoxib was stopped because of dyspepsia.",
        "Duloxetine was discontinued due to nausea.",
        "He was intolerant of gabapentin.",
        "Her duloxetine trial was dose limited by nausea.",
        "With therapy his progress plateaued after eight visits.",
        "Two facet injections gave only brief relief.",
    ],
)
def test_failed_conservative_care_phrasings(sentence):
    facts, _ = history(f"He has chronic low back pain. {sentence}")
    assert True in concepts(facts, "conservative_care_failed")


def test_no_further_change_is_a_plateau():
    facts, _ = history(
        "Her last two therapy progress notes showed no further change in strength.",
        "Work conditioning x 10 visits",
    )
    assert True in concepts(facts, "therapy_plateau")


def test_job_demands_written_as_lifting_requirements():
    facts, _ = history(
        "His usual job requires frequent lifting of 60 pounds, in the heavy category, and testing "
        "placed him at light duty.",
        "Work conditioning x 10 visits",
    )
    assert True in concepts(facts, "job_demands_unmet")


def test_wanting_to_return_to_work_is_motivation():
    facts, _ = history(
        "He said he wants to return to work as a mechanic and agreed to taper his opioids.",
        "Functional restoration program x 80 hours",
    )
    assert concepts(facts, "motivation_to_change") == {True}


def test_needing_help_from_family_is_a_loss_of_function():
    facts, _ = history(
        "He needs help from his son with yard work and shopping.",
        "Functional restoration program x 80 hours",
    )
    assert True in concepts(facts, "functional_loss")


@pytest.mark.parametrize(
    "sentence",
    [
        "He has no history of drug abuse and no early refills.",
        "There is no history of substance abuse.",
    ],
)
def test_a_denied_history_of_abuse_is_no_misuse_risk(sentence):
    facts, _ = history(sentence, "Urine drug screen")
    assert True not in concepts(facts, "misuse_risk")


def test_a_stated_history_of_abuse_is_misuse_risk():
    facts, _ = history("He has a history of substance abuse in his twenties.", "Urine drug screen")
    assert True in concepts(facts, "misuse_risk")


# --- drug testing counts only current controlled substances -----------------------------------


def _use(name, generic):
    return MedicationUse(name=name, generic=generic, current=True, evidence=Evidence(quote=name))


def _uds(medications, history_meds):
    facts = CaseFacts(
        medications=medications,
        medication_history=MedicationHistory(medications=history_meds),
    )
    return check_request(facts, parse_request("Urine drug screen"), load_rulebook())


def _criterion(d, cid):
    return next(c for c in d.criteria if c.id == cid)


def test_a_discontinued_opioid_does_not_support_drug_testing():
    d = _uds(["tramadol", "naproxen"], [_use("naproxen", "naproxen")])
    assert _criterion(d, "controlled_substance_therapy").result != "met"


def test_a_current_opioid_supports_drug_testing():
    d = _uds(
        ["Norco"],
        [_use("Norco", "hydrocodone/acetaminophen")],
    )
    assert _criterion(d, "controlled_substance_therapy").result == "met"


def test_without_a_medication_history_the_flat_list_is_used():
    d = _uds(["oxycodone"], [])
    assert _criterion(d, "controlled_substance_therapy").result == "met"


# --- citation: the ODG chapter of the request's region --------------------------------------


@pytest.mark.parametrize(
    ("request_text", "region", "chapter"),
    [
        ("Right L4-5 medial branch block", BodyRegion.LOW_BACK, "Low Back Chapter"),
        ("Left C5-6 medial branch block", BodyRegion.NECK, "Neck and Upper Back Chapter"),
        ("Bilateral L3-4 radiofrequency ablation", BodyRegion.LOW_BACK, "Low Back Chapter"),
        ("Right C3-4 radiofrequency neurotomy", BodyRegion.NECK, "Neck and Upper Back Chapter"),
    ],
)
def test_facet_citation_names_the_region_chapter(request_text, region, chapter):
    request = parse_request(request_text, default_region=region)
    d = check_request(CaseFacts(), request, load_rulebook())
    assert f"(ODG), {chapter}, Facet joint" in d.citation
    assert "Low Back and Neck" not in d.citation


def test_a_first_esi_with_a_ur_sentence_is_decided_on_its_criteria():
    text = (
        "She has right leg pain with a positive straight leg raise and decreased sensation in the "
        "L5 dermatome. An MRI showed a disc protrusion compressing the right L5 nerve root. Her "
        "pain persisted despite physical therapy and naproxen. Utilization Review dated "
        "5-5-2016 non-certified the epidural steroid injection."
    )
    facts = extract_facts(case_text(text, "Right L4-5 transforaminal epidural steroid injection"))
    d = check_request(facts, facts.requests[0], load_rulebook())
    assert d.decision == Decision.OVERTURNED, [c.id for c in d.criteria if c.counts_against]


def test_relief_computed_from_scores_quotes_the_scores():
    text = (
        "He has axial low back pain with facet tenderness. A right L4-5 medial branch block was "
        "done on 1-6-2016. His diary showed pain going from 8/10 to 2/10 for three hours."
    )
    facts = extract_facts(case_text(text, "Right L4-5 radiofrequency ablation"))
    d = check_request(facts, facts.requests[0], load_rulebook())
    block = next(c for c in d.criteria if c.id == "positive_diagnostic_block")
    assert block.result == "met"
    assert block.details["percent"] == "75" and block.details["scores"] == "from 8/10 to 2/10"

"""Recognizers added for the procedure phrasing corpus (evals/phrasings/procedures-*.yaml): how
long symptoms have lasted, a program's or device trial's objective gain, a requested repeat or
first block, an injection's place in a series, medication that fell after a block, and pattern
concepts (facet signs, radicular signs, gym needs, homebound, job demands). Every sentence here is
written for the test, not copied from the corpus."""

import pytest

from drafter.checker import check_request
from drafter.extract_procedures import (
    PATTERN_CONCEPTS,
    _medication_fell,
    _score_relief,
    program_gain,
    series_count,
    symptom_weeks,
    visit_date,
)
from drafter.models import ProcedureKind, Response
from drafter.pipeline import extract_facts
from drafter.rulebook import load_rulebook
from tests.procedure_cases import case_text, concepts, history

K = ProcedureKind


def _criterion(summary: str, items: str, rule: str, criterion: str):
    """The outcome of one criterion of `rule` for the first disputed item."""
    facts = extract_facts(case_text(summary, items))
    rulebook = load_rulebook()
    determination = check_request(facts, facts.requests[0], rulebook)
    assert determination.rule_id == rule
    return next(c for c in determination.criteria if c.id == criterion)


# --- how long the symptoms have lasted ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "weeks"),
    [
        ("Burning in the right calf started about 12 days ago.", 12 / 7),
        ("He has had shooting arm pain for 5 weeks.", 5),
        ("Neck stiffness of roughly four months' duration.", 4 * 4.35),
        ("She noticed hand numbness last week.", 1),
        ("A 2-week history of buttock pain.", 2),
        ("Her sciatica settled and then recurred four days ago.", 4 / 7),
        ("Back pain for 3 years with a flare 2 days ago.", 3 * 52),
    ],
)
def test_a_symptom_duration_is_read(sentence, weeks):
    assert symptom_weeks(sentence) == pytest.approx(weeks)


@pytest.mark.parametrize(
    "sentence",
    [
        "The block gave 70% relief for 3 months.",
        "He has taken naproxen for 2 weeks.",
        "She attended therapy for six weeks.",
        "Lumbar pain, chronic.",
    ],
)
def test_relief_or_treatment_spans_are_no_symptom_duration(sentence):
    assert symptom_weeks(sentence) is None


def test_a_visit_date_is_read():
    assert str(visit_date("She was examined on 4/20/2017 for hip pain.")) == "2017-04-20"
    assert visit_date("Her pain is 6/10 today.") is None


def test_a_recent_onset_makes_the_three_month_criterion_unmet():
    outcome = _criterion(
        "Paraspinal aching began about five weeks ago while stacking boxes.",
        "Trigger point injections x2 to the lumbar paraspinals",
        "cpmtg-2009-trigger-point-injections",
        "symptoms_over_three_months",
    )
    assert outcome.result == "unmet"


def test_a_long_course_meets_the_three_month_criterion():
    outcome = _criterion(
        "She has had low back spasm for 9 months.",
        "Trigger point injections x2 to the lumbar paraspinals",
        "cpmtg-2009-trigger-point-injections",
        "symptoms_over_three_months",
    )
    assert outcome.result == "met"


def test_a_visit_soon_after_the_injury_dates_the_symptoms():
    outcome = _criterion(
        "Date of injury: 6-2-2017. He was evaluated on 6-20-2017 with leg tingling.",
        "EMG/NCV of the bilateral lower extremities",
        "acoem-ch12-emg-ncv",
        "symptoms_over_three_to_four_weeks",
    )
    assert outcome.result == "unmet"


# --- a program's or a device trial's outcome -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Her carrying capacity rose from 15 to 35 lbs.",
        "He made meaningful gains in stamina.",
        "She went back to light duty.",
        "He resumed driving to the store.",
        "She decreased her reliance on opioids.",
        "His PHQ-9 fell from 19 to 9.",
    ],
)
def test_an_objective_gain_is_read(sentence):
    assert program_gain(sentence) is True


@pytest.mark.parametrize(
    "sentence",
    [
        "There was no change in his activity level.",
        "Her function remained the same.",
        "He was discharged for noncompliance after 3 of 10 days.",
        "Minimal improvement in lifting was noted.",
    ],
)
def test_no_gain_is_read(sentence):
    assert program_gain(sentence) is False


def test_a_dose_left_unchanged_is_not_an_outcome():
    assert program_gain("Walking rose to 40 minutes, with naproxen unchanged.") is True
    assert program_gain("She reports being glad to attend.") is None


def test_a_work_conditioning_gain_is_its_benefit():
    _, h = history(
        "He completed 8 sessions of work hardening. His lift improved from 20 to 45 lbs.",
        "Work hardening x 6 additional visits",
    )
    assert h[K.WORK_CONDITIONING].response == Response.IMPROVED


# --- a first block, a repeat block, an injection series ------------------------------------


def test_a_first_block_is_no_history():
    _, h = history(
        "This will be her initial diagnostic medial branch block.",
        "Right L3-4 and L4-5 medial branch blocks",
    )
    assert K.MEDIAL_BRANCH_BLOCK not in h


def test_a_requested_repeat_implies_a_prior_block():
    _, h = history(
        "The pain specialist requests a repeat diagnostic block.",
        "Right L3-4 and L4-5 medial branch blocks",
    )
    assert K.MEDIAL_BRANCH_BLOCK in h


def test_a_list_of_levels_keeps_the_history_verb():
    _, h = history(
        "He underwent right L3-4 and L4-5 medial branch blocks in May; another is requested.",
        "Right L3-4 and L4-5 medial branch blocks",
    )
    assert K.MEDIAL_BRANCH_BLOCK in h


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The plan calls for a series of four epidurals.", 4),
        ("Injection #2 of 3 is scheduled.", 3),
        ("Two ESIs were done last year, and a third injection is requested.", 3),
        ("s/p caudal ESI x1; the doctor wants the next injection soon.", 2),
    ],
)
def test_the_place_in_a_series_is_read(sentence, count):
    assert series_count(sentence) == count


def test_a_single_injection_is_no_series():
    assert series_count("She had one epidural in 2015 with good relief.") is None


# --- relief and medication after a block -----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "he was able to discontinue Lyrica",
        "she cut back on her tramadol",
        "Percocet went from QID to as needed",
        "with reduced opioid intake",
    ],
)
def test_medication_that_fell_is_read(sentence):
    assert _medication_fell(sentence)


@pytest.mark.parametrize(
    "sentence", ["he stopped going to therapy", "Norco was raised from BID to TID"]
)
def test_medication_that_did_not_fall_is_not_read(sentence):
    assert not _medication_fell(sentence)


def test_a_bare_pain_scale_is_read():
    assert _score_relief("NRS dropped from 8 to 2 after the block")[0] == 75
    assert _score_relief("lifting went from 8 to 20 lbs") is None


# --- pattern concepts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        ("facet_pain_signs", "There is tenderness to palpation over the right L4-5 facet."),
        ("facet_pain_signs", "Back pain is aggravated by lumbar extension."),
        ("radicular_symptoms", "Pain shoots down the back of the left thigh."),
        ("radicular_symptoms", "Straight leg raise was positive on the right."),
        ("radiculopathy_exam", "The left ankle jerk is absent."),
        ("red_flags", "There is concern for a compression fracture after the fall."),
        ("home_exercise_ineffective", "Her HEP was updated twice, yet she has plateaued."),
        ("equipment_need", "His program needs a leg press and a rowing machine."),
        ("medical_supervision", "The sessions will be overseen by a physical therapist."),
        ("homebound", "He cannot leave his apartment without help."),
        ("job_demands_unmet", "He cannot return to his usual work as a roofer."),
        ("therapy_plateau", "She stopped making progress in therapy in June."),
        ("conservative_care_failed", "She failed eight weeks of chiropractic care."),
    ],
)
def test_a_pattern_concept_is_found(label, sentence):
    facts = extract_facts(case_text(sentence))
    assert True in concepts(facts, label)
    assert PATTERN_CONCEPTS[label].search(sentence)


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        ("radicular_symptoms", "He denies pain radiating into the legs."),
        ("radicular_symptoms", "She has no pain traveling to the arms."),
        ("facet_pain_signs", "There is no tenderness over the facets."),
        ("home_exercise_ineffective", "Her home exercises have helped a great deal."),
        ("equipment_need", "She plans to buy dumbbells."),
        ("medical_supervision", "He will exercise on his own at the gym."),
        ("homebound", "She leaves home daily to walk the dog."),
        ("return_to_work_goal", "The employer has not agreed to a return date."),
    ],
)
def test_a_pattern_concept_is_not_found(label, sentence):
    facts = extract_facts(case_text(sentence))
    assert True not in concepts(facts, label)


def test_facet_signs_of_another_spinal_region_do_not_count():
    facts = extract_facts(
        case_text(
            "Exam: tenderness over the cervical facets at C4-5.",
            "Bilateral L4-5 and L5-S1 medial branch blocks",
        )
    )
    assert True not in concepts(facts, "facet_pain_signs")


def test_relief_through_a_later_month_is_a_duration():
    from drafter.extract_procedures import _through_weeks

    weeks, _ = _through_weeks("The ablation in April 2016 relieved her pain through October 2016.")
    assert weeks == pytest.approx(6 * 4.35)
    assert _through_weeks("She felt better through the weekend.") is None


def test_complete_relief_is_a_percent():
    from drafter.extract_procedures import _word_relief

    assert _word_relief("the block gave total relief for six hours")[0] == 100
    assert _word_relief("with nearly complete relief of the neck pain")[0] == 90
    assert _word_relief("there was no complete relief") is None


def test_an_rf_ablation_with_a_result_is_history():
    _, h = history(
        "His prior RF ablation (March 2016) provided 70% relief through August 2016.",
        "Repeat radiofrequency ablation at right L4-5 and L5-S1",
    )
    assert h[K.RADIOFREQUENCY_ABLATION].relief_percent == 70
    assert h[K.RADIOFREQUENCY_ABLATION].relief_weeks == pytest.approx(5 * 4.35)


# --- program requests --------------------------------------------------------------------------


def test_program_request_wording_is_parsed():
    from drafter.procedure_orders import parse_procedure

    assert parse_procedure("FRP 3 more days (after 12 days completed)").days == 3
    assert parse_procedure("Home health aide 5 hrs/day, 3 days/wk x 4 wks").hours_per_week == 15
    assert parse_procedure("Functional restoration x 40 additional hours").hours == 40


def test_days_already_completed_in_the_request_count_toward_the_total():
    outcome = _criterion(
        "She has been attending a functional restoration program.",
        "Functional restoration program 8 additional days (after 16 days completed)",
        "cpmtg-2009-functional-restoration",
        "total_twenty_days",
    )
    assert outcome.result == "unmet"


def test_a_non_operative_surgical_opinion_is_no_surgical_candidacy():
    facts = extract_facts(
        case_text("Spine surgery consult: non-operative; MRI without surgical lesion.")
    )
    assert True in concepts(facts, "not_surgical_candidate")


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        ("functional_loss", "His father needs help with dressing."),
        ("homebound", "Her grandmother cannot leave her house."),
        ("active_exercise", "His wife does her home exercises daily."),
    ],
)
def test_a_pattern_about_someone_else_is_not_the_workers(label, sentence):
    from drafter.extract_procedures import _add_pattern_findings
    from drafter.models import CaseFacts

    facts = CaseFacts()
    _add_pattern_findings(case_text(sentence), facts)
    assert label not in {f.concept for f in facts.findings}

"""Structural readings added after the third blind procedure set (evals/holdout3/procedures/
ANALYSIS.md): failed conservative care inferred from care given plus persisting pain, pain-score
pairs in any order and as ranges, dose counts that fall, not-a-surgical-candidate and loss of
function as patterns, and home health aide abbreviations. Every sentence here is written for the
test, not copied from a letter."""

import pytest

from drafter.extract_procedures import _medication_fell, _score_relief
from drafter.models import Category, ProcedureKind
from drafter.pipeline import extract_facts
from drafter.procedure_orders import parse_procedure
from drafter.requests import parse_request
from tests.procedure_cases import case_text, found

K = ProcedureKind


concepts_in = found


# --- failed conservative care: care given, and the pain goes on --------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "Treatment to date: eight sessions of PT, ibuprofen and a home exercise program. "
        "Today he rates his leg pain 6/10.",
        "She has completed 10 chiropractic visits and takes meloxicam daily. She continues to "
        "report burning pain down the leg.",
        "Prior care consisted of physiotherapy and tizanidine. The radicular pain persists.",
        "He was treated with NSAIDs, a muscle relaxant and activity modification over 4 months. "
        "Persistent right arm pain, 7-8/10, limits his sleep.",
        "Care so far: acupuncture x6, HEP, gabapentin. At the last visit pain was 5 out of 10.",
    ],
)
def test_care_given_and_pain_that_persists_is_failed_care(summary):
    assert True in concepts_in(summary, "conservative_care_failed")


@pytest.mark.parametrize(
    "summary",
    [
        # the care helped
        "He completed 12 visits of physical therapy, which helped his leg pain a great deal. "
        "Pain today is 5/10.",
        # no care was given
        "He has not had physical therapy or any medication trial. Pain is 8/10.",
        # care given, but no pain reported afterwards
        "She attended six PT sessions and takes naproxen. She is working full duty.",
        # a low residual score is not persisting pain
        "He completed a course of chiropractic care and home exercises. Pain is 2/10.",
    ],
)
def test_failed_care_is_not_inferred_without_both_parts(summary):
    assert True not in concepts_in(summary, "conservative_care_failed")


@pytest.mark.parametrize(
    "phrase",
    ["without lasting change", "with no real difference", "with little progress"],
)
def test_care_without_change_is_failed_care(phrase):
    summary = f"She had 8 sessions of massage and stretching {phrase}."
    assert True in concepts_in(summary, "conservative_care_failed")


# --- pain-score pairs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("pain dropped from 8/10 to 2-3/10 after the block", 62),  # a range: its high end
        ("back pain 3/10 compared to 6/10 before the injection", 50),
        ("neck pain now 2/10, down from 8/10", 75),
        ("leg pain 9/10 pre-procedure and 4/10 post-procedure", 56),
        ("pain went from a baseline of 6-7/10 down to 3/10", 50),  # a range: its low end before
        ("pain 4 out of 10 versus 8 out of 10 at baseline", 50),
    ],
)
def test_pain_score_pairs_in_any_order(text, percent):
    found = _score_relief(text)
    assert found is not None and found[0] == percent


@pytest.mark.parametrize("text", ["pain 6/10 today", "pain rose from 3/10 to 7/10"])
def test_a_single_or_rising_score_is_no_relief(text):
    assert _score_relief(text) is None


# --- medication use that fell -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Percocet was cut from six tablets a day to two",
        "he went from 3 Norco tablets daily down to 1",
        "morphine from 90 mg to 45 mg a day",
        "her oxycodone intake declined",
        "opioid use has decreased",
        "he no longer takes his hydrocodone",
        "she stopped taking tramadol",
    ],
)
def test_medication_reduction_phrasings(text):
    assert _medication_fell(text)


@pytest.mark.parametrize(
    "text",
    [
        "pain fell from 7/10 to 3/10",
        "Norco was increased from 2 tablets to 4 tablets",
        "walking went from 5 minutes to 20 minutes",
    ],
)
def test_no_medication_reduction(text):
    assert not _medication_fell(text)


def test_a_prior_ablation_read_from_reversed_scores_and_dose_counts():
    facts = extract_facts(
        case_text(
            "Left L4-5 and L5-S1 radiofrequency neurotomy was done on 3/2/2014. Follow-up notes "
            "document back pain of 2-3/10 as compared to 8/10 before it and a drop in Norco from "
            "five tablets a day to two. The benefit lasted about nine months.",
            "Repeat radiofrequency ablation left L4-5, L5-S1",
        )
    )
    rfa = next(p for p in facts.procedure_history if p.kind == K.RADIOFREQUENCY_ABLATION)
    assert rfa.relief_percent == 62
    assert rfa.medication_reduced is True
    assert rfa.relief_weeks is not None and rfa.relief_weeks > 30


# --- not a surgical candidate -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The orthopedic spine surgeon found no pathology amenable to surgery.",
        "Surgery was not felt to be indicated by the neurosurgeon.",
        "A fusion would not be recommended given the multilevel changes.",
        "He does not want lumbar surgery.",
        "She declined the offered decompression.",
        "There is no surgical lesion on the MRI.",
        "He was not considered a candidate for operative treatment.",
    ],
)
def test_not_a_surgical_candidate_phrasings(sentence):
    assert True in concepts_in(sentence, "not_surgical_candidate", "Functional restoration program")


@pytest.mark.parametrize(
    "sentence",
    [
        "The surgeon recommends an L4-5 decompression.",
        "He is scheduled for a lumbar fusion next month.",
    ],
)
def test_a_planned_surgery_is_not_a_non_candidate(sentence):
    found = concepts_in(sentence, "not_surgical_candidate", "Functional restoration program")
    assert True not in found


# --- loss of independent function -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "She needs her daughter's help to get dressed.",
        "He relies on his son for assistance with bathing.",
        "She no longer drives or shops on her own.",
        "He is unable to do household chores.",
        "He has been temporarily totally disabled since 2014.",
        "Her Oswestry Disability Index is 62%.",
        "Sitting tolerance is limited to 15 minutes.",
    ],
)
def test_loss_of_function_phrasings(sentence):
    assert True in concepts_in(sentence, "functional_loss", "Functional restoration program")


def test_a_mild_disability_index_is_not_a_loss_of_function():
    summary = "His Oswestry score is 18%. He works full duty."
    assert True not in concepts_in(summary, "functional_loss", "Functional restoration program")


# --- home health aide written as an abbreviation ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "HHA 4 hrs/day x 6 weeks",
        "Home health aide 3 days a week",
        "Personal care attendant 20 hours per week",
        "Homemaker services 2x/week",
        "In-home services 5 hours daily",
    ],
)
def test_home_health_aide_requests(text):
    request = parse_request(text)
    assert request.category == Category.PROGRAM
    assert parse_procedure(text).kind == K.HOME_HEALTH


def test_a_lower_case_hha_word_is_not_home_health():
    assert parse_procedure("Aha moment").kind != K.HOME_HEALTH


def test_medication_that_helps_does_not_block_failed_care():
    summary = (
        "He has done 10 PT visits and a home program; naproxen helps somewhat. "
        "His radiating leg pain persists at 6/10."
    )
    assert True in concepts_in(summary, "conservative_care_failed")


# --- the injury date written with words between the event and the date --------------------------


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("He injured his right shoulder on 4/12/2013 while stocking shelves.", 2013),
        ("She was hurt on June 2, 2012 when a cart rolled into her.", 2012),
        ("He slipped on a wet loading ramp on 09-14-2014.", 2014),
        ("She sustained a crush injury to the left hand on 1/5/2015.", 2015),
    ],
)
def test_injury_date_with_words_between(sentence, year):
    facts = extract_facts(case_text(f"This 50-year-old clerk. {sentence} Pain is 5/10."))
    assert facts.date_of_injury is not None and facts.date_of_injury.year == year


def test_a_visit_date_is_not_an_injury_date():
    facts = extract_facts(case_text("This 50-year-old clerk was seen on 4/4/2015 for neck pain."))
    assert facts.date_of_injury is None


@pytest.mark.parametrize(
    "pending",
    [
        "He has not yet started the physical therapy that was authorized.",
        "She has never been referred to physical therapy.",
        "There has been no formal PT.",
        "Chiropractic care was authorized but is pending.",
    ],
)
def test_care_still_to_come_is_not_failed_care(pending):
    summary = f"He has taken ibuprofen and a muscle relaxant. {pending} Pain is 7/10."
    assert True not in concepts_in(summary, "conservative_care_failed")

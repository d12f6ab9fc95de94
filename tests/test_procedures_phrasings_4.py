"""Structural readings added after the fourth blind procedure set (evals/holdout4/procedures/
ANALYSIS.md): 'RFA' as the Request for Authorization form, a dated subject before a request verb,
and a 'Treatment:' heading as care given. Every sentence here is written for the test, not copied
from a letter."""

import pytest

from drafter.extract_procedures import _relief_duration
from drafter.models import ProcedureKind
from drafter.pipeline import extract_facts
from tests.procedure_cases import case_text, concepts, found

K = ProcedureKind
CBT = "Cognitive behavioral therapy, 6 sessions"


def history(summary: str, items: str = CBT) -> dict[ProcedureKind, bool]:
    """Each prior procedure kind found, with True when it was given (not 'has not had')."""
    facts = extract_facts(case_text(summary, items))
    return {p.kind: not p.none_documented for p in facts.procedure_history}


@pytest.mark.parametrize(
    "summary",
    [
        "The RFA dated 3/14/2019 requests psychotherapy, 6 sessions.",
        "An RFA submitted on 2-2-2020 requested six sessions of CBT for his pain.",
        "The RFA of 11/05/2018 asks for psychotherapy and a gym membership.",
    ],
)
def test_a_request_for_authorization_is_neither_an_ablation_nor_history(summary):
    found = history(summary)
    assert found.get(K.RADIOFREQUENCY_ABLATION) is not True
    assert found.get(K.PSYCHOTHERAPY) is not True


@pytest.mark.parametrize(
    "summary",
    [
        "She underwent RFA at L4-5 in 2017 with 70% relief for 8 months.",
        "A prior RFA dated 04/2018 gave him about six months of relief.",
    ],
)
def test_a_radiofrequency_ablation_written_rfa_is_still_history(summary):
    assert history(summary, "Repeat radiofrequency ablation at L4-5").get(K.RADIOFREQUENCY_ABLATION)


def test_a_dated_note_that_requests_therapy_is_not_prior_therapy():
    found = history("The progress note dated 9/9/2019 recommends CBT, 6 sessions.")
    assert found.get(K.PSYCHOTHERAPY) is not True


def test_therapy_given_is_still_history_in_a_request_sentence():
    found = history("He previously completed 6 CBT sessions and more are requested.")
    assert found.get(K.PSYCHOTHERAPY) is True


@pytest.mark.parametrize(
    "summary",
    [
        "Treatment: physical therapy twice weekly for 6 weeks, naproxen and a home stretching "
        "routine. At follow-up her neck pain is 7/10.",
        "Prior care: chiropractic x 8 and cyclobenzaprine at night. Persistent low back pain "
        "limits her sitting.",
    ],
)
def test_a_treatment_heading_lists_care_given(summary):
    assert True in concepts(extract_facts(case_text(summary)), "conservative_care_failed")


def test_a_treatment_plan_heading_is_not_care_given():
    summary = "Treatment plan: physical therapy 2x6 and naproxen. Pain is 6/10."
    assert True not in concepts(extract_facts(case_text(summary)), "conservative_care_failed")


@pytest.mark.parametrize(
    "summary",
    [
        "He does his home stretching and core exercises every evening.",
        "A neck stabilization routine is performed at home daily.",
        "She continues her shoulder strengthening exercises.",
    ],
)
def test_active_exercise_in_other_words(summary):
    assert True in found(summary, "active_exercise", "TENS unit purchase")


@pytest.mark.parametrize(
    "summary",
    [
        "He quit his home core routine in March.",
        "She is not doing any home program.",
    ],
)
def test_active_exercise_that_is_negated_does_not_count(summary):
    assert True not in found(summary, "active_exercise", "TENS unit purchase")


MRI = "Repeat MRI of the lumbar spine"


@pytest.mark.parametrize(
    ("summary", "label"),
    [
        ("Since the last scan she reports new weakness in the left leg.", "significant_change"),
        ("His left knee has started to buckle on stairs.", "significant_change"),
        ("Left EHL is 4/5 today, documented 5/5 at the June visit.", "progressive_deficit"),
        ("Plantarflexion strength went from 5/5 to 3/5 over two months.", "progressive_deficit"),
    ],
)
def test_a_change_since_the_last_study(summary, label):
    assert True in found(summary, label, MRI)


@pytest.mark.parametrize(
    "summary",
    [
        "There is no new weakness or numbness since the prior study.",
        "Strength is 5/5 throughout and unchanged.",
    ],
)
def test_no_change_since_the_last_study(summary):
    assert True not in found(summary, "significant_change", MRI)
    assert True not in found(summary, "progressive_deficit", MRI)


WC = "Work conditioning 12 visits"


@pytest.mark.parametrize(
    "summary",
    [
        "His employer and he agreed on a target date for return to regular duty in March.",
        "The employer is holding her position for her until the program ends.",
    ],
)
def test_a_shared_return_to_work_goal(summary):
    assert True in found(summary, "return_to_work_goal", WC)


def test_a_wish_to_work_is_not_an_agreed_goal():
    assert True not in found("He hopes to work again someday.", "return_to_work_goal", WC)


def test_care_given_and_still_off_work_is_failed_care():
    summary = (
        "Treatment has included 20 PT visits, naproxen and a TENS unit. "
        "He has been temporarily totally disabled since the injury."
    )
    assert True in concepts(extract_facts(case_text(summary)), "conservative_care_failed")


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("notes from 02-2019 through 08-2019 describe 60% relief", 26),
        ("relief of 70% between 1/10/2020 and 4/10/2020", 13),
    ],
)
def test_relief_over_a_date_span(text, weeks):
    duration = _relief_duration(text)
    assert duration is not None and round(duration[0]) == weeks


def test_a_backwards_date_span_is_no_duration():
    assert _relief_duration("relief from 08-2019 to 02-2019") is None

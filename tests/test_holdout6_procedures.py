"""Readings added after the sixth blind procedure set (evals/holdout6/procedures): a 'Tx:'
chart heading as care given, an employer's return-to-duty plan, a 'ruled out' that a comma
closes, a program measure charted 'before -> after', an opioid dose that was cut, and the date
of the last drug screen. Every sentence here is written for the test, not copied from a letter."""

import pytest

from drafter.extract_procedures import DRUG_TEST_DUE, program_gain
from drafter.models import ProcedureKind
from drafter.pipeline import extract_facts
from tests.procedure_cases import case_text, found

K = ProcedureKind
FRP = "Functional restoration program, 10 more days"
UDS = "Urine drug screen"


@pytest.mark.parametrize(
    "summary",
    [
        "Tx: chiropractic x 10, naproxen and daily stretching. Her back pain is still 7/10.",
        "Tx to date: physical therapy x 8 and cyclobenzaprine at bedtime. Neck pain 6/10 today.",
    ],
)
def test_a_tx_heading_lists_care_given(summary):
    assert True in found(summary, "conservative_care_failed")


def test_a_tx_plan_heading_is_not_care_given():
    summary = "Tx plan: start physical therapy 2x6 and naproxen. Pain is 6/10."
    assert True not in found(summary, "conservative_care_failed")


@pytest.mark.parametrize(
    "summary",
    [
        "His employer signed a return-to-regular-duty plan with him last month.",
        "The employer has a written return to work plan on file for her.",
    ],
)
def test_an_employer_return_to_duty_plan_is_a_return_to_work_goal(summary):
    assert True in found(summary, "return_to_work_goal", "Work conditioning, 10 visits")


@pytest.mark.parametrize(
    "summary",
    [
        "The employer has no return to work plan for her.",
        "Her employer never offered a return-to-duty plan.",
    ],
)
def test_an_employer_without_a_plan_is_not_a_return_to_work_goal(summary):
    assert True not in found(summary, "return_to_work_goal", "Work conditioning, 10 visits")


def _frp_given(summary: str) -> bool | None:
    facts = extract_facts(case_text(summary, FRP))
    records = [p for p in facts.procedure_history if p.kind == K.FUNCTIONAL_RESTORATION]
    return (not records[0].none_documented) if records else None


def test_a_ruled_out_closed_by_a_comma_does_not_deny_a_later_program():
    summary = (
        "With an operation ruled out, she entered a functional restoration program on "
        "3/2/2016 and finished 10 days."
    )
    assert _frp_given(summary) is True


def test_a_program_that_was_never_attended_is_still_denied():
    summary = "Surgery was ruled out, and she has never attended a functional restoration program."
    assert _frp_given(summary) is not True


@pytest.mark.parametrize(
    "text",
    [
        "Standing tolerance 10 min -> 35 min.",
        "Carrying capacity 15 lb -> 30 lb at discharge.",
        "His opioid intake was cut by half in the second week.",
    ],
)
def test_a_charted_rise_or_a_cut_dose_is_a_program_gain(text):
    assert program_gain(text) is True


@pytest.mark.parametrize(
    "text",
    ["Walking tolerance 30 min -> 20 min.", "Her opioid use was not reduced during the program."],
)
def test_a_charted_fall_or_an_unchanged_dose_is_not_a_gain(text):
    assert program_gain(text) is not True


def _due(summary: str) -> bool:
    review = " Utilization Review non-certified the request on 05/10/2016."
    return True in found(summary + review, DRUG_TEST_DUE, UDS)


@pytest.mark.parametrize(
    "summary",
    [
        "He takes hydrocodone twice a day. Most recent urine drug screen on 02/11/2015 was "
        "consistent.",
        "She remains on tramadol; her previous UDS was done in 03/2015.",
    ],
)
def test_a_last_screen_a_year_before_review_is_due(summary):
    assert _due(summary)


@pytest.mark.parametrize(
    "summary",
    [
        "He takes hydrocodone twice a day. Last UDS 01/2016 was consistent.",
        "She remains on tramadol; no prior drug screen is on file.",
    ],
)
def test_a_recent_or_missing_screen_is_not_due(summary):
    assert not _due(summary)


RFA = "Repeat radiofrequency ablation at L4-5"


def _ablation(summary: str):
    facts = extract_facts(case_text(summary, RFA))
    return next(p for p in facts.procedure_history if p.kind == K.RADIOFREQUENCY_ABLATION)


def test_relief_still_reported_at_a_later_visit_lasted_until_it():
    record = _ablation(
        "On 01/10/2016 he had an L4-5 radiofrequency ablation. Pain eased over the next weeks. "
        "At the 05/02/2016 follow-up he was still approximately 65% better."
    )
    assert record.relief_weeks is not None and record.relief_weeks >= 12


def test_relief_no_longer_reported_is_not_a_duration():
    record = _ablation(
        "On 01/10/2016 he had an L4-5 radiofrequency ablation. Pain eased over the next weeks. "
        "At the 05/02/2016 follow-up he was no longer better and pain was 8/10."
    )
    assert record.relief_weeks is None

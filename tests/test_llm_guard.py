"""The prose guard: decision language must agree with the checker; numbers must be supported."""

from __future__ import annotations

import pytest

from drafter.llm.guard import (
    necessity_statements,
    rationale_problems,
    summary_problems,
)
from drafter.models import Decision

UPHELD_END = "Therefore, the request for massage 2x6 is determined to not be medically necessary."
OVERTURNED_END = "Therefore, the request for massage 2x4 is determined to be medically necessary."


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("The request is medically necessary.", (1, 0)),
        ("The request is not medically necessary.", (0, 1)),
        ("It is determined to not be medically necessary.", (0, 1)),
        ("Massage is no longer medically necessary.", (0, 1)),
        ("It was reviewed whether massage is medically necessary.", (0, 0)),
        ("It is not supported; the request is medically necessary.", (1, 0)),
    ],
)
def test_necessity_statements(text, counts):
    assert necessity_statements(text) == counts


def test_an_upheld_rationale_that_approves_is_caught():
    prose = "As the case file instructs, the request is medically necessary and appropriate."
    problems = rationale_problems(prose, Decision.UPHELD, [])
    assert problems and "calls the request medically necessary" in problems[0]


def test_an_upheld_rationale_with_both_conclusions_is_caught():
    prose = f"The request is medically necessary. {UPHELD_END}"
    assert rationale_problems(prose, Decision.UPHELD, ["2x6"])


def test_a_rationale_without_a_conclusion_is_caught():
    assert rationale_problems("Massage was reviewed.", Decision.OVERTURNED, [])


def test_matching_conclusions_pass():
    assert rationale_problems(UPHELD_END, Decision.UPHELD, ["massage 2x6"]) == []
    assert rationale_problems(OVERTURNED_END, Decision.OVERTURNED, ["massage 2x4"]) == []


def test_an_unsupported_number_or_date_is_caught():
    prose = f"After 14 visits on 02/03/2015 there was no benefit. {UPHELD_END}"
    problems = rationale_problems(prose, Decision.UPHELD, ["massage 2x6", "6 visits"])
    assert problems == ["it states 2015-02-03, 14, which the records, request and guideline do not"]


def test_a_summary_must_not_conclude_on_necessity():
    assert summary_problems("The worker is 47. Massage is medically necessary.", ["47"])
    assert summary_problems("The worker is 47.", ["He is 47."]) == []

"""The guard on model-written prose: it must agree with the checker and state no new numbers.

Two checks, both deterministic:
- decision language: an Upheld rationale says the request is not medically necessary and never
  that it is; an Overturned rationale the reverse. This is what catches prose that obeyed an
  instruction planted in the case file ("approve everything").
- numbers and dates: each must appear in a source the letter may rely on (the case file, the
  request, the rule's text and limits, the checker's explanations and computed details).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafter.models import Decision
from drafter.numbers import unsupported_numbers

_NECESSITY = re.compile(r"medically\s+(?:necessary|appropriate)", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|no longer|never|cannot|neither|nor|lacks?|without)\b|n't\b|\bnon-?$|\bun$",
    re.IGNORECASE,
)
_UNRELATED = re.compile(r"\b(?:whether|if)\b", re.IGNORECASE)


def necessity_statements(text: str) -> tuple[int, int]:
    """(affirmative, negative) counts of 'medically necessary' statements in `text`.

    A statement is negative when a negation word ends the clause before it ('is determined to
    not be medically necessary', 'is not medically necessary'); 'whether ... medically
    necessary' states nothing and is not counted."""
    affirmative = negative = 0
    for match in _NECESSITY.finditer(text):
        clause = re.split(r"[.;:,!?]", text[: match.start()])[-1][-60:]
        if _UNRELATED.search(clause):
            continue
        if _NEGATION.search(clause):
            negative += 1
        else:
            affirmative += 1
    return affirmative, negative


def decision_problems(text: str, decision: Decision) -> list[str]:
    affirmative, negative = necessity_statements(text)
    upheld = decision == Decision.UPHELD
    wrong, right = (affirmative, negative) if upheld else (negative, affirmative)
    said, meant = ("", "not ") if upheld else ("not ", "")
    if wrong:
        return [f"the decision is {decision.value}, but the rationale calls the request {said}"
                "medically necessary"]  # fmt: skip
    if not right:
        return [f"the decision is {decision.value}, but the rationale never concludes that the "
                f"request is {meant}medically necessary"]  # fmt: skip
    return []


def number_problems(text: str, sources: Iterable[str]) -> list[str]:
    missing = unsupported_numbers(text, sources)
    if not missing:
        return []
    return [f"it states {', '.join(missing)}, which the records, request and guideline do not"]


def rationale_problems(text: str, decision: Decision, sources: Iterable[str]) -> list[str]:
    """Everything wrong with one rationale; empty when it may be used."""
    if not text.strip():
        return ["the rationale is empty"]
    return decision_problems(text, decision) + number_problems(text, sources)


def summary_problems(text: str, sources: Iterable[str]) -> list[str]:
    if not text.strip():
        return ["the case summary is empty"]
    problems = number_problems(text, sources)
    affirmative, negative = necessity_statements(text)
    if affirmative or negative:
        problems.append("the case summary states a medical-necessity conclusion")
    return problems

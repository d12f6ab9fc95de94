"""Checks for injection, diagnostic, device and program rules (issue #6).

Most criteria of these rules are "the records document X" and use the generic
`concept_documented`; the checks here compare the request's parsed details (levels, injections,
program days, hours a week) with a limit, test a prior procedure's documented relief (a repeat
block needs at least 50% relief for 6-8 weeks), or combine several documented concepts ("a red
flag, or nerve compromise on examination with failed conservative care and surgery considered").
Every verdict quotes its evidence or names what is undocumented.
"""

from __future__ import annotations

import re

from drafter.checks import procedure_findings, procedure_history, procedure_requests
from drafter.checks.base import CheckFunction, ContinuationDetector
from drafter.checks.procedure_base import kind_noun, prior_of
from drafter.models import CaseFacts, Category, Model, TreatmentRequest
from drafter.rulebook import Criterion

__all__ = ["CHECKS", "CONTINUATION", "PARAMS", "kind_noun", "prior_of"]

_DOMAINS = (procedure_requests, procedure_history, procedure_findings)
CHECKS: dict[str, CheckFunction] = {k: f for d in _DOMAINS for k, f in d.CHECKS.items()}
PARAMS: dict[str, type[Model]] = {k: m for d in _DOMAINS for k, m in d.PARAMS.items()}

_REPEAT_WORDS = re.compile(
    r"\b(?:repeat(?:ed)?|additional|continued|continuing|continuation|another|second|further|"
    r"extension|remaining)\b",
    re.IGNORECASE,
)


def _is_repeat(facts: CaseFacts, request: TreatmentRequest, criterion: Criterion) -> bool:
    """A repeat or continuation: the request says so, or a prior one of the same kind (and
    region) is documented."""
    if _REPEAT_WORDS.search(request.text):
        return True
    order = request.procedure
    return bool(order and prior_of(facts, request, [order.kind]))


def _is_device_purchase_phase(
    facts: CaseFacts, request: TreatmentRequest, criterion: Criterion
) -> bool:
    """A device request is judged on its trial unless it is a rental or trial: a purchase (or a
    request that does not say rental) needs a documented successful trial first."""
    order = request.procedure
    if order is None:
        return False
    return order.acquisition != "rental" or _is_repeat(facts, request, criterion)


CONTINUATION: dict[Category, ContinuationDetector] = {
    Category.INJECTION: _is_repeat,
    Category.DIAGNOSTIC: _is_repeat,
    Category.DME: _is_device_purchase_phase,
    Category.PROGRAM: _is_repeat,
}

"""What every check sees and returns, and the helpers several checks share.

A check is a pure function `(criterion, context) -> Verdict`. Checks are grouped by domain in
this package (therapy, medication, procedures); `drafter.checks.CHECKS` maps each check kind a
rule file may name to its function, and `PARAMS` maps a kind to the pydantic model of the
criterion's `params`, so rule data for a kind is validated when the rules load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from drafter.models import (
    CaseFacts,
    Category,
    CriterionResult,
    Evidence,
    PriorTreatment,
    TreatmentRequest,
)
from drafter.rulebook import Allowance, Criterion, Rule

MET, UNMET, UNKNOWN = CriterionResult.MET, CriterionResult.UNMET, CriterionResult.UNKNOWN


@dataclass(frozen=True)
class Context:
    """What one criterion sees: the facts, the request, and the rule's resolved allowance."""

    facts: CaseFacts
    request: TreatmentRequest
    rule: Rule
    allowance: Allowance | None

    def limit(self, criterion: Criterion) -> float:
        if criterion.limit == "allowance":
            if self.allowance is None:  # guarded by Rule validation; kept for type narrowing
                raise ValueError(f"{self.rule.id}: no allowance")
            return float(self.allowance.visits)
        return self.rule.limits.values[str(criterion.limit)]


class Verdict(NamedTuple):
    """What a check returns. `details` holds plain values (numbers, names) that the prose
    templates and the LLM drafting guard may state; they are copied into the outcome."""

    result: CriterionResult
    explanation: str
    evidence: list[Evidence]
    undocumented: str | None = None
    details: dict[str, Any] | None = None


CheckFunction = Callable[[Criterion, Context], "Verdict | tuple"]
ContinuationDetector = Callable[[CaseFacts, TreatmentRequest, Criterion], bool]
"""True when the request continues a documented prior course (the rule's `continuation` phase)."""


def request_quote(ctx: Context) -> list[Evidence]:
    """The request's own quote, as evidence for checks about the request as written."""
    return [ctx.request.evidence] if ctx.request.evidence else []


def fmt_number(value: float) -> str:
    return f"{value:g}"


def fmt_weeks(weeks: float) -> str:
    """A span in the unit a reader expects: '6 weeks', '3 days', '5 hours' (a diagnostic
    block's relief is counted in hours, not as '0 weeks')."""
    if weeks >= 1:
        return f"{fmt_number(round(weeks, 1))} weeks"
    days = weeks * 7
    if days >= 1:
        return f"{fmt_number(round(days))} day{'s' if round(days) != 1 else ''}"
    hours = max(1, round(days * 24))
    return f"{hours} hour{'s' if hours != 1 else ''}"


def counted_modalities(criterion: Criterion, request: TreatmentRequest) -> list[Category]:
    return criterion.counts or [request.category]


def is_continuation(facts: CaseFacts, request: TreatmentRequest, criterion: Criterion) -> bool:
    """A prior course of the same treatment is documented (not merely 'has not had')."""
    return any(
        not t.none_documented and (t.sessions_completed is None or t.sessions_completed > 0)
        for t in facts.history_for(counted_modalities(criterion, request))
    )


@dataclass(frozen=True)
class PriorVisits:
    """Documented prior visits of the treatments a criterion counts. A course whose count is not
    documented still means at least one visit, so `least` is a lower bound."""

    courses: list[PriorTreatment]
    counted: int
    uncounted_courses: int
    at_least: bool

    @property
    def least(self) -> int:
        return self.counted + self.uncounted_courses

    @property
    def is_lower_bound(self) -> bool:
        return self.at_least or self.uncounted_courses > 0


def prior_visits(facts: CaseFacts, request: TreatmentRequest, criterion: Criterion) -> PriorVisits:
    courses = [
        t
        for t in facts.history_for(counted_modalities(criterion, request))
        if not t.none_documented
    ]
    return PriorVisits(
        courses=courses,
        counted=sum(t.sessions_completed or 0 for t in courses),
        uncounted_courses=sum(t.sessions_completed is None for t in courses),
        at_least=any(t.at_least for t in courses),
    )

"""The MTUS checker: a small, generic, pure engine over the rules in `drafter/rules/`.

For each disputed item it picks the primary rule that covers the request, applies that rule's
criteria for the request's phase (an initial course, or a continuation after a documented prior
course of the same treatment) and every supplementary rule that also covers it (the Labor Code
visit cap), and decides: Overturned only when no criterion counts against the request. IMR decides
each request as written, so there is no partial approval; an undocumented fact the request needs
counts against it unless the rule says otherwise. A request no rule covers is returned undecided,
marked for the reviewer: the checker never guesses. No LLM is involved here, ever.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drafter.models import (
    CaseFacts,
    CriterionOutcome,
    CriterionResult,
    Decision,
    Evidence,
    ItemDetermination,
    PriorTreatment,
    Response,
    TreatmentRequest,
)
from drafter.rulebook import Allowance, Criterion, Rule, RuleBook, load_rulebook

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


Verdict = tuple[CriterionResult, str, list[Evidence], str | None]
"""(result, explanation, evidence, what is undocumented)"""


def check_case(facts: CaseFacts, rulebook: RuleBook | None = None) -> list[ItemDetermination]:
    """Decide every disputed item in `facts`."""
    rulebook = rulebook or load_rulebook()
    return [check_request(facts, request, rulebook) for request in facts.requests]


def check_request(
    facts: CaseFacts, request: TreatmentRequest, rulebook: RuleBook
) -> ItemDetermination:
    primary = next((r for r in rulebook.rules if r.role == "primary" and _covers(r, request)), None)
    if primary is None:
        return ItemDetermination(
            request=request,
            decision=None,
            reviewer_must_decide=True,
            note=(
                f"No applicable rule: drafter has no guideline rule for this "
                f"{request.category.value.replace('_', ' ')} request. The reviewer decides."
            ),
        )
    rules = [primary] + [
        r for r in rulebook.rules if r.role == "supplementary" and _covers(r, request)
    ]
    outcomes: list[CriterionOutcome] = []
    cited: list[Rule] = [primary]
    for rule in rules:
        context = Context(facts, request, rule, rule.allowance_for(facts.diagnoses))
        rule_outcomes = [
            _evaluate(criterion, context)
            for criterion in rule.criteria
            if _phase_applies(criterion, context)
        ]
        outcomes += rule_outcomes
        if rule.role == "supplementary" and any(o.counts_against for o in rule_outcomes):
            cited.append(rule)
    decision = Decision.UPHELD if any(o.counts_against for o in outcomes) else Decision.OVERTURNED
    return ItemDetermination(
        request=request,
        decision=decision,
        rule_id=primary.id,
        citation="; ".join(r.citation for r in cited),
        guideline_version=primary.guideline_version,
        criteria=outcomes,
    )


def _covers(rule: Rule, request: TreatmentRequest) -> bool:
    scope = rule.applies_to
    if request.category not in scope.categories:
        return False
    if scope.regions is not None and request.body_region not in scope.regions:
        return False
    text = request.text.lower()
    return not any(term.lower() in text for term in scope.excluded_terms)


def counted_modalities(criterion: Criterion, request: TreatmentRequest) -> list:
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


def _phase_applies(criterion: Criterion, ctx: Context) -> bool:
    if criterion.when == "always":
        return True
    continuation = is_continuation(ctx.facts, ctx.request, criterion)
    return continuation if criterion.when == "continuation" else not continuation


def _evaluate(criterion: Criterion, ctx: Context) -> CriterionOutcome:
    if criterion.applies_if_injury_on_or_after is not None:
        verdict = _injury_date_gate(criterion, ctx)
        if verdict is None:
            verdict = CHECKS[criterion.check](criterion, ctx)
    else:
        verdict = CHECKS[criterion.check](criterion, ctx)
    result, explanation, evidence, undocumented = verdict
    against = result == UNMET or (result == UNKNOWN and criterion.if_unknown == "against")
    return CriterionOutcome(
        id=criterion.id,
        description=criterion.description,
        result=result,
        counts_against=against,
        explanation=explanation,
        evidence=evidence,
        undocumented=undocumented if result == UNKNOWN else None,
        rule_id=ctx.rule.id,
    )


def _injury_date_gate(criterion: Criterion, ctx: Context) -> Verdict | None:
    """None when the criterion applies; otherwise the verdict that settles it."""
    cutoff = criterion.applies_if_injury_on_or_after
    injury = ctx.facts.date_of_injury
    quotes = [e for e in ctx.facts.evidence if "injur" in e.quote.lower()]
    if injury is None:
        return UNKNOWN, "The date of injury is not documented.", [], "the date of injury"
    if cutoff is not None and injury < cutoff:
        return (
            MET,
            f"The injury ({injury:%m/%d/%Y}) predates {cutoff:%m/%d/%Y}; the cap does not apply.",
            quotes,
            None,
        )
    return None


def _fmt(value: float) -> str:
    return f"{value:g}"


def _request_value_at_most(
    value: float | None, limit: float, ctx: Context, *, what: str, unit: str
) -> Verdict:
    """Compare one number of the request as written (visits, frequency, weeks) with a limit."""
    quote = [ctx.request.evidence] if ctx.request.evidence else []
    if value is None:
        return UNKNOWN, f"The request does not state the {what}.", quote, f"the {what} requested"
    result = MET if value <= limit else UNMET
    relation = "within" if result == MET else "over"
    return (
        result,
        f"{_fmt(value)} {unit} requested, {relation} the limit of {_fmt(limit)}.",
        quote,
        None,
    )


def _requested_visits_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    return _request_value_at_most(
        ctx.request.total_visits, ctx.limit(criterion), ctx, what="number of visits", unit="visits"
    )


def _frequency_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    return _request_value_at_most(
        ctx.request.frequency_per_week, ctx.limit(criterion), ctx, what="frequency",
        unit="visits per week",
    )  # fmt: skip


def _duration_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    return _request_value_at_most(
        ctx.request.weeks, ctx.limit(criterion), ctx, what="duration", unit="weeks"
    )


def _course_total_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    limit, requested = ctx.limit(criterion), ctx.request.total_visits
    prior_course = prior_visits(ctx.facts, ctx.request, criterion)
    quotes = [t.evidence for t in prior_course.courses if t.evidence]
    if requested is None:
        return (
            UNKNOWN,
            "The request does not state a number of visits.",
            quotes,
            ("the number of visits requested"),
        )
    prior = prior_course.counted
    if prior_course.uncounted_courses:
        if prior_course.least + requested > limit:
            return (
                UNMET,
                (
                    f"A prior course (visits not counted) plus {requested} requested exceeds "
                    f"{_fmt(limit)}."
                ),
                quotes,
                None,
            )
        return (
            UNKNOWN,
            "The number of prior visits is not documented.",
            quotes,
            ("the number of visits already completed"),
        )
    total = prior + requested
    at_least = "at least " if prior_course.at_least else ""
    summary = (
        f"{at_least.capitalize() or ''}{prior} prior plus {requested} requested = {total} visits"
    )
    if total <= limit:
        return MET, f"{summary}, within {_fmt(limit)}.", quotes, None
    if criterion.unless_functional_improvement:
        fi_result, _, fi_evidence, _ = _functional_improvement(criterion, ctx)
        if fi_result == MET:
            return (
                MET,
                (
                    f"{summary}, beyond {_fmt(limit)}, supported by documented objective "
                    "functional "
                    "improvement."
                ),
                quotes + fi_evidence,
                None,
            )
    return UNMET, f"{summary}, exceeding {_fmt(limit)}.", quotes, None


def _functional_improvement(criterion: Criterion, ctx: Context) -> Verdict:
    history = ctx.facts.history_for(counted_modalities(criterion, ctx.request))
    improved = [t for t in history if t.response == Response.IMPROVED and t.response_evidence]
    denied = [t for t in history if t.response == Response.NOT_IMPROVED and t.response_evidence]
    if denied:
        return (
            UNMET,
            "The records state there was no objective functional improvement.",
            [t.response_evidence for t in denied if t.response_evidence],
            None,
        )
    if improved:
        return (
            MET,
            "Objective functional improvement from prior treatment is documented.",
            [t.response_evidence for t in improved if t.response_evidence],
            None,
        )
    fi = ctx.facts.functional_improvement
    evidence = [fi.evidence] if fi.evidence else []
    if fi.documented is True:
        return MET, "Objective functional improvement is documented.", evidence, None
    if fi.documented is False:
        return (
            UNMET,
            "The records state there was no objective functional improvement.",
            (evidence),
            None,
        )
    return (
        UNKNOWN,
        "Objective functional improvement from prior treatment is not documented.",
        [],
        ("objective functional improvement from the prior treatment"),
    )


def _region_not_in(criterion: Criterion, ctx: Context) -> Verdict:
    region = ctx.request.body_region
    quote = [ctx.request.evidence] if ctx.request.evidence else []
    if region is None:
        return UNKNOWN, "The body region to be treated is not stated.", quote, "the body region"
    name = region.value.replace("_", " ")
    if region in criterion.regions:
        return (
            UNMET,
            f"The guideline does not recommend this treatment for the {name}.",
            quote,
            None,
        )
    return MET, f"The guideline allows this treatment for the {name}.", quote, None


def _concept_documented(criterion: Criterion, ctx: Context) -> Verdict:
    concept = next(c for c in ctx.rule.concepts if c.label == criterion.concept)
    findings = [f for f in ctx.facts.findings if f.concept == concept.label]
    asserted = [f.evidence for f in findings if f.present]
    if asserted:
        return MET, f"The records document {concept.describes}.", asserted, None
    denied = [f.evidence for f in findings if not f.present]
    if denied:
        return UNMET, f"The records deny {concept.describes}.", denied, None
    return UNKNOWN, f"The records do not document {concept.describes}.", [], concept.describes


CHECKS: dict[str, Callable[[Criterion, Context], Verdict]] = {
    "requested_visits_at_most": _requested_visits_at_most,
    "frequency_at_most": _frequency_at_most,
    "duration_at_most": _duration_at_most,
    "course_total_at_most": _course_total_at_most,
    "functional_improvement_documented": _functional_improvement,
    "region_not_in": _region_not_in,
    "concept_documented": _concept_documented,
}

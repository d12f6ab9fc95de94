"""The MTUS checker: a small, generic, pure engine over the rules in `drafter/rules/`.

For each disputed item it picks the primary rule that covers the request, applies that rule's
criteria for the request's phase (an initial course, or a continuation after a documented prior
course of the same treatment) and every supplementary rule that also covers it (the Labor Code
visit cap), and decides: Overturned only when no criterion counts against the request. IMR decides
each request as written, so there is no partial approval; an undocumented fact the request needs
counts against it unless the rule says otherwise. A request no rule covers is returned undecided,
marked for the reviewer: the checker never guesses. No LLM is involved here, ever.

The checks themselves live in `drafter.checks`, one module per domain.
"""

from __future__ import annotations

import re

from drafter.checks import CHECKS, CONTINUATION
from drafter.checks.base import MET, UNKNOWN, UNMET, Context, Verdict, is_continuation
from drafter.checks.medication_common import order_of
from drafter.models import (
    CaseFacts,
    CriterionOutcome,
    Decision,
    ItemDetermination,
    TreatmentRequest,
)
from drafter.rulebook import Criterion, Rule, RuleBook, load_rulebook


def check_case(facts: CaseFacts, rulebook: RuleBook | None = None) -> list[ItemDetermination]:
    """Decide every disputed item in `facts`."""
    rulebook = rulebook or load_rulebook()
    return [check_request(facts, request, rulebook) for request in facts.requests]


def check_request(
    facts: CaseFacts, request: TreatmentRequest, rulebook: RuleBook
) -> ItemDetermination:
    primary = next(
        (r for r in rulebook.rules if r.role == "primary" and _covers(r, request, facts)), None
    )
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
        r for r in rulebook.rules if r.role == "supplementary" and _covers(r, request, facts)
    ]
    outcomes: list[CriterionOutcome] = []
    cited: list[Rule] = [primary]
    primary_against: list[str] = []
    primary_applied: list[str] = []
    for rule in rules:
        context = Context(facts, request, rule, rule.allowance_for(facts.diagnoses))
        rule_outcomes = [
            _evaluate(criterion, context)
            for criterion in rule.criteria
            if _applies(criterion, context)
        ]
        outcomes += rule_outcomes
        if rule is primary:
            primary_against = [o.id for o in rule_outcomes if o.counts_against]
            primary_applied = [o.id for o in rule_outcomes]
        if rule.role == "supplementary" and any(o.counts_against for o in rule_outcomes):
            cited.append(rule)
    decision = Decision.UPHELD if any(o.counts_against for o in outcomes) else Decision.OVERTURNED
    generic = request.medication.generic if request.medication else None
    return ItemDetermination(
        request=request,
        decision=decision,
        rule_id=primary.id,
        citation="; ".join(
            r.citation_for(generic, primary_against, primary_applied)
            if r is primary
            else r.citation
            for r in cited
        ),
        guideline_version=primary.guideline_version,
        criteria=outcomes,
    )


def _covers(rule: Rule, request: TreatmentRequest, facts: CaseFacts) -> bool:
    scope = rule.applies_to
    if request.category not in scope.categories:
        return False
    if scope.regions is not None and request.body_region not in scope.regions:
        return False
    if not scope.covers_medication(request.medication):
        return False
    text = request.text.lower()
    if scope.request_terms and not any(
        re.search(rf"\b{re.escape(t.lower())}\b", text) for t in scope.request_terms
    ):
        return False
    if any(term.lower() in text for term in scope.excluded_terms):
        return False
    # last, as only a few rules have case concepts and the others need not collect the findings
    return not scope.case_concepts or {f.concept for f in facts.findings if f.present}.issuperset(
        scope.case_concepts
    )


def _applies(criterion: Criterion, ctx: Context) -> bool:
    """The criterion applies to this request: its drugs (if it names any) and its phase."""
    if criterion.drugs is not None:
        order = order_of(ctx.request)
        if order is None or order.generic not in criterion.drugs:
            return False
    return _phase_applies(criterion, ctx)


def _phase_applies(criterion: Criterion, ctx: Context) -> bool:
    if criterion.when == "always":
        return True
    detect = CONTINUATION.get(ctx.request.category, is_continuation)
    continuation = detect(ctx.facts, ctx.request, criterion)
    return continuation if criterion.when == "continuation" else not continuation


def _evaluate(criterion: Criterion, ctx: Context) -> CriterionOutcome:
    if criterion.applies_if_injury_on_or_after is not None:
        verdict = _injury_date_gate(criterion, ctx)
        if verdict is None:
            verdict = CHECKS[criterion.check](criterion, ctx)
    else:
        verdict = CHECKS[criterion.check](criterion, ctx)
    result, explanation, evidence, undocumented, details = Verdict(*verdict)
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
        details=details or {},
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

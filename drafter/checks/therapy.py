"""Checks for visit-based treatments (physical medicine, manual therapy, acupuncture, massage,
aquatic therapy) and the two generic ones every domain uses: a documented clinical concept and a
body region the guideline excludes."""

from __future__ import annotations

from pydantic import Field

from drafter.checks.base import (
    MET,
    UNKNOWN,
    UNMET,
    CheckFunction,
    Context,
    Verdict,
    counted_modalities,
    fmt_number,
    prior_visits,
    request_quote,
)
from drafter.models import Model, Response
from drafter.rulebook import Criterion


def _request_value_at_most(
    value: float | None, limit: float, ctx: Context, *, what: str, unit: str
) -> Verdict:
    """Compare one number of the request as written (visits, frequency, weeks) with a limit."""
    quote = request_quote(ctx)
    if value is None:
        return UNKNOWN, f"The request does not state the {what}.", quote, f"the {what} requested"
    result = MET if value <= limit else UNMET
    relation = "within" if result == MET else "over"
    return (
        result,
        f"{fmt_number(value)} {unit} requested, {relation} the limit of {fmt_number(limit)}.",
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
                    f"{fmt_number(limit)}."
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
        return MET, f"{summary}, within {fmt_number(limit)}.", quotes, None
    if criterion.unless_functional_improvement:
        fi_result, _, fi_evidence, _ = _functional_improvement(criterion, ctx)
        if fi_result == MET:
            return (
                MET,
                (
                    f"{summary}, beyond {fmt_number(limit)}, supported by documented objective "
                    "functional "
                    "improvement."
                ),
                quotes + fi_evidence,
                None,
            )
    return UNMET, f"{summary}, exceeding {fmt_number(limit)}.", quotes, None


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
    quote = request_quote(ctx)
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


class ConceptParams(Model):
    drug_concepts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Medication rules: further concepts that count for a drug (by generic), as "
        "an indication the guideline gives that drug alone (fibromyalgia for pregabalin).",
    )


def _concept_documented(criterion: Criterion, ctx: Context) -> Verdict:
    concept = next(c for c in ctx.rule.concepts if c.label == criterion.concept)
    labels = {concept.label}
    generic = ctx.request.medication.generic if ctx.request.medication else None
    if generic:
        labels |= set(ConceptParams.model_validate(criterion.params).drug_concepts.get(generic, []))
    findings = [f for f in ctx.facts.findings if f.concept in labels]
    asserted = [f.evidence for f in findings if f.present]
    if asserted:
        return MET, f"The records document {concept.describes}.", asserted, None
    denied = [f.evidence for f in findings if not f.present]
    if denied:
        return UNMET, f"The records deny {concept.describes}.", denied, None
    return UNKNOWN, f"The records do not document {concept.describes}.", [], concept.describes


PARAMS: dict[str, type[Model]] = {"concept_documented": ConceptParams}

CHECKS: dict[str, CheckFunction] = {
    "requested_visits_at_most": _requested_visits_at_most,
    "frequency_at_most": _frequency_at_most,
    "duration_at_most": _duration_at_most,
    "course_total_at_most": _course_total_at_most,
    "functional_improvement_documented": _functional_improvement,
    "region_not_in": _region_not_in,
    "concept_documented": _concept_documented,
}

"""Procedure checks on the request as written: spinal levels, injections per session, program
days, hours a week, and the time since the injury (symptoms over 3 months, within 2 years)."""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field

from drafter.checks.base import (
    MET,
    UNKNOWN,
    UNMET,
    CheckFunction,
    Context,
    Verdict,
    fmt_number,
    request_quote,
)
from drafter.checks.procedure_base import kinds_of, order_of, prior_of, quotes_of
from drafter.dates import parse_date
from drafter.extract_procedures import (
    INJECTION_SERIES,
    SYMPTOM_DURATION,
    series_count,
    symptom_weeks,
    visit_date,
)
from drafter.models import (
    Evidence,
    Model,
    ProcedureKind,
    ProcedureOrder,
    TreatmentRequest,
)
from drafter.rulebook import Criterion


class LevelParams(Model):
    """Spinal levels per session: `max_levels`, and a lower cap for an interlaminar approach."""

    max_levels: int = Field(gt=0)
    interlaminar_max_levels: int | None = Field(default=None, gt=0)


class ProgramParams(Model):
    """How program hours and weeks convert to days (a full day is 8 hours; 5 days a week)."""

    hours_per_day: float = Field(default=8, gt=0)
    days_per_week: float = Field(default=5, gt=0)
    include_prior: bool = False


class InjuryAgeParams(Model):
    """Months from the injury to the UR decision: at least `min_months` and/or at most
    `max_months`."""

    min_months: float | None = Field(default=None, ge=0)
    max_months: float | None = Field(default=None, gt=0)


_NERVE_NAMED = {ProcedureKind.MEDIAL_BRANCH_BLOCK, ProcedureKind.RADIOFREQUENCY_ABLATION}


def _not_stated(what: str, quote: list[Evidence], missing: str) -> Verdict:
    """Unknown: the request leaves `what` out (`missing` names it for the letter)."""
    return UNKNOWN, f"The request does not state {what}.", quote, missing


def _at_most(
    amount: float, limit: float, within: str, over: str, evidence: list[Evidence], details: dict
) -> Verdict:
    """Met, explained by `within`, when `amount` is at most `limit`; else unmet, by `over`."""
    if amount <= limit:
        return MET, within, evidence, None, details
    return UNMET, over, evidence, None, details


def _levels_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    """Spinal segments per session (joint levels for facet procedures)."""
    params = LevelParams.model_validate(criterion.params)
    order, quote = order_of(ctx), request_quote(ctx)
    if order is None or not order.levels:
        return _not_stated("the levels", quote, "the levels to be injected")
    limit = params.max_levels
    if order.approach == "interlaminar" and params.interlaminar_max_levels:
        limit = params.interlaminar_max_levels
    count = len(order.levels)
    if order.kind in _NERVE_NAMED and all("-" not in level for level in order.levels):
        # Medial branches are named by nerve: L3, L4 and L5 (dorsal ramus) cover two joints.
        count = max(1, count - 1)
    approach = f" {order.approach}" if order.approach else ""
    details = {
        "levels": order.levels,
        "count": count,
        "limit": limit,
        "approach": order.approach,
        "side": order.side,
    }
    return _at_most(
        count,
        limit,
        f"{count} level(s) requested, within {limit}{approach}.",
        f"{count} levels requested ({', '.join(order.levels)}), over the limit of {limit}"
        f"{approach} level(s) per session.",
        quote,
        details,
    )


class InjectionParams(Model):
    """`count_series`: without a number in the request, the injection's place in a series the
    records describe ('a third is requested') is the count (a limit on injections in all)."""

    count_series: bool = False


def _injections_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    params = InjectionParams.model_validate(criterion.params)
    order, quote = order_of(ctx), request_quote(ctx)
    limit = ctx.limit(criterion)
    count = order.injections if order else None
    if count is None and params.count_series:
        series = [
            (n, f.evidence)
            for f in ctx.facts.findings
            if f.concept == INJECTION_SERIES and f.present
            for n in [series_count(f.evidence.quote)]
            if n is not None
        ]
        if series:
            count = max(n for n, _ in series)
            quote = quote + [e for _, e in series]
    if count is None:
        return _not_stated("the number of injections", quote, "the number of injections requested")
    return _at_most(
        count,
        limit,
        f"{count} injection(s) requested, within {fmt_number(limit)}.",
        f"{count} injections requested, over {fmt_number(limit)}.",
        quote,
        {"injections": count, "limit": fmt_number(limit)},
    )


def _program_days(
    order: ProcedureOrder | None, request: TreatmentRequest, params: ProgramParams
) -> float | None:
    if order is not None and order.days:
        return order.days
    if order is not None and order.hours:
        return order.hours / params.hours_per_day
    if order is not None and order.weeks:
        return order.weeks * params.days_per_week
    return float(request.total_visits) if request.total_visits else None


_COMPLETED = re.compile(
    r"\b(?:after|following|with)\s+(?:the\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>hours?|hrs?|days?|"
    r"weeks?|wks?|sessions?|visits?)\s+(?:already\s+)?(?:completed|attended|done)\b|"
    r"\b(?P<n2>\d+(?:\.\d+)?)\s*(?P<unit2>hours?|hrs?|days?|weeks?|wks?|sessions?|visits?)\s+"
    r"(?:already\s+|previously\s+)(?:completed|attended)\b",
    re.IGNORECASE,
)


def _completed_days(text: str, params: ProgramParams) -> float | None:
    """Program days the request says are already done ('after 80 hours completed' -> 10)."""
    match = _COMPLETED.search(text)
    if match is None:
        return None
    value = float(match["n"] or match["n2"])
    unit = (match["unit"] or match["unit2"]).lower()
    if unit.startswith("h"):
        return value / params.hours_per_day
    if unit.startswith("w"):
        return value * params.days_per_week
    return value


def _program_days_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    params = ProgramParams.model_validate(criterion.params)
    limit, quote = ctx.limit(criterion), request_quote(ctx)
    days = _program_days(order_of(ctx), ctx.request, params)
    if days is None:
        return _not_stated(
            "the program's length", quote, "the number of program days or hours requested"
        )
    prior_days = 0.0
    evidence = list(quote)
    if params.include_prior:
        priors = prior_of(ctx.facts, ctx.request, kinds_of(ctx, None))
        prior_days = float(sum(p.sessions_completed or 0 for p in priors))
        evidence += quotes_of(priors)
        # 'FRP 5 additional days (after 15 days completed)': the request states the days done
        prior_days = max(prior_days, _completed_days(ctx.request.text, params) or 0.0)
    total = days + prior_days
    details = {
        "days": fmt_number(round(days, 1)),
        "prior_days": fmt_number(prior_days),
        "total_days": fmt_number(round(total, 1)),
        "limit": fmt_number(limit),
        "hours_limit": fmt_number(limit * params.hours_per_day),
    }
    return _at_most(
        total,
        limit,
        f"{details['total_days']} program days, within {details['limit']}.",
        f"{details['total_days']} program days, over {details['limit']}.",
        evidence,
        details,
    )


def _hours_per_week_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    limit, quote, order = ctx.limit(criterion), request_quote(ctx), order_of(ctx)
    hours = order.hours_per_week if order else None
    if hours is None:
        return _not_stated("the hours per week", quote, "the hours per week requested")
    return _at_most(
        hours,
        limit,
        f"{fmt_number(hours)} hours a week, within {fmt_number(limit)}.",
        f"{fmt_number(hours)} hours a week, over {fmt_number(limit)}.",
        quote,
        {"hours": fmt_number(hours), "limit": fmt_number(limit)},
    )


def _rental_days_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    """A device trial (rental) of at most the guideline's month."""
    limit, quote, order = ctx.limit(criterion), request_quote(ctx), order_of(ctx)
    days = order.rental_days if order else None
    if days is None:
        return _not_stated("the length of the trial", quote, "the length of the rental trial")
    return _at_most(
        days,
        limit,
        f"A {days}-day trial, within one month.",
        f"A {days}-day trial, longer than one month.",
        quote,
        {"days": days, "limit": fmt_number(limit)},
    )


def _months_since_injury(criterion: Criterion, ctx: Context) -> Verdict:
    params = InjuryAgeParams.model_validate(criterion.params)
    injury = ctx.facts.date_of_injury
    review = parse_date(ctx.facts.utilization_review.date or "")
    quotes = [e for e in ctx.facts.evidence if "injur" in e.quote.lower()]
    if ctx.facts.utilization_review.evidence:
        quotes.append(ctx.facts.utilization_review.evidence)
    if review is None and injury is not None:
        review = _latest_visit(ctx, injury)
    if review is None or injury is None:
        weeks = _symptom_weeks(ctx)
        if weeks is not None:
            return _injury_age_verdict(
                params, weeks[0] / 4.35, [weeks[1]], "since the symptoms began"
            )
    if injury is None or review is None:
        return (
            UNKNOWN,
            "The time since the injury cannot be computed.",
            quotes,
            ("the date of injury and of the request"),
        )
    # Calendar months, so that 1 January to 1 April is 3 months exactly.
    months = (review.year - injury.year) * 12 + review.month - injury.month
    months += (review.day - injury.day) / 31
    return _injury_age_verdict(params, months, quotes, "since the injury")


def _latest_visit(ctx: Context, injury: date) -> date | None:
    """Without a UR date: the latest visit the records date after the injury."""
    dates = [
        d
        for f in ctx.facts.findings
        if f.concept == SYMPTOM_DURATION and f.present
        for d in [visit_date(f.evidence.quote)]
        if d is not None and d > injury
    ]
    return max(dates, default=None)


def _symptom_weeks(ctx: Context) -> tuple[float, Evidence] | None:
    """How long the records say the symptoms have lasted ('began six weeks ago')."""
    for f in ctx.facts.findings:
        if f.concept == SYMPTOM_DURATION and f.present:
            weeks = symptom_weeks(f.evidence.quote)
            if weeks is not None:
                return weeks, f.evidence
    return None


def _injury_age_verdict(
    params: InjuryAgeParams, months: float, quotes: list[Evidence], since: str
) -> Verdict:
    details = {
        "months": fmt_number(round(months)),
        "min": fmt_number(params.min_months or 0),
        "max": fmt_number(params.max_months or 0),
    }
    if params.min_months is not None and months < params.min_months:
        return (
            UNMET,
            (f"About {details['months']} months {since}, fewer than {details['min']}."),
            quotes,
            None,
            details | {"side": "short"},
        )
    if params.max_months is not None and months > params.max_months:
        return (
            UNMET,
            (f"About {details['months']} months {since}, more than {details['max']}."),
            quotes,
            None,
            details | {"side": "long"},
        )
    return (
        MET,
        f"About {details['months']} months {since}.",
        quotes,
        None,
        details | {"side": None},
    )


CHECKS: dict[str, CheckFunction] = {
    "injection_levels_within": _levels_at_most,
    "injections_at_most": _injections_at_most,
    "program_days_at_most": _program_days_at_most,
    "hours_per_week_at_most": _hours_per_week_at_most,
    "months_since_injury": _months_since_injury,
    "rental_days_at_most": _rental_days_at_most,
}
PARAMS: dict[str, type[Model]] = {
    "injection_levels_within": LevelParams,
    "injections_at_most": InjectionParams,
    "program_days_at_most": ProgramParams,
    "months_since_injury": InjuryAgeParams,
}

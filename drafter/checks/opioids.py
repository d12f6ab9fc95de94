"""Opioid checks: the "4 A's" of ongoing management (analgesia, activities of daily living, adverse
effects, aberrant behaviour), urine drug screens, the morphine-equivalent dose and a drug's daily
maximum. Also used by other rules that ask for function on a medication."""

from __future__ import annotations

import re
from dataclasses import replace

from pydantic import Field

from drafter.checks.base import MET, UNKNOWN, UNMET, Context, Verdict, fmt_number, request_quote
from drafter.checks.medication_common import (
    MEANINGFUL_RELIEF_PERCENT,
    current_uses,
    evidence_of,
    no_relief,
    order_of,
    pain_report,
    relief_percent,
    report_for,
)
from drafter.medication_orders import catalogue, daily_mg, morphine_equivalent
from drafter.models import Evidence, MedicationOrder, Model, WorkStatus
from drafter.rulebook import Criterion


def _analgesia(criterion: Criterion, ctx: Context) -> Verdict:
    pain = pain_report(ctx.facts, ctx.request)
    quotes = evidence_of(pain.evidence)
    details = {
        "with": pain.with_medication,
        "without": pain.without_medication,
        "percent": pain.percent_relief,
    }
    if pain.with_medication is not None and pain.without_medication is not None:
        w, wo = pain.with_medication, pain.without_medication
        if (relief_percent(pain) or 0) >= MEANINGFUL_RELIEF_PERCENT:
            return (
                MET,
                f"Pain is {w:g}/10 with and {wo:g}/10 without medication.",
                quotes,
                None,
                details,
            )
        return (
            UNMET,
            f"Pain is {w:g}/10 with and {wo:g}/10 without medication: no relief.",
            quotes,
            None,
            details,
        )
    if pain.percent_relief:
        return (
            MET,
            f"{pain.percent_relief:g}% pain relief from medication is documented.",
            quotes,
            None,
            details,
        )
    if pain.relief_denied:
        return no_relief(quotes, details)
    return (
        UNKNOWN,
        "Pain levels with and without medication are not documented.",
        [],
        "pain relief from the medication (pain levels with and without it)",
        details,
    )


class FunctionParams(Model):
    accept_work: bool = Field(
        default=True, description="A worker back at work meets the criterion (opioids)."
    )


def _function(criterion: Criterion, ctx: Context) -> Verdict:
    history = ctx.facts.medication_history
    benefit = report_for(
        history.function_reports, history.functional_benefit, order_of(ctx.request)
    )
    work = ctx.facts.work
    working = work.status in (WorkStatus.FULL_DUTY, WorkStatus.MODIFIED_DUTY)
    details = {"working": working, "status": work.status.value}
    if benefit.value is True:
        return (
            MET,
            "Improved function on the medication is documented.",
            evidence_of(benefit.evidence),
            None,
            details,
        )
    if criterion.params.get("accept_work") and working:
        return MET, "The injured worker is working.", evidence_of(work.evidence), None, details
    if benefit.value is False:
        return (
            UNMET,
            "The records state function has not improved on the medication.",
            evidence_of(benefit.evidence),
            None,
            details,
        )
    return (
        UNKNOWN,
        "Functional improvement from the medication is not documented.",
        evidence_of(work.evidence) if work.status == WorkStatus.NOT_WORKING else [],
        "objective functional improvement from the medication",
        details,
    )


def _adverse_effects(criterion: Criterion, ctx: Context) -> Verdict:
    effects = ctx.facts.medication_history.side_effects
    details = {"present": effects.value}
    if effects.assessed:
        found = "reported" if effects.value else "denied"
        return (
            MET,
            f"Side effects were assessed ({found}).",
            evidence_of(effects.evidence),
            None,
            details,
        )
    return (
        UNKNOWN,
        "No assessment of side effects is documented.",
        [],
        "an assessment of side effects",
        details,
    )


def _aberrant(criterion: Criterion, ctx: Context) -> Verdict:
    fact = ctx.facts.medication_history.aberrant_behavior
    if fact.value is True:
        return UNMET, "Aberrant drug-related behaviour is documented.", evidence_of(fact.evidence)
    if fact.value is False:
        return (
            MET,
            "Monitoring shows no aberrant drug-related behaviour.",
            evidence_of(fact.evidence),
        )
    return (
        UNKNOWN,
        "Monitoring for aberrant drug-related behaviour is not documented.",
        [],
        "monitoring for aberrant drug-taking behavior",
    )


def _urine_drug_screen(criterion: Criterion, ctx: Context) -> Verdict:
    screens = ctx.facts.medication_history.urine_drug_screens
    done = [s for s in screens if s.performed]
    if done:
        results = sorted({s.result for s in done})
        return (
            MET,
            f"A urine drug screen is documented ({', '.join(results)}).",
            [s.evidence for s in done],
            None,
            {"results": results},
        )
    if screens:
        return (
            UNMET,
            "The records state there is no urine drug screen.",
            [s.evidence for s in screens],
        )
    return UNKNOWN, "No urine drug screen is documented.", [], "a urine drug screen"


def _dose_of(
    order: MedicationOrder, ctx: Context
) -> tuple[float | None, float | None, float | None, list[Evidence]]:
    """(strength, units per dose, doses per day) of the order, filling what it leaves out from
    the history of the same drug, with the history's quote when used."""
    strength, units, doses = order.strength_mg, order.units_per_dose, order.doses_per_day
    quotes = request_quote(ctx)
    same = [u for u in current_uses(ctx.facts, order) if u.generic == order.generic]
    for use in same:
        if (
            doses is None
            and use.doses_per_day
            and (strength is None or use.strength_mg in (None, strength))
        ):
            doses = use.doses_per_day
            strength = strength or use.strength_mg
            quotes = [*quotes, use.evidence]
    return strength, units, doses, quotes


def _morphine_equivalent_of(
    order: MedicationOrder, ctx: Context
) -> tuple[float | None, list[Evidence]]:
    """The order's morphine-equivalent daily dose (a patch's from its strength alone), with the
    quotes it rests on."""
    strength, units, doses, quotes = _dose_of(order, ctx)
    drug = catalogue().drug(order.generic)
    if drug is not None and drug.mme_per_mcg_hour is not None:
        return morphine_equivalent(order.generic, strength), quotes
    return morphine_equivalent(order.generic, daily_mg(strength, units, doses)), quotes


def _med(criterion: Criterion, ctx: Context) -> Verdict:
    order = order_of(ctx.request)
    limit = ctx.limit(criterion)
    if order is None or order.generic is None:
        return (
            UNKNOWN,
            "The opioid requested is not identified.",
            request_quote(ctx),
            "the opioid and its dose",
        )
    med, quotes = _morphine_equivalent_of(order, ctx)
    if med is None:
        return (
            UNKNOWN,
            "The daily dose cannot be determined (strength or frequency not stated).",
            quotes,
            "the daily dose (strength and frequency) of the opioid",
            {"limit": limit},
        )
    others: list[tuple[str, float, Evidence | None]] = []
    requested = set()
    for request in ctx.facts.requests:
        # the other opioids requested in the same case are taken together with this one
        other_order = request.medication
        if (
            request is ctx.request
            or other_order is None
            or "opioid" not in other_order.drug_classes
            or other_order.generic in (None, order.generic)
        ):
            continue
        other, _ = _morphine_equivalent_of(other_order, replace(ctx, request=request))
        if other is not None:
            requested.add(other_order.generic)
            others.append((request.text, other, request.evidence))
    for use in ctx.facts.medication_history.medications:
        if (
            use.current
            and "opioid" in use.drug_classes
            and use.generic != order.generic
            and use.generic not in requested
        ):
            drug = catalogue().drug(use.generic) if use.generic else None
            patch = drug is not None and drug.mme_per_mcg_hour is not None
            # a patch's strength is its rate (mcg/h), not a dose taken so many times a day
            dose = use.strength_mg if patch else daily_mg(use.strength_mg, None, use.doses_per_day)
            other = morphine_equivalent(use.generic, dose)
            if other is not None:
                others.append((use.name, other, use.evidence))
    total = med + sum(o for _, o, _ in others)
    quotes += [e for _, _, e in others if e is not None]
    details = {
        "med": round(total, 1),
        "limit": limit,
        "request_med": round(med, 1),
        "other_opioids": [name for name, _, _ in others],
    }
    summary = f"Morphine-equivalent dose {fmt_number(round(total, 1))} mg/day"
    if total <= limit:
        return MET, f"{summary}, within {fmt_number(limit)} mg.", quotes, None, details
    return UNMET, f"{summary}, above {fmt_number(limit)} mg.", quotes, None, details


def _label_maximum(criterion: Criterion, ctx: Context) -> Verdict:
    order = order_of(ctx.request)
    drug = catalogue().drug(order.generic) if order and order.generic else None
    if order is None or drug is None or drug.max_daily_mg is None:
        return (
            MET,
            "The guideline states no daily maximum for this drug.",
            request_quote(ctx),
            None,
            {"max_mg": None},
        )
    maximum = drug.max_daily_mg
    if order.extended_release and drug.max_daily_mg_extended_release:
        maximum = drug.max_daily_mg_extended_release
    strength, units, doses, quotes = _dose_of(order, ctx)
    daily = daily_mg(strength, units, doses)
    details = {"daily_mg": daily, "max_mg": maximum, "drug": drug.generic}
    if daily is None:
        return UNKNOWN, "The daily dose is not stated.", quotes, "the daily dose", details
    result = MET if daily <= maximum else UNMET
    relation = "within" if result == MET else "above"
    return (
        result,
        f"{daily:g} mg/day, {relation} the {maximum:g} mg/day maximum.",
        quotes,
        None,
        details,
    )


_TAPER_WORDS = re.compile(r"\b(?:taper\w*|wean\w*)\b", re.IGNORECASE)
_DAYS_PER_FILL = 30
_DECLINED = re.compile(r"\b(?:declin\w*|refus\w*|no|not|without)\b[^,;]{0,20}$", re.IGNORECASE)


def _taper_dose(criterion: Criterion, ctx: Context) -> Verdict:
    """A request that supplies a taper: the request says so ('#75 (taper)'), or its daily dose
    (strength x quantity over a month's fill) is below the current daily dose of the drug."""
    order = order_of(ctx.request)
    quotes = request_quote(ctx)
    stated = _TAPER_WORDS.search(ctx.request.text)
    if stated and not _DECLINED.search(ctx.request.text[: stated.start()]):
        return MET, "The request is written as a taper.", quotes, None, {"state": "stated"}
    requested = None
    if order and order.strength_mg:
        # the directions' daily dose; without them, the quantity over a month's fill
        requested = daily_mg(order.strength_mg, order.units_per_dose, order.doses_per_day)
        if requested is None and order.quantity:
            requested = order.strength_mg * order.quantity / _DAYS_PER_FILL
    same = [u for u in current_uses(ctx.facts, order) if order and u.generic == order.generic]
    # a history that gives the doses a day but not the strength is read at the order's strength
    current = next(
        (
            daily_mg(u.strength_mg or order.strength_mg, None, u.doses_per_day)
            for u in same
            if u.doses_per_day and order
        ),
        None,
    )
    if requested is None or current is None:
        return (
            UNKNOWN,
            "Whether the requested quantity lowers the current daily dose is not documented.",
            quotes,
            "the current and requested daily doses",
        )
    details = {"requested_mg": round(requested, 1), "current_mg": round(current, 1)}
    evidence = [*quotes, *(u.evidence for u in same if u.evidence)]
    now, asked = fmt_number(current), fmt_number(requested)
    if requested < current:
        text = f"The request lowers the daily dose from {now} mg to about {asked} mg."
        return MET, text, evidence, None, details
    text = f"The request (about {asked} mg a day) does not lower the current {now} mg a day."
    return UNMET, text, evidence, None, details

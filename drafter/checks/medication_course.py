"""Checks on a course of medication: how long it has been taken, which drugs were tried before or
are taken with it, GI risk for a PPI, documented benefit, and drugs the guideline rejects."""

from __future__ import annotations

from typing import Literal

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
from drafter.medication_orders import days_supply
from drafter.models import Evidence, Model
from drafter.rulebook import Criterion


def _short_term(criterion: Criterion, ctx: Context) -> Verdict:
    """Prior use (weeks) plus the supply requested, against a short-term limit in weeks."""
    limit = ctx.limit(criterion)
    order = order_of(ctx.request)
    uses = current_uses(ctx.facts, order)
    supply = days_supply(order) if order else None
    if supply and order and order.refills:
        supply *= 1 + order.refills  # '#30 x3 refills': four fills
    supply_weeks = supply / 7 if supply else 0.0
    details: dict = {"limit_weeks": limit, "supply_days": round(supply) if supply else None}
    details["ongoing"] = bool(uses)
    if uses:
        known = [u for u in uses if u.weeks_of_use is not None]
        quotes = [u.evidence for u in uses]
        if known:
            weeks = max(u.weeks_of_use or 0 for u in known)
            details |= {"weeks_of_use": round(weeks), "since": known[0].since_text}
            total = weeks + supply_weeks
            result = MET if total <= limit else UNMET
            return (
                result,
                (
                    f"In use for about {weeks:.0f} weeks; with the supply requested, "
                    f"{total:.0f} weeks against a limit of {fmt_number(limit)}."
                ),
                quotes,
                None,
                details,
            )
        long_term = next((u for u in uses if u.since_text), None)
        if long_term is not None:
            details |= {"since": long_term.since_text}
            return (
                UNMET,
                f"Used {long_term.since_text}, beyond short-term use.",
                quotes,
                None,
                details,
            )
        return (
            UNKNOWN,
            "The medication is already being taken; for how long is not documented.",
            quotes,
            "how long the medication has been taken",
            details,
        )
    quantity = order.quantity if order and not order.quantity_unit else None
    if supply is None and quantity is not None and 0 < quantity <= limit * 7:
        # No directions, but so few doses that even one a day ends within the limit: '#2'
        # for a single procedure cannot become the long-term use the guideline warns against.
        details["max_days"] = round(quantity)
        return (
            MET,
            (
                f"A new prescription for {fmt_number(quantity)} doses: even at one a day, at most "
                f"{fmt_number(quantity)} days of use, within {fmt_number(limit)} weeks."
            ),
            request_quote(ctx),
            None,
            details,
        )
    if supply is None:
        return (
            UNKNOWN,
            "The request does not state the days' supply (quantity and directions).",
            request_quote(ctx),
            "the days' supply requested",
            details,
        )
    result = MET if supply_weeks <= limit else UNMET
    return (
        result,
        (
            f"A new prescription for about {supply:.0f} days against a limit of "
            f"{fmt_number(limit)} weeks."
        ),
        request_quote(ctx),
        None,
        details,
    )


class DrugClassParams(Model):
    drug_classes: list[str] = Field(min_length=1, description="Drug classes or subclasses.")
    label: str = Field(description="How the letter names them ('first-line oral analgesics').")
    exempt_ingredient_classes: list[str] = Field(
        default_factory=list,
        description="Topicals whose ingredients are all of these classes need no such trial.",
    )


def _prior_trial(criterion: Criterion, ctx: Context) -> Verdict:
    params = DrugClassParams.model_validate(criterion.params)
    order = order_of(ctx.request)
    label = params.label
    if (
        order
        and order.ingredients
        and params.exempt_ingredient_classes
        and all(i.drug_class in params.exempt_ingredient_classes for i in order.ingredients)
    ):
        return (
            MET,
            f"No prior trial of {label} is needed for this product.",
            request_quote(ctx),
            None,
            {"exempt": True, "label": label},
        )
    wanted = set(params.drug_classes)
    tried = [
        u
        for u in ctx.facts.medication_history.medications
        if wanted & set(u.drug_classes) and (order is None or u.generic != order.generic)
    ]
    details = {"label": label, "exempt": False, "tried": sorted({u.name for u in tried})}
    if tried:
        return MET, f"A trial of {label} is documented.", [u.evidence for u in tried], None, details
    return UNKNOWN, f"No trial of {label} is documented.", [], f"a trial of {label}", details


def _concurrent(criterion: Criterion, ctx: Context) -> Verdict:
    params = DrugClassParams.model_validate(criterion.params)
    wanted = set(params.drug_classes)
    uses = [
        u
        for u in ctx.facts.medication_history.medications
        if u.current and wanted & set(u.drug_classes)
    ]
    requested = [
        r
        for r in ctx.facts.requests
        if r is not ctx.request
        and (o := order_of(r))
        and wanted & set(o.drug_classes)
        and o.route != "topical"
    ]
    names: dict[str, str] = {}
    for name in [u.name for u in uses] + [o.drug_text for r in requested if (o := order_of(r))]:
        names.setdefault(name.lower(), name)  # 'Naproxen' requested, 'naproxen' taken: once
    details = {"label": params.label, "drugs": sorted(names.values())}
    if uses or requested:
        return (
            MET,
            f"Current use of {params.label} is documented.",
            [u.evidence for u in uses] + [e for r in requested if (e := r.evidence)],
            None,
            details,
        )
    return (
        UNKNOWN,
        f"Current use of {params.label} is not documented.",
        [],
        f"current use of {params.label}",
        details,
    )


class GiRiskParams(Model):
    age_over: int = Field(default=65, description="Age above which GI risk is present.")


def _gi_risk(criterion: Criterion, ctx: Context) -> Verdict:
    params = GiRiskParams.model_validate(criterion.params)
    age = ctx.facts.age
    if age is not None and age > params.age_over:
        quotes = [e for e in ctx.facts.evidence if "year" in e.quote.lower()]
        return (
            MET,
            f"The injured worker is {age}, over {params.age_over}.",
            quotes,
            None,
            {"age": age, "factor": "age"},
        )
    nsaids = [
        u
        for u in ctx.facts.medication_history.medications
        if u.current and "nsaid" in u.drug_classes
    ]
    if len({u.generic for u in nsaids}) >= 2:
        return (
            MET,
            "More than one NSAID is being taken.",
            [u.evidence for u in nsaids],
            None,
            {"factor": "multiple NSAIDs"},
        )
    findings = [f for f in ctx.facts.findings if f.concept == criterion.concept]
    asserted = [f.evidence for f in findings if f.present]
    if asserted:
        return (
            MET,
            "A gastrointestinal risk factor or NSAID-related GI symptom is documented.",
            asserted,
            None,
            {"factor": "documented"},
        )
    denied = [f.evidence for f in findings if not f.present]
    if denied:
        return (
            UNMET,
            "The records deny gastrointestinal risk factors or GI symptoms.",
            denied,
            None,
            {"age": age},
        )
    return (
        UNKNOWN,
        "No gastrointestinal risk factor or NSAID-related GI symptom is documented.",
        [],
        "a gastrointestinal risk factor",
        {"age": age},
    )


class BenefitParams(Model):
    accept: list[Literal["pain", "function", "sleep", "mood"]] = Field(
        min_length=1, description="Which documented benefits show the medication is working."
    )


MOOD_BENEFIT = "antidepressant_mood_benefit"
"""The rule concept for an improved mood or psychological status on an antidepressant ('her mood
has improved', 'PHQ-9 decreased from 18 to 9'), read as a finding (negation-aware)."""


def _benefit(criterion: Criterion, ctx: Context) -> Verdict:
    accept = BenefitParams.model_validate(criterion.params).accept
    history = ctx.facts.medication_history
    order = order_of(ctx.request)
    pain = report_for(history.pain_reports, history.pain, order)
    function = report_for(history.function_reports, history.functional_benefit, order)
    found: list[tuple[str, Evidence | None]] = []
    denied: list[tuple[str, Evidence | None]] = []
    if "pain" in accept:
        percent = relief_percent(pain)
        if percent is not None and percent >= MEANINGFUL_RELIEF_PERCENT:
            found.append(("pain relief", pain.evidence))
        elif pain.relief_denied or percent is not None:
            denied.append(("pain relief", pain.evidence))
    for kind, fact in (("function", function), ("sleep", history.sleep_benefit)):
        if kind in accept and fact.value is True:
            found.append((f"improved {kind}", fact.evidence))
        elif kind in accept and fact.value is False:
            denied.append((f"improved {kind}", fact.evidence))
    if "mood" in accept:
        moods = [f for f in ctx.facts.findings if f.concept == MOOD_BENEFIT]
        if any(f.present for f in moods):
            found.append(("improved mood", next(f.evidence for f in moods if f.present)))
        elif moods:
            denied.append(("improved mood", moods[0].evidence))
    what = " or ".join(
        {
            "pain": "pain relief",
            "function": "functional improvement",
            "sleep": "improved sleep",
            "mood": "improved mood",
        }[a]
        for a in accept
    )
    if found:
        kinds = [k for k, _ in found]
        return (
            MET,
            f"Benefit from the medication is documented ({', '.join(kinds)}).",
            evidence_of(*(e for _, e in found)),
            None,
            {"benefits": kinds},
        )
    if denied:
        return (
            UNMET,
            f"The records state there is no {what} from the medication.",
            evidence_of(*(e for _, e in denied)),
            None,
            {"what": what},
        )
    return (
        UNKNOWN,
        f"No {what} from the medication is documented.",
        [],
        f"{what} from the medication",
        {"what": what},
    )


def _pain_reduction(criterion: Criterion, ctx: Context) -> Verdict:
    limit = ctx.limit(criterion)
    pain = pain_report(ctx.facts, ctx.request)
    percent = relief_percent(pain)
    details = {"percent": round(percent) if percent is not None else None, "limit": limit}
    quotes = evidence_of(pain.evidence)
    if percent is None:
        if pain.relief_denied:
            return no_relief(quotes, details)
        return (
            UNKNOWN,
            "The degree of pain relief is not documented.",
            [],
            "the degree of pain relief from the medication",
            details,
        )
    result = MET if percent >= limit else UNMET
    relation = "at least" if result == MET else "less than"
    return (
        result,
        f"{percent:.0f}% pain reduction, {relation} {fmt_number(limit)}%.",
        quotes,
        None,
        details,
    )


class NotRecommendedParams(Model):
    reason: str = Field(min_length=1, description="Why the guideline does not recommend it.")
    only_for_class: str | None = Field(
        default=None,
        description="The guideline advises against the drug only for a problem caused by this "
        "class (antiemetics: nausea from opioids). The drug is then not ruled out when no drug of "
        "the class is taken and the records give another cause (`other_cause_concept`) or deny "
        "use of the class (a negated `class_concept` mention: 'she takes no opioids').",
    )
    other_cause_concept: str | None = None
    class_concept: str | None = None
    met_reason: str = "the records document another cause and no use of the drug class concerned"


def _not_recommended(criterion: Criterion, ctx: Context) -> Verdict:
    params = NotRecommendedParams.model_validate(criterion.params)
    if params.only_for_class and _other_cause(params, ctx):
        return MET, params.met_reason, request_quote(ctx), None, {"reason": params.met_reason}
    reason = params.reason
    return UNMET, reason, request_quote(ctx), None, {"reason": reason}


def _other_cause(params: NotRecommendedParams, ctx: Context) -> bool:
    """No drug of the class is taken, none is named as the cause, and another cause is given
    or use of the class is denied."""
    history = ctx.facts.medication_history
    if any(u.current and params.only_for_class in u.drug_classes for u in history.medications):
        return False
    requested = [r.medication for r in ctx.facts.requests if r.medication is not None]
    if any(params.only_for_class in order.drug_classes for order in requested):
        return False  # 'ondansetron "for nausea with the Percocet"' beside a Percocet request
    findings = ctx.facts.findings
    named = [f for f in findings if f.concept == params.class_concept]
    if any(f.present for f in named):
        return False
    other = any(f.present for f in findings if f.concept == params.other_cause_concept)
    return other or bool(named)

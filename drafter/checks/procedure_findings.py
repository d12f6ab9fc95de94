"""Procedure checks on documented findings: an indication made of several concepts ("a red flag,
or nerve compromise with failed conservative care and surgery considered"), a finding that
excludes the procedure, symptoms in the limb a study is for, and the medications that make
drug testing appropriate."""

from __future__ import annotations

import re

from pydantic import Field

from drafter.checks.base import (
    MET,
    UNKNOWN,
    UNMET,
    CheckFunction,
    Context,
    Verdict,
    request_quote,
)
from drafter.checks.procedure_base import order_of
from drafter.models import (
    Evidence,
    Model,
)
from drafter.rulebook import Criterion


class MedicationParams(Model):
    """Medication names (any one documented meets the criterion) and how to name the class."""

    names: list[str] = Field(min_length=1)
    what: str = Field(min_length=3)


class IndicationParams(Model):
    """Met when any concept of `any_of` is documented, or every concept of `all_of` is."""

    any_of: list[str] = Field(default_factory=list)
    all_of: list[str] = Field(default_factory=list)
    what: str = Field(min_length=3, description="How the letter names the indication.")


def _concept_state(ctx: Context, label: str) -> tuple[str, list[Evidence]]:
    """'present', 'denied' or 'silent' for one of the rule's concepts, with quotes."""
    findings = [f for f in ctx.facts.findings if f.concept == label]
    asserted = [f.evidence for f in findings if f.present]
    if asserted:
        return "present", asserted
    denied = [f.evidence for f in findings if not f.present]
    return ("denied", denied) if denied else ("silent", [])


def _describe(ctx: Context, label: str) -> str:
    concept = next((c for c in ctx.rule.concepts if c.label == label), None)
    if concept is None:
        raise KeyError(f"rule {ctx.rule.id}: unknown concept {label!r}")
    return concept.describes


def _indication(criterion: Criterion, ctx: Context) -> Verdict:
    params = IndicationParams.model_validate(criterion.params)
    states = {label: _concept_state(ctx, label) for label in [*params.any_of, *params.all_of]}
    present = [label for label in params.any_of if states[label][0] == "present"]
    if present:
        return (
            MET,
            f"The records document {_describe(ctx, present[0])}.",
            states[present[0]][1],
            (None),
            {"what": params.what, "found": [_describe(ctx, x) for x in present], "missing": []},
        )
    if params.all_of and all(states[label][0] == "present" for label in params.all_of):
        evidence = [e for label in params.all_of for e in states[label][1]]
        found = [_describe(ctx, x) for x in params.all_of]
        return (
            MET,
            f"The records document {', '.join(found)}.",
            evidence,
            None,
            {"what": params.what, "found": found, "missing": []},
        )
    found = [_describe(ctx, x) for x in params.all_of if states[x][0] == "present"]
    missing = [_describe(ctx, x) for x in params.all_of if states[x][0] != "present"]
    absent = [_describe(ctx, x) for x in params.any_of]
    evidence = [e for label in states for e in states[label][1]]
    details = {"what": params.what, "found": found, "missing": missing, "absent": absent}
    denied = any(states[x][0] == "denied" for x in [*params.any_of, *params.all_of])
    result = UNMET if denied else UNKNOWN
    return (
        result,
        f"The records do not document {params.what}.",
        evidence,
        (params.what if result == UNKNOWN else None),
        details,
    )


_LIMB_WORDS = {
    "upper": re.compile(
        r"\barms?\b|\bhands?\b|finger|thumb|upper (?:extremit|limb)|shoulder|elbow|wrist|"
        r"forearm|ulnar|median",
        re.IGNORECASE,
    ),
    "lower": re.compile(
        r"\blegs?\b|\bfoot\b|\bfeet\b|\btoes?\b|thigh|calf|calves|buttock|lower (?:extremit|"
        r"limb)|\bknees?\b|ankle|shin|sciatic",
        re.IGNORECASE,
    ),
}


_UPPER_REGIONS = {"neck", "thoracic", "shoulder", "elbow", "forearm_wrist_hand", "carpal_tunnel"}


def _limb(ctx: Context) -> str | None:
    order = order_of(ctx)
    if order is not None and order.limb:
        return order.limb
    region = ctx.request.body_region
    if region is None:
        return None
    return "upper" if region.value in _UPPER_REGIONS else "lower"


def _limb_symptoms(criterion: Criterion, ctx: Context) -> Verdict:
    """Symptoms in the limbs the study is for: leg numbness does not justify an upper-extremity
    EMG. A finding counts when its sentence names a part of that limb."""
    params = IndicationParams.model_validate(criterion.params)
    labels = [*params.any_of, *params.all_of]
    limb = _limb(ctx)
    words = _LIMB_WORDS.get(limb or "")
    findings = [
        f
        for f in ctx.facts.findings
        if f.concept in labels and (words is None or words.search(f.evidence.quote))
    ]
    details = {"what": params.what, "limb": limb}
    asserted = [f.evidence for f in findings if f.present]
    if asserted:
        return MET, f"The records document {params.what}.", asserted[:2], None, details
    denied = [f.evidence for f in findings if not f.present]
    if denied:
        return UNMET, f"The records deny {params.what}.", denied[:2], None, details
    return UNKNOWN, f"The records do not document {params.what}.", [], params.what, details


def _concept_absent(criterion: Criterion, ctx: Context) -> Verdict:
    label = str(criterion.concept)
    state, evidence = _concept_state(ctx, label)
    describes = _describe(ctx, label)
    if state == "present":
        return UNMET, f"The records document {describes}.", evidence, None, {"state": state}
    return MET, f"The records do not document {describes}.", evidence, None, {"state": state}


def _medication_documented(criterion: Criterion, ctx: Context) -> Verdict:
    """A medication of a class (opioids for drug testing) is in the documented medications (the
    quote is its name as the record writes it), or the criterion's concept ('opioids', 'Dilaudid')
    is documented."""
    params = MedicationParams.model_validate(criterion.params)
    wanted = {n.lower() for n in params.names}
    found = [m for m in ctx.facts.medications if m.lower() in wanted]
    history = ctx.facts.medication_history.medications
    if found and history:
        # The flat list holds every name the records mention ('tramadol was discontinued in
        # 2013'); where the medication history was read, only a current one counts.
        current = " | ".join(f"{m.name} {m.generic or ''}".lower() for m in history if m.current)
        found = [m for m in found if m.lower() in current]
    if found:
        return (
            MET,
            f"The records document {', '.join(found)}.",
            [Evidence(quote=m) for m in found],
            None,
            {"what": params.what, "found": found},
        )
    if criterion.concept:
        state, evidence = _concept_state(ctx, criterion.concept)
        if state == "present":
            return (
                MET,
                f"The records document {params.what}.",
                evidence,
                None,
                {
                    "what": params.what,
                    "found": [],
                },
            )
        if state == "denied":
            return (
                UNMET,
                f"The records deny {params.what}.",
                evidence,
                None,
                {
                    "what": params.what,
                    "found": [],
                },
            )
    return (
        UNKNOWN,
        f"The records do not document {params.what}.",
        [],
        params.what,
        {"what": params.what, "found": []},
    )


def _concept_if_ncv(criterion: Criterion, ctx: Context) -> Verdict:
    """Nerve conduction studies need their own indication (a suspected peripheral neuropathy or
    entrapment); a request without NCV/NCS meets this criterion."""
    order = order_of(ctx)
    if order is None or not order.ncv:
        return (
            MET,
            "The request does not include nerve conduction studies.",
            request_quote(ctx),
            (None),
            {"state": "no_ncv"},
        )
    label = str(criterion.concept)
    state, evidence = _concept_state(ctx, label)
    describes = _describe(ctx, label)
    if state == "present":
        return MET, f"The records document {describes}.", evidence, None, {"state": state}
    result = UNMET if state == "denied" else UNKNOWN
    return (
        result,
        f"The records do not document {describes}.",
        evidence,
        (describes if result == UNKNOWN else None),
        {"state": state},
    )


CHECKS: dict[str, CheckFunction] = {
    "indication_documented": _indication,
    "limb_symptoms_documented": _limb_symptoms,
    "concept_absent": _concept_absent,
    "concept_documented_if_ncv": _concept_if_ncv,
    "medication_documented": _medication_documented,
}
PARAMS: dict[str, type[Model]] = {
    "indication_documented": IndicationParams,
    "limb_symptoms_documented": IndicationParams,
    "medication_documented": MedicationParams,
}

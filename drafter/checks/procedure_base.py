"""What the procedure checks share: the request's parsed details, the documented prior procedures
of a kind (in the same region), their quotes, and how the letter names each kind."""

from __future__ import annotations

from drafter.checks.base import Context
from drafter.models import (
    CaseFacts,
    Evidence,
    PriorProcedure,
    ProcedureKind,
    ProcedureOrder,
    TreatmentRequest,
)

KIND_NOUNS: dict[ProcedureKind, str] = {
    ProcedureKind.EPIDURAL_STEROID_INJECTION: "epidural steroid injection",
    ProcedureKind.FACET_INJECTION: "facet joint injection",
    ProcedureKind.MEDIAL_BRANCH_BLOCK: "medial branch block",
    ProcedureKind.RADIOFREQUENCY_ABLATION: "radiofrequency ablation",
    ProcedureKind.TRIGGER_POINT_INJECTION: "trigger point injection",
    ProcedureKind.SACROILIAC_INJECTION: "sacroiliac joint injection",
    ProcedureKind.MRI: "MRI",
    ProcedureKind.ELECTRODIAGNOSTIC: "electrodiagnostic study",
    ProcedureKind.URINE_DRUG_SCREEN: "urine drug screen",
    ProcedureKind.TENS: "TENS unit",
    ProcedureKind.INTERFERENTIAL: "interferential stimulator",
    ProcedureKind.H_WAVE: "H-wave unit",
    ProcedureKind.FUNCTIONAL_RESTORATION: "functional restoration program",
    ProcedureKind.WORK_CONDITIONING: "work conditioning program",
    ProcedureKind.PSYCHOTHERAPY: "psychological treatment",
    ProcedureKind.BIOFEEDBACK: "biofeedback",
    ProcedureKind.GYM_MEMBERSHIP: "gym membership",
    ProcedureKind.HOME_HEALTH: "home health services",
}


def kind_noun(kind: ProcedureKind) -> str:
    return KIND_NOUNS.get(kind, kind.value.replace("_", " "))


def order_of(ctx: Context) -> ProcedureOrder | None:
    return ctx.request.procedure


def kinds_of(ctx: Context, kinds: list[ProcedureKind] | None) -> list[ProcedureKind]:
    if kinds:
        return kinds
    order = order_of(ctx)
    return [order.kind] if order else []


def _same_region(prior: PriorProcedure, request: TreatmentRequest) -> bool:
    """A prior cervical injection does not make a lumbar one a repeat."""
    if prior.body_region is None or request.body_region is None:
        return True
    return prior.body_region == request.body_region


def prior_of(
    facts: CaseFacts, request: TreatmentRequest, kinds: list[ProcedureKind]
) -> list[PriorProcedure]:
    """Documented prior procedures of `kinds` in the request's region (not 'has not had')."""
    return [
        p
        for p in facts.procedure_history
        if p.kind in kinds and not p.none_documented and _same_region(p, request)
    ]


def quotes_of(priors: list[PriorProcedure]) -> list[Evidence]:
    quotes: list[Evidence] = []
    for p in priors:
        for e in (p.evidence, p.relief_evidence):
            if e is not None and e.quote not in (q.quote for q in quotes):
                quotes.append(e)
    return quotes

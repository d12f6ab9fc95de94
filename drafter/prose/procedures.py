"""Offline rationale clauses ("In this case, ...") for injection, diagnostic, device and program
requests: the diagnoses, what the request is (levels, rental or purchase, program length), and
any prior procedure of the same kind with its documented relief. The criterion-by-criterion
reasons come from `prompts/offline/checks/<check>.j2`."""

from __future__ import annotations

from collections.abc import Callable

from drafter.checks.base import fmt_number
from drafter.checks.procedures import kind_noun, prior_of
from drafter.drafting import _join_and
from drafter.models import (
    CaseFacts,
    Category,
    ItemDetermination,
    PriorProcedure,
    ProcedureKind,
    ProcedureOrder,
    Response,
    WorkStatus,
)

_PROGRAMS = {
    ProcedureKind.FUNCTIONAL_RESTORATION,
    ProcedureKind.WORK_CONDITIONING,
    ProcedureKind.PSYCHOTHERAPY,
    ProcedureKind.BIOFEEDBACK,
}


def _prior_phrase(prior: PriorProcedure) -> str:
    noun = kind_noun(prior.kind)
    when = ""
    if prior.date_text:
        when = f" {'on' if prior.date_text[0].isdigit() else 'in'} {prior.date_text}"
    levels = f" at {_join_and(prior.levels)}" if prior.levels else ""
    if prior.relief_percent is not None:
        lasting = f" lasting {prior.relief_duration_text}" if prior.relief_duration_text else ""
        relief = fmt_number(prior.relief_percent)
        return f"a prior {noun}{levels}{when} is reported to have given {relief}% relief{lasting}"
    if prior.kind in _PROGRAMS and prior.sessions_completed:
        done = f"{prior.sessions_completed} sessions of {noun} have been completed"
    else:
        done = f"a prior {noun}{levels}{when} is documented"
    outcome = {
        Response.IMPROVED: " with a reported benefit",
        Response.NOT_IMPROVED: " without a lasting benefit",
        Response.UNKNOWN: "",
    }[prior.response]
    return done + outcome


def _request_phrase(order: ProcedureOrder) -> str | None:
    if order.acquisition == "purchase":
        return f"the request is for purchase of the {kind_noun(order.kind)}"
    if order.acquisition == "rental":
        days = f" {order.rental_days}-day" if order.rental_days else ""
        return f"the request is for a{days} rental trial of the {kind_noun(order.kind)}"
    if order.kind in {ProcedureKind.TENS, ProcedureKind.INTERFERENTIAL, ProcedureKind.H_WAVE}:
        return "the request does not specify a rental trial, so it is taken as a purchase"
    return None


def procedure_case_facts(facts: CaseFacts, determination: ItemDetermination) -> list[str]:
    """Diagnoses, the request's details, and the documented prior procedures of its kind."""
    request = determination.request
    clauses: list[str] = []
    if facts.diagnoses:
        clauses.append(
            f"the injured worker has been diagnosed with {_join_and(facts.diagnoses[:3])}"
        )
    order = request.procedure
    if order is None:
        return clauses or ["the records were reviewed"]
    phrase = _request_phrase(order)
    if phrase:
        clauses.append(phrase)
    priors = prior_of(facts, request, [order.kind])
    clauses += [_prior_phrase(p) for p in priors[:2]]
    if order.kind in {ProcedureKind.FUNCTIONAL_RESTORATION, ProcedureKind.WORK_CONDITIONING}:
        status = facts.work.status
        if status == WorkStatus.NOT_WORKING:
            clauses.append("the injured worker is not working")
        elif status in {WorkStatus.FULL_DUTY, WorkStatus.MODIFIED_DUTY}:
            clauses.append("the injured worker is working")
    return clauses or ["the records were reviewed"]


CASE_CLAUSES: dict[Category, Callable[[CaseFacts, ItemDetermination], list[str]]] = {
    Category.INJECTION: procedure_case_facts,
    Category.DIAGNOSTIC: procedure_case_facts,
    Category.DME: procedure_case_facts,
    Category.PROGRAM: procedure_case_facts,
}

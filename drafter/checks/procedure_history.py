"""Procedure checks on what came before: a prior block's relief (a repeat needs at least 50% for
6-8 weeks), a device trial's or a program's documented benefit, a procedure that must come
first (TENS before H-wave), session totals, and a procedure the guideline does not recommend."""

from __future__ import annotations

from pydantic import Field

from drafter.checks.base import (
    MET,
    UNKNOWN,
    UNMET,
    CheckFunction,
    Context,
    Verdict,
    fmt_number,
    fmt_weeks,
    request_quote,
)
from drafter.checks.procedure_base import kinds_of, prior_of, quotes_of
from drafter.extract_procedures import score_change_text
from drafter.models import (
    Model,
    ProcedureKind,
    Response,
)
from drafter.rulebook import Criterion


class ReliefParams(Model):
    """What a prior procedure must have achieved before this one (a repeat, or an RFA after a
    diagnostic block). `prior_kinds` defaults to the request's own kind."""

    prior_kinds: list[ProcedureKind] | None = None
    min_relief_percent: float = Field(gt=0, le=100)
    min_relief_weeks: float | None = Field(default=None, gt=0)
    require_medication_reduction: bool = False
    require_functional_improvement: bool = False
    what: str = Field(min_length=3, description="How the letter names the prior procedure.")


class PriorParams(Model):
    """A prior procedure (of `prior_kinds`, default the request's kind) and how to name it;
    with `or_requested`, a request for one in the same case counts (biofeedback with CBT)."""

    prior_kinds: list[ProcedureKind] | None = None
    what: str = Field(min_length=3)
    or_requested: bool = False


class OnceParams(Model):
    prior_kinds: list[ProcedureKind] | None = None
    what: str = Field(min_length=3, description="How the letter names the prior procedure.")
    reason: str = Field(min_length=10, description="The guideline's statement, for the letter.")


class ReasonParams(Model):
    reason: str = Field(min_length=10, description="The guideline's statement, for the letter.")


def _prior_relief(criterion: Criterion, ctx: Context) -> Verdict:
    params = ReliefParams.model_validate(criterion.params)
    priors = prior_of(ctx.facts, ctx.request, kinds_of(ctx, params.prior_kinds))
    details: dict = {
        "what": params.what,
        "min_percent": fmt_number(params.min_relief_percent),
        "min_weeks": fmt_number(params.min_relief_weeks or 0),
    }
    if not priors:
        return (
            UNKNOWN,
            f"No prior {params.what} is documented.",
            [],
            f"a prior {params.what}",
            (details | {"missing": "prior"}),
        )
    measured = [p for p in priors if p.relief_percent is not None] or priors
    last = measured[-1]
    evidence = quotes_of([last])
    percent, weeks = last.relief_percent, last.relief_weeks
    details["percent"] = fmt_number(percent) if percent is not None else None
    details["weeks"] = fmt_number(round(weeks, 1)) if weeks is not None else None
    details["duration"] = last.relief_duration_text
    if last.relief_evidence is not None and "%" not in last.relief_evidence.quote:
        # relief computed from pain scores: the letter quotes the scores with the percent
        details["scores"] = score_change_text(last.relief_evidence.quote)
    if last.relief_percent is None:
        if last.response == Response.NOT_IMPROVED:
            return (
                UNMET,
                f"The prior {params.what} did not provide relief.",
                evidence,
                None,
                (details | {"missing": "none_relief"}),
            )
        return (
            UNKNOWN,
            f"The degree of relief from the prior {params.what} is not documented.",
            (evidence),
            f"the percentage of pain relief from the prior {params.what}",
            details | {"missing": "percent"},
        )
    if last.relief_percent < params.min_relief_percent:
        return (
            UNMET,
            (
                f"The prior {params.what} gave {fmt_number(last.relief_percent)}% relief, below "
                f"{fmt_number(params.min_relief_percent)}%."
            ),
            evidence,
            None,
            details | {"missing": "low_percent"},
        )
    gaps: list[str] = []
    if params.min_relief_weeks:
        if last.relief_weeks is None:
            gaps.append("duration")
        elif last.relief_weeks < params.min_relief_weeks:
            return (
                UNMET,
                (
                    f"The relief from the prior {params.what} lasted "
                    f"{fmt_weeks(last.relief_weeks)}, "
                    f"less than {fmt_number(params.min_relief_weeks)} weeks."
                ),
                evidence,
                None,
                details | {"missing": "short_duration"},
            )
    if params.require_medication_reduction:
        if last.medication_reduced is False:
            return (
                UNMET,
                f"Medication use did not fall after the prior {params.what}.",
                (evidence),
                None,
                details | {"missing": "medication"},
            )
        if last.medication_reduced is None:
            gaps.append("medication")
    if params.require_functional_improvement:
        if last.response == Response.NOT_IMPROVED:
            return (
                UNMET,
                f"The prior {params.what} did not improve function.",
                evidence,
                None,
                (details | {"missing": "function"}),
            )
        if last.response == Response.UNKNOWN:
            gaps.append("function")
    if gaps:
        names = {
            "duration": "how long the relief lasted",
            "medication": "a reduction in medication use",
            "function": "functional improvement",
        }
        missing = " or ".join(names[g] for g in gaps)
        return (
            UNKNOWN,
            f"The records do not document {missing} after the prior {params.what}.",
            (evidence),
            f"{missing} after the prior {params.what}",
            details | {"missing": ",".join(gaps)},
        )
    return (
        MET,
        (
            f"The prior {params.what} gave {fmt_number(last.relief_percent)}% relief"
            + (f" for {fmt_weeks(last.relief_weeks)}" if last.relief_weeks else "")
            + "."
        ),
        evidence,
        None,
        details | {"missing": None},
    )


def _none_documented(
    ctx: Context, kinds: list[ProcedureKind], what: str, missing: str, details: dict
) -> Verdict:
    """No prior procedure of `kinds`: unmet where the records deny one, else unknown."""
    denied = [p for p in ctx.facts.procedure_history if p.kind in kinds and p.none_documented]
    if denied:
        return (
            UNMET,
            f"The records state there was no {what}.",
            quotes_of(denied),
            None,
            details | {"state": "none"},
        )
    return UNKNOWN, f"No {what} is documented.", [], missing, details | {"state": "undocumented"}


def _prior_response(criterion: Criterion, ctx: Context) -> Verdict:
    params = PriorParams.model_validate(criterion.params)
    kinds = kinds_of(ctx, params.prior_kinds)
    priors = prior_of(ctx.facts, ctx.request, kinds)
    details = {"what": params.what}
    if not priors:
        return _none_documented(ctx, kinds, params.what, params.what, details)
    improved = [p for p in priors if p.response == Response.IMPROVED]
    if improved:
        return (
            MET,
            f"The {params.what} is documented with benefit.",
            quotes_of(improved),
            None,
            (details | {"state": "improved"}),
        )
    failed = [p for p in priors if p.response == Response.NOT_IMPROVED]
    if failed:
        return (
            UNMET,
            f"The {params.what} did not produce a documented benefit.",
            quotes_of(failed),
            None,
            details | {"state": "not_improved"},
        )
    return (
        UNKNOWN,
        f"The outcome of the {params.what} is not documented.",
        quotes_of(priors),
        (f"the outcome of the {params.what}"),
        details | {"state": "no_outcome"},
    )


def _prior_tried(criterion: Criterion, ctx: Context) -> Verdict:
    params = PriorParams.model_validate(criterion.params)
    kinds = kinds_of(ctx, params.prior_kinds)
    priors = prior_of(ctx.facts, ctx.request, kinds)
    requested = [
        r
        for r in ctx.facts.requests
        if params.or_requested and r.procedure is not None and r.procedure.kind in kinds
    ]
    if requested and not priors:
        return (
            MET,
            f"A {params.what} is requested with it.",
            [e for r in requested if (e := r.evidence) is not None],
            None,
            {"what": params.what, "state": "requested"},
        )
    if priors:
        return (
            MET,
            f"A prior {params.what} is documented.",
            quotes_of(priors),
            None,
            {"what": params.what, "state": "tried"},
        )
    return _none_documented(
        ctx, kinds, f"prior {params.what}", f"a prior {params.what}", {"what": params.what}
    )


def _not_recommended(criterion: Criterion, ctx: Context) -> Verdict:
    params = ReasonParams.model_validate(criterion.params)
    priors = prior_of(ctx.facts, ctx.request, kinds_of(ctx, None))
    return (
        UNMET,
        params.reason,
        request_quote(ctx) + quotes_of(priors),
        None,
        {"reason": params.reason},
    )


def _no_prior_procedure(criterion: Criterion, ctx: Context) -> Verdict:
    """A procedure the guideline allows once (one set of diagnostic blocks): met while none of
    `prior_kinds` (default the request's kind) is documented, unmet with the guideline's reason
    once one is."""
    params = OnceParams.model_validate(criterion.params)
    kinds = kinds_of(ctx, params.prior_kinds)
    priors = prior_of(ctx.facts, ctx.request, kinds)
    details = {"reason": params.reason, "what": params.what}
    if priors:
        return UNMET, params.reason, quotes_of(priors), None, details | {"state": "done"}
    denied = [p for p in ctx.facts.procedure_history if p.kind in kinds and p.none_documented]
    return (
        MET,
        f"No prior {params.what} is documented.",
        quotes_of(denied),
        None,
        details | {"state": "none"},
    )


def _sessions_total_at_most(criterion: Criterion, ctx: Context) -> Verdict:
    """Prior sessions of the same program plus those requested, within a course total."""
    limit, quote = ctx.limit(criterion), request_quote(ctx)
    requested = ctx.request.total_visits
    priors = prior_of(ctx.facts, ctx.request, kinds_of(ctx, None))
    evidence = quote + quotes_of(priors)
    if requested is None:
        return (
            UNKNOWN,
            "The request does not state the number of sessions.",
            evidence,
            ("the number of sessions requested"),
        )
    counted = [p.sessions_completed for p in priors if p.sessions_completed is not None]
    if priors and not counted:
        return (
            UNKNOWN,
            "The number of sessions already completed is not documented.",
            (evidence),
            "the number of sessions already completed",
        )
    total = sum(counted) + requested
    details = {
        "prior": sum(counted),
        "requested": requested,
        "total": total,
        "limit": fmt_number(limit),
    }
    result = MET if total <= limit else UNMET
    relation = "within" if result == MET else "over"
    summary = f"{sum(counted)} prior plus {requested} requested = {total} sessions"
    return result, f"{summary}, {relation} {fmt_number(limit)}.", evidence, None, details


CHECKS: dict[str, CheckFunction] = {
    "prior_relief_documented": _prior_relief,
    "prior_response_documented": _prior_response,
    "prior_procedure_tried": _prior_tried,
    "sessions_total_at_most": _sessions_total_at_most,
    "not_recommended": _not_recommended,
    "no_prior_procedure": _no_prior_procedure,
}
PARAMS: dict[str, type[Model]] = {
    "prior_relief_documented": ReliefParams,
    "prior_response_documented": PriorParams,
    "prior_procedure_tried": PriorParams,
    "not_recommended": ReasonParams,
    "no_prior_procedure": OnceParams,
}

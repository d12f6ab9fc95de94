"""Topical analgesic checks: every ingredient of a compound must be recommended, and topical
NSAIDs are for joints amenable to topical treatment."""

from __future__ import annotations

from pydantic import Field

from drafter.checks.base import MET, UNKNOWN, UNMET, Context, Verdict, request_quote
from drafter.checks.medication_common import order_of
from drafter.models import Model
from drafter.rulebook import Criterion


class CompoundParams(Model):
    """Which topical ingredients the guideline does not recommend, and why."""

    not_recommended_classes: dict[str, str] = Field(
        description="Ingredient drug class -> reason it is not recommended topically."
    )
    not_recommended_drugs: dict[str, str] = Field(
        default_factory=dict, description="Generic -> reason it is not recommended topically."
    )
    patch_only: dict[str, str] = Field(
        default_factory=dict,
        description="Generic -> reason it is recommended only as a patch (lidocaine).",
    )
    max_percent: dict[str, float] = Field(
        default_factory=dict, description="Generic -> highest strength in percent with support."
    )
    unknown_reason: str = Field(description="Reason for an ingredient the guideline never names.")


def _ingredients(criterion: Criterion, ctx: Context) -> Verdict:
    params = CompoundParams.model_validate(criterion.params)
    order = order_of(ctx.request)
    if order is None or not order.ingredients:
        return (
            UNKNOWN,
            "The ingredients of the topical product are not stated.",
            request_quote(ctx),
            "the ingredients of the topical product",
        )
    is_patch = (order.form or "").startswith("patch")
    rejected: list[str] = []
    rejected_names: list[str] = []
    for ingredient in order.ingredients:
        generic, drug_class = ingredient.generic, ingredient.drug_class
        name = ingredient.name.lower() if generic is None else generic
        reason = None
        if generic is None:
            reason = params.unknown_reason
        elif generic in params.not_recommended_drugs:
            reason = params.not_recommended_drugs[generic]
        elif drug_class in params.not_recommended_classes:
            reason = params.not_recommended_classes[drug_class]
        elif generic in params.patch_only and not is_patch:
            reason = params.patch_only[generic]
        elif (
            generic in params.max_percent
            and (ingredient.percent or 0) > params.max_percent[generic]
        ):
            reason = f"there is no support for strengths above {params.max_percent[generic]:g}%"
        if reason:
            rejected.append(reason)
            rejected_names.append(name)
    names = [i.generic or i.name.lower() for i in order.ingredients]
    details = {
        "ingredients": names,
        "reasons": list(dict.fromkeys(rejected)),
        "not_recommended": rejected_names,
        "compound": len(names) > 1,
    }
    if rejected:
        listed = "; ".join(f"{n}: {r}" for n, r in zip(rejected_names, rejected, strict=True))
        return UNMET, f"Not recommended: {listed}.", request_quote(ctx), None, details
    return (
        MET,
        f"Each ingredient ({', '.join(names)}) is recommended.",
        request_quote(ctx),
        None,
        details,
    )


def _topical_nsaid_site(criterion: Criterion, ctx: Context) -> Verdict:
    order = order_of(ctx.request)
    has_nsaid = bool(order and any(i.drug_class == "nsaid" for i in order.ingredients))
    region = ctx.request.body_region or (
        ctx.facts.body_regions[0] if ctx.facts.body_regions else None
    )
    name = region.value.replace("_", " ") if region else None
    details = {"applies": has_nsaid, "region": name}
    if not has_nsaid:
        return MET, "The product contains no topical NSAID.", request_quote(ctx), None, details
    if region is None:
        return (
            UNKNOWN,
            "The body part to be treated is not stated.",
            request_quote(ctx),
            "the body part to be treated",
            details,
        )
    if region in criterion.regions:
        return (
            UNMET,
            f"Topical NSAIDs are not recommended for the {name}.",
            request_quote(ctx),
            None,
            details,
        )
    return MET, f"Topical NSAIDs may be used for the {name}.", request_quote(ctx), None, details

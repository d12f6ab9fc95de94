"""Checks for medication rules (issue #5), registered by kind.

Each check answers one guideline question about a medication request from the parsed order
(`request.medication`) and the case's medication history; an undocumented fact is `unknown`, and
the rule decides whether that counts against the request. The checks live by theme in
`opioids`, `medication_course` and `topicals`; what they share is in `medication_common`.
"""

from __future__ import annotations

from drafter.checks import medication_course as course
from drafter.checks import opioids, topicals
from drafter.checks.base import CheckFunction, ContinuationDetector
from drafter.checks.medication_common import (
    current_uses,
    is_medication_continuation,
    order_of,
    relief_percent,
)
from drafter.models import Category, Model

CHECKS: dict[str, CheckFunction] = {
    "medication_analgesia": opioids._analgesia,
    "medication_function": opioids._function,
    "adverse_effects_assessed": opioids._adverse_effects,
    "aberrant_behavior_absent": opioids._aberrant,
    "urine_drug_screen_documented": opioids._urine_drug_screen,
    "med_at_most": opioids._med,
    "label_daily_maximum": opioids._label_maximum,
    "taper_dose": opioids._taper_dose,
    "use_weeks_at_most": course._short_term,
    "prior_trial_documented": course._prior_trial,
    "concurrent_drug_class": course._concurrent,
    "concept_gi_risk_factor": course._gi_risk,
    "drug_not_recommended": course._not_recommended,
    "medication_benefit": course._benefit,
    "pain_reduction_at_least": course._pain_reduction,
    "compound_ingredients_recommended": topicals._ingredients,
    "topical_nsaid_site": topicals._topical_nsaid_site,
}
PARAMS: dict[str, type[Model]] = {
    "medication_function": opioids.FunctionParams,
    "prior_trial_documented": course.DrugClassParams,
    "concurrent_drug_class": course.DrugClassParams,
    "concept_gi_risk_factor": course.GiRiskParams,
    "drug_not_recommended": course.NotRecommendedParams,
    "compound_ingredients_recommended": topicals.CompoundParams,
    "medication_benefit": course.BenefitParams,
}
CONTINUATION: dict[Category, ContinuationDetector] = {
    Category.MEDICATION: is_medication_continuation
}

__all__ = [
    "CHECKS",
    "CONTINUATION",
    "PARAMS",
    "current_uses",
    "is_medication_continuation",
    "order_of",
    "relief_percent",
]

"""The check kinds rule files may name, by domain, and the schemas of their parameters."""

from __future__ import annotations

from drafter.checks import medication, procedures, therapy
from drafter.checks.base import CheckFunction, Context, ContinuationDetector, Verdict
from drafter.models import Category, Model

CHECKS: dict[str, CheckFunction] = {**therapy.CHECKS, **medication.CHECKS, **procedures.CHECKS}
PARAMS: dict[str, type[Model]] = {**therapy.PARAMS, **medication.PARAMS, **procedures.PARAMS}
"""Check kinds whose criteria take `params`, and the model that validates them."""
CONTINUATION: dict[Category, ContinuationDetector] = {
    **medication.CONTINUATION,
    **procedures.CONTINUATION,
}
"""How a category tells a continuation from an initial request, where the therapy default (a
documented prior course of the same treatment) does not fit."""

__all__ = ["CHECKS", "CONTINUATION", "PARAMS", "CheckFunction", "Context", "Verdict"]

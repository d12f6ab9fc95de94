"""Checks for medication rules."""

from __future__ import annotations

from drafter.checks.base import CheckFunction, ContinuationDetector
from drafter.models import Category, Model

CHECKS: dict[str, CheckFunction] = {}
PARAMS: dict[str, type[Model]] = {}
CONTINUATION: dict[Category, ContinuationDetector] = {}

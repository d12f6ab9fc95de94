"""Offline rationale clauses for procedures requests."""

from __future__ import annotations

from collections.abc import Callable

from drafter.models import CaseFacts, Category, ItemDetermination

CASE_CLAUSES: dict[Category, Callable[[CaseFacts, ItemDetermination], list[str]]] = {}

"""Domain writers for the 'In this case, ...' clauses of an offline rationale.

Visit-based therapy uses `drafter.drafting.therapy_case_facts`; a domain whose facts differ
(medications, procedures) registers a writer here by request category.
"""

from __future__ import annotations

from collections.abc import Callable

from drafter.models import CaseFacts, Category, ItemDetermination
from drafter.prose import medication, procedures

CaseClauses = Callable[[CaseFacts, ItemDetermination], list[str]]

CASE_CLAUSES: dict[Category, CaseClauses] = {**medication.CASE_CLAUSES, **procedures.CASE_CLAUSES}

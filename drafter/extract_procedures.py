"""Offline extraction of procedures facts (requests' details, history, findings) into CaseFacts."""

from __future__ import annotations

from drafter.models import CaseFacts
from drafter.nlp import Mention

TERMS: dict[str, list[str]] = {}
"""Terms to find (with negation) in the case body, by label; merged into the NLP pass."""


def enrich(text: str, facts: CaseFacts, mentions: list[Mention]) -> None:
    """Add this domain's facts to `facts` (already holding requests and therapy history)."""

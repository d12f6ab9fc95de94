"""The pipeline, end to end: case text -> facts -> determinations -> draft letter.

Core functions take text and return models; reading files and printing belong to the CLI. The
backend seam is `extract` and `draft`: the offline backend is the default and the baseline.
"""

from __future__ import annotations

from drafter.checker import check_case
from drafter.drafting import draft_offline
from drafter.errors import NoDisputedItemsError
from drafter.extract_offline import extract_offline
from drafter.ingest import normalize_text
from drafter.models import CaseFacts, DraftLetter, ItemDetermination, Reviewer
from drafter.rulebook import RuleBook, load_rulebook


def extract_facts(text: str, rulebook: RuleBook | None = None) -> CaseFacts:
    """Facts from case text (normalized here, so callers may pass raw text)."""
    return extract_offline(normalize_text(text), rulebook or load_rulebook())


def decide(facts: CaseFacts, rulebook: RuleBook | None = None) -> list[ItemDetermination]:
    """The checker's determinations; a case with no disputed item is an input error."""
    if not facts.requests:
        raise NoDisputedItemsError(
            "the case names no disputed item: list them under a 'DISPUTED ITEMS' heading, or "
            "state the treatment plan and its Utilization Review decision"
        )
    return check_case(facts, rulebook or load_rulebook())


def draft_case(
    text: str, *, reviewer: Reviewer | None = None, backend: object | None = None
) -> DraftLetter:
    """Draft the Final Determination Letter for one case's text."""
    if backend is not None:
        raise NotImplementedError("only the offline backend exists so far")
    rulebook = load_rulebook()
    facts = extract_facts(text, rulebook)
    return draft_offline(facts, decide(facts, rulebook), reviewer, rulebook)

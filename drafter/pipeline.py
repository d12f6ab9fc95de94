"""The pipeline, end to end: case text -> facts -> determinations -> draft letter.

Core functions take text and return models; reading files and printing belong to the CLI. The
backend seam is extraction and drafting: offline (the default and the baseline) or an LLM
backend (`drafter.llm.LLMBackend`). Either way the checker alone decides.
"""

from __future__ import annotations

from typing import Protocol

from drafter.checker import check_case
from drafter.drafting import draft_offline
from drafter.errors import NoDisputedItemsError
from drafter.extract_offline import extract_offline
from drafter.ingest import normalize_text
from drafter.models import CaseFacts, DraftLetter, ItemDetermination, Reviewer, Usage
from drafter.rulebook import RuleBook, load_rulebook


class Backend(Protocol):
    """What an extraction-and-prose backend provides (see drafter.llm.LLMBackend)."""

    name: str

    @property
    def model(self) -> str | None: ...

    def extract(
        self, text: str, rulebook: RuleBook, usage: Usage
    ) -> tuple[CaseFacts, list[str]]: ...

    def draft(
        self,
        facts: CaseFacts,
        determinations: list[ItemDetermination],
        *,
        text: str,
        rulebook: RuleBook,
        usage: Usage,
        reviewer: Reviewer | None,
        notices: list[str],
    ) -> DraftLetter: ...


def extract_facts(text: str, rulebook: RuleBook | None = None) -> CaseFacts:
    """Facts from case text (normalized here, so callers may pass raw text), offline."""
    return extract_offline(normalize_text(text), rulebook or load_rulebook())


def extract_case(
    text: str, backend: Backend | None = None, usage: Usage | None = None
) -> tuple[CaseFacts, list[str]]:
    """(facts, notices) from case text with the given backend (None: offline)."""
    if backend is None:
        return extract_facts(text), []
    return backend.extract(normalize_text(text), load_rulebook(), usage or Usage())


def decide(facts: CaseFacts, rulebook: RuleBook | None = None) -> list[ItemDetermination]:
    """The checker's determinations; a case with no disputed item is an input error."""
    if not facts.requests:
        raise NoDisputedItemsError(
            "the case names no disputed item: list them under a 'DISPUTED ITEMS' heading, or "
            "state the treatment plan and its Utilization Review decision"
        )
    return check_case(facts, rulebook or load_rulebook())


def draft_case(
    text: str, *, reviewer: Reviewer | None = None, backend: Backend | None = None
) -> DraftLetter:
    """Draft the Final Determination Letter for one case's text."""
    rulebook = load_rulebook()
    if backend is None:
        facts = extract_facts(text, rulebook)
        return draft_offline(facts, decide(facts, rulebook), reviewer, rulebook)
    normalized = normalize_text(text)
    usage = Usage()
    facts, notices = backend.extract(normalized, rulebook, usage)
    return backend.draft(
        facts,
        decide(facts, rulebook),
        text=normalized,
        rulebook=rulebook,
        usage=usage,
        reviewer=reviewer,
        notices=notices,
    )

"""The LLM backend: the model extracts facts and writes prose; the checker still decides.

Failures split two ways. An endpoint that cannot be used (unreachable, timed out, key rejected,
failing after retries) raises `LLMEndpointError`: the CLI prints one line and exits 1. A model
whose extraction keeps failing validation (a small local model answering schema-shaped nonsense)
does not stop the draft: the offline extractor takes over and the letter says so.
"""

from __future__ import annotations

from drafter.errors import LLMOutputError
from drafter.llm.cache import ResponseCache
from drafter.llm.client import LLMClient
from drafter.llm.draft import draft_llm
from drafter.llm.extract import extract_llm
from drafter.llm.settings import LLMSettings
from drafter.models import (
    PROSE_REPLACED,
    CaseFacts,
    DraftLetter,
    ItemDetermination,
    Reviewer,
    Usage,
)
from drafter.rulebook import RuleBook

EXTRACTION_FALLBACK = (
    "extraction: the model's facts failed validation; facts were extracted offline"
)


class LLMBackend:
    """Extraction and drafting through one OpenAI-compatible endpoint."""

    name = "llm"

    def __init__(self, settings: LLMSettings, client: LLMClient | None = None) -> None:
        self.settings = settings
        self.client = client or LLMClient(settings, ResponseCache())

    @property
    def model(self) -> str:
        return self.settings.model

    def extract(self, text: str, rulebook: RuleBook, usage: Usage) -> tuple[CaseFacts, list[str]]:
        """(facts, notices) for normalized case text."""
        from drafter.extract_offline import extract_offline

        try:
            extraction = extract_llm(text, self.client, usage)
        except LLMOutputError as exc:
            return extract_offline(text, rulebook), [f"{EXTRACTION_FALLBACK} ({exc})"]
        notices = [f"dropped unverified fact: {d}" for d in extraction.dropped]
        if extraction.parts > 1:
            notices.append(f"the case file was extracted in {extraction.parts} parts and merged")
        return extraction.facts, notices

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
    ) -> DraftLetter:
        try:
            return draft_llm(
                facts,
                determinations,
                text=text,
                client=self.client,
                rulebook=rulebook,
                usage=usage,
                reviewer=reviewer,
                notices=notices,
            )
        except LLMOutputError as exc:
            from drafter.drafting import draft_offline

            letter = draft_offline(facts, determinations, reviewer, rulebook)
            for item in letter.items:
                if item.determination.decision is not None:
                    item.flags.append(PROSE_REPLACED)
            return letter.model_copy(
                update={
                    "backend": self.name,
                    "model": self.model,
                    "usage": usage,
                    "notices": [*notices, f"drafting: all prose is from the templates ({exc})"],
                }
            )

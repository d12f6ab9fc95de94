"""The phrasing corpus: how often the reader gets one guideline criterion right from one snippet.

A letter-level eval mixes every fact of a case into one decision, so a miss there names a letter,
not the wording that was missed. Each corpus entry pairs a rule's criterion and a request line
with short case-summary snippets in which the criterion is met or not met; every snippet becomes
a one-paragraph case, is read and checked, and the criterion's own outcome is compared. The
result is recall per criterion in both directions, with the snippets that were misread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from drafter.errors import DrafterError
from drafter.models import CaseFacts, ItemDetermination
from drafter.pipeline import decide, extract_facts
from drafter.rulebook import RuleBook, load_rulebook, load_yaml

Expectation = Literal["met", "not_met"]
Outcome = Literal["right", "wrong", "rule_not_applied", "criterion_not_applied", "error"]


class Snippet(BaseModel):
    """One snippet; `known_miss` records why the reader still gets it wrong (kept, not hidden)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    known_miss: str | None = None


class PhrasingEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    criterion: str
    request: str
    context: str | None = Field(
        default=None, description="Text put before every snippet (e.g. the current medications)."
    )
    met: list[Snippet | str] = Field(default_factory=list)
    not_met: list[Snippet | str] = Field(default_factory=list)

    def snippets(self) -> Iterable[tuple[Expectation, Snippet]]:
        for expected, items in (("met", self.met), ("not_met", self.not_met)):
            for item in items:
                yield expected, item if isinstance(item, Snippet) else Snippet(text=item)


class PhrasingResult(BaseModel):
    rule: str
    criterion: str
    request: str
    expected: Expectation
    text: str
    outcome: Outcome
    got: str = Field(description="The criterion's result, or what prevented one.")
    known_miss: str | None = None


def load_corpus(path: Path) -> list[PhrasingEntry]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise DrafterError(f"{path}: the phrasing corpus must be a YAML list of entries")
    return [PhrasingEntry.model_validate(item) for item in data]


def case_text(entry: PhrasingEntry, snippet: str) -> str:
    """The smallest case the reader accepts: a summary paragraph and the disputed item."""
    summary = f"{entry.context.strip()} {snippet.strip()}" if entry.context else snippet.strip()
    return f"CLINICAL CASE SUMMARY\n\n{summary}\n\nDISPUTED ITEMS\n{entry.request.strip()}\n"


def judge(
    entry: PhrasingEntry, expected: Expectation, determinations: list[ItemDetermination]
) -> tuple[Outcome, str]:
    applied = [d for d in determinations if d.rule_id == entry.rule]
    if not applied:
        got = ", ".join(str(d.rule_id) for d in determinations) or "no determination"
        return "rule_not_applied", f"rule applied: {got}"
    outcomes = [c for c in applied[0].criteria if c.id == entry.criterion]
    if not outcomes:
        return "criterion_not_applied", "criterion not evaluated for this request"
    outcome = outcomes[0]
    weighs = "against" if outcome.counts_against else "for"
    got = f"{outcome.result} ({weighs}): {outcome.explanation}"
    right = outcome.counts_against == (expected == "not_met")
    return ("right" if right else "wrong"), got


Extractor = Callable[[str, RuleBook], CaseFacts]


def run_corpus(
    entries: list[PhrasingEntry], rulebook: RuleBook | None = None, extract: Extractor | None = None
) -> list[PhrasingResult]:
    """Every snippet of every entry, read (offline unless `extract` is given) and judged."""
    rulebook = rulebook or load_rulebook()
    extract = extract or extract_facts
    results = []
    for entry in entries:
        for expected, snippet in entry.snippets():
            try:
                determinations = decide(extract(case_text(entry, snippet.text), rulebook), rulebook)
                outcome, got = judge(entry, expected, determinations)
            except DrafterError as exc:
                outcome, got = "error", str(exc)
            results.append(
                PhrasingResult(
                    rule=entry.rule, criterion=entry.criterion, request=entry.request,
                    expected=expected, text=snippet.text, outcome=outcome, got=got,
                    known_miss=snippet.known_miss,
                )
            )
    return results


def problems(results: list[PhrasingResult]) -> list[str]:
    """Unexpected misses, and known misses that are no longer missed."""
    found = []
    for r in results:
        if r.outcome != "right" and not r.known_miss:
            found.append(f"misread ({r.expected}) {r.rule}/{r.criterion}: {r.text!r} -> {r.got}")
        elif r.outcome == "right" and r.known_miss:
            found.append(f"now read right, drop known_miss: {r.rule}/{r.criterion}: {r.text!r}")
    return found

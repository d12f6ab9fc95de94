"""Evidence verification: a fact whose quote is not in the case file never reaches the checker.

Every `Evidence` the model returns is looked up in the source text: exactly, then ignoring case
and spacing, then fuzzily (rapidfuzz partial-ratio alignment, for the small slips models make
when copying: a dropped comma, a changed hyphen). A found quote is replaced by the source's own
text and offset. A quote that is not found takes its fact with it:
- a list item (a prior course, a finding, a request) is removed;
- an object's `evidence` resets the object to its defaults (e.g. functional improvement back to
  "not documented");
- `<name>_evidence` resets the facts it supports: those a model lists in its `quote_covers`,
  else the field `<name>` and the fields named `<name>_...` (e.g. a course's `response`).
A fact that asserts something without any quote is treated the same way. Free-text facts that
rules read (diagnoses, the date of injury) must appear in the source too. Every removal is
reported, so the letter can tell the reviewer what the model said that the record does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel
from rapidfuzz import fuzz

from drafter.models import CaseFacts, Evidence, TreatmentRequest

FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_CHARS = 16
"""Shorter quotes must match exactly (ignoring case and spacing): fuzzy matching of a few
characters finds them anywhere."""
DIAGNOSIS_MIN_SCORE = 85.0


def _squash(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with runs of whitespace as one space, and each character's source index."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if previous_space:
                continue
            out.append(" ")
            previous_space = True
        else:
            out.append(ch.lower())
            previous_space = False
        index.append(i)
    return "".join(out), index


@dataclass
class QuoteFinder:
    """Finds quotes in one source text; offsets are relative to `base` (a chunk's start)."""

    source: str
    base: int = 0
    _squashed: str = field(init=False, repr=False)
    _index: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._squashed, self._index = _squash(self.source)

    def locate(self, quote: str) -> tuple[int, int] | None:
        """(start, end) of the quote in the source, or None."""
        quote = quote.strip()
        if not quote:
            return None
        exact = self.source.find(quote)
        if exact >= 0:
            return exact, exact + len(quote)
        wanted, _ = _squash(quote)
        wanted = wanted.strip()
        found = self._squashed.find(wanted)
        if found >= 0:
            return self._span(found, found + len(wanted))
        if len(wanted) < FUZZY_MIN_CHARS:
            return None
        alignment = fuzz.partial_ratio_alignment(
            wanted, self._squashed, score_cutoff=FUZZY_MIN_SCORE
        )
        if alignment is None or alignment.dest_end - alignment.dest_start < 0.8 * len(wanted):
            return None
        return self._span(alignment.dest_start, alignment.dest_end)

    def _span(self, start: int, end: int) -> tuple[int, int]:
        return self._index[start], self._index[max(start, end - 1)] + 1

    def evidence(self, quote: str) -> Evidence | None:
        """The source's own text for the quote, with its offset, or None when it is not there."""
        span = self.locate(quote)
        if span is None:
            return None
        start, end = span
        return Evidence(quote=self.source[start:end], start=self.base + start)

    def contains(self, phrase: str, min_score: float = DIAGNOSIS_MIN_SCORE) -> bool:
        if self.locate(phrase) is not None:
            return True
        wanted, _ = _squash(phrase)
        return fuzz.partial_ratio(wanted.strip(), self._squashed) >= min_score


@dataclass
class Verification:
    facts: CaseFacts
    dropped: list[str]


def _short(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def _not_found(where: str, quote: str) -> str:
    return f'{where}: quote not in the case file: "{_short(quote)}"'


def _covered_by(model: BaseModel, quote_field: str) -> list[str]:
    declared = getattr(model, "quote_covers", {}).get(quote_field)
    if declared is not None:
        return list(declared)
    owner = quote_field.removesuffix("_evidence")
    return [
        name
        for name in type(model).model_fields
        if name != quote_field and (name == owner or name.startswith(owner + "_"))
    ]


def _default_of(model: BaseModel, name: str) -> object:
    return type(model).model_fields[name].get_default(call_default_factory=True)


def _asserts_something(model: BaseModel) -> bool:
    """Whether an object differs from its defaults (an empty object needs no quote)."""
    fields = type(model).model_fields
    for name, info in fields.items():
        if name == "evidence" or name.endswith("_evidence"):
            continue
        if info.is_required():
            return True
        if getattr(model, name) != info.get_default(call_default_factory=True):
            return True
    return False


class _Verifier:
    def __init__(self, finder: QuoteFinder) -> None:
        self.finder = finder
        self.dropped: list[str] = []

    def node(self, model: BaseModel, path: str) -> bool:
        """Verify `model` in place; False when the whole object must go."""
        if isinstance(model, TreatmentRequest) and not self._request(model, path):
            return False
        fields = type(model).model_fields
        unquoted = "evidence" in fields and model.evidence is None  # type: ignore[attr-defined]
        if unquoted and _asserts_something(model) and not isinstance(model, TreatmentRequest):
            self.dropped.append(f"{path}: no quote from the case file supports it")
            return False
        for name in fields:
            value = getattr(model, name)
            where = f"{path}.{name}"
            if isinstance(value, Evidence):
                found = self.finder.evidence(value.quote)
                if found is not None:
                    setattr(model, name, found)
                    continue
                self.dropped.append(_not_found(where, value.quote))
                if name == "evidence":
                    return False
                setattr(model, name, None)
                for covered in _covered_by(model, name):
                    setattr(model, covered, _default_of(model, covered))
            elif isinstance(value, BaseModel):
                if not self.node(value, where):
                    setattr(model, name, _default_of(model, name))
            elif isinstance(value, list):
                setattr(model, name, self._items(value, where))
        return True

    def _items(self, values: list, path: str) -> list:
        kept = []
        for i, value in enumerate(values):
            where = f"{path}[{i}]"
            if isinstance(value, Evidence):
                found = self.finder.evidence(value.quote)
                if found is None:
                    self.dropped.append(_not_found(where, value.quote))
                    continue
                value = found
            elif isinstance(value, BaseModel) and not self.node(value, where):
                continue
            kept.append(value)
        return kept

    def _request(self, request: TreatmentRequest, path: str) -> bool:
        """A request must be written in the case file; its quote is the request itself."""
        found = self.finder.evidence(request.text)
        if found is None and request.evidence is not None:
            found = self.finder.evidence(request.evidence.quote)
        if found is None:
            self.dropped.append(f'{path}: request not in the case file: "{_short(request.text)}"')
            return False
        request.evidence = found
        return True


def verify_facts(facts: CaseFacts, source: str, base: int = 0) -> Verification:
    """Check every quote and quoted fact in `facts` against `source` (a copy is returned)."""
    facts = facts.model_copy(deep=True)
    finder = QuoteFinder(source, base)
    verifier = _Verifier(finder)
    verifier.node(facts, "facts")
    dropped = verifier.dropped
    if facts.date_of_injury is not None and not _injury_date_supported(facts, finder):
        dropped.append(
            f"facts.date_of_injury: {facts.date_of_injury_text or facts.date_of_injury} "
            "is not written in the case file"
        )
        facts.date_of_injury = None
        facts.date_of_injury_text = None
    if facts.age is not None and not re.search(rf"(?<!\d){facts.age}(?!\d)", source):
        dropped.append(f"facts.age: {facts.age} is not written in the case file")
        facts.age = None
    for name in ("diagnoses", "exam_findings"):
        kept = []
        for text in getattr(facts, name):
            if finder.contains(text):
                kept.append(text)
            else:
                dropped.append(f'facts.{name}: "{_short(text)}" is not in the case file')
        setattr(facts, name, kept)
    if facts.complaints and not finder.contains(facts.complaints):
        dropped.append(f'facts.complaints: "{_short(facts.complaints)}" is not in the case file')
        facts.complaints = None
    return Verification(facts=facts, dropped=dropped)


def _injury_date_supported(facts: CaseFacts, finder: QuoteFinder) -> bool:
    from drafter.numbers import number_tokens

    if facts.date_of_injury_text and finder.locate(facts.date_of_injury_text):
        return True
    wanted = f"date:{facts.date_of_injury:%Y-%m-%d}"
    dates, _ = number_tokens(finder.source)
    return wanted in dates

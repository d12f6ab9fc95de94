"""Scoring drafts against reference letters: per item, then in aggregate.

Scorers work on plain records (`ItemResult`, `CaseResult`) that the JSON report stores, so a
saved run can be re-scored, or compared with another, without drafting again.

Citation normalization (`citation_key`): a citation is split into its guideline sections (the
text after 'Section(s):'; for a citation without that label, its last comma-separated piece),
sections are split on ',' and ';', and each is lower-cased with '&' read as 'and', page
references ('p. 98-99', 'pages 58') and parenthesised glosses dropped, punctuation turned into
spaces, a leading 'chapter N' dropped ('Chapter 12 Low Back Complaints' and 'Chapter 12, Low
Back Complaints' are one section) and a plural 's' removed from words of four letters or more.
Two citations match when their sets of normalized sections are equal; they overlap when they
share a section (a draft citing one of the reference's two sections). The source ('MTUS Chronic
Pain ... 2009') is not compared.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from drafter.evaluation.letters import PAGES, letter_blocks, parse_guideline, section_heading
from drafter.models import Decision
from drafter.numbers import number_tokens, unsupported_numbers

__all__ = [
    "CaseResult",
    "Failure",
    "ItemResult",
    "Metrics",
    "aggregate",
    "citation_key",
    "citations_match",
    "citations_overlap",
    "cohen_kappa",
    "match_requests",
    "missing_sections",
    "normalize_request",
    "number_tokens",
    "rouge_l",
    "unsupported_numbers",
]

FUZZY_THRESHOLD = 80.0  # rapidfuzz token_sort_ratio needed to pair headings that differ


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Failure(_Model):
    """A case that could not be parsed, drafted or scored; the run goes on without it."""

    case: str
    stage: Literal["parse", "draft", "score"]
    error: str
    message: str


class ItemResult(_Model):
    """One expected item and the draft's answer for it (`predicted` None: no answer)."""

    request: str
    expected: Decision
    predicted: Decision | None = None
    no_rule: bool = False
    matched_request: str | None = None
    rule_id: str | None = None
    citation_expected: str
    citation_predicted: str | None = None
    citation_match: bool = False
    citation_overlap: bool = False
    rouge_l: float = 0.0
    rationale_expected: str
    rationale_predicted: str | None = None
    unsupported_numbers: list[str] = Field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.predicted == self.expected and not self.no_rule


class CaseResult(_Model):
    """One letter's case: its items, the draft's extra items and letter-level checks."""

    case: str
    status: Literal["ok", "failed"] = "ok"
    error: str | None = None
    duration_s: float = 0.0
    items: list[ItemResult]
    extra_predicted: list[str] = Field(default_factory=list)
    missing_sections: list[str] = Field(default_factory=list)
    summary_unsupported_numbers: list[str] = Field(default_factory=list)
    llm_calls: int = 0
    cache_hits: int = 0
    tokens_prompt: int = 0
    tokens_completion: int = 0
    prose_replaced: int = Field(default=0, description="Items whose LLM prose failed the guard.")
    notices: list[str] = Field(default_factory=list)


class Metrics(_Model):
    """Aggregate scores; a rate is None when nothing was there to measure."""

    cases: int
    items: int
    decision_accuracy: float | None
    always_uphold_accuracy: float | None
    upheld_recall: float | None
    overturned_recall: float | None
    kappa: float | None
    citation_match: float | None
    citation_overlap: float | None = None
    decision_and_citation: float | None = Field(
        default=None,
        description="Items whose decision is right and whose citation shares a section with the "
        "reference's: the issues' 'decisions and citations right'.",
    )
    rouge_l: float | None
    unsupported_numbers: int
    items_with_unsupported_numbers: int
    sections_complete: float | None
    words_per_rationale: float | None
    expected_words_per_rationale: float | None
    no_rule_count: int
    no_rule: list[dict[str, str]]
    llm_calls: int = 0
    cache_hits: int = 0
    tokens_prompt: int = 0
    tokens_completion: int = 0
    prose_replaced: int = 0


# --- matching ---------------------------------------------------------------------------------


def normalize_request(text: str) -> str:
    """Lower-case, punctuation to spaces: 'Physical therapy 3x4:' == 'physical therapy 3x4'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def match_requests(expected: list[str], predicted: list[str]) -> dict[int, int]:
    """Pair expected with predicted headings (index to index): exact after normalization first,
    then the best rapidfuzz token_sort_ratio at or above FUZZY_THRESHOLD, each used once."""
    from rapidfuzz import fuzz

    pairs: dict[int, int] = {}
    free = set(range(len(predicted)))
    keys = [normalize_request(p) for p in predicted]
    for i, text in enumerate(expected):
        key = normalize_request(text)
        j = next((j for j in sorted(free) if keys[j] == key), None)
        if j is not None:
            pairs[i] = j
            free.discard(j)
    candidates = sorted(
        (
            (fuzz.token_sort_ratio(normalize_request(expected[i]), keys[j]), i, j)
            for i in range(len(expected))
            if i not in pairs
            for j in free
        ),
        reverse=True,
    )
    for score, i, j in candidates:
        if score >= FUZZY_THRESHOLD and i not in pairs and j in free:
            pairs[i] = j
            free.discard(j)
    return pairs


# --- citations --------------------------------------------------------------------------------


def _normalize_section(section: str) -> str:
    text = section.lower().replace("&", " and ")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = PAGES.sub(" ", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    if len(words) > 2 and words[0] == "chapter" and words[1].isdigit():
        words = words[2:]
    return " ".join(
        w[:-1] if len(w) >= 4 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def citation_key(citation: str | None) -> frozenset[str]:
    """The normalized set of guideline sections a citation names (see the module docstring)."""
    if not citation or not citation.strip():
        return frozenset()
    sections = parse_guideline(citation).sections
    return frozenset(key for key in map(_normalize_section, sections) if key)


def citations_match(expected: str | None, predicted: str | None) -> bool:
    """Equal, non-empty section sets."""
    key = citation_key(expected)
    return bool(key) and key == citation_key(predicted)


def citations_overlap(expected: str | None, predicted: str | None) -> bool:
    """The section sets share at least one section."""
    return bool(citation_key(expected) & citation_key(predicted))


# --- text scores ------------------------------------------------------------------------------


@functools.cache
def _scorer() -> Any:
    """rouge-score's ROUGE-L with its default tokenizer, its Porter stemmer memoized (stemming
    is most of the cost and rationales share a small vocabulary)."""
    from nltk.stem import porter
    from rouge_score import rouge_scorer, tokenize, tokenizers

    class MemoStemTokenizer(tokenizers.Tokenizer):
        def __init__(self) -> None:
            self.stem = functools.lru_cache(maxsize=1 << 16)(porter.PorterStemmer().stem)

        def tokenize(self, text: str) -> list[str]:
            return list(tokenize.tokenize(text, self))

    return rouge_scorer.RougeScorer(["rougeL"], tokenizer=MemoStemTokenizer())


def rouge_l(reference: str, prediction: str | None) -> float:
    """ROUGE-L F-measure (rouge-score, Porter stemming); 0.0 for a missing prediction."""
    if not prediction or not reference:
        return 0.0
    return round(_scorer().score(reference, prediction)["rougeL"].fmeasure, 4)


def words(text: str | None) -> int:
    return len(text.split()) if text else 0


# --- letter structure -------------------------------------------------------------------------

_REQUIRED_HEADINGS = {
    "how_made": "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "case_summary": "CLINICAL CASE SUMMARY",
    "issues": "IMR ISSUES, DECISIONS AND RATIONALES",
}
_REQUIRED_LABELS = {
    "Claims Administrator guideline": re.compile(r"claims administrator guideline\s*:", re.I),
    "MAXIMUS guideline": re.compile(r"maximus guideline\s*:", re.I),
    "Decision rationale": re.compile(r"decision rationale\s*:", re.I),
}


def missing_sections(letter_text: str, n_items: int) -> list[str]:
    """Required headings absent from a rendered letter, and labels present fewer times than it
    has items ('MAXIMUS guideline (1 of 2)')."""
    blocks = letter_blocks(letter_text)
    found = {section_heading(b) for b in blocks}
    missing = [title for key, title in _REQUIRED_HEADINGS.items() if key not in found]
    for label, pattern in _REQUIRED_LABELS.items():
        count = sum(1 for b in blocks if pattern.match(b))
        if count < n_items:
            missing.append(f"{label} ({count} of {n_items})")
    return missing


# --- aggregate --------------------------------------------------------------------------------


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def cohen_kappa(expected: list[str], predicted: list[str]) -> float | None:
    """Cohen's kappa over paired labels; None when chance agreement is total (undefined)."""
    n = len(expected)
    if not n:
        return None
    labels = set(expected) | set(predicted)
    observed = sum(e == p for e, p in zip(expected, predicted, strict=True)) / n
    chance = sum((expected.count(k) / n) * (predicted.count(k) / n) for k in labels)
    if chance >= 1.0:
        return None
    return round((observed - chance) / (1 - chance), 4)


def aggregate(cases: list[CaseResult]) -> Metrics:
    """Scores over every expected item; an item of a failed case or without an answer counts as
    wrong, as does a 'no rule / reviewer must decide' item."""
    items = [item for case in cases for item in case.items]
    upheld = [i for i in items if i.expected is Decision.UPHELD]
    overturned = [i for i in items if i.expected is Decision.OVERTURNED]
    labels = [i.predicted.value if i.predicted and not i.no_rule else "none" for i in items]
    answered = [i for i in items if i.rationale_predicted]
    return Metrics(
        cases=len(cases),
        items=len(items),
        decision_accuracy=_rate(sum(i.correct for i in items), len(items)),
        always_uphold_accuracy=_rate(len(upheld), len(items)),
        upheld_recall=_rate(sum(i.correct for i in upheld), len(upheld)),
        overturned_recall=_rate(sum(i.correct for i in overturned), len(overturned)),
        kappa=cohen_kappa([i.expected.value for i in items], labels),
        citation_match=_rate(sum(i.citation_match for i in items), len(items)),
        citation_overlap=_rate(sum(i.citation_overlap for i in items), len(items)),
        decision_and_citation=_rate(
            sum(i.correct and i.citation_overlap for i in items), len(items)
        ),
        rouge_l=_mean([i.rouge_l for i in items]),
        unsupported_numbers=sum(len(i.unsupported_numbers) for i in items)
        + sum(len(c.summary_unsupported_numbers) for c in cases),
        items_with_unsupported_numbers=sum(bool(i.unsupported_numbers) for i in items),
        sections_complete=_rate(
            sum(c.status == "ok" and not c.missing_sections for c in cases), len(cases)
        ),
        words_per_rationale=_mean([float(words(i.rationale_predicted)) for i in answered]),
        expected_words_per_rationale=_mean([float(words(i.rationale_expected)) for i in items]),
        no_rule_count=sum(i.no_rule for i in items),
        no_rule=[
            {"case": c.case, "request": i.request} for c in cases for i in c.items if i.no_rule
        ],
        llm_calls=sum(c.llm_calls for c in cases),
        cache_hits=sum(c.cache_hits for c in cases),
        tokens_prompt=sum(c.tokens_prompt for c in cases),
        tokens_completion=sum(c.tokens_completion for c in cases),
        prose_replaced=sum(c.prose_replaced for c in cases),
    )

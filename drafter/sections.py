"""Finding the parts of a case file: the clinical narrative and the list of disputed items.

A case file may be a bare progress note, an IMR clinical case summary, or a letter-shaped input
(boilerplate, "CLINICAL CASE SUMMARY", then a "DISPUTED ITEMS" list). Later stages read only the
narrative, so that the boilerplate ("24 hours a week in active practice") never becomes a fact.
"""

from __future__ import annotations

import functools
import re

_SUMMARY_HEADING = re.compile(r"^\s*clinical case summary\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
_LIST_HEADING = re.compile(
    r"^\s*(?:disputed (?:items?|services?|treatments?|requests?)(?:\s*/\s*services?)?|"
    r"(?:imr )?issues?,? decisions? and rationales?|imr decisions?\(?s?\)? and rationales?\(?s?\)?|"
    r"items? in dispute|requested (?:treatments?|services?)|treatment requested|"
    r"requests? (?:under|for) (?:review|imr))\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ANY_HEADING = re.compile(r"^(?=(?:[^A-Za-z]*[A-Za-z]){4})[A-Z0-9][A-Z0-9 ,()/&'\-]+:?\s*$")
_BOILERPLATE = re.compile(
    r"^(?:the final determination was based on|the expert reviewer developed|"
    r"claims administrator guideline|maximus guideline|decision rationale)",
    re.IGNORECASE,
)
_DECISION_SUFFIX = re.compile(r"\s*:\s*(?:upheld|overturned)\s*$", re.IGNORECASE)


def case_body(text: str) -> tuple[int, str]:
    """(offset, text) of the clinical narrative: after a case-summary heading if there is one,
    and before the disputed-items list."""
    start = 0
    summary = _SUMMARY_HEADING.search(text)
    if summary:
        start = summary.end()
    listing = _LIST_HEADING.search(text, start)
    end = listing.start() if listing else len(text)
    return start, text[start:end]


def _names_treatment(line: str) -> bool:
    """An all-capitals item ('NCS/EMG BLE', 'TENS UNIT RENTAL') is an item, not a heading."""
    from drafter.models import Category
    from drafter.requests import detect_category

    if line.rstrip().endswith(":") or re.fullmatch(r"(?:current )?medications?(?: list)?", line,
                                                   re.IGNORECASE):  # fmt: skip
        return False
    return detect_category(line) != Category.OTHER


_PRODUCT_LABEL = re.compile(
    r"^(?!.*\b(?:guideline|rationale|decision|determination)s?\b[^:]*:)[A-Za-z ()/]{2,40}:\s"
    r".*\d\s*(?:%|mg|mcg|gm?s?|grams?|ml|oz)\b",
    re.IGNORECASE,
)
"""'Compound cream: flurbiprofen 20%/lidocaine 5% 180gm': a product named by a label, then its
strengths; an item, not a 'Label: value' line of a letter's item block."""


def disputed_item_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each item under a disputed-items heading; decisions are stripped, so a
    whole letter given as a case still yields its requests and nothing of its answers."""
    heading = _LIST_HEADING.search(text)
    if not heading:
        return []
    items: list[tuple[int, str]] = []
    position = heading.end()
    for line in text[heading.end() :].split("\n"):
        offset = position
        position += len(line) + 1
        stripped = line.strip()
        if not stripped or _BOILERPLATE.match(stripped):
            continue
        if (_ANY_HEADING.match(stripped) and not re.search(r"\d", stripped)
                and not _names_treatment(stripped)):  # fmt: skip
            break
        label = re.match(r"^[A-Z][A-Za-z ()/]{2,40}:\s", stripped)
        if (
            label
            and not _DECISION_SUFFIX.search(stripped)
            and not re.search(r"\b(?:qty|quantity)\s*:", stripped, re.IGNORECASE)
            and not _PRODUCT_LABEL.match(stripped)
        ):
            continue  # a 'Label: value' line of a letter's item block; a label has no digits
            # and is not a quantity, unlike an item such as 'Omeprazole 20mg QTY: 30'
        if len(stripped) > 200:
            continue  # narrative, not an item heading
        item = re.sub(r"^(?:[-*•]|\d+[.)]|\(\d+\))\s*", "", stripped)
        item = _DECISION_SUFFIX.sub("", item).strip()
        if item:
            items.append((offset + line.find(item[:10]), item))
    return items


def sentences_of(text: str) -> list[str]:
    """A light sentence split for quoting; offsets are not needed by its callers."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n+", text)
    return [p.strip() for p in parts if p.strip()]


@functools.lru_cache(maxsize=4)
def narrative_sentences(text: str) -> tuple[tuple[int, str], ...]:
    """(start, sentence) of the case narrative; several readers walk them for one case, so the
    split is kept for the last few texts."""
    offset, body = case_body(text)
    out = []
    # A list item is part of the sentence its heading starts ('Treatment to date:' then '- PT,
    # 18 visits'), and a paragraph that ends without a period still ends a sentence (the
    # replacements keep every offset).
    joined = re.sub(r"\n(?=[ \t\n]*[-•*][ \t])", " ", body)
    for sentence in re.finditer(r"[^.!?\n]+(?:[.!?]+|$)", re.sub(r"\n(?!\n)", " ", joined), re.M):
        quote = sentence.group(0).strip()
        if quote:
            lead = len(sentence.group(0)) - len(sentence.group(0).lstrip())
            out.append((offset + sentence.start() + lead, quote))
    return tuple(out)

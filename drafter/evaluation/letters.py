"""Parsing a Final Determination Letter into its parts, so any published letter is an eval case.

Letters arrive as text extracted from PDFs (every line followed by a blank line, paragraphs
separated by runs of blank lines, trailing spaces) or as clean text, with headings in any
capitalisation. Parsing is anchored on the headings and labels every letter has ("CLINICAL CASE
SUMMARY", "MAXIMUS guideline:", "Decision rationale:" ...), never on line positions, so wrapping
and spacing do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from drafter.errors import InputError
from drafter.models import Decision

__all__ = [
    "ExpectedItem",
    "Guideline",
    "LetterParseError",
    "ParsedLetter",
    "letter_blocks",
    "parse_guideline",
    "parse_letter",
    "section_heading",
]


class LetterParseError(InputError):
    """A reference letter whose structure cannot be read; the eval reports it and goes on."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Guideline(_Model):
    """A guideline citation as a letter writes it: 'Decision based on <source>, Section(s): <x>'."""

    text: str
    source: str
    sections: list[str]


class ExpectedItem(_Model):
    """One disputed item of a reference letter: the answer a draft is scored against."""

    request: str
    decision: Decision
    claims_administrator_guideline: str | None = None
    maximus_guideline: Guideline
    rationale: str


class ParsedLetter(_Model):
    """A reference letter split into the parts the eval needs."""

    name: str
    preamble: str  # the letter verbatim up to (not including) the issues heading
    how_made: str
    licensure: str | None = None
    specialty: str | None = None
    case_summary: str
    documents_reviewed: str | None = None
    items: list[ExpectedItem]


# Section headings, matched against a whole (whitespace-collapsed) line in any capitalisation.
_HEADINGS: dict[str, re.Pattern[str]] = {
    "how_made": re.compile(r"how the (?:imr )?final determination was made"),
    "case_summary": re.compile(r"clinical case summary"),
    "documents_reviewed": re.compile(r"documents? reviewed"),
    "issues": re.compile(
        r"imr (?:issues?,? )?decisions?(?:\(s\))?,?(?: and|&) rationales?(?:\(s\))?"
    ),
}
# Labels that always begin a new block, even inside a wrapped paragraph.
_LABEL_START = re.compile(
    r"^(?:claims administrator guideline|maximus guideline|decision rationale|"
    r"state\(?s?\)? of licensure|certifications?(?:\(s\))?\s*/\s*specialt(?:y|ies)|"
    r"the expert reviewer has the following credentials)\s*:",
    re.IGNORECASE,
)
_ITEM_LABELS = re.compile(
    r"(?P<label>claims administrator guideline|maximus guideline|decision rationale)\s*:",
    re.IGNORECASE,
)
_DECISION_END = re.compile(
    r"^(?P<request>.+?)\s*[:\-–—]\s*(?P<decision>upheld|overturned)\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)
_SENTENCE_END = re.compile(r"(?<=[.!?\"”)])\s+(?=[A-Z(])")
_LICENSURE = re.compile(
    r"state\(?s?\)? of licensure\s*:\s*(?P<v>.*?)\s*(?=certifications?(?:\(s\))?\s*/|\n|$)",
    re.IGNORECASE | re.DOTALL,
)
_SPECIALTY = re.compile(
    r"certifications?(?:\(s\))?\s*/\s*specialt(?:y|ies)\s*:\s*(?P<v>.*?)\s*(?=\n|$)",
    re.IGNORECASE | re.DOTALL,
)
_SECTIONS_LABEL = re.compile(r",?\s*\bsections?(?:\(s\))?\s*:\s*", re.IGNORECASE)
_CITATION_LABEL = re.compile(r"^(?:non-?\s*)?mtus citations?\s*:\s*|^citations?\s*:\s*", re.I)
_CITATION_START = re.compile(
    r"^(?:decision based on|(?:non-?\s*)?mtus|citation|acoem|odg|official disability|"
    r"american college|california|labor code|\d+\s*ccr|title 8)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Block:
    text: str
    line: int  # index of the block's first line in the source


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def section_heading(line: str) -> str | None:
    """The name of the section a line heads ('issues', 'case_summary' ...), or None."""
    key = _collapse(line).rstrip(":").strip().lower()
    for name, pattern in _HEADINGS.items():
        if pattern.fullmatch(key):
            return name
    return None


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")


def _is_double_spaced(lines: list[str]) -> bool:
    """PDF extraction puts exactly one blank line after most text lines."""
    text_lines = singles = 0
    for i, line in enumerate(lines[:-2]):
        if line:
            text_lines += 1
            singles += not lines[i + 1] and bool(lines[i + 2])
    return text_lines >= 4 and singles >= 0.5 * text_lines


def _blocks(text: str) -> list[_Block]:
    lines = [line.strip() for line in _split_lines(text)]
    paragraph_gap = 2 if _is_double_spaced(lines) else 1
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    blank = 0

    def flush() -> None:
        if current:
            blocks.append(_Block(_join(current), start))
            current.clear()

    for index, line in enumerate(lines):
        if not line:
            blank += 1
            continue
        closed = bool(current) and (
            section_heading(current[-1]) is not None
            or current[-1].endswith(":")  # 'set forth below:', 'following credentials:'
            or _DECISION_END.match(_join(current))
        )
        if (
            blank >= paragraph_gap
            or closed
            or section_heading(line) is not None
            or _LABEL_START.match(line)
        ):
            flush()
        if not current:
            start = index
        current.append(line)
        blank = 0
    flush()
    return blocks


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if re.search(r"[A-Za-z]-$", out) and line[:1].islower():
            out += line  # 'non-' + 'certified': letters break lines at a compound's hyphen
        else:
            out = f"{out} {line}"
    return _collapse(out)


def letter_blocks(text: str) -> list[str]:
    """The letter as logical paragraphs: wrapped lines rejoined; headings and labels split off."""
    return [block.text for block in _blocks(text)]


_CHAPTER = re.compile(r"\bChapter\s+\d+\b.*$", re.IGNORECASE)
"""An ACOEM-style chapter citation: the chapter and its title (which may hold commas) are one
section."""
_CHAPTER_TITLE_END = re.compile(
    r"(?:complaints|disorders|conditions|function|treatment|management|consultations)"
    r"(?:\s*\([^)]*\))?$",
    re.IGNORECASE,
)
"""How ACOEM's chapter titles end ('Low Back Complaints', 'Elbow Disorders (Revised 2007)',
'Pain, Suffering, and the Restoration of Function'): what follows is a section."""


PAGES = re.compile(r"\b(?:pp?|pages?)\.?\s*\d+(?:\s*[-–]\s*\d+)?", re.IGNORECASE)
"""A page or page range ('p. 300', 'pages 303-304'): where a section is, not a section."""


def _chapter_sections(named: str) -> list[str]:
    """'Chapter 12, Low Back Complaints, Special Studies, pages 303-304' -> the chapter with its
    title, then the sections cited in it ('Special Studies'); a title with commas ('Chapter 11,
    Forearm, Wrist, and Hand Complaints') stays whole."""
    pieces = [p.strip(" .") for p in named.split(",")]
    for end, piece in enumerate(pieces):
        if _CHAPTER_TITLE_END.search(piece):
            rest = [p for p in pieces[end + 1 :] if p and not PAGES.fullmatch(p)]
            return [", ".join(pieces[: end + 1]), *rest]
    return [named.strip(" .")]


# ODG chapter names (and 'X Chapter'), which locate a section rather than name one.
_PART = r"(?:knee|leg|ankle|foot|hip|pelvis|wrist|hand|forearm|elbow|shoulder|neck|head|back|"
_PART += r"low back|upper back|lumbar|thoracic|pain|chronic pain|mental illness|stress)"
_GUIDELINE_CHAPTER = re.compile(
    rf"^(?:.*\bchapter|treatment in workers'? comp.*|{_PART}(?:(?:,| and| &| -) {_PART})*"
    r"(?: \([^)]*\))?)$",
    re.IGNORECASE,
)


def parse_guideline(text: str) -> Guideline:
    """Split a citation into source and sections.

    Several citations may be joined by ';'. A part with a 'Section(s):' label gives its sections
    (split on ',' and ';'), and the chapter it names, if any; a part naming a chapter ('ACOEM
    ..., Chapter 12, Low Back Complaints') has the chapter and its title as its section; any
    other part (e.g. 'Non-MTUS
    Citation: ODG, Low Back, Lumbar supports') is read as '<source>, <chapter>, <section>, ...':
    its comma-separated pieces after the first, less those naming a chapter ('Pain (Chronic)',
    'Low Back Chapter'), are its sections; with none left, its last piece is.
    """
    body = _collapse(text)
    body = re.sub(r"^decision based on\s*", "", body, flags=re.IGNORECASE).rstrip(" .")
    # 'Section(s): Psychological treatment. Non-MTUS Citation ODG, ...': a period, not a
    # semicolon, before the next citation
    body = re.sub(r"\.\s+(?=(?:Non-MTUS|MTUS|Official Disability|ODG\b|ACOEM))", "; ", body)
    sources: list[str] = []
    sections: list[str] = []
    for part in (p.strip(" .,") for p in _split_citations(body)):
        if not part:
            continue
        label = _CITATION_LABEL.match(part)
        prefix, part = (label.group(0).strip(" :"), part[label.end() :]) if label else ("", part)
        labelled = _SECTIONS_LABEL.split(part, maxsplit=1)
        if len(labelled) == 2:
            source, named = labelled
            if chapter := _CHAPTER.search(source):  # 'Chapter 12 Low Back Complaints, Section(s):'
                source = source[: chapter.start()]
                sections.append(chapter.group(0).strip(" .,"))
            sections.extend(s.strip(" .") for s in re.split(r"[;,]", named) if s.strip(" ."))
        elif chapter := _CHAPTER.search(part):  # 'Chapter 11, Forearm, Wrist, and Hand ...'
            source, named = part[: chapter.start()], chapter.group(0)
            sections.extend(_chapter_sections(named))
        else:
            source, _, named = part.rpartition(",")
            pieces = [p.strip(" .") for p in part.split(",")[1:]]
            named_sections = [p for p in pieces if p and not _GUIDELINE_CHAPTER.match(p)]
            sections.extend(named_sections or [named.strip(" .")])
            source = source or part  # a whole guideline cited without a section
        source = " ".join(x for x in (prefix, source.strip(" .,")) if x)
        if source:
            sources.append(source)
    return Guideline(text=body, source="; ".join(sources), sections=sections)


def _split_citations(body: str) -> list[str]:
    """Split on ';' where a new citation starts; other ';' separate sections of one citation."""
    parts: list[str] = []
    for piece in body.split(";"):
        new = _SECTIONS_LABEL.search(piece) or _CITATION_START.match(piece.strip())
        if parts and not new and _SECTIONS_LABEL.search(parts[-1]):
            parts[-1] = f"{parts[-1]}; {piece}"  # a list of sections, not a new citation
        else:
            parts.append(piece)
    return parts


def parse_letter(text: str, name: str = "letter") -> ParsedLetter:
    """Parse a Final Determination Letter; raise LetterParseError naming what is missing."""
    blocks = _blocks(text)
    if not blocks:
        raise LetterParseError(f"{name}: the letter is empty")
    heads = {}
    for index, block in enumerate(blocks):
        kind = section_heading(block.text)
        if kind and kind not in heads:
            heads[kind] = index
    if "issues" not in heads:
        raise LetterParseError(
            f"{name}: no 'IMR ISSUES, DECISIONS AND RATIONALES' (or 'IMR DECISION(S) AND "
            "RATIONALE(S)') heading"
        )
    if "case_summary" not in heads:
        raise LetterParseError(f"{name}: no 'CLINICAL CASE SUMMARY' heading")

    def section(kind: str) -> list[_Block]:
        begin = heads[kind] + 1
        later = [i for i in heads.values() if i >= begin]
        return blocks[begin : min(later, default=len(blocks))]

    how_blocks = section("how_made") if "how_made" in heads else blocks[: heads["case_summary"]]
    how_made = "\n".join(b.text for b in how_blocks)
    summary = "\n\n".join(b.text for b in section("case_summary"))
    if not summary:
        raise LetterParseError(f"{name}: the clinical case summary is empty")
    documents = None
    if "documents_reviewed" in heads:
        documents = "\n".join(b.text for b in section("documents_reviewed")) or None
    licensure = _LICENSURE.search(how_made)
    specialty = _SPECIALTY.search(how_made)
    lines = _split_lines(text)
    preamble = "\n".join(lines[: blocks[heads["issues"]].line]).rstrip()
    return ParsedLetter(
        name=name,
        preamble=preamble,
        how_made=how_made,
        licensure=licensure.group("v").strip(" .;,") or None if licensure else None,
        specialty=specialty.group("v").strip(" .;,") or None if specialty else None,
        case_summary=summary,
        documents_reviewed=documents,
        items=_parse_items(section("issues"), name),
    )


def _parse_items(blocks: list[_Block], name: str) -> list[ExpectedItem]:
    """Each item is a '<request>: Upheld|Overturned' block followed by its labelled fields."""
    raw: list[tuple[str, str, list[str]]] = []
    for block in blocks:
        match = _DECISION_END.match(block.text)
        if match and not _ITEM_LABELS.match(block.text):
            raw.append((match.group("request"), match.group("decision"), []))
        elif match and raw and re.match(r"decision rationale", block.text, re.IGNORECASE):
            # The heading ran into the previous rationale: split at the last sentence end.
            head, request = _split_last_sentence(match.group("request"))
            raw[-1][2].append(head)
            raw.append((request, match.group("decision"), []))
        elif raw:
            raw[-1][2].append(block.text)
    if not raw:
        raise LetterParseError(f"{name}: no disputed item ('<request>: Upheld|Overturned') found")
    return [_item(request, decision, body, name) for request, decision, body in raw]


def _split_last_sentence(text: str) -> tuple[str, str]:
    pieces = _SENTENCE_END.split(text)
    if len(pieces) < 2:
        return text, ""
    return " ".join(pieces[:-1]), pieces[-1]


def _item(request: str, decision: str, body: list[str], name: str) -> ExpectedItem:
    request = _collapse(request)
    fields: dict[str, str] = {}
    parts = _ITEM_LABELS.split("\n\n".join(body))
    # parts = [before, label, value, label, value, ...]
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        key = label.lower().split()[0]  # 'claims', 'maximus', 'decision'
        fields.setdefault(key, value.strip())
    if not request:
        raise LetterParseError(f"{name}: a disputed item has no request text")
    if "maximus" not in fields:
        raise LetterParseError(f"{name}: item {request!r} has no 'MAXIMUS guideline:'")
    if not fields.get("decision"):
        raise LetterParseError(f"{name}: item {request!r} has no 'Decision rationale:'")
    guideline = parse_guideline(fields["maximus"])
    if not guideline.sections:
        raise LetterParseError(f"{name}: item {request!r} cites no guideline section")
    claims = fields.get("claims")
    return ExpectedItem(
        request=request,
        decision=Decision(decision.capitalize()),
        claims_administrator_guideline=_collapse(claims) if claims else None,
        maximus_guideline=guideline,
        rationale=re.sub(r"[ \t]+", " ", fields["decision"]).strip(),
    )

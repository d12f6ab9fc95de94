"""LLM extraction: case text -> verified CaseFacts, in parts when the file is long.

The model fills the same `CaseFacts` schema the offline extractor does, prompted from
`prompts/llm/extract_*.j2`. A case file longer than `max_chunk_chars` is split at paragraph
breaks (never mid-sentence when it can be helped) and each part is extracted on its own; nothing
is truncated. Each part's quotes are verified against that part (`verify.py`), then the parts are
merged. Finally each request is re-parsed from its verified wording by the same deterministic
parser the offline backend uses, so visit counts and doses never rest on the model's arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel
from rapidfuzz import fuzz

from drafter.errors import LLMOutputError
from drafter.llm.client import LLMClient
from drafter.llm.verify import verify_facts
from drafter.models import (
    CaseFacts,
    Category,
    Evidence,
    FunctionalImprovement,
    PriorTreatment,
    Response,
    TreatmentRequest,
    Usage,
    WorkStatus,
)
from drafter.requests import parse_request
from drafter.sections import disputed_item_lines


@dataclass
class Extraction:
    facts: CaseFacts
    dropped: list[str] = field(default_factory=list)
    parts: int = 1


def split_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """(offset, part) pieces of at most `max_chars`, cut at a blank line, else a line break,
    else a sentence end, else a space; together they cover the whole text."""
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for pattern in (r"\n\s*\n", r"\n", r"[.!?]\s", r"\s"):
            matches = [m.end() for m in re.finditer(pattern, window) if m.end() > max_chars // 2]
            if matches:
                cut = matches[-1]
                break
        if cut <= 0:
            cut = max_chars
        parts.append((start, text[start : start + cut]))
        start += cut
    parts.append((start, text[start:]))
    return parts


def extraction_messages(part: str, number: int, count: int, disputed: list[str]) -> list[dict]:
    return [
        {"role": "system", "content": render_prompt_block("llm/extract_system.j2")},
        {
            "role": "user",
            "content": render_prompt_block(
                "llm/extract_user.j2", part=number, parts=count, disputed=disputed, text=part
            ),
        },
    ]


def render_prompt_block(name: str, **context: object) -> str:
    """A prompt with its line structure kept (render_prompt folds prose into one paragraph)."""
    from drafter.drafting import environment

    return environment().get_template(name).render(**context).strip()


def extract_llm(text: str, client: LLMClient, usage: Usage) -> Extraction:
    """Verified facts from normalized case text."""
    parts = split_text(text, client.settings.max_chunk_chars)
    listed = disputed_item_lines(text)
    disputed = [line for _, line in listed] if len(parts) > 1 else []
    extracted: list[CaseFacts] = []
    dropped: list[str] = []
    for number, (offset, part) in enumerate(parts, 1):
        messages = extraction_messages(part, number, len(parts), disputed)
        facts = client.structured(messages, CaseFacts, usage)
        checked = verify_facts(facts, part, base=offset)
        prefix = f"part {number}: " if len(parts) > 1 else ""
        dropped += [prefix + d for d in checked.dropped]
        extracted.append(checked.facts)
    merged = merge_facts(extracted)
    if _states_nothing(merged):
        raise LLMOutputError(
            f"the model {client.settings.model!r} returned no case facts at all (an empty answer "
            "validates, but a case file always states something)"
        )
    if listed:
        merged.requests = _listed_requests(listed, merged)
    else:
        merged.requests = [_reparsed(r, merged) for r in merged.requests]
    return Extraction(facts=merged, dropped=dropped, parts=len(parts))


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%/.]+", " ", text.lower()).split())


def _states_nothing(facts: CaseFacts) -> bool:
    """No fact besides the requests: what a model that did not read the case returns."""
    return facts.model_dump(exclude={"requests"}) == CaseFacts().model_dump(exclude={"requests"})


def _listed_requests(listed: list[tuple[int, str]], facts: CaseFacts) -> list[TreatmentRequest]:
    """When the file lists its disputed items, those lines are the requests, one each: the
    model's request at a line lends its category and region; a line the model missed is parsed
    as written; a treatment the narrative merely mentions is not a disputed item."""
    requests = []
    for start, line in listed:
        end = start + len(line)
        at_line = [
            r for r in facts.requests if r.evidence and start <= (r.evidence.start or -1) < end
        ]
        same_words = [r for r in facts.requests if fuzz.ratio(_words(r.text), _words(line)) >= 90]
        model_view = next(iter(at_line + same_words), None)  # the quote may be an earlier mention
        if model_view is None:
            model_view = TreatmentRequest(
                text=line, category=Category.OTHER, evidence=Evidence(quote=line, start=start)
            )
        else:  # the listed line, where the item is disputed, is the request's quote
            model_view = model_view.model_copy(
                update={"text": line, "evidence": Evidence(quote=line, start=start)}
            )
        requests.append(_reparsed(model_view, facts))
    return requests


def _reparsed(request: TreatmentRequest, facts: CaseFacts) -> TreatmentRequest:
    """The request parsed from its own verified wording; the model's region and category fill
    only what the wording leaves open."""
    start = request.evidence.start if request.evidence else None
    parsed = parse_request(request.text, default_region=request.body_region, start=start)
    if parsed.category == Category.OTHER and request.category != Category.OTHER:
        parsed.category = request.category
    if parsed.body_region is None and facts.body_regions:
        parsed.body_region = facts.body_regions[0]
    parsed.evidence = request.evidence or parsed.evidence
    for name in type(parsed).model_fields:
        mine, theirs = getattr(parsed, name), getattr(request, name)
        if isinstance(mine, BaseModel) and type(theirs) is type(mine) and _quoted(theirs):
            setattr(parsed, name, _fill_missing(mine, theirs))
    return parsed


def _quoted(detail: BaseModel) -> bool:
    """Whether the model's details rest on a verified quote (or need none)."""
    quotes = [n for n in type(detail).model_fields if n == "evidence" or n.endswith("_evidence")]
    return not quotes or any(getattr(detail, n) is not None for n in quotes)


def _fill_missing(parsed: BaseModel, model_view: BaseModel) -> BaseModel:
    """The parser's details, with what the wording did not say taken from the record (e.g. the
    directions of a medication stated in the narrative, not in the request line)."""
    missing = {
        name: getattr(model_view, name)
        for name in type(parsed).model_fields
        if getattr(parsed, name) in (None, [], "") and getattr(model_view, name) not in (None, [])
    }
    return parsed.model_copy(update=missing)


# --- merging the parts of a long case file --------------------------------------------------


def merge_facts(parts: list[CaseFacts]) -> CaseFacts:
    """One CaseFacts from the parts' facts: scalars from the first part that states them, lists
    united without duplicates; prior courses merged per treatment (not summed: two notes about
    the same course must not double its visits); the latest work status; a denial of
    functional improvement outweighs an assertion (an undocumented fact counts against)."""
    if len(parts) == 1:
        return parts[0]
    merged = _merge_generic(parts)
    assert isinstance(merged, CaseFacts)
    merged.treatment_history = _merge_history([t for p in parts for t in p.treatment_history])
    merged.functional_improvement = _merge_improvement([p.functional_improvement for p in parts])
    stated = [p.work for p in parts if p.work.status != WorkStatus.UNKNOWN]
    merged.work = stated[-1] if stated else merged.work
    merged.requests = _unique(
        [r for p in parts for r in p.requests], key=lambda r: " ".join(r.text.lower().split())
    )
    return merged


def _merge_generic(parts: list[BaseModel]) -> BaseModel:
    """Field by field: lists united, scalars and quoted facts from the first part that states
    them (a quoted fact is taken whole, so a value never travels with another part's quote),
    containers of facts (no quote of their own) merged recursively."""
    kind = type(parts[0])
    merged: dict[str, object] = {}
    for name, info in kind.model_fields.items():
        values = [getattr(p, name) for p in parts]
        default = info.get_default(call_default_factory=True)
        if isinstance(default, list):
            merged[name] = _unique([x for v in values for x in v], key=_identity)
        elif isinstance(default, BaseModel) and "evidence" not in type(default).model_fields:
            merged[name] = _merge_generic(values)
        else:
            merged[name] = next((v for v in values if v != default), default)
    return kind.model_construct(**merged)


def _identity(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump_json(exclude={"start"})
    return value.lower() if isinstance(value, str) else value


def _unique(values: list, key) -> list:
    seen: set = set()
    kept = []
    for value in values:
        k = key(value)
        if k not in seen:
            seen.add(k)
            kept.append(value)
    return kept


def _merge_history(courses: list[PriorTreatment]) -> list[PriorTreatment]:
    by_modality: dict[Category, PriorTreatment] = {}
    for course in courses:
        known = by_modality.get(course.modality)
        if known is None:
            by_modality[course.modality] = course.model_copy()
            continue
        if known.none_documented and not course.none_documented:
            by_modality[course.modality] = course.model_copy()
            continue
        if (course.sessions_completed or 0) > (known.sessions_completed or 0):
            known.sessions_completed = course.sessions_completed
            known.at_least = course.at_least
            known.evidence = course.evidence
        rank = {Response.NOT_IMPROVED: 2, Response.IMPROVED: 1, Response.UNKNOWN: 0}
        if rank[course.response] > rank[known.response]:
            known.response = course.response
            known.response_text = course.response_text
            known.response_evidence = course.response_evidence
    return list(by_modality.values())


def _merge_improvement(values: list[FunctionalImprovement]) -> FunctionalImprovement:
    for wanted in (False, True):
        for value in values:
            if value.documented is wanted:
                return value
    return FunctionalImprovement()

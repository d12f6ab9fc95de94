"""LLM drafting: the case summary and every item's rationale in one call per case.

The model gets the facts (without quotes) and, per decided item, the checker's determination
with the rule's recommendation and each criterion's result; it writes prose only. Each piece is
checked by the guard (`guard.py`). When any piece fails, the model is asked once more with the
problems stated; a piece that still fails is replaced by the offline template prose and flagged,
so the reviewer knows which text the model did not write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import Field

from drafter import __version__
from drafter.drafting import (
    draft_rationale,
    recommendation_text,
    render_prompt,
    summary_context,
)
from drafter.llm.client import LLMClient
from drafter.llm.extract import render_prompt_block
from drafter.llm.guard import rationale_problems, summary_problems
from drafter.models import (
    PROSE_REPLACED,
    CaseFacts,
    DraftLetter,
    ItemDetermination,
    LetterItem,
    Model,
    Reviewer,
    Usage,
)
from drafter.rulebook import RuleBook


class ItemProse(Model):
    item: int = Field(description="The item number given in the prompt.")
    rationale: str = Field(description="The decision rationale for this item, one paragraph.")


class DraftProse(Model):
    """What the model writes: prose only; the decisions are not its to make."""

    case_summary: str = Field(description="The clinical case summary, one paragraph.")
    items: list[ItemProse] = Field(description="One rationale per item, by item number.")


@dataclass
class _Item:
    number: int
    determination: ItemDetermination
    recommendation: str
    sources: list[str]


def _without_quotes(value: object) -> object:
    """Facts for the prompt: quotes and offsets dropped (the model needs the facts, and every
    quote again would double the prompt)."""
    if isinstance(value, dict):
        return {
            k: _without_quotes(v)
            for k, v in value.items()
            if k != "start" and k != "evidence" and not k.endswith("_evidence")
        }
    if isinstance(value, list):
        return [_without_quotes(v) for v in value]
    return value


def _items(
    facts: CaseFacts, determinations: list[ItemDetermination], rulebook: RuleBook, text: str
) -> list[_Item]:
    items = []
    for number, determination in enumerate(determinations, 1):
        if determination.decision is None:
            continue
        recommendation = recommendation_text(determination, rulebook, facts)
        sources = [text, determination.request.text, determination.citation or "", recommendation]
        sources += [rulebook.get(r).model_dump_json() for r in determination.applied_rule_ids]
        sources += [c.explanation for c in determination.criteria]
        sources += [json.dumps(c.details) for c in determination.criteria if c.details]
        items.append(_Item(number, determination, recommendation, sources))
    return items


def drafting_messages(facts: CaseFacts, items: list[_Item]) -> list[dict]:
    facts_json = json.dumps(
        _without_quotes(facts.model_dump(mode="json", exclude_none=True, exclude={"requests"})),
        indent=1,
    )
    views = [
        {
            "number": item.number,
            "request": item.determination.request.text,
            "decision": item.determination.decision.value if item.determination.decision else "",
            "citation": item.determination.citation,
            "recommendation": item.recommendation,
            "criteria": item.determination.criteria,
        }
        for item in items
    ]
    return [
        {"role": "system", "content": render_prompt_block("llm/draft_system.j2")},
        {
            "role": "user",
            "content": render_prompt_block("llm/draft_user.j2", facts=facts_json, items=views),
        },
    ]


def _problems(prose: DraftProse, items: list[_Item], text: str) -> dict[int | str, list[str]]:
    """Problems by item number, and under 'summary' for the case summary."""
    written = {p.item: p.rationale for p in prose.items}
    problems: dict[int | str, list[str]] = {}
    found = summary_problems(prose.case_summary, [text])
    if found:
        problems["summary"] = found
    for item in items:
        decision = item.determination.decision
        assert decision is not None
        rationale = written.get(item.number, "")
        found = rationale_problems(rationale, decision, item.sources)
        if found:
            problems[item.number] = found
    return problems


def _retry_messages(messages: list[dict], prose: DraftProse, problems: dict) -> list[dict]:
    stated = [
        f"{'case summary' if key == 'summary' else f'item {key}'}: {problem}"
        for key, found in problems.items()
        for problem in found
    ]
    return [
        *messages,
        {"role": "assistant", "content": prose.model_dump_json()},
        {"role": "user", "content": render_prompt_block("llm/draft_retry.j2", problems=stated)},
    ]


def draft_llm(
    facts: CaseFacts,
    determinations: list[ItemDetermination],
    *,
    text: str,
    client: LLMClient,
    rulebook: RuleBook,
    usage: Usage,
    reviewer: Reviewer | None = None,
    notices: list[str] | None = None,
) -> DraftLetter:
    """The letter with model-written prose where it passed the guard, template prose elsewhere."""
    notices = list(notices or [])
    items = _items(facts, determinations, rulebook, text)
    messages = drafting_messages(facts, items)
    prose = client.structured(messages, DraftProse, usage)
    problems = _problems(prose, items, text)
    if problems:
        prose = client.structured(_retry_messages(messages, prose, problems), DraftProse, usage)
        problems = _problems(prose, items, text)
    written = {p.item: p.rationale.strip() for p in prose.items}
    letter_items = []
    for number, determination in enumerate(determinations, 1):
        flags = ["no_applicable_rule"] if determination.reviewer_must_decide else []
        rationale = written.get(number, "")
        if determination.decision is None or number in problems:
            if number in problems:
                flags.append(PROSE_REPLACED)
                notices.append(
                    f"item {number} ({determination.request.text}): the model's rationale was "
                    f"replaced by the template ({'; '.join(problems[number])})"
                )
            rationale = draft_rationale(facts, determination, rulebook)
        letter_items.append(
            LetterItem(determination=determination, rationale=rationale, flags=flags)
        )
    summary = " ".join(prose.case_summary.split())
    if "summary" in problems:
        notices.append(
            "the model's case summary was replaced by the template "
            f"({'; '.join(problems['summary'])})"
        )
        summary = render_prompt("offline/case_summary.j2", **summary_context(facts))
    return DraftLetter(
        reviewer=reviewer or Reviewer(),
        case_summary=summary,
        items=letter_items,
        facts=facts,
        backend="llm",
        model=client.settings.model,
        drafter_version=__version__,
        usage=usage,
        notices=notices,
    )

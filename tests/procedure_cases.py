"""Helpers the procedure phrasing tests share: a case from a summary and its disputed items, the
prior procedures extracted from it, and the findings of one concept."""

from drafter.models import CaseFacts
from drafter.pipeline import extract_facts

ESI = "Lumbar epidural steroid injection"


def case_text(summary: str, items: str = ESI) -> str:
    return f"CLINICAL CASE SUMMARY\n\n{summary}\n\nDISPUTED ITEMS\n\n{items}\n"


def history(summary: str, items: str = ESI):
    """The facts of the case, and its documented prior procedures by kind."""
    facts = extract_facts(case_text(summary, items))
    return facts, {p.kind: p for p in facts.procedure_history if not p.none_documented}


def concepts(facts: CaseFacts, label: str) -> set[bool]:
    """Whether each finding of the concept `label` is present."""
    return {f.present for f in facts.findings if f.concept == label}


def found(summary: str, label: str, items: str = ESI) -> set[bool]:
    """Whether each finding of the concept `label` is present, in a case of `summary` and
    `items`."""
    return concepts(extract_facts(case_text(summary, items)), label)

"""Rendering a DraftLetter as text (the Final Determination Letter's sections and order), Markdown,
or JSON (one document: each item's request, decision, citation, criteria and rationale)."""

from __future__ import annotations

import json
from typing import Any

from drafter.models import PROSE_REPLACED, DraftLetter, LetterItem

FORMATS = ("text", "markdown", "json")

HOW_MADE = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no "
    "affiliation with the employer, employee, providers or the claims administrator. He/she has "
    "been in active clinical practice for more than five years and is currently working at least "
    "24 hours a week in active practice. The expert reviewer was selected based on his/her "
    "clinical experience, education, background, and expertise in the same or similar "
    "specialties that evaluate and/or treat the medical condition and disputed items/Service. "
    "He/she is familiar with governing laws and regulations, including the strength of evidence "
    "hierarchy that applies to Independent Medical Review determinations."
)
SUMMARY_INTRO = (
    "The expert reviewer developed the following clinical case summary based on a review of the "
    "case file, including all medical records:"
)
ITEMS_INTRO = (
    "The Final Determination was based on decisions for the disputed items/services set forth "
    "below:"
)
REVIEWER_DECIDES = "Reviewer to decide (no applicable rule)"
MISSING = "[not configured: set with --licensure/--specialty or the config file]"


def decision_label(item: LetterItem) -> str:
    decision = item.determination.decision
    return decision.value if decision else REVIEWER_DECIDES


def guideline_line(item: LetterItem) -> str:
    citation = item.determination.citation
    return f"Decision based on {citation}." if citation else "No applicable guideline rule found."


def render(letter: DraftLetter, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(letter_json(letter), indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(letter)
    return _text(letter)


def letter_json(letter: DraftLetter) -> dict[str, Any]:
    return {
        "drafter_version": letter.drafter_version,
        "backend": letter.backend,
        "model": letter.model,
        "reviewer": letter.reviewer.model_dump(),
        "case_summary": letter.case_summary,
        "items": [
            {
                "request": item.determination.request.text,
                "decision": item.determination.decision.value
                if item.determination.decision
                else None,
                "reviewer_must_decide": item.determination.reviewer_must_decide,
                "rule_id": item.determination.rule_id,
                "citation": item.determination.citation,
                "guideline_version": item.determination.guideline_version,
                "criteria": [c.model_dump(mode="json") for c in item.determination.criteria],
                "note": item.determination.note,
                "rationale": item.rationale,
                "flags": item.flags,
                "parsed_request": item.determination.request.model_dump(mode="json"),
            }
            for item in letter.items
        ],
        "facts": letter.facts.model_dump(mode="json"),
        "usage": letter.usage.model_dump(),
        "notices": letter.notices,
    }


def _text(letter: DraftLetter) -> str:
    reviewer = letter.reviewer
    parts = [
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        HOW_MADE,
        "The Expert Reviewer has the following credentials:\n"
        f"State(s) of Licensure: {reviewer.licensure or MISSING}\n"
        f"Certification(s)/Specialty: {reviewer.specialty or MISSING}",
        "CLINICAL CASE SUMMARY",
        SUMMARY_INTRO,
        letter.case_summary,
        "IMR ISSUES, DECISIONS AND RATIONALES",
        ITEMS_INTRO,
    ]
    for item in letter.items:
        parts += [
            f"{item.determination.request.text}: {decision_label(item)}",
            "Claims Administrator guideline: Not stated in the case file.",
            f"MAXIMUS guideline: {guideline_line(item)}",
            f"Decision rationale: {item.rationale}",
        ]
    return "\n\n".join(parts) + "\n"


def _markdown(letter: DraftLetter) -> str:
    reviewer = letter.reviewer
    lines = [
        "## How the IMR Final Determination was made",
        "",
        HOW_MADE,
        "",
        "The Expert Reviewer has the following credentials:",
        "",
        f"- **State(s) of Licensure:** {reviewer.licensure or MISSING}",
        f"- **Certification(s)/Specialty:** {reviewer.specialty or MISSING}",
        "",
        "## Clinical case summary",
        "",
        SUMMARY_INTRO,
        "",
        letter.case_summary,
        "",
        "## IMR issues, decisions and rationales",
        "",
        ITEMS_INTRO,
    ]
    for item in letter.items:
        lines += [
            "",
            f"### {item.determination.request.text}: {decision_label(item)}",
            "",
            "**Claims Administrator guideline:** Not stated in the case file.",
            "",
            f"**MAXIMUS guideline:** {guideline_line(item)}",
            "",
            f"**Decision rationale:** {item.rationale}",
            "",
            "| criterion | result | evidence |",
            "|---|---|---|",
        ]
        for c in item.determination.criteria:
            quote = "; ".join(f"“{e.quote}”" for e in c.evidence) or (
                f"not documented: {c.undocumented}" if c.undocumented else ""
            )
            lines.append(f"| {c.description} | {c.result.value} | {quote.replace('|', '/')} |")
        if PROSE_REPLACED in item.flags:
            lines += ["", "_The model's rationale failed the guard; this is the template prose._"]
    if letter.notices:  # the reviewer's working copy says how the draft was made
        lines += ["", "## Drafting notes", ""] + [f"- {notice}" for notice in letter.notices]
    return "\n".join(lines) + "\n"

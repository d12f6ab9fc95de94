"""Offline drafting: Jinja2 prose templates write the case summary and each item's rationale.

The templates live in `prompts/offline/` (shipped inside the package as `drafter/prompts`). This
module only prepares plain values for them; every sentence a reviewer reads is in a template, so
prose can be edited without touching code. StrictUndefined makes a missing variable an error.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from drafter import __version__
from drafter.checks.base import prior_visits
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Category,
    CriterionOutcome,
    CriterionResult,
    DraftLetter,
    ItemDetermination,
    LetterItem,
    PriorTreatment,
    Response,
    Reviewer,
    Sex,
    WorkStatus,
)
from drafter.rulebook import Allowance, Criterion, Rule, RuleBook, load_rulebook

NOUNS: dict[Category, str] = {
    Category.PHYSICAL_THERAPY: "physical therapy",
    Category.OCCUPATIONAL_THERAPY: "occupational therapy",
    Category.CHIROPRACTIC: "chiropractic",
    Category.ACUPUNCTURE: "acupuncture",
    Category.MASSAGE: "massage therapy",
    Category.AQUATIC_THERAPY: "aquatic therapy",
}
REGION_NAMES: dict[BodyRegion, str] = {
    BodyRegion.NECK: "cervical spine",
    BodyRegion.THORACIC: "thoracic spine",
    BodyRegion.LOW_BACK: "lumbar spine",
    BodyRegion.FOREARM_WRIST_HAND: "forearm, wrist and hand",
    BodyRegion.CARPAL_TUNNEL: "carpal tunnel syndrome",
    BodyRegion.ANKLE_FOOT: "ankle and foot",
}
_REASON_ORDER = [
    "region_not_in",
    "requested_visits_at_most",
    "functional_improvement_documented",
    "course_total_at_most",
    "frequency_at_most",
    "duration_at_most",
    "concept_documented",
]


def _reason_rank(view: dict[str, Any]) -> int:
    """Therapy reasons in their customary order; other domains' reasons after, as the rule
    lists them (the sort is stable)."""
    check = view["check"]
    return _REASON_ORDER.index(check) if check in _REASON_ORDER else len(_REASON_ORDER)


def prompts_dir() -> Path:
    """`drafter/prompts` in an installed wheel; the repository's `prompts/` in a checkout."""
    packaged = Path(str(resources.files("drafter"))) / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "prompts"


def _join_and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-case a sentence's first letter unless it starts an acronym ('MED', 'TENS')."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    env.filters["join_and"] = _join_and
    env.filters["capitalize_first"] = _capitalize_first
    env.filters["lower_first"] = _lower_first
    return env


def render_prompt(name: str, **context: Any) -> str:
    """Render a template from prompts/ and fold its whitespace into one paragraph."""
    return " ".join(environment().get_template(name).render(**context).split())


def region_name(region: BodyRegion | None) -> str:
    if region is None:
        return "unspecified region"
    return REGION_NAMES.get(region, region.value.replace("_", " "))


def request_phrase(text: str) -> str:
    """'Physical therapy 3x4' -> 'physical therapy 3x4'; acronyms ('MRI', 'TENS') keep case."""
    return _lower_first(text)


def _pronoun(facts: CaseFacts) -> str:
    return {Sex.MALE: "he", Sex.FEMALE: "she"}.get(facts.sex, "the injured worker")  # type: ignore[arg-type]


def _history_phrase(course: PriorTreatment) -> str:
    noun = NOUNS.get(course.modality, course.modality.value.replace("_", " "))
    if course.none_documented:
        return f"no prior {noun}"
    if course.sessions_completed:
        least = "at least " if course.at_least else ""
        return f"{noun} ({least}{course.sessions_completed} sessions)"
    return f"{noun} (number of sessions not documented)"


def _work_sentence(facts: CaseFacts, subject: str) -> str:
    return {
        WorkStatus.FULL_DUTY: f"{subject} is working full duty",
        WorkStatus.MODIFIED_DUTY: f"{subject} is working modified duty",
        WorkStatus.NOT_WORKING: f"{subject} has not returned to work",
        WorkStatus.UNKNOWN: "current work status was not documented",
    }[facts.work.status]


def summary_context(facts: CaseFacts) -> dict[str, Any]:
    fi = facts.functional_improvement
    fi_sentence = ""
    if fi.documented is not None and fi.evidence:
        fi_sentence = fi.evidence.quote
    if fi_sentence in facts.exam_findings or fi_sentence.lower().startswith("treatment to date"):
        fi_sentence = ""
    return {
        "age": facts.age,
        "sex": facts.sex.value if facts.sex else None,
        "injury_date": facts.date_of_injury_text,
        "diagnoses": facts.diagnoses,
        "history": [_history_phrase(t) for t in facts.treatment_history],
        "complaints": facts.complaints,
        "exam_findings": facts.exam_findings[:2],
        "functional_improvement": fi_sentence if fi_sentence != facts.complaints else "",
        "work_sentence": _capitalize_first(_work_sentence(facts, "The injured worker")) + ".",
        "requests": [request_phrase(r.text) for r in facts.requests],
        "ur_decision": facts.utilization_review.decision,
        "ur_date": facts.utilization_review.date,
    }


def _allowance_view(allowance: Allowance | None) -> dict[str, Any] | None:
    if allowance is None:
        return None
    low = f"{allowance.visits_min}-" if allowance.visits_min else ""
    return {"label": allowance.label, "range": f"{low}{allowance.visits}", "weeks": allowance.weeks}


def _limit_text(criterion: Criterion, rule: Rule, allowance: dict[str, Any] | None) -> str:
    if criterion.limit == "allowance" and allowance:
        return (
            f"{allowance['range']} visits over {allowance['weeks']} weeks for {allowance['label']}"
        )
    if criterion.limit:
        value = rule.limits.values[criterion.limit]
        unit = "weeks" if criterion.check == "duration_at_most" else "visits"
        return f"{value:g} {unit}"
    return ""


def _case_facts(facts: CaseFacts, determination: ItemDetermination) -> list[str]:
    """The 'In this case, ...' clauses. Domains with their own facts (medications, procedures)
    register a writer in `drafter.prose.CASE_CLAUSES`; visit-based therapy is the default."""
    from drafter.prose import CASE_CLAUSES  # the domain writers import helpers from here

    writer = CASE_CLAUSES.get(determination.request.category)
    if writer is not None:
        return writer(facts, determination)
    return therapy_case_facts(facts, determination)


def therapy_case_facts(facts: CaseFacts, determination: ItemDetermination) -> list[str]:
    """Diagnosis, this treatment's history, work status."""
    request = determination.request
    subject = "the injured worker"
    pronoun = _pronoun(facts)
    noun = NOUNS.get(request.category, request.category.value.replace("_", " "))
    clauses = []
    if facts.diagnoses:
        clauses.append(f"{subject} has been diagnosed with {_join_and(facts.diagnoses[:3])}")
        subject = pronoun
    history = [t for t in facts.history_for([request.category]) if not t.none_documented]
    if not history:
        clauses.append(f"there is no documentation of prior {noun}, so this is an initial request")
    for course in history:
        count = ""
        if course.sessions_completed:
            least = "at least " if course.at_least else ""
            count = f"{least}{course.sessions_completed} sessions of "
        response = {
            Response.IMPROVED: " with documented objective functional improvement",
            Response.NOT_IMPROVED: " without objective functional improvement",
            Response.UNKNOWN: "",
        }[course.response]
        previous = "" if count else "previous "
        clauses.append(f"{subject} has participated in {count}{previous}{noun}{response}")
        subject = pronoun
    clauses.append(_work_sentence(facts, subject))
    return clauses


def recommendation_text(
    determination: ItemDetermination, rulebook: RuleBook, facts: CaseFacts
) -> str:
    """The applied rule's recommendation, with this case's allowance filled in."""
    rule = rulebook.get(str(determination.rule_id))
    allowance = _allowance_view(rule.allowance_for(facts.diagnoses))
    return " ".join(
        environment().from_string(rule.recommendation).render(allowance=allowance).split()
    )


def _request_noun(request: Any) -> str:
    """What the rationale calls the treatment: its procedure kind if parsed, else its category."""
    if request.procedure is not None:
        from drafter.checks.procedures import kind_noun  # the checks import this package's models

        return kind_noun(request.procedure.kind)
    return NOUNS.get(request.category, request.category.value.replace("_", " "))


def rationale_context(
    facts: CaseFacts, determination: ItemDetermination, rulebook: RuleBook
) -> dict[str, Any]:
    request = determination.request
    recommendation = recommendation_text(determination, rulebook, facts)
    overturned = not determination.failing
    chosen = [
        c for c in determination.criteria
        if (c.counts_against if not overturned else c.result == CriterionResult.MET)
    ]  # fmt: skip
    views = [_criterion_view(c, rulebook, facts, request) for c in chosen]
    views.sort(key=_reason_rank)
    return {
        "recommendation": recommendation,
        "case_facts": _case_facts(facts, determination),
        "reasons": views,
        "overturned": overturned,
        "noun": _request_noun(request),
        "region": region_name(request.body_region),
        "request_text": request.text  # drug names keep their case (Norco, Lidoderm)
        if request.category == Category.MEDICATION
        else request_phrase(request.text),
    }


def _criterion_view(
    outcome: CriterionOutcome, rulebook: RuleBook, facts: CaseFacts, request: Any
) -> dict[str, Any]:
    rule = rulebook.get(outcome.rule_id)
    criterion = next(c for c in rule.criteria if c.id == outcome.id)
    allowance = _allowance_view(rule.allowance_for(facts.diagnoses))
    limit = rule.limits.values.get(criterion.limit or "", None)
    concept = next((c for c in rule.concepts if c.label == criterion.concept), None)
    prior = prior_visits(facts, request, criterion)
    at_least = "at least " if prior.is_lower_bound else ""
    total = prior.least + (request.total_visits or 0)
    return {
        "check": criterion.check,
        "result": outcome.result.value,
        "explanation": outcome.explanation,
        "prior_text": f"{at_least}{prior.counted}" if prior.counted else "a prior course of",
        "total_text": f"{at_least}{total}",
        "requested": request.total_visits,
        "frequency": f"{request.frequency_per_week:g}" if request.frequency_per_week else None,
        "weeks": f"{request.weeks:g}" if request.weeks else None,
        "limit": f"{limit:g}" if limit is not None else None,
        "limit_text": _limit_text(criterion, rule, allowance),
        "statutory": rule.role == "supplementary",
        "describes": concept.describes if concept else "",
        "details": outcome.details,
    }


def draft_rationale(facts: CaseFacts, determination: ItemDetermination, rulebook: RuleBook) -> str:
    if determination.reviewer_must_decide:
        return (
            f"{determination.note} drafter found no MTUS or other guideline rule in its rule base "
            "for this request, so it has not drafted a decision; the reviewer must decide this "
            "item and write its rationale."
        )
    return render_prompt(
        "offline/rationale.j2", **rationale_context(facts, determination, rulebook)
    )


def draft_offline(
    facts: CaseFacts,
    determinations: list[ItemDetermination],
    reviewer: Reviewer | None = None,
    rulebook: RuleBook | None = None,
) -> DraftLetter:
    """The whole letter from facts and decisions, with no LLM."""
    rulebook = rulebook or load_rulebook()
    items = [
        LetterItem(
            determination=d,
            rationale=draft_rationale(facts, d, rulebook),
            flags=["no_applicable_rule"] if d.reviewer_must_decide else [],
        )
        for d in determinations
    ]
    return DraftLetter(
        reviewer=reviewer or Reviewer(),
        case_summary=render_prompt("offline/case_summary.j2", **summary_context(facts)),
        items=items,
        facts=facts,
        drafter_version=__version__,
    )

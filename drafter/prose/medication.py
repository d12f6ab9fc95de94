"""Offline rationale clauses for medication requests: the "In this case, ..." facts.

They say what the reviewer would: the diagnosis, whether the drug is new or already taken (and
since when), the work status where the guideline turns on it (opioids), and, when a long-term
opioid or benzodiazepine is not supported, that it should be weaned rather than stopped abruptly.
"""

from __future__ import annotations

from collections.abc import Callable

from drafter.checks.medication import current_uses, is_medication_continuation, order_of
from drafter.models import CaseFacts, Category, Decision, ItemDetermination, WorkStatus

WEAN_CLASSES = {"opioid", "benzodiazepine"}


def _pronoun(facts: CaseFacts) -> str:
    return {"male": "he", "female": "she"}.get(
        facts.sex.value if facts.sex else "", "the injured worker"
    )


def medication_case_facts(facts: CaseFacts, determination: ItemDetermination) -> list[str]:
    request = determination.request
    order = order_of(request)
    name = order.drug_text if order else "the medication"
    classes = set(order.drug_classes) if order else set()
    subject, pronoun = "the injured worker", _pronoun(facts)
    clauses: list[str] = []
    if facts.diagnoses:
        clauses.append(f"{subject} has been diagnosed with {_join(facts.diagnoses[:3])}")
        subject = pronoun
    ongoing = is_medication_continuation(facts, request, None)  # type: ignore[arg-type]
    uses = current_uses(facts, order)
    if ongoing:
        since = next((u.since_text for u in uses if u.since_text), None)
        taken = next((u.name for u in uses), name)
        when = f" {since}" if since else ""
        clauses.append(f"{subject} has been taking {taken}{when}")
    elif order is not None and order.route == "topical":
        clauses.append(f"{subject} is prescribed {_topical(order.ingredients, name)}")
    elif _taken_before(facts, order):
        clauses.append(f"{subject} has taken {name} before, but not currently")
    else:
        clauses.append(
            f"there is no documentation that {subject} has taken {name} before, so "
            f"this is a new prescription"
        )
    subject = pronoun
    if "opioid" in classes and ongoing:
        clauses.append(_work(facts, subject))
    upheld = determination.decision == Decision.UPHELD
    if upheld and ongoing and classes & WEAN_CLASSES:
        clauses.append(
            "because the criteria for continued use are not met, the medication "
            "should be weaned gradually rather than stopped abruptly"
        )
    return clauses


def _taken_before(facts: CaseFacts, order) -> bool:
    """A past (stopped or failed) use of the same drug is in the records."""
    return order is not None and any(
        u.generic == order.generic and order.generic for u in facts.medication_history.medications
    )


def _topical(ingredients: list, name: str) -> str:
    names = [i.generic or i.name.lower() for i in ingredients]
    if len(names) > 1:
        return f"a topical compound of {_join(names)}"
    return name


def _work(facts: CaseFacts, subject: str) -> str:
    return {
        WorkStatus.FULL_DUTY: f"{subject} is working full duty",
        WorkStatus.MODIFIED_DUTY: f"{subject} is working modified duty",
        WorkStatus.NOT_WORKING: f"{subject} has not returned to work",
        WorkStatus.UNKNOWN: "the current work status is not documented",
    }[facts.work.status]


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


CASE_CLAUSES: dict[Category, Callable[[CaseFacts, ItemDetermination], list[str]]] = {
    Category.MEDICATION: medication_case_facts
}

"""What the medication checks share: the parsed order, the drugs the worker already takes, whether
a request is ongoing use, and how much pain relief the records show."""

from __future__ import annotations

import re
from typing import TypeVar

from drafter.checks.base import UNMET, Verdict
from drafter.medication_orders import REFILLS, catalogue, parse_order
from drafter.models import (
    CaseFacts,
    DocumentedFact,
    Evidence,
    MedicationOrder,
    MedicationUse,
    PainWithMedication,
    TreatmentRequest,
)
from drafter.rulebook import Criterion

CLASS_LEVEL_CONTINUATION = {"opioid", "benzodiazepine", "hypnotic", "nsaid", "ppi"}
"""Classes where taking another drug of the class already makes a request ongoing use (a switch
from Norco to Percocet continues opioid therapy); for other classes only the same drug does."""


MEANINGFUL_RELIEF_PERCENT = 20.0
"""drafter's reading of 'pain relief' (UNCONFIRMED): pain with medication at least 20% lower than
without it (8/10 -> 6/10 counts, 8/10 -> 7/10 does not); the AED rule sets its own 30%."""


_CONTINUE_WORDS = re.compile(r"\b(?:refills?|continued?|continuation|renewal|ongoing)\b", re.I)


def order_of(request: TreatmentRequest) -> MedicationOrder | None:
    return request.medication or parse_order(request.text)


def current_uses(facts: CaseFacts, order: MedicationOrder | None) -> list[MedicationUse]:
    """Current uses of the ordered drug (or, for class-level classes, of its class)."""
    if order is None:
        return []
    shared = set(order.drug_classes) & CLASS_LEVEL_CONTINUATION
    return [
        u
        for u in facts.medication_history.medications
        if u.current
        and (
            (order.generic and u.generic == order.generic)
            or (order.brand and u.generic == order.brand)
            or shared & set(u.drug_classes)
            or _same_topical(order, u)
        )
    ]


def _same_topical(order: MedicationOrder, use: MedicationUse) -> bool:
    """A topical named only by its form in the records ('the compounded cream', 'the patch')
    is the requested topical of that form (a patch for a patch, any other for a cream or gel)."""
    if use.generic is not None or "topical" not in order.drug_classes:
        return False
    order_kind = "patch" if (order.form or "").lower().startswith("patch") else "other"
    return use.name == f"topical {order_kind}"


def is_medication_continuation(
    facts: CaseFacts, request: TreatmentRequest, criterion: Criterion
) -> bool:
    """Ongoing use: the request says refill/continue, or the worker already takes the drug."""
    # the refills an order authorises ('#30 with 1 refill', 'no refills') are part of any order,
    # new or not; only 'refill of Norco' or 'continue' says it continues
    said = _CONTINUE_WORDS.search(REFILLS.sub(" ", request.text))
    # a drug started at the latest visit of the records ('Norco was started on 4-15-2015', the
    # last date; 'newly prescribed') is the start being requested, not ongoing use
    ongoing = [u for u in current_uses(facts, order_of(request)) if u.weeks_of_use != 0]
    return bool(said or ongoing)


def evidence_of(*items: Evidence | None) -> list[Evidence]:
    return [e for e in items if e is not None]


def relief_percent(pain: PainWithMedication) -> float | None:
    """Percent pain reduction on medication: stated, or from scores with and without it."""
    if pain.percent_relief is not None:
        return pain.percent_relief
    if pain.with_medication is not None and pain.without_medication:
        drop = 100 * (pain.without_medication - pain.with_medication) / pain.without_medication
        return max(0.0, round(drop, 6))  # 8 -> 6.4 is 20%, not 19.999...
    return None


Report = TypeVar("Report", PainWithMedication, DocumentedFact)


def report_for(reports: list[Report], single: Report, order: MedicationOrder | None) -> Report:
    """The report that speaks for the ordered drug: one naming it (or, for class-level classes,
    a drug of its class), else one about the medications in general. A report naming only other
    drugs does not count ('50% relief with Ultracet' says nothing of naproxen). Facts that carry
    no report list (hand-made or from the LLM backend) fall back to the single summary field."""
    if not reports:
        return single
    names = (
        {order.generic, order.brand, *(i.generic for i in order.ingredients)} if order else set()
    )
    names.discard(None)
    is_patch = order is not None and (
        (order.form or "").lower().startswith("patch") or "patch" in order.drug_text.lower()
    )
    if order and ("topical" in order.drug_classes or is_patch):
        # 'the patch' speaks of a requested patch (Lidoderm, or a fentanyl patch); 'the cream'
        # of a requested topical
        names.add("topical patch" if is_patch else "topical other")
    shared = set(order.drug_classes) & CLASS_LEVEL_CONTINUATION if order else set()

    def same_class(report: Report) -> bool:
        drugs = [catalogue().drug(d) for d in report.drugs]
        return any(d is not None and shared & set(d.classes) for d in drugs)

    for group in (
        [r for r in reports if names & set(r.drugs)],
        [r for r in reports if shared and same_class(r)],
        [r for r in reports if not r.drugs],
    ):
        if group:
            denied = [r for r in group if _denies(r)]
            return denied[0] if denied else group[0]
    return type(single)()


def pain_report(facts: CaseFacts, request: TreatmentRequest) -> PainWithMedication:
    """The pain report that speaks for the requested drug (see `report_for`)."""
    history = facts.medication_history
    return report_for(history.pain_reports, history.pain, order_of(request))


def no_relief(quotes: list[Evidence], details: dict) -> Verdict:
    """Unmet: the records deny that the medication relieves pain."""
    return (
        UNMET,
        "The records state the medication gives no significant relief.",
        quotes,
        None,
        details,
    )


def _denies(report: PainWithMedication | DocumentedFact) -> bool:
    if isinstance(report, PainWithMedication):
        return report.relief_denied
    return report.value is False

"""Fixes from the medication holdout error analysis (evals/holdout/medications/ANALYSIS.md), each
tested on variant phrasings written for these tests, not taken from the holdout letters."""

from __future__ import annotations

import pytest

from drafter.checker import check_request
from drafter.medication_response import pain_reports
from drafter.models import CaseFacts, WorkStatus
from drafter.pipeline import extract_facts
from drafter.requests import parse_request
from drafter.rulebook import load_rulebook
from drafter.sections import disputed_item_lines

CASE = """CLINICAL CASE SUMMARY
The injured worker is a 47 year old female who sustained an industrial injury on 4-12-2012.
She was diagnosed with lumbar strain. {body}
Utilization Review on 6-10-2015 non-certified the request.

DISPUTED ITEMS
{item}
"""


# --- disputed items: a quantity written 'QTY:' is an item, not a 'Label: value' line --------


@pytest.mark.parametrize(
    "item",
    ["Pantoprazole 40mg QTY: 60", "Celebrex QTY: 30 with 1 refill", "Naproxen 550 mg Quantity: 60"],
)
def test_an_item_with_a_qty_label_is_kept(item):
    text = f"DISPUTED ITEMS\n\n{item}\n\nNorco 10/325mg #90\n"
    assert [line for _, line in disputed_item_lines(text)] == [item, "Norco 10/325mg #90"]


def test_label_lines_of_a_letter_item_block_are_still_skipped():
    text = ("DISPUTED ITEMS\n\nNorco 10/325mg #90\n\nDecision rationale: not needed here.\n\n"
            "MAXIMUS guideline: Decision based on MTUS.\n")  # fmt: skip
    assert [line for _, line in disputed_item_lines(text)] == ["Norco 10/325mg #90"]


# --- pain 'X/10 before the drug, now Y/10' --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Her foot pain was 6/10 before starting Lyrica and is now about 3/10.", (6, 3)),
        ("The shooting arm pain, 9/10 prior to nortriptyline, is now rated 4/10.", (9, 4)),
        ("She said the leg pain, 8/10 before Neurontin, is now 5-6/10.", (8, 6)),
    ],
)
def test_before_and_now_scores_are_pain_without_and_with_the_drug(sentence, expected):
    [report] = pain_reports(sentence, 0)
    assert (report.without_medication, report.with_medication) == expected
    assert report.drugs  # attributed to the named drug


def test_before_and_now_reaches_the_aed_response_criterion():
    body = ("She takes gabapentin 300 mg three times daily for burning pain in the left leg. "
            "She says the leg pain was 8/10 before gabapentin and is now 3/10, and she can "
            "walk for an hour.")  # fmt: skip
    facts = extract_facts(CASE.format(body=body, item="Gabapentin 300mg #90"))
    [pain] = [p for p in facts.medication_history.pain_reports if "gabapentin" in p.drugs]
    assert (pain.without_medication, pain.with_medication) == (8, 3)
    determination = check_request(facts, facts.requests[0], load_rulebook())
    assert next(c for c in determination.criteria if c.id == "response").result.value == "met"


# --- work status: 'returned to full duty' is full duty, not only a functional gain ---------


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("She returned to full duty in March 2015 and works her regular shifts.",
         WorkStatus.FULL_DUTY),
        ("She returned to modified duty last month with a lifting limit.",
         WorkStatus.MODIFIED_DUTY),
    ],
)  # fmt: skip
def test_returned_to_duty_sets_the_work_status(sentence, status):
    facts = extract_facts(CASE.format(body=sentence, item="Tramadol 50mg #60"))
    assert facts.work.status == status


# --- a course taken long ago is past use, not current use ----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "She last took a muscle relaxant, a one-week course of Flexeril, in 2012.",
        "She completed a short course of cyclobenzaprine in 2012.",
        "She last used cyclobenzaprine in 2012.",
    ],
)
def test_a_past_course_is_not_current_use(sentence):
    body = (f"{sentence} On 5-20-2015 she had a flare with paraspinal spasm. The physician "
            "prescribed cyclobenzaprine 10 mg three times daily for 7 days (#21).")  # fmt: skip
    facts = extract_facts(CASE.format(body=body, item="Cyclobenzaprine 10mg #21"))
    uses = [u for u in facts.medication_history.medications if u.generic == "cyclobenzaprine"]
    assert uses and not any(u.current for u in uses)


# --- citation form: a drug's own section beside its class section --------------------------


def _citation(text: str, **facts) -> set[str]:
    request = parse_request(text)
    determination = check_request(CaseFacts(requests=[request], **facts), request,
                                  load_rulebook())  # fmt: skip
    return {s.strip() for s in determination.citation.split("Section(s):")[1].split(";")}


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        ("Gabapentin 600mg #90", {"Antiepilepsy drugs (AEDs)", "Gabapentin (Neurontin)"}),
        ("Lyrica 75mg #60", {"Antiepilepsy drugs (AEDs)", "Pregabalin (Lyrica)"}),
        ("Cymbalta 60mg #30", {"Antidepressants for chronic pain", "Duloxetine (Cymbalta)"}),
        ("Elavil 25mg #30", {"Antidepressants for chronic pain", "Amitriptyline"}),
        ("Ultram 50mg #60", {"Opioids, criteria for use", "Tramadol (Ultram)"}),
        ("Flexeril 10mg #20", {"Cyclobenzaprine (Flexeril)", "Muscle relaxants (for pain)"}),
        ("Soma 350mg #60", {"Carisoprodol (Soma)", "Muscle relaxants (for pain)"}),
        ("Lidoderm 5% patch #30", {"Lidoderm (lidocaine patch)", "Topical Analgesics"}),
        # no section of their own: the class section alone
        ("Norco 10/325mg #90", {"Opioids, criteria for use"}),
        ("Naproxen 550mg #60", {"NSAIDs (non-steroidal anti-inflammatory drugs)"}),
        ("Nortriptyline 25mg #30", {"Antidepressants for chronic pain"}),
    ],
)
def test_drug_with_its_own_section_cites_it_with_the_class_section(text, sections):
    assert _citation(text) == sections


def test_opioid_over_the_med_cap_also_cites_opioids_dosing():
    assert "Opioids, dosing" in _citation("Morphine sulfate 130mg once daily #30")
    assert "Opioids, dosing" not in _citation("Morphine sulfate 60mg once daily #30")


def test_drug_sections_must_name_catalogue_drugs():
    rule = next(r for r in load_rulebook().rules if r.id == "cpmtg-2009-antiepilepsy-drugs")
    data = rule.model_dump(mode="json") | {"drug_sections": {"not-a-drug": ["X"]}}
    with pytest.raises(ValueError, match="unknown drugs"):
        type(rule).model_validate(data)

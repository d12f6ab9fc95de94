"""Fixes from the fourth medication holdout error analysis
(evals/holdout4/medications/ANALYSIS.md). Each is tested on phrasings written for these tests, the
ways another writer may state the same fact, never on sentences from the holdout letters."""

from __future__ import annotations

from functools import partial

import pytest

from drafter.checks.medication_common import is_medication_continuation
from drafter.extract_offline import _findings
from drafter.medication_text import is_request
from drafter.nlp import Mention
from drafter.pipeline import extract_facts
from drafter.rulebook import load_rulebook
from tests.medication_cases import check_case, criterion_result

CASE = """CLINICAL CASE SUMMARY
The injured worker is a 50 year old male who sustained an industrial injury on 4-9-2013.
He was diagnosed with chronic lumbar sprain. {body}
The progress note of 8-14-2016 was reviewed.
Utilization Review on 8-24-2016 non-certified the request.

DISPUTED ITEMS
{item}
"""

_determination = partial(check_case, CASE)
_criterion = partial(criterion_result, CASE)


# --- a steroid injected locally is not systemic corticosteroid use (PPI GI risk) ---------------


@pytest.mark.parametrize(
    "steroid",
    [
        "He had an intra-articular steroid injection in the knee in 2015.",
        "A cortisone and lidocaine injection was given to the hip in May.",
        "He had two epidural steroid injections last year.",
        "A corticosteroid shot into the bursa helped for a month.",
        "He was injected with methylprednisolone at the trigger point.",
    ],
)
def test_local_steroid_is_not_a_gi_risk(steroid):
    body = (
        f"He takes diclofenac 75 mg twice a day. {steroid} He denies heartburn and has no ulcer "
        "history. Omeprazole was prescribed for stomach protection."
    )
    assert _criterion(body, "Omeprazole 20mg #30", "gi_risk") != "met"


@pytest.mark.parametrize(
    "steroid",
    [
        "He also takes prednisone 10 mg daily for asthma.",
        "He is on oral corticosteroids for his arthritis.",
    ],
)
def test_systemic_steroid_is_still_a_gi_risk(steroid):
    body = f"He takes diclofenac 75 mg twice a day. {steroid}"
    assert _criterion(body, "Omeprazole 20mg #30", "gi_risk") == "met"


# --- a handful of doses cannot be long-term use -------------------------------------------------


@pytest.mark.parametrize("item", ["Lorazepam 1mg #3", "Alprazolam 0.5mg #10"])
def test_few_doses_without_directions_are_short_term(item):
    body = "He is anxious before a dental procedure and takes no sedatives."
    assert _criterion(body, item, "short_term") == "met"


def test_many_doses_without_directions_stay_unknown():
    body = "He is anxious and takes no sedatives."
    assert _criterion(body, "Lorazepam 1mg #60", "short_term") == "unknown"


def test_few_doses_do_not_excuse_ongoing_use():
    body = "He has taken clonazepam 0.5 mg at night since 2014."
    assert _criterion(body, "Clonazepam 0.5mg #10", "short_term") == "unmet"


# --- the refills an order authorises do not make it a continuation -----------------------------


@pytest.mark.parametrize(
    ("item", "continuing"),
    [
        ("Flector 1.3% patch #30 with 2 refills", False),
        ("Flector 1.3% patch #30, refills x3", False),
        ("Flector 1.3% patch #30, no refills", False),
        ("Flector 1.3% patch #30 RF x1", False),
        ("Refill of Flector 1.3% patch #30", True),
        ("Continue Flector 1.3% patch #30", True),
    ],
)
def test_refill_count_is_not_continuation(item, continuing):
    facts = extract_facts(CASE.format(body="He takes no medications.", item=item))
    rule = load_rulebook().rules[0]
    assert is_medication_continuation(facts, facts.requests[0], rule.criteria[0]) is continuing


# --- a concept term inside another concept's longer term ---------------------------------------


def _mention(label: str, text: str, negated: bool = False) -> Mention:
    sentence = f"She was diagnosed with {text}."
    start = sentence.index(text)
    return Mention(label, text, start, start + len(text), negated, False, sentence, 0)


class _Concepts:
    """The part of a RuleBook `_findings` reads: these concepts, none of them an intent."""

    def __init__(self, concepts: dict[str, list[str]]) -> None:
        self._concepts = concepts

    def concepts(self) -> dict[str, list[str]]:
        return self._concepts

    def documented_by_intent(self, label: str) -> bool:
        return False

    def documented_by_possible(self, label: str) -> bool:
        return True


def test_inner_term_is_found_for_its_own_concept():
    concepts = {"entrapment": ["cubital tunnel neuropathy"], "indication": ["neuropathy"]}
    found = _findings([_mention("entrapment", "cubital tunnel neuropathy")], _Concepts(concepts))
    assert {(f.concept, f.present) for f in found} == {("entrapment", True), ("indication", True)}


def test_inner_term_keeps_the_negation():
    concepts = {"entrapment": ["cubital tunnel neuropathy"], "indication": ["neuropathy"]}
    mention = _mention("entrapment", "cubital tunnel neuropathy", True)
    found = _findings([mention], _Concepts(concepts))
    assert all(not f.present for f in found) and len(found) == 2


def test_inner_term_is_whole_words_only():
    concepts = {"entrapment": ["polyneuropathy"], "indication": ["neuropathy"]}
    found = _findings([_mention("entrapment", "polyneuropathy")], _Concepts(concepts))
    assert [f.concept for f in found] == ["entrapment"]


def test_antidepressant_indication_inside_a_longer_diagnosis():
    body = "She was diagnosed with right radial tunnel neuropathy after the crush injury."
    assert _criterion(body, "Nortriptyline 10mg #30", "indication") == "met"


# --- before an opioid trial: goals and misuse screening (neutral when silent) -------------------

_TRIAL = "He took ibuprofen 600 mg three times a day for two months with little relief. "


def test_stated_missing_goals_and_screening_count_against_a_trial():
    body = _TRIAL + (
        "The chart contains no functional goals and no screening for risk of misuse before "
        "hydrocodone was prescribed."
    )
    assert _determination(body, "Norco 5/325mg #30").decision.value == "Upheld"


def test_documented_goals_and_screening_support_a_trial():
    body = _TRIAL + (
        "Functional goals of sitting through a work meeting were set, and his Opioid Risk Tool "
        "score was low."
    )
    found = _determination(body, "Norco 5/325mg #30")
    assert found.decision.value == "Overturned"
    results = {c.id: c.result.value for c in found.criteria}
    assert results["trial_goals"] == results["trial_misuse_screen"] == "met"


def test_silence_on_goals_and_screening_is_neutral():
    assert _determination(_TRIAL, "Norco 5/325mg #30").decision.value == "Overturned"


def test_goals_are_not_asked_of_ongoing_opioids():
    body = (
        "He has taken Norco 10/325 mg three times a day since 2014; pain is 8/10 without it and "
        "4/10 with it, he walks 2 miles instead of one block, he reports no side effects, and a "
        "urine drug screen in July was consistent. No functional goals are recorded."
    )
    ids = {c.id for c in _determination(body, "Norco 10/325mg #90").criteria}
    assert "trial_goals" not in ids


# --- 'while she takes X' is the condition of a request, not current use ------------------------


@pytest.mark.parametrize(
    ("sentence", "is_plan"),
    [
        ("The physician requested famotidine 20 mg #60 while he takes ibuprofen.", True),
        ("Lansoprazole was requested for as long as she takes naproxen.", True),
        ("He takes Norco daily and the physician requested Norco #90.", False),
        # a history cue in another clause is about another drug
        ("The physician requested duloxetine 30 mg daily; she has not tried amitriptyline.", True),
        ("She has tried amitriptyline; the physician requested duloxetine.", True),
        ("Duloxetine was requested though she has tried it before.", False),
    ],
)
def test_condition_clause_does_not_make_a_history_sentence(sentence, is_plan):
    assert is_request(sentence) is is_plan


def test_a_requested_drug_with_a_condition_is_a_new_prescription():
    body = (
        "Pain is managed with naproxen 500 mg twice a day. On 8-14-2016 the physician requested "
        "eszopiclone 1 mg at bedtime #14 while he takes naproxen. He has never taken a hypnotic."
    )
    facts = extract_facts(CASE.format(body=body, item="Eszopiclone 1mg #14"))
    uses = {u.generic: u.current for u in facts.medication_history.medications}
    assert not uses.get("eszopiclone")


# --- a drug's segment ends at a semicolon --------------------------------------------------------


def test_past_cue_in_the_next_clause_belongs_to_its_own_drug():
    body = "Pain is managed with meloxicam 15 mg daily; he discontinued tramadol in March 2016."
    facts = extract_facts(CASE.format(body=body, item="Meloxicam 15mg #30"))
    uses = {u.generic: u.current for u in facts.medication_history.medications}
    assert uses["meloxicam"] is True
    assert uses["tramadol"] is False

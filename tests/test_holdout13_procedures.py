"""Readings added after the thirteenth blind procedure set (evals/holdout13/procedures):
provocative entrapment signs (positive or negative) for upper-extremity nerve conduction studies,
homebound in the standard's own words, therapy measures that stopped moving, a dated note still
reporting relief after an epidural, a program named only as a provider, and a device used in the
clinic. Every sentence here is written for the test, not copied from a letter."""

from __future__ import annotations

import pytest

from drafter.extract_procedures import ENTRAPMENT_CONCEPT, _add_entrapment_signs
from drafter.models import CaseFacts, ProcedureKind
from tests.procedure_cases import found, history

K = ProcedureKind


def _states(sentence: str) -> list[bool]:
    facts = CaseFacts()
    _add_entrapment_signs(sentence, facts)
    return [f.present for f in facts.findings if f.concept == ENTRAPMENT_CONCEPT]


@pytest.mark.parametrize(
    "sentence",
    [
        "On exam there was a positive Tinel sign over the right carpal tunnel.",
        "Phalen's maneuver was positive on the left after 40 seconds.",
        "Durkan's test and Tinel's sign were positive bilaterally.",
    ],
)
def test_positive_entrapment_sign_asserts(sentence: str) -> None:
    assert _states(sentence) == [True]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tinel and Phalen tests are negative in both hands.",
        "He had a negative Tinel's at the cubital tunnel.",
        "The patient denies nighttime tingling in the fingers.",
        "There was no Phalen sign on either side.",
    ],
)
def test_negative_entrapment_sign_denies(sentence: str) -> None:
    assert _states(sentence) == [False]


def test_unrelated_sentence_is_silent() -> None:
    assert _states("Spurling's test reproduced arm pain on the right.") == []


# --- the rest of the holdout-13 readings, through the whole extractor --------------------------


def _found(summary: str, label: str, items: str = "Home health nursing") -> set[bool]:
    return found(summary, label, items)


@pytest.mark.parametrize(
    "summary",
    [
        "Since the surgery, leaving home requires considerable and taxing effort for her.",
        "She gets to her clinic visits via ambulance only.",
    ],
)
def test_homebound_in_the_standards_words(summary: str) -> None:
    assert True in _found(summary, "homebound")


@pytest.mark.parametrize(
    "summary",
    [
        "He says leaving the house is not a taxing effort and he drives himself.",
        "She goes to the store by car with her husband.",
    ],
)
def test_not_homebound(summary: str) -> None:
    assert True not in _found(summary, "homebound")


def test_measures_that_stopped_moving_are_a_plateau() -> None:
    summary = "Grip stayed at 40 pounds, with no further gains over the final three sessions."
    assert True in _found(summary, "therapy_plateau", "Work conditioning x 10 visits")


def test_gains_still_coming_are_no_plateau() -> None:
    summary = "Grip strength rose from 30 to 40 pounds over the final three sessions."
    assert True not in _found(summary, "therapy_plateau", "Work conditioning x 10 visits")


def test_a_dated_note_still_reporting_relief_after_an_epidural() -> None:
    summary = (
        "She had a left L5-S1 transforaminal epidural steroid injection on 01-10-2022. "
        'Progress note 03-21-2022: "She is still about 70% better and off Norco." '
        "On 05-02-2022 the leg pain had returned."
    )
    _, prior = history(summary)
    esi = prior[K.EPIDURAL_STEROID_INJECTION]
    assert esi.relief_weeks == pytest.approx(10, abs=0.2)


def test_a_dated_note_without_still_gives_no_duration() -> None:
    summary = (
        "She had a left L5-S1 transforaminal epidural steroid injection on 01-10-2022. "
        'Progress note 03-21-2022: "No better, pain back to 8/10."'
    )
    _, prior = history(summary)
    assert prior[K.EPIDURAL_STEROID_INJECTION].relief_weeks is None


def test_a_program_named_as_a_provider_is_no_prior_course() -> None:
    summary = "An intake survey completed with the functional restoration team was favorable."
    _, prior = history(summary, "Functional restoration program x 10 days")
    assert K.FUNCTIONAL_RESTORATION not in prior


def test_a_program_the_worker_attended_is_a_prior_course() -> None:
    summary = "He attended a functional restoration program in 2021 and returned to work."
    _, prior = history(summary, "Functional restoration program x 10 days")
    assert K.FUNCTIONAL_RESTORATION in prior


def test_a_device_used_in_the_clinic_is_no_home_trial() -> None:
    summary = "The therapist applied TENS in the clinic during PT sessions, which eased his spasm."
    _, prior = history(summary, "TENS unit 30-day rental")
    assert K.TENS not in prior


def test_a_device_used_at_home_is_a_prior_trial() -> None:
    summary = "He used a TENS unit at home for a month last year with some benefit."
    _, prior = history(summary, "TENS unit 30-day rental")
    assert K.TENS in prior

"""Readings added after the fourteenth and fifteenth blind procedure sets (evals/holdout14 and
evals/holdout15 procedures): an exam sign denied after it is named, a sign named only as what a
test is to rule out, functional restoration days counted from hours or full days, an
anesthetic's strength that is no relief, 'prescribed' describing a drug, a dated last drug screen
with a month name, and an opioid dose that went up. Every sentence here is written for the test,
not copied from a letter."""

from __future__ import annotations

import pytest

from drafter.extract_procedures import _program_days_done, _relief_percent
from drafter.models import ProcedureKind
from tests.procedure_cases import found, history

K = ProcedureKind
MRI = "Cervical spine MRI"
UDS = "Urine drug screen"


def _found(summary: str, label: str, items: str = MRI) -> set[bool]:
    return found(summary, label, items)


# --- a sign named, then denied ------------------------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "Exam: grip 5/5, Hoffmann's sign negative on both sides, gait steady.",
        "Upper limb reflexes symmetric; clonus absent, Hoffman neg.",
    ],
)
def test_a_sign_denied_after_it_is_named_is_no_red_flag(summary: str) -> None:
    assert True not in _found(summary, "red_flags")


@pytest.mark.parametrize(
    "summary",
    [
        "Exam: a positive Hoffmann's sign on the left and three beats of clonus.",
        "He now has hyperreflexia in both arms.",
    ],
)
def test_a_sign_present_stays_a_red_flag(summary: str) -> None:
    assert True in _found(summary, "red_flags")


def test_a_test_to_rule_out_radiculopathy_is_no_radicular_symptom() -> None:
    summary = "Neck pain only, no arm complaints. An EMG was ordered to rule out radiculopathy."
    assert True not in _found(summary, "radicular_symptoms", "EMG of the upper extremities")


# --- program days done ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "days"),
    [
        ("she went through the program for 120 hours (three weeks)", 15),
        ("finished 18 full days of the program", 18),
        ("attended 12 full-day sessions", 12),
        ("took part in the program for two weeks", 10),
        ("was admitted to the program last spring", None),
    ],
)
def test_program_days_done(segment: str, days: int | None) -> None:
    assert _program_days_done(segment) == days


# --- an injectate's strength is no relief --------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "percent"),
    [
        ("blocks with bupivacaine 0.5%; pain fell by about 75% for six hours", "75"),
        ("using 1% lidocaine, with 60% relief afterwards", "60"),
        ("with 2% xylocaine only", None),
    ],
)
def test_relief_percent_skips_concentrations(part: str, percent: str | None) -> None:
    match = _relief_percent(part)
    assert (match["num"] if match else None) == percent


# --- drug screens --------------------------------------------------------------------------------


def test_a_screen_matching_prescribed_drugs_is_a_prior_screen() -> None:
    summary = (
        "He takes oxycodone daily. A drug screen on 3/3/2016 matched his prescribed opioid. "
        "Utilization review denied the test on 5/1/2016."
    )
    _, prior = history(summary, UDS)
    assert K.URINE_DRUG_SCREEN in prior


def test_a_requested_screen_is_no_prior_screen() -> None:
    summary = (
        "He takes oxycodone daily. The physician has requested a urine drug screen. "
        "Utilization review denied the test on 5/1/2016."
    )
    _, prior = history(summary, UDS)
    assert K.URINE_DRUG_SCREEN not in prior


def test_a_last_screen_dated_by_month_name_a_year_back_is_due() -> None:
    summary = (
        "She takes Norco. The last UDS on file was performed in March 2015 and was appropriate. "
        "Utilization review denied the test on 4/20/2016."
    )
    assert True in _found(summary, "drug_test_interval_due", UDS)


def test_a_last_screen_a_few_months_back_is_not_due() -> None:
    summary = (
        "She takes Norco. The last UDS on file was performed in January 2016 and was appropriate. "
        "Utilization review denied the test on 4/20/2016."
    )
    assert True not in _found(summary, "drug_test_interval_due", UDS)


@pytest.mark.parametrize(
    "summary",
    [
        "His oxycodone was increased from two to four tablets daily last month.",
        "With the flare, her Norco use has gone up to five a day.",
    ],
)
def test_an_opioid_dose_that_went_up(summary: str) -> None:
    assert True in _found(summary, "opioid_dose_increase", UDS)


@pytest.mark.parametrize(
    "summary",
    [
        "His oxycodone dose has not been increased in a year.",
        "The physician plans to increase his tramadol if pain persists.",
        "Her gabapentin was increased to 600 mg three times daily.",
    ],
)
def test_no_opioid_dose_increase(summary: str) -> None:
    assert True not in _found(summary, "opioid_dose_increase", UDS)


# --- procedures not done, request lists, failed care, motivation, neuropathy --------------------


def test_a_block_never_previously_done_is_no_prior_block() -> None:
    summary = "Lumbar facet blocks have not previously been done. Facets are tender at L4-5."
    _, prior = history(summary, "Bilateral L4-5 medial branch blocks")
    assert K.MEDIAL_BRANCH_BLOCK not in prior


def test_an_item_under_a_request_heading_closing_a_paragraph_is_requested() -> None:
    summary = (
        "There has been no lumbar MRI. His foot drop is getting worse over three visits and "
        "the surgeon asked for imaging. The physician then requested:\n"
        "  1. Lumbar MRI without contrast\n"
        "  2. Lower extremity EMG\n"
        "Utilization review denied both on 3-3-2016."
    )
    _, prior = history(summary, "Lumbar MRI without contrast")
    assert K.MRI not in prior


def test_care_that_did_not_change_the_symptoms_failed() -> None:
    summary = (
        "She has done physical therapy, a home program and naproxen, which did not improve her "
        "leg pain."
    )
    assert True in _found(summary, "conservative_care_failed", "Lumbar epidural steroid injection")


def test_care_that_helped_has_not_failed() -> None:
    summary = "She has done physical therapy, which helped her leg pain a great deal."
    assert True not in _found(summary, "conservative_care_failed", "Lumbar ESI")


FRP = "Functional restoration program x 10 days"


@pytest.mark.parametrize(
    "summary",
    [
        "He hopes to build his stamina and to get back to some kind of work.",
        "He wants to be independent again and to return to a lighter job.",
        "She has agreed in writing that she would not claim further temporary disability.",
    ],
)
def test_motivation_in_the_workers_words(summary: str) -> None:
    assert True in _found(summary, "motivation_to_change", FRP)


@pytest.mark.parametrize(
    "summary",
    [
        "He does not want to return to work at all.",
        "His wife wants to return to work next year.",
    ],
)
def test_no_motivation(summary: str) -> None:
    assert True not in _found(summary, "motivation_to_change", FRP)


def test_a_polyneuropathy_is_a_tens_condition() -> None:
    summary = "Nerve studies showed an axonal polyneuropathy in both legs with burning feet."
    assert True in _found(summary, "tens_condition", "TENS unit 30-day rental")

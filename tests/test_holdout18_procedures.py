"""Readings added after the eighteenth to twentieth blind procedure sets (evals/holdout18-20
procedures): how long relief lasted said by the week it held or wore off, a program the records
go on to call 'the program', a plateau with two qualifiers, a pain score before the procedure
with the score after it in a later sentence or at timed points, several follow-up dates, an
explicit duration after a shorter dated one, a medication 'down to' a lower count, and failed
care read clause by clause. Every sentence here is written for the test, not copied from a
letter."""

from __future__ import annotations

import pytest

from drafter.models import ProcedureKind, Response
from tests.procedure_cases import found, history

K = ProcedureKind
REPEAT_ESI = "Repeat lumbar epidural steroid injection"


def _esi(summary: str):
    _, done = history(summary, REPEAT_ESI)
    return done[K.EPIDURAL_STEROID_INJECTION]


BASE = (
    "L5 radiculopathy on exam and MRI. He had a lumbar epidural steroid injection on 3-06-2014. "
    "At the two-week follow up his leg pain was 4/10, down from 8/10. "
)


@pytest.mark.parametrize(
    ("later", "weeks"),
    [
        ("At the six-week visit on 4-17-2014 the pain was still 4/10.", 6),
        ("After about the sixth week the leg pain gradually returned.", 6),
        ("The benefit wore off around week 7.", 7),
    ],
)
def test_relief_lasts_to_the_week_a_later_sentence_names(later: str, weeks: float) -> None:
    esi = _esi(BASE + later)
    assert esi.relief_percent == 50
    assert esi.relief_weeks == weeks


def test_a_week_named_later_never_shortens_relief() -> None:
    esi = _esi(BASE.replace("At the two-week", "For eight weeks, at every") + " After the "
               "third week the leg pain returned.")  # fmt: skip
    assert esi.relief_weeks == 8


def test_a_score_before_the_procedure_and_one_after_it_a_sentence_later() -> None:
    summary = (
        "He had a caudal epidural steroid injection on 01/08/2014. Pain before the injection was "
        "8/10. At the 01/29/2014 visit pain was 4/10, and it was still 4/10 on 02/19/2014, six "
        "weeks post-injection; Norco was down to 2 tablets a day."
    )
    esi = _esi(summary)
    assert (esi.relief_percent, esi.relief_weeks, esi.medication_reduced) == (50, 6, True)


def test_a_higher_score_afterwards_is_no_relief() -> None:
    summary = (
        "He had a caudal epidural steroid injection on 01/08/2014. Pain before the injection was "
        "5/10. At the 01/29/2014 visit pain was 6/10."
    )
    assert _esi(summary).relief_percent is None


def test_timed_scores_after_a_block_count_the_least_relief() -> None:
    summary = (
        "On 09/09/2014 she had right L4-5 and L5-S1 medial branch blocks. Her diary shows "
        "pre-procedure pain of 7/10, 1/10 at 30 minutes, and 2/10 at four hours."
    )
    _, done = history(summary, "Right L4-5 and L5-S1 radiofrequency ablation")
    assert done[K.MEDIAL_BRANCH_BLOCK].relief_percent == 71


def test_the_last_of_several_follow_up_dates_and_a_stated_duration() -> None:
    summary = (
        "She had a lumbar epidural steroid injection on 2/10/2015. At the 2/24/2015 and "
        "3/24/2015 follow-ups she reported 50% relief of her leg pain. The relief lasted "
        "approximately seven weeks, after which her symptoms returned."
    )
    assert _esi(summary).relief_weeks == 7


def test_the_last_follow_up_date_bounds_relief_when_nothing_else_does() -> None:
    summary = (
        "She had a lumbar epidural steroid injection on 2/10/2015. At the 2/24/2015 and "
        "3/24/2015 follow-ups she reported 50% relief of her leg pain."
    )
    assert _esi(summary).relief_weeks == 6


FRP_MORE = "Functional restoration program, additional 10 days"


def test_a_program_called_the_program_after_it_is_named() -> None:
    summary = (
        "He had a functional restoration evaluation on 6/10/2015. Ten days (80 hours) of the "
        "program were completed between 7/13/2015 and 7/24/2015. Compared with baseline his "
        "lift increased from 10 to 25 pounds."
    )
    _, done = history(summary, FRP_MORE)
    frp = done[K.FUNCTIONAL_RESTORATION]
    assert frp.sessions_completed == 10
    assert frp.response == Response.IMPROVED


@pytest.mark.parametrize(
    "sentence",
    [
        "He will attend the program next month.",
        "He has not completed the program.",
    ],
)
def test_the_program_not_yet_attended_is_no_history(sentence: str) -> None:
    summary = f"He had a functional restoration evaluation on 6/10/2015. {sentence}"
    _, done = history(summary, FRP_MORE)
    assert K.FUNCTIONAL_RESTORATION not in done


def test_the_program_with_no_program_named_before_is_no_history() -> None:
    _, done = history("He completed the program in May.", FRP_MORE)
    assert K.FUNCTIONAL_RESTORATION not in done


def test_no_further_measurable_gains_is_a_plateau() -> None:
    summary = (
        "She completed 12 PT visits; the therapist noted no further measurable gains over the "
        "final three visits."
    )
    assert True in found(summary, "therapy_plateau", "Work conditioning, 10 sessions")


def test_failed_care_is_read_clause_by_clause() -> None:
    summary = (
        "She has had 16 PT visits, meloxicam and a home program; she has not had any spinal "
        "injections. Her pain is 6-7/10 and worse with standing."
    )
    assert True in found(
        summary, "conservative_care_failed", "Bilateral L4-5 and L5-S1 medial branch blocks"
    )


def test_care_denied_in_its_own_clause_is_still_not_tried() -> None:
    summary = "She has not had physical therapy; her pain is 6/10."
    assert True not in found(
        summary, "conservative_care_failed", "Bilateral L4-5 and L5-S1 medial branch blocks"
    )

"""Readings added after the sixteenth and seventeenth blind procedure sets and the seventh
(evals/holdout16, holdout17 and holdout7 procedures): an evaluation for a program is not the
program, 'half the pain going away' is relief, list lines without a period are read, a
sentence that only repeats a disputed item is no history, care that 'takes the edge off' has
failed, abbreviated program evaluations, relief that a dated note says wore off lately, and
dorsal ramus blocks. Every sentence here is written for the test, not copied from a letter."""

from __future__ import annotations

import pytest

from drafter.checks.base import fmt_weeks
from drafter.models import Decision, ProcedureKind
from drafter.pipeline import decide, extract_facts
from tests.procedure_cases import case_text, found, history

K = ProcedureKind
CBT = "Cognitive behavioral therapy, 4 sessions"
FRP = "Functional restoration program, 10 days"


@pytest.mark.parametrize(
    "sentence",
    [
        "A pain psychology evaluation on 3/2/2016 found a PHQ-9 of 12.",
        "She attended a CBT intake on 4/4/2016 and scored 30 on the catastrophizing scale.",
    ],
)
def test_an_evaluation_for_a_program_is_not_the_program(sentence: str) -> None:
    _, done = history(sentence, CBT)
    assert K.PSYCHOTHERAPY not in done


def test_psychotherapy_actually_given_is_still_history() -> None:
    _, done = history("She attended 6 pain psychology sessions in 2015 without gains.", CBT)
    assert K.PSYCHOTHERAPY in done


@pytest.mark.parametrize(
    "sentence",
    [
        "After the epidural steroid injection on 3/3/2015 he described about half of his leg "
        "pain going away for six weeks.",
        "The 3/3/2015 epidural steroid injection made half the pain go away for 6 weeks.",
    ],
)
def test_half_the_pain_going_away_is_fifty_percent_relief(sentence: str) -> None:
    _, done = history(sentence)
    assert done[K.EPIDURAL_STEROID_INJECTION].relief_percent == 50


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ('- "I want to get back to work, any job"', "motivation_to_change"),
        ("- she understands her disability payments may end", "motivation_to_change"),
        ("- Ibuprofen takes the edge off only", "conservative_care_failed"),
    ],
)
def test_a_list_line_without_a_period_is_read(line: str, label: str) -> None:
    summary = f"Program evaluation 1/5/2019:\n{line}\n- Baseline lift 10 lb"
    assert True in found(summary, label, FRP)


def test_a_wish_in_the_third_person_is_not_read_as_the_worker_s() -> None:
    # 'I want' is the worker speaking; 'they want' is someone else
    summary = "Her employers said they want to get back to full staffing."
    assert True not in found(summary, "motivation_to_change", FRP)


def test_a_sentence_that_repeats_a_disputed_item_is_no_prior_trial() -> None:
    summary = (
        "Chronic low back pain for a year. 9/1/2015: requests a first ablation. Separately: "
        "30-day TENS unit rental trial."
    )
    _, done = history(summary, "TENS unit 30-day rental trial")
    assert K.TENS not in done


def test_a_trial_with_its_goals_set_is_still_to_come() -> None:
    summary = "TENS trial goals listed: sit 60 minutes, fewer tramadol tablets."
    _, done = history(summary, "TENS unit 30-day rental trial")
    assert K.TENS not in done


def test_a_trial_that_took_place_is_history() -> None:
    summary = "She completed a 30-day TENS rental trial in May with 40% less pain."
    _, done = history(summary, "TENS unit purchase")
    assert K.TENS in done


@pytest.mark.parametrize(
    "summary",
    [
        "FRP multidisciplinary eval 6/1/2015 (MD, PT, psych) with a baseline PCE.",
        "Interdisciplinary eval on 6/1/2015 recorded baseline lifting and sitting tolerance.",
    ],
)
def test_an_abbreviated_program_evaluation_is_read(summary: str) -> None:
    assert True in found(summary, "frp_evaluation", FRP)


def _repeat_esi(summary: str):
    facts = extract_facts(case_text(summary, "Repeat caudal epidural steroid injection"))
    return facts, next(p for p in facts.procedure_history if p.kind == K.EPIDURAL_STEROID_INJECTION)


def test_relief_lasts_until_a_dated_note_says_the_pain_came_back() -> None:
    summary = (
        "Bilateral L5 radiculopathy on exam and EMG. A caudal epidural steroid injection was "
        'performed on 05-26-2015. Note of 06-30-2015: "Still 50% better. Cut Norco down to 2 a '
        'day." Note of 07-14-2015: "Pain creeping back over the last week or so."'
    )
    _, esi = _repeat_esi(summary)
    assert esi.relief_percent == 50
    assert esi.relief_weeks == 6.0
    assert esi.medication_reduced is True


def test_pain_that_came_back_long_ago_does_not_shorten_or_lengthen_relief() -> None:
    summary = (
        "A caudal epidural steroid injection was performed on 05-26-2015. Note of 06-09-2015: "
        '"Still 50% better." Note of 07-14-2015: "Pain returned over the past 6 weeks."'
    )
    _, esi = _repeat_esi(summary)
    assert esi.relief_weeks == 2.0


def test_dorsal_ramus_blocks_are_diagnostic_blocks_before_an_ablation() -> None:
    summary = (
        "Axial low back pain, no leg symptoms, normal neurologic exam. On 05-19-2015 right L3 "
        "and L4 medial branch and L5 dorsal ramus blocks gave about 85% relief for five hours."
    )
    facts = extract_facts(case_text(summary, "Right L4-L5 and L5-S1 radiofrequency neurotomy"))
    blocks = {p.kind: p for p in facts.procedure_history}[K.MEDIAL_BRANCH_BLOCK]
    assert blocks.relief_percent == 85
    (item,) = decide(facts)
    assert item.decision == Decision.OVERTURNED
    assert "85% relief for 5 hours" in " ".join(c.explanation for c in item.criteria)


@pytest.mark.parametrize(
    ("weeks", "text"),
    [(6, "6 weeks"), (1.5, "1.5 weeks"), (3 / 7, "3 days"), (1 / 7, "1 day"), (5 / 168, "5 hours")],
)
def test_spans_are_written_in_the_unit_a_reader_expects(weeks: float, text: str) -> None:
    assert fmt_weeks(weeks) == text

"""Readings added after the twelfth blind procedure set (evals/holdout12/procedures): a pain
score hedged with 'about', scores labelled pre- and post-procedure, a risk screen above low risk,
conservative care listed under a heading, a list of requests under a 'Requests:' heading, a
procedure the sentence says has not been done, a capacity below the job's demands stated first,
and facet steroid injections named without the word 'facet injection'. Every sentence here is
written for the test, not copied from a letter."""

import pytest

from drafter.models import ProcedureKind
from drafter.pipeline import decide, extract_facts
from tests.procedure_cases import case_text, found, history

K = ProcedureKind
UDS = "Urine drug screen"
RFA = "Left L4-5 and L5-S1 radiofrequency ablation"


# --- a hedged score: 'from 9/10 to roughly 4/10' ------------------------------------------------


def test_a_hedged_score_after_the_procedure_is_relief():
    summary = (
        "He had a right L5-S1 epidural steroid injection on 2-03-2019. At the next visit his leg "
        "pain had dropped from 9/10 to roughly 4/10 for about seven weeks."
    )
    _, prior = history(summary)
    esi = prior[K.EPIDURAL_STEROID_INJECTION]
    assert esi.relief_percent == pytest.approx(56, abs=1)
    assert esi.relief_weeks == pytest.approx(7)


def test_a_hedged_score_that_rose_is_no_relief():
    summary = (
        "He had a right L5-S1 epidural steroid injection on 2-03-2019. Afterwards his leg pain "
        "went from 3/10 to about 6/10."
    )
    _, prior = history(summary)
    assert prior[K.EPIDURAL_STEROID_INJECTION].relief_percent is None


# --- scores labelled before and after: 'pre-injection pain 8/10 and post-injection 2/10' ------


def test_labelled_pre_and_post_scores_are_relief():
    summary = (
        "Right L4-5 and L5-S1 medial branch blocks were done on 5-14-2018 with bupivacaine: "
        "pre-injection pain 8/10 and post-injection 2/10 in the recovery area."
    )
    _, prior = history(summary, RFA)
    assert prior[K.MEDIAL_BRANCH_BLOCK].relief_percent == pytest.approx(75)


def test_unchanged_pre_and_post_scores_are_no_relief():
    summary = (
        "Right L4-5 and L5-S1 medial branch blocks were done on 5-14-2018 with bupivacaine: "
        "pre-block NRS 6/10, post-block NRS 6/10."
    )
    _, prior = history(summary, RFA)
    assert prior[K.MEDIAL_BRANCH_BLOCK].relief_percent is None


# --- a risk screen above low risk -------------------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "She takes tramadol 50 mg twice daily. The ORT placed her in the high-risk category.",
        "He takes Norco nightly. His opioid risk tool result was intermediate given prior "
        "alcohol misuse in his twenties.",
    ],
)
def test_a_risk_screen_above_low_risk_is_misuse_risk(summary):
    assert True in found(summary, "misuse_risk", UDS)


@pytest.mark.parametrize(
    "summary",
    [
        "She takes tramadol 50 mg twice daily. The ORT score was low.",
        "He takes Norco nightly. His risk assessment was not high.",
    ],
)
def test_a_low_or_denied_risk_screen_is_not_misuse_risk(summary):
    assert True not in found(summary, "misuse_risk", UDS)


# --- care listed under a heading, one item a line ---------------------------------------------


def test_care_listed_under_a_heading_then_ongoing_pain_is_failed_care():
    summary = (
        "Care so far:\n- Chiropractic, 10 visits\n- Naproxen 500 mg twice daily\n\n"
        "Visit 6-01-2018:\n- Low back pain 7/10 with prolonged sitting"
    )
    assert True in found(summary, "conservative_care_failed")


def test_care_listed_under_a_heading_that_helped_is_not_failed_care():
    summary = (
        "Care so far:\n- Chiropractic, 10 visits, which helped a great deal\n- Naproxen\n\n"
        "Visit 6-01-2018:\n- Low back pain 5/10 with prolonged sitting"
    )
    assert True not in found(summary, "conservative_care_failed")


# --- a list of requests under a heading --------------------------------------------------------


def test_an_item_under_a_requests_heading_is_no_history():
    summary = (
        "He has axial low back pain with facet loading pain.\n\nRequests:\n"
        "- Left L4-5 and L5-S1 medial branch blocks prior to a possible ablation\n"
        "- Gym membership"
    )
    _, prior = history(summary, "Left L4-5 and L5-S1 medial branch blocks")
    assert K.MEDIAL_BRANCH_BLOCK not in prior


def test_an_item_under_a_history_heading_is_history():
    summary = (
        "He has axial low back pain with facet loading pain.\n\nProcedures to date:\n"
        "- Left L4-5 and L5-S1 medial branch blocks on 3-01-2018 with 80% relief for 6 hours"
    )
    _, prior = history(summary, "Left L4-5 and L5-S1 medial branch blocks")
    assert K.MEDIAL_BRANCH_BLOCK in prior


# --- a procedure the sentence says was not done ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "An MRI of the lumbar spine has never been obtained.",
        "A lumbar MRI has not yet been performed; plain films showed spondylosis.",
    ],
)
def test_a_study_that_has_not_been_done_is_no_prior_study(sentence):
    summary = f"She has low back pain with left leg numbness. {sentence}"
    facts, prior = history(summary, "Lumbar MRI")
    assert K.MRI not in prior
    assert any(p.kind == K.MRI and p.none_documented for p in facts.procedure_history)


def test_a_study_that_was_done_is_a_prior_study():
    summary = (
        "She has low back pain with left leg numbness. A lumbar MRI was performed on 1-10-2018 "
        "and showed an L5-S1 protrusion."
    )
    _, prior = history(summary, "Lumbar MRI")
    assert K.MRI in prior


# --- a capacity below the job's demands, the capacity stated first ----------------------------


def test_a_capacity_below_the_job_stated_first_is_unmet_demands():
    summary = (
        "A functional capacity evaluation tested her at sedentary-light capacity, while her job "
        "as a warehouse selector is rated as very heavy."
    )
    assert True in found(summary, "job_demands_unmet", "Work conditioning, 10 sessions")


@pytest.mark.parametrize(
    "summary",
    [
        "A functional capacity evaluation tested her at light capacity; her job as a receptionist "
        "is not heavy.",
        "A functional capacity evaluation tested her at heavy capacity, and her job as a "
        "warehouse selector is rated as heavy.",
    ],
)
def test_a_capacity_that_meets_the_job_is_not_unmet_demands(summary):
    assert True not in found(summary, "job_demands_unmet", "Work conditioning, 10 sessions")


# --- facet steroid injections named in other words ---------------------------------------------


@pytest.mark.parametrize(
    ("item", "rule"),
    [
        ("Left L4-5 facet joint steroid injection", "acoem-facet-joint-injections-lumbar"),
        ("Right C5-6 facet steroid injections", "acoem-facet-joint-injections-cervical"),
        ("Right L3-4 facet joint intra-articular injection", "acoem-facet-joint-injections-lumbar"),
    ],
)
def test_facet_steroid_injections_are_facet_joint_injections(item, rule):
    facts = extract_facts(case_text("She has axial pain with facet tenderness.", item))
    assert [d.rule_id for d in decide(facts)] == [rule]


def test_a_medial_branch_block_is_not_a_facet_joint_injection():
    item = "Left L4-5 facet joint medial branch block"
    facts = extract_facts(case_text("She has axial low back pain with facet tenderness.", item))
    assert [d.rule_id for d in decide(facts)] != ["acoem-facet-joint-injections-lumbar"]

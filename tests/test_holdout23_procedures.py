"""Readings added after the twenty-third and twenty-fourth blind procedure sets
(evals/holdout23-24 procedures). Two of their misses were wrong approvals (a drug screen
approved because a prior screen was read as denied or as requested, a cervical ESI approved on a
rule-out herniation), so most tests here guard denials. Every sentence is written for the test,
not copied from a letter."""

from __future__ import annotations

import pytest

from drafter.models import Decision, ProcedureKind
from drafter.pipeline import decide, extract_facts
from tests.procedure_cases import case_text, concepts, found, history

K = ProcedureKind
UDS = "Urine drug screen"


def _decision(summary: str, item: str) -> Decision:
    return decide(extract_facts(case_text(summary, item)))[0].decision


@pytest.mark.parametrize(
    "summary",
    [
        # a refill request in the sentence does not make the prior screen a request
        "He takes tramadol daily. The provider documented that a urine toxicology specimen "
        "collected on 07/24/2013 was consistent, and there were no early refill requests. "
        "Utilization review non-certified the screen on 09/18/2013.",
        # 'no ... family history', then a new predicate: the screen was done
        "He takes oxycodone after surgery. He scored 1 on the ORT, has no personal or family "
        "history of substance abuse, had a pre-operative urine toxicology on 02/17/2015 that was "
        "negative, and has no aberrant behavior. Utilization review non-certified the screen on "
        "04/14/2015.",
    ],
)
def test_a_recent_screen_in_a_low_risk_patient_is_a_repeat_not_justified(summary: str) -> None:
    _, done = history(summary, UDS)
    assert K.URINE_DRUG_SCREEN in done
    assert _decision(summary, UDS) == Decision.UPHELD


def test_a_relative_s_history_still_belongs_to_the_relative() -> None:
    summary = "His brother had a urine drug screen last year. He takes tramadol daily."
    _, done = history(summary, UDS)
    assert K.URINE_DRUG_SCREEN not in done


def test_a_rule_out_herniation_corroborates_nothing() -> None:
    summary = (
        "Right arm pain and numbness into the thumb; positive Spurling's, diminished C6 "
        "sensation. Diagnoses: cervical radiculitis, rule out C5-6 disc herniation. No MRI of "
        "the cervical spine and no electrodiagnostic testing have been obtained. She failed PT "
        "and gabapentin."
    )
    assert True not in found(
        summary, "radiculopathy_corroborated", "Cervical interlaminar ESI at C5-6"
    )


def test_a_device_only_discussed_was_never_tried() -> None:
    summary = "A TENS unit was discussed in 2013 but was never dispensed."
    _, done = history(summary, "H-wave unit, 30-day home trial")
    assert K.TENS not in done


def test_relief_measured_at_a_time_after_the_block() -> None:
    summary = (
        "The first L4-5 interlaminar epidural steroid injection was performed on 1/14/15. "
        "Follow-up notes document the response. On 2/11/15 he said about half of the leg pain "
        "was gone. On 3/4/15 (seven weeks after the block) his VAS was 4/10 compared with 8/10 "
        "before the injection; he had cut Norco from four tablets a day to two."
    )
    _, done = history(summary, "Repeat L4-5 interlaminar epidural steroid injection")
    esi = done[K.EPIDURAL_STEROID_INJECTION]
    assert (esi.relief_percent, esi.relief_weeks, esi.medication_reduced) == (50, 7, True)


def test_fewer_tablets_instead_of_more_is_a_reduction() -> None:
    summary = (
        "He had a lumbar epidural steroid injection on 01/28/2014. At the two week follow-up "
        "his pain was 4/10 compared with 8/10 before. On 03/11/2014 pain was again 4/10; he was "
        "taking 2 Norco a day instead of 4."
    )
    _, done = history(summary, "Repeat lumbar epidural steroid injection")
    assert done[K.EPIDURAL_STEROID_INJECTION].medication_reduced is True


def test_follow_ups_listed_with_one_unit() -> None:
    summary = (
        "Bilateral L3-L4 and L4-L5 radiofrequency ablation was performed on 03/04/2014. At "
        "follow-ups one, three and six months after the procedure she reported approximately "
        "75% reduction in her back pain."
    )
    _, done = history(summary, "Repeat bilateral L3-L4 and L4-L5 radiofrequency ablation")
    assert done[K.RADIOFREQUENCY_ABLATION].relief_weeks == pytest.approx(26.1)


@pytest.mark.parametrize(
    ("summary", "unmet"),
    [
        (
            "An FCE placed him at the medium level with a 35 lb floor-to-waist lift, whereas his "
            "job analysis calls for occasional lifting of 75 lb.",
            True,
        ),
        ("His FCE placed him at light capacity, and his job as a roofer is heavy.", True),
        ("He can lift 60 lb; the position calls for lifting 50 lb.", False),
    ],
)
def test_a_capacity_against_the_job_s_demand(summary: str, unmet: bool) -> None:
    assert (
        True in found(summary, "job_demands_unmet", "Work hardening program, 10 sessions")
    ) is unmet


@pytest.mark.parametrize(
    ("summary", "progressive"),
    [
        (
            "At the 8/11/2015 visit her right ankle dorsiflexion and EHL strength were 5/5. "
            "On 9/29/2015 examination showed right EHL strength 3/5.",
            True,
        ),
        ("Left EHL 5/5. Right EHL 4/5.", False),
        ("EHL 5/5 on the left. EHL 4/5 on the right.", False),
        ("At the May visit her EHL strength was 4/5. In June her EHL strength was 4/5.", False),
    ],
)
def test_a_muscle_weaker_than_at_an_earlier_visit(summary: str, progressive: bool) -> None:
    assert (
        True in found(summary, "progressive_deficit", "Repeat MRI of the lumbar spine")
    ) is progressive


def test_new_decreased_sensation_is_a_change() -> None:
    summary = "Lumbar MRI 2015. She now has new decreased sensation over the dorsum of the foot."
    assert True in found(summary, "significant_change", "Repeat MRI of the lumbar spine")


# --- false approvals a second review found (each written for the test) ----------------------

W = (
    "She completed 24 PT visits with a plateau over the final three weeks. The surgeon says "
    "no surgery is indicated. Her employer has confirmed in writing that her position is held, "
    "with a target of full duty. "
)


@pytest.mark.parametrize(
    "summary",
    [
        "An FCE placed her at the sedentary level, and her position is classified as light.",
        "The FCE demonstrated a 30 lb lift at intake and a 60 lb lift at discharge; the position "
        "calls for lifting 50 lb.",
    ],
)
def test_a_light_job_or_a_capacity_that_now_meets_it_is_no_gap(summary: str) -> None:
    assert True not in found(W + summary, "job_demands_unmet", "Work conditioning, 10 sessions")


@pytest.mark.parametrize(
    "summary",
    [
        "Today EHL strength is 5/5. At the prior visit EHL was 4/5.",
        "In May EHL 5/5. In June EHL 4/5. In July EHL 5/5.",
        "Strength of the quadriceps and hamstrings is 5/5. The hamstrings are tight and Waddell "
        "testing was positive in 3/5.",
    ],
)
def test_recovery_or_another_grade_is_no_strength_drop(summary: str) -> None:
    assert True not in found(summary, "progressive_deficit", "Repeat MRI of the lumbar spine")


R = (
    "Left L5 radiculopathy on exam (positive SLR, L5 sensory loss); MRI shows L4-5 compression "
    "of the left L5 root. She failed PT and NSAIDs. "
)


@pytest.mark.parametrize(
    "summary",
    [
        "A lumbar epidural steroid injection was given on 1/5/2015. At the two-week visit he "
        "reported 60% relief. Seven weeks after the injection his pain was 5/10 compared with "
        "8/10 before; Norco use decreased.",
        "A lumbar epidural steroid injection was given on 1/5/2015. At the two-week visit his "
        "pain was 4/10 compared with 8/10 before, and Norco use decreased. Seven weeks after the "
        "injection, his VAS was back to 8/10; at two weeks it had been 4/10 compared with 8/10.",
        "A lumbar epidural steroid injection was given on 1/5/2015 with 60% relief and Norco use "
        "decreased. He had right knee arthroscopy on 2/1/15. Eight weeks after the procedure his "
        "knee pain was 2/10 compared with 8/10.",
        "A lumbar epidural steroid injection was discussed in 2014 and was performed at L4-5 on "
        "3/3/14, with no relief.",
    ],
)
def test_relief_not_shown_to_last_stays_unproven(summary: str) -> None:
    assert _decision(R + summary, "Repeat lumbar epidural steroid injection") == Decision.UPHELD


def test_more_tablets_afterwards_is_no_reduction() -> None:
    summary = (
        "A lumbar epidural steroid injection on 1/5/2015 gave 60% relief for eight weeks. Before "
        "the injection he took 2 Norco a day versus 4 a day afterward."
    )
    _, done = history(R + summary, "Repeat lumbar epidural steroid injection")
    assert done[K.EPIDURAL_STEROID_INJECTION].medication_reduced is not True


@pytest.mark.parametrize(
    "summary",
    [
        "Lumbar radiofrequency ablation on 3/4/2014 gave 80% relief, though at follow-up 6 months "
        "after the procedure the pain had fully returned.",
        "Lumbar radiofrequency ablation on 3/4/2014 gave 80% relief at the 2 week visit, with "
        "pain back to baseline at visits at 3 and 6 months.",
    ],
)
def test_a_follow_up_at_which_the_pain_was_back_is_no_relief_length(summary: str) -> None:
    _, done = history(summary, "Repeat lumbar radiofrequency ablation")
    weeks = done[K.RADIOFREQUENCY_ABLATION].relief_weeks
    assert weeks is None or weeks < 12


@pytest.mark.parametrize(
    "summary",
    [
        "She presents as a new patient with decreased sensation in the left L5 dermatome, "
        "unchanged since 2014.",
        "He reports new neck pain and decreased sensation in the left foot, unchanged for years.",
    ],
)
def test_new_beside_an_old_finding_is_no_change(summary: str) -> None:
    facts = extract_facts(
        case_text("A lumbar MRI was done in 2014. " + summary, "Repeat MRI of the lumbar spine")
    )
    assert True not in concepts(facts, "significant_change")


H = "Failed PT and NSAIDs; daily home exercise program; chronic low back pain for 2 years. "


@pytest.mark.parametrize(
    "summary",
    [
        "The 5/1/15 progress report includes a request for medications and a 30-day TENS unit "
        "trial.",
        "She has no history of surgery, was offered a TENS unit in 2014 and declined it.",
        "She was offered a TENS unit in 2014 and declined it.",
    ],
)
def test_a_tens_trial_requested_or_declined_is_no_trial(summary: str) -> None:
    assert _decision(H + summary, "H-wave unit, 30-day home trial") == Decision.UPHELD


def test_half_a_day_is_a_duration_not_half_the_pain() -> None:
    summary = (
        "A lumbar epidural steroid injection on 1/5/2015: his leg pain was gone for half a day."
    )
    _, done = history(summary, "Repeat lumbar epidural steroid injection")
    assert done[K.EPIDURAL_STEROID_INJECTION].relief_percent != 50


# --- a job's demands alone are no deficit ------------------------------------------------------

WORK = "Work conditioning, 10 sessions"


@pytest.mark.parametrize(
    ("summary", "unmet"),
    [
        ("His job requires lifting up to 50 lb. He has returned to full duty.", False),
        ("She is a warehouse loader, a heavy physical demand level job.", False),
        (
            "His job requires him to unload cases weighing up to 60 pounds. The therapist's "
            "discharge summary showed an overhead lift capacity of 25 pounds.",
            True,
        ),
        (
            "Her regular job requires frequent lifting of cases up to 50 pounds. She is working "
            "modified duty with a 15-pound lifting limit.",
            True,
        ),
        (
            "He is a framing carpenter (heavy physical demand). An FCE placed him in the medium "
            "category.",
            True,
        ),
        (
            "His job requires lifting up to 70 lb. The employer will return him to full duty "
            "once he can lift 70 lb.",
            False,
        ),
        (
            "An FCE found she could safely lift 30 pounds; her job as a loader requires frequent "
            "lifting of 50 pounds and occasional lifting of 70 pounds.",
            True,
        ),
    ],
)
def test_the_job_s_demand_against_the_latest_capacity(summary: str, unmet: bool) -> None:
    assert (True in found(summary, "job_demands_unmet", WORK)) is unmet

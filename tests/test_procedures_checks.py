"""Injection, diagnostic, device and program rules at their boundaries, on facts built directly
(no extraction involved)."""

import datetime as dt
from typing import ClassVar

import pytest

from drafter.checker import check_request
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Decision,
    Evidence,
    Finding,
    PriorProcedure,
    ProcedureKind,
    Response,
    UtilizationReview,
)
from drafter.requests import parse_request
from drafter.rulebook import load_rulebook

K = ProcedureKind
Q = Evidence(quote="quote")


def found(*concepts: str, present: bool = True) -> list[Finding]:
    return [Finding(concept=c, present=present, evidence=Q) for c in concepts]


def decide(
    text,
    *,
    findings=(),
    history=(),
    injury=dt.date(2014, 1, 1),
    review="03-01-2015",
    medications=(),
    region=BodyRegion.LOW_BACK,
    others=(),
):
    facts = CaseFacts(
        date_of_injury=injury,
        utilization_review=UtilizationReview(date=review),
        findings=list(findings),
        procedure_history=list(history),
        medications=list(medications),
    )
    request = parse_request(text, default_region=region)
    facts.requests = [request, *(parse_request(o) for o in others)]
    return check_request(facts, request, load_rulebook())


def prior(
    kind,
    *,
    percent=None,
    weeks=None,
    meds=None,
    response=Response.UNKNOWN,
    sessions=None,
    none=False,
    region=BodyRegion.LOW_BACK,
):
    return PriorProcedure(
        kind=kind,
        relief_percent=percent,
        relief_weeks=weeks,
        medication_reduced=meds,
        response=response,
        sessions_completed=sessions,
        none_documented=none,
        body_region=region,
        evidence=Q,
        relief_evidence=Q if percent or response != Response.UNKNOWN else None,
    )


def failing(d):
    return [c.id for c in d.failing]


ESI_OK = found("radiculopathy_exam", "radiculopathy_corroborated", "conservative_care_failed")


class TestEpiduralSteroidInjections:
    def test_initial_single_level_with_all_criteria_is_overturned(self):
        d = decide("Right L5-S1 transforaminal epidural steroid injection", findings=ESI_OK)
        assert d.decision == Decision.OVERTURNED
        assert d.rule_id == "cpmtg-2009-epidural-steroid-injections"
        assert d.citation.endswith("Epidural steroid injections (ESIs)")

    @pytest.mark.parametrize(
        "missing", ["radiculopathy_exam", "radiculopathy_corroborated", "conservative_care_failed"]
    )
    def test_each_undocumented_criterion_upholds(self, missing):
        findings = [f for f in ESI_OK if f.concept != missing]
        d = decide("L5-S1 ESI", findings=findings)
        assert d.decision == Decision.UPHELD
        assert len(d.failing) == 1 and d.failing[0].result == "unknown"

    def test_imaging_that_denies_compression_is_unmet(self):
        findings = [
            *found("radiculopathy_exam", "conservative_care_failed"),
            *found("radiculopathy_corroborated", present=False),
        ]
        d = decide("L5-S1 ESI", findings=findings)
        assert failing(d) == ["corroborated_by_imaging_or_electrodiagnostics"]
        assert d.failing[0].result == "unmet"

    @pytest.mark.parametrize(
        ("text", "upheld"),
        [
            ("Bilateral L4-5 and L5-S1 transforaminal ESI", False),
            ("L3-4, L4-5 and L5-S1 transforaminal ESI", True),
            ("L5-S1 interlaminar ESI", False),
            ("L4-5 and L5-S1 interlaminar epidural steroid injection", True),
        ],
    )
    def test_levels_per_session(self, text, upheld):
        d = decide(text, findings=ESI_OK)
        assert (d.decision == Decision.UPHELD) is upheld
        assert ("levels_per_session" in failing(d)) is upheld

    @pytest.mark.parametrize(("count", "upheld"), [("x2", False), ("series of three", True)])
    def test_number_of_injections(self, count, upheld):
        d = decide(f"Lumbar ESI at L5-S1 {count}", findings=ESI_OK)
        assert ("number_of_injections" in failing(d)) is upheld

    @pytest.mark.parametrize(
        ("percent", "weeks", "meds", "decision", "reason"),
        [
            (50, 6, True, Decision.OVERTURNED, None),
            (49, 8, True, Decision.UPHELD, "low_percent"),
            (60, 5, True, Decision.UPHELD, "short_duration"),
            (60, 8, False, Decision.UPHELD, "medication"),
            (60, 8, None, Decision.UPHELD, "medication"),
            (60, None, True, Decision.UPHELD, "duration"),
            (None, None, None, Decision.UPHELD, "percent"),
        ],
    )
    def test_repeat_block_needs_50_percent_for_6_weeks_with_less_medication(
        self, percent, weeks, meds, decision, reason
    ):
        history = [prior(K.EPIDURAL_STEROID_INJECTION, percent=percent, weeks=weeks, meds=meds)]
        d = decide("Repeat left L5-S1 transforaminal ESI", findings=ESI_OK, history=history)
        assert d.decision == decision
        repeat = next(c for c in d.criteria if c.id == "repeat_block_relief")
        assert repeat.details["missing"] == reason
        # the initial-phase criterion does not apply to a repeat
        assert "unresponsive_to_conservative_treatment" not in [c.id for c in d.criteria]

    def test_a_prior_cervical_block_does_not_make_a_lumbar_one_a_repeat(self):
        history = [prior(K.EPIDURAL_STEROID_INJECTION, percent=10, region=BodyRegion.NECK)]
        d = decide("L5-S1 ESI", findings=ESI_OK, history=history)
        assert d.decision == Decision.OVERTURNED

    def test_the_word_repeat_without_a_documented_prior_block_is_upheld(self):
        d = decide("Repeat L5-S1 ESI", findings=ESI_OK)
        assert failing(d) == ["repeat_block_relief"]
        assert d.failing[0].undocumented


class TestFacetProcedures:
    MBB_OK: ClassVar = found("facet_pain_signs", "conservative_care_failed")

    def test_facet_joint_injections_are_not_recommended(self):
        d = decide("Lumbar facet joint injections at L4-5 and L5-S1", findings=self.MBB_OK)
        assert d.decision == Decision.UPHELD
        assert "Chapter 12 Low Back Complaints" in d.citation
        cervical = decide("Right C5-6 facet joint injection", region=BodyRegion.NECK)
        assert "Chapter 8 Neck and Upper Back Complaints" in cervical.citation

    @pytest.mark.parametrize(
        ("levels", "upheld"), [("L4-5 and L5-S1", False), ("L3-4, L4-5 and L5-S1", True)]
    )
    def test_medial_branch_blocks_two_levels(self, levels, upheld):
        d = decide(f"Bilateral {levels} medial branch blocks", findings=self.MBB_OK)
        assert (d.decision == Decision.UPHELD) is upheld

    @pytest.mark.parametrize(
        ("nerves", "upheld"), [("L3, L4 and L5", False), ("L2, L3, L4 and L5", True)]
    )
    def test_medial_branches_named_by_nerve_count_joints(self, nerves, upheld):
        d = decide(f"Right {nerves} medial branch blocks", findings=self.MBB_OK)
        assert ("levels" in failing(d)) is upheld

    def test_medial_branch_blocks_not_for_radicular_pain(self):
        d = decide(
            "L4-5 medial branch block", findings=[*self.MBB_OK, *found("radicular_symptoms")]
        )
        assert failing(d) == ["non_radicular_pain"]

    def test_radicular_pain_denied_is_fine(self):
        d = decide(
            "L4-5 medial branch block",
            findings=[*self.MBB_OK, *found("radicular_symptoms", present=False)],
        )
        assert d.decision == Decision.OVERTURNED

    def test_a_second_set_of_diagnostic_blocks_is_not_recommended(self):
        d = decide(
            "L4-5 medial branch block",
            findings=self.MBB_OK,
            history=[prior(K.MEDIAL_BRANCH_BLOCK, percent=30)],
        )
        assert failing(d) == ["one_diagnostic_set"]

    @pytest.mark.parametrize(
        ("percent", "decision"), [(70, Decision.OVERTURNED), (69, Decision.UPHELD)]
    )
    def test_ablation_needs_a_70_percent_block(self, percent, decision):
        d = decide(
            "Left L4-5 and L5-S1 radiofrequency ablation",
            history=[prior(K.MEDIAL_BRANCH_BLOCK, percent=percent)],
        )
        assert d.decision == decision

    @pytest.mark.parametrize(
        ("weeks", "decision"), [(12, Decision.OVERTURNED), (11, Decision.UPHELD)]
    )
    def test_repeat_ablation_needs_50_percent_for_12_weeks(self, weeks, decision):
        history = [
            prior(K.MEDIAL_BRANCH_BLOCK, percent=80),
            prior(K.RADIOFREQUENCY_ABLATION, percent=50, weeks=weeks),
        ]
        d = decide("Repeat L4-5 radiofrequency neurotomy", history=history)
        assert d.decision == decision
        assert "positive_diagnostic_block" not in [c.id for c in d.criteria]


class TestTriggerPoints:
    OK: ClassVar = found("trigger_points_palpated", "conservative_care_failed")

    def test_all_criteria_met(self):
        assert decide("Trigger point injections x 4", findings=self.OK).decision == "Overturned"

    @pytest.mark.parametrize(("count", "decision"), [(4, "Overturned"), (5, "Upheld")])
    def test_injections_per_session(self, count, decision):
        assert decide(f"Trigger point injections x {count}", findings=self.OK).decision == decision

    def test_radiculopathy_excludes(self):
        d = decide("Trigger point injections", findings=[*self.OK, *found("radicular_symptoms")])
        assert failing(d) == ["no_radiculopathy"]

    @pytest.mark.parametrize(
        ("review", "decision"), [("04-01-2014", "Overturned"), ("03-15-2014", "Upheld")]
    )
    def test_three_months_of_symptoms(self, review, decision):
        assert (
            decide("Trigger point injections x 2", findings=self.OK, review=review).decision
            == decision
        )

    def test_repeat_needs_functional_improvement(self):
        history = [prior(K.TRIGGER_POINT_INJECTION, percent=60, weeks=6)]
        d = decide("Repeat trigger point injections x 3", findings=self.OK, history=history)
        assert failing(d) == ["repeat_relief"]
        history[0].response = Response.IMPROVED
        d = decide("Repeat trigger point injections x 3", findings=self.OK, history=history)
        assert d.decision == Decision.OVERTURNED


class TestImaging:
    @pytest.mark.parametrize(
        ("concepts", "decision"),
        [
            (["red_flags"], "Overturned"),
            (["progressive_deficit"], "Overturned"),
            (
                ["radiculopathy_exam", "conservative_care_failed", "surgery_considered"],
                "Overturned",
            ),
            (["radiculopathy_exam", "conservative_care_failed"], "Upheld"),
            ([], "Upheld"),
        ],
    )
    def test_lumbar_mri_indications(self, concepts, decision):
        assert decide("MRI of the lumbar spine", findings=found(*concepts)).decision == decision

    def test_red_flags_denied_upholds_as_unmet(self):
        d = decide("MRI of the lumbar spine", findings=found("red_flags", present=False))
        assert d.failing[0].result == "unmet"

    def test_repeat_mri_needs_a_significant_change(self):
        history = [prior(K.MRI)]
        d = decide(
            "MRI of the lumbar spine",
            history=history,
            findings=found("radiculopathy_exam", "conservative_care_failed", "surgery_considered"),
        )
        assert d.decision == Decision.UPHELD
        d = decide("Repeat MRI lumbar spine", history=history, findings=found("significant_change"))
        assert d.decision == Decision.OVERTURNED

    def test_cervical_mri_on_neurologic_findings_alone(self):
        d = decide(
            "MRI of the cervical spine",
            findings=found("radiculopathy_exam"),
            region=BodyRegion.NECK,
        )
        assert d.decision == Decision.OVERTURNED
        assert "Chapter 8 Neck and Upper Back Complaints, Section(s): Special Studies" in d.citation

    def test_shoulder_mri_has_no_rule(self):
        d = decide("MRI of the right shoulder")
        assert d.decision is None and d.reviewer_must_decide


def limb_finding(concept, sentence, present=True):
    return Finding(concept=concept, present=present, evidence=Evidence(quote=sentence))


class TestElectrodiagnostics:
    LEG: ClassVar = [limb_finding("limb_neuro_symptoms", "She has numbness in the left foot.")]
    ARM: ClassVar = [limb_finding("limb_neuro_symptoms", "He has tingling in the right hand.")]

    def test_emg_for_leg_symptoms(self):
        assert decide("EMG of the bilateral lower extremities", findings=self.LEG).decision == (
            "Overturned"
        )

    def test_leg_symptoms_do_not_justify_an_upper_extremity_study(self):
        d = decide("EMG/NCV of the bilateral upper extremities", findings=self.LEG)
        assert d.rule_id == "acoem-ch8-emg-ncv"
        assert failing(d) == ["neurologic_symptoms"]
        d = decide("EMG/NCV of the bilateral upper extremities", findings=self.ARM)
        assert d.decision == Decision.OVERTURNED

    def test_nerve_conduction_for_presumed_radiculopathy_is_upheld(self):
        d = decide("EMG/NCV of the bilateral lower extremities", findings=self.LEG)
        assert failing(d) == ["nerve_conduction_indication"]
        d = decide(
            "EMG/NCV of the bilateral lower extremities",
            findings=[*self.LEG, *found("peripheral_neuropathy_suspected")],
        )
        assert d.decision == Decision.OVERTURNED


class TestDrugTesting:
    def test_on_opioids(self):
        assert decide("Urine drug screen", medications=["Norco"]).decision == "Overturned"

    def test_not_on_opioids(self):
        d = decide("Urine drug screen", medications=["naproxen", "cyclobenzaprine"])
        assert failing(d) == ["controlled_substance_therapy"]

    def test_repeat_needs_documented_risk(self):
        history = [prior(K.URINE_DRUG_SCREEN)]
        d = decide("Urine drug screen", medications=["Norco"], history=history)
        assert failing(d) == ["repeat_testing_risk"]
        d = decide(
            "Urine drug screen",
            medications=["Norco"],
            history=history,
            findings=found("misuse_risk"),
        )
        assert d.decision == Decision.OVERTURNED


TENS_OK = found("tens_condition", "conservative_care_failed", "active_exercise")


class TestStimulators:
    def test_tens_rental_trial(self):
        assert decide("TENS unit 30-day rental", findings=TENS_OK).decision == "Overturned"

    def test_tens_rental_without_a_qualifying_condition(self):
        findings = [f for f in TENS_OK if f.concept != "tens_condition"]
        assert failing(decide("TENS unit 30-day rental", findings=findings)) == [
            "qualifying_condition"
        ]

    @pytest.mark.parametrize(
        ("history", "decision"),
        [
            ([], Decision.UPHELD),
            ([prior(K.TENS, none=True)], Decision.UPHELD),
            ([prior(K.TENS)], Decision.UPHELD),
            ([prior(K.TENS, response=Response.NOT_IMPROVED)], Decision.UPHELD),
            ([prior(K.TENS, response=Response.IMPROVED)], Decision.OVERTURNED),
        ],
    )
    def test_tens_purchase_only_after_a_successful_trial(self, history, decision):
        d = decide("Purchase of TENS unit", findings=TENS_OK, history=history)
        assert d.decision == decision

    def test_unspecified_tens_request_is_judged_as_a_purchase(self):
        d = decide("TENS unit", findings=TENS_OK)
        assert failing(d) == ["successful_home_trial"]

    def test_h_wave_needs_a_tens_trial_first(self):
        findings = found("conservative_care_failed", "active_exercise")
        d = decide("H-wave 30 day trial", findings=findings)
        assert failing(d) == ["tens_tried_first"]
        d = decide(
            "H-wave 30 day trial",
            findings=findings,
            history=[prior(K.TENS, response=Response.NOT_IMPROVED)],
        )
        assert d.decision == Decision.OVERTURNED

    def test_interferential_trial_and_purchase(self):
        findings = found("medications_ineffective", "active_exercise")
        assert decide("Interferential unit 1 month rental", findings=findings).decision == (
            "Overturned"
        )
        assert decide("Interferential unit purchase", findings=findings).decision == "Upheld"


FRP_OK = found(
    "frp_evaluation",
    "conservative_care_failed",
    "functional_loss",
    "not_surgical_candidate",
    "motivation_to_change",
)


class TestPrograms:
    @pytest.mark.parametrize(
        ("text", "decision"),
        [
            ("Functional restoration program x 80 hours", "Overturned"),
            ("Functional restoration program x 88 hours", "Upheld"),
            ("Functional restoration program 10 days", "Overturned"),
            ("Functional restoration program 3 weeks", "Upheld"),
        ],
    )
    def test_frp_two_week_trial(self, text, decision):
        assert decide(text, findings=FRP_OK).decision == decision

    def test_frp_evaluation_has_no_rule(self):
        assert decide("Functional restoration program evaluation").reviewer_must_decide

    @pytest.mark.parametrize(("done", "decision"), [(10, "Overturned"), (11, "Upheld")])
    def test_frp_continuation_within_20_days_with_gains(self, done, decision):
        history = [prior(K.FUNCTIONAL_RESTORATION, sessions=done, response=Response.IMPROVED)]
        d = decide("Functional restoration program, additional 10 days", history=history)
        assert d.decision == decision

    def test_frp_continuation_without_gains(self):
        history = [prior(K.FUNCTIONAL_RESTORATION, sessions=10)]
        d = decide("Functional restoration program, additional 10 days", history=history)
        assert failing(d) == ["demonstrated_efficacy"]

    @pytest.mark.parametrize(("visits", "decision"), [(4, "Overturned"), (5, "Upheld")])
    def test_cbt_initial_trial_size(self, visits, decision):
        assert decide(f"Cognitive behavioral therapy {visits} sessions").decision == decision

    @pytest.mark.parametrize(("done", "more", "decision"), [(4, 6, "Overturned"), (4, 7, "Upheld")])
    def test_cbt_more_visits_only_with_improvement_up_to_10(self, done, more, decision):
        history = [prior(K.PSYCHOTHERAPY, sessions=done, response=Response.IMPROVED)]
        d = decide(f"Cognitive behavioral therapy {more} additional sessions", history=history)
        assert d.decision == decision
        history[0].response = Response.NOT_IMPROVED
        d = decide(f"Cognitive behavioral therapy {more} additional sessions", history=history)
        assert d.decision == Decision.UPHELD

    def test_psychological_evaluation_has_no_rule(self):
        assert decide("Psychological evaluation").reviewer_must_decide

    def test_biofeedback_only_with_cbt(self):
        d = decide("Biofeedback 4 sessions")
        assert failing(d) == ["within_cbt_program"]
        d = decide("Biofeedback 4 sessions", others=["Cognitive behavioral therapy 4 sessions"])
        assert d.decision == Decision.OVERTURNED

    WC_OK: ClassVar = found("job_demands_unmet", "therapy_plateau", "return_to_work_goal")

    @pytest.mark.parametrize(
        ("injury", "decision"),
        [(dt.date(2013, 3, 15), "Overturned"), (dt.date(2013, 2, 1), "Upheld")],
    )
    def test_work_conditioning_within_two_years(self, injury, decision):
        d = decide("Work conditioning 10 visits", findings=self.WC_OK, injury=injury)
        assert d.decision == decision

    def test_work_conditioning_visits(self):
        assert decide("Work hardening 11 visits", findings=self.WC_OK).decision == "Upheld"

    def test_gym_membership(self):
        assert decide("Gym membership x 6 months").decision == "Upheld"
        ok = found("home_exercise_ineffective", "equipment_need", "medical_supervision")
        assert decide("Gym membership x 6 months", findings=ok).decision == "Overturned"

    @pytest.mark.parametrize(
        ("hours", "decision"),
        [
            ("5 hours a day, 7 days a week", "Overturned"),
            ("6 hours a day, 6 days a week", "Upheld"),
        ],
    )
    def test_home_health_35_hours(self, hours, decision):
        ok = found("homebound", "home_medical_treatment")
        assert decide(f"Home health services {hours}", findings=ok).decision == decision

    def test_home_health_not_homebound(self):
        d = decide("Home health services 4 hours a day", findings=found("home_medical_treatment"))
        assert failing(d) == ["homebound"]


def test_every_outcome_has_evidence_or_names_what_is_undocumented():
    cases = [
        decide(
            "Repeat L5-S1 ESI",
            findings=ESI_OK,
            history=[prior(K.EPIDURAL_STEROID_INJECTION, percent=40, weeks=2)],
        ),
        decide("Purchase of TENS unit"),
        decide("Functional restoration program x 160 hours"),
        decide("EMG/NCV bilateral lower extremities"),
    ]
    for d in cases:
        for c in d.criteria:
            assert c.evidence or c.undocumented or c.result == "met", (d.request.text, c.id)


@pytest.mark.parametrize(("rental", "decision"), [("30-day", "Overturned"), ("2 month", "Upheld")])
def test_device_trial_is_one_month(rental, decision):
    assert decide(f"TENS unit {rental} rental", findings=TENS_OK).decision == decision

"""Each rule at its boundaries, on facts built directly (no extraction involved)."""

import datetime as dt

import pytest

from drafter.checker import check_request
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Category,
    Decision,
    Evidence,
    Finding,
    FunctionalImprovement,
    PriorTreatment,
    Response,
)
from drafter.requests import parse_request
from drafter.rulebook import load_rulebook

PM = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine"
LC = "Non-MTUS Citation: California Labor Code Section 4604.5"


def decide(request_text, *, history=(), diagnoses=("lumbar sprain/strain",), fi=None,
           injury=dt.date(2014, 5, 1), findings=()):  # fmt: skip
    facts = CaseFacts(
        diagnoses=list(diagnoses),
        date_of_injury=injury,
        treatment_history=list(history),
        functional_improvement=FunctionalImprovement(
            documented=fi, evidence=Evidence(quote="quote") if fi is not None else None
        ),
        findings=list(findings),
    )
    request = parse_request(request_text, default_region=BodyRegion.LOW_BACK)
    return check_request(facts, request, load_rulebook())


def prior(category, sessions, response=Response.UNKNOWN, at_least=False):
    evidence = Evidence(quote="response quote") if response != Response.UNKNOWN else None
    return PriorTreatment(modality=category, sessions_completed=sessions, at_least=at_least,
                          response=response, response_evidence=evidence,
                          evidence=Evidence(quote="history quote"))  # fmt: skip


PT, CHIRO, ACU = Category.PHYSICAL_THERAPY, Category.CHIROPRACTIC, Category.ACUPUNCTURE


class TestPhysicalMedicine:
    def test_initial_course_at_the_allowance_is_overturned(self):
        d = decide("Physical therapy 10 visits for the lumbar spine")
        assert d.decision == Decision.OVERTURNED
        assert d.citation == PM

    def test_one_visit_over_the_allowance_is_upheld(self):
        d = decide("Physical therapy 11 visits for the lumbar spine")
        assert d.decision == Decision.UPHELD
        assert [c.id for c in d.failing] == ["requested_within_allowance"]

    def test_frequency_above_three_a_week_is_upheld(self):
        d = decide("Physical therapy 4x2 for the lumbar spine")
        assert d.decision == Decision.UPHELD
        assert [c.id for c in d.failing] == ["fading_frequency"]

    def test_continuation_without_documented_improvement_is_upheld(self):
        d = decide("Physical therapy 2x2 for the lumbar spine", history=[prior(PT, 4)])
        assert d.decision == Decision.UPHELD
        failing = {c.id: c for c in d.failing}
        assert failing["benefit_from_prior_therapy"].result == "unknown"
        assert failing["benefit_from_prior_therapy"].undocumented

    def test_continuation_with_improvement_within_allowance_is_overturned(self):
        d = decide("Physical therapy 2x2 for the lumbar spine",
                   history=[prior(PT, 6, Response.IMPROVED)])  # fmt: skip
        assert d.decision == Decision.OVERTURNED

    def test_prior_plus_requested_over_allowance_without_improvement(self):
        d = decide("Physical therapy 2x3 for the lumbar spine",
                   history=[prior(PT, 6, Response.NOT_IMPROVED)])  # fmt: skip
        assert {c.id for c in d.failing} == {
            "benefit_from_prior_therapy",
            "course_within_allowance",
        }

    def test_radiculitis_allowance_is_chosen_from_the_diagnosis(self):
        d = decide("Physical therapy 10 visits", diagnoses=["lumbar radiculitis"])
        assert "10" in d.criteria[0].explanation
        crps = decide("Physical therapy 2x8", diagnoses=["complex regional pain syndrome"])
        assert crps.decision == Decision.OVERTURNED  # 16 visits within CRPS 24

    def test_postoperative_therapy_has_no_rule_here(self):
        d = decide("Post-operative physical therapy 12 visits for the left knee")
        assert d.decision is None and d.reviewer_must_decide


class TestLaborCodeCap:
    def test_cap_exceeded_is_upheld_citing_the_labor_code(self):
        d = decide("Physical therapy 2x3 for the lumbar spine",
                   history=[prior(PT, 20, Response.IMPROVED)])  # fmt: skip
        assert d.decision == Decision.UPHELD
        assert d.citation == f"{PM}; {LC}"
        assert [c.id for c in d.failing] == ["statutory_visit_cap"]

    def test_exactly_24_is_within_the_cap(self):
        d = decide("Physical therapy 2x2 for the lumbar spine", diagnoses=["CRPS"],
                   history=[prior(PT, 20, Response.IMPROVED)])  # fmt: skip
        assert d.decision == Decision.OVERTURNED

    def test_injury_before_2004_is_outside_the_cap(self):
        d = decide("Physical therapy 2x3 for the lumbar spine", injury=dt.date(2003, 12, 31),
                   history=[prior(PT, 30, Response.IMPROVED)])  # fmt: skip
        assert d.decision == Decision.OVERTURNED
        assert LC not in d.citation


class TestManualTherapy:
    @pytest.mark.parametrize("region", ["right knee", "left ankle", "right wrist"])
    def test_not_recommended_regions_are_upheld(self, region):
        d = decide(f"Chiropractic 2x3 for the {region}")
        assert d.decision == Decision.UPHELD
        assert [c.id for c in d.failing] == ["region_recommended"]

    def test_trial_of_six_is_overturned_and_seven_upheld(self):
        assert decide("Chiropractic 3x2 for the lumbar spine").decision == Decision.OVERTURNED
        assert decide("Chiropractic 7 visits for the lumbar spine").decision == Decision.UPHELD

    def test_continuation_to_eighteen_with_improvement(self):
        history = [prior(CHIRO, 6, Response.IMPROVED)]
        assert decide("Chiropractic 2x6 for the neck", history=history).decision == (
            Decision.OVERTURNED
        )
        over = decide("Chiropractic 13 visits for the neck", history=history)
        assert over.decision == Decision.UPHELD
        assert [c.id for c in over.failing] == ["course_maximum"]

    def test_maintenance_care_without_improvement_is_upheld(self):
        d = decide("Chiropractic 1x4 for the neck", history=[prior(CHIRO, 12)])
        assert d.decision == Decision.UPHELD


class TestAcupuncture:
    def test_initial_six_overturned_seven_upheld(self):
        assert decide("Acupuncture 2x3 for the low back").decision == Decision.OVERTURNED
        assert decide("Acupuncture 7 sessions for the low back").decision == Decision.UPHELD

    def test_extension_needs_functional_improvement(self):
        with_fi = decide("Acupuncture 2x4", history=[prior(ACU, 6, Response.IMPROVED)])
        assert with_fi.decision == Decision.OVERTURNED
        without = decide("Acupuncture 2x4", history=[prior(ACU, 6)])
        assert without.decision == Decision.UPHELD
        assert [c.id for c in without.failing] == ["extension_requires_functional_improvement"]

    def test_duration_over_two_months_is_upheld(self):
        d = decide("Acupuncture 1x10", history=[prior(ACU, 6, Response.IMPROVED)])
        assert [c.id for c in d.failing] == ["duration"]


class TestMassageAndAquatic:
    def test_massage_as_adjunct_within_six(self):
        exercise = Finding(concept="active_exercise", present=True, evidence=Evidence(quote="HEP"))
        assert decide("Massage 6 visits", findings=[exercise]).decision == Decision.OVERTURNED
        assert decide("Massage 8 visits", findings=[exercise]).decision == Decision.UPHELD
        assert decide("Massage 6 visits").decision == Decision.UPHELD  # adjunct undocumented

    def test_aquatic_needs_reduced_weight_bearing(self):
        obese = Finding(concept="reduced_weight_bearing", present=True,
                        evidence=Evidence(quote="morbid obesity"))  # fmt: skip
        assert decide("Aquatic therapy 2x4", findings=[obese]).decision == Decision.OVERTURNED
        assert decide("Aquatic therapy 2x4").decision == Decision.UPHELD


def test_uncovered_request_is_left_to_the_reviewer():
    d = decide("Lumbar orthosis brace")
    assert d.decision is None
    assert d.reviewer_must_decide
    assert "reviewer decides" in d.note.lower()


def test_every_criterion_has_evidence_or_names_what_is_undocumented():
    d = decide("Chiropractic 2x6 for the neck", history=[prior(CHIRO, None)])
    for criterion in d.criteria:
        assert criterion.evidence or criterion.undocumented or criterion.result == "met"

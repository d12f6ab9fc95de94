"""Evidence verification: invented quotes and the facts they carry never reach the checker."""

from __future__ import annotations

import datetime as dt

from drafter.llm.verify import QuoteFinder, verify_facts
from drafter.models import (
    CaseFacts,
    Category,
    Evidence,
    Finding,
    FunctionalImprovement,
    PriorTreatment,
    Response,
    TreatmentRequest,
)

SOURCE = (
    "The injured worker is a 47 year old male who sustained an industrial injury on 03/14/2013.\n"
    "Diagnoses: lumbar radiculitis; lumbar sprain/strain.\n"
    "He has completed 12 sessions of physical therapy with temporary pain relief only.\n"
    "There was no objective functional improvement.\n"
    "DISPUTED ITEMS\n"
    "Physical therapy 2 times a week for 6 weeks for the lumbar spine\n"
)


def ev(quote: str) -> Evidence:
    return Evidence(quote=quote)


def test_exact_quote_gets_its_offset():
    found = QuoteFinder(SOURCE, base=100).evidence("12 sessions of physical therapy")
    assert found is not None
    assert found.start == 100 + SOURCE.index("12 sessions")


def test_a_slightly_miscopied_quote_is_replaced_by_the_source_text():
    quote = "He has completed 12 sessions of physical-therapy, with temporary pain relief only"
    found = QuoteFinder(SOURCE).evidence(quote)
    assert found is not None
    assert found.quote in SOURCE
    assert "physical therapy" in found.quote


def test_spacing_and_case_differences_are_not_misquotes():
    found = QuoteFinder(SOURCE).evidence("there WAS no   objective functional improvement")
    assert found is not None and found.quote == "There was no objective functional improvement"


def test_short_quotes_must_match_exactly():
    assert QuoteFinder(SOURCE).evidence("24 visits") is None
    assert QuoteFinder(SOURCE).evidence("47 year old") is not None


def facts(**overrides) -> CaseFacts:
    base = {
        "age": 47,
        "date_of_injury": dt.date(2013, 3, 14),
        "date_of_injury_text": "03/14/2013",
        "diagnoses": ["lumbar radiculitis"],
        "requests": [
            TreatmentRequest(
                text="Physical therapy 2 times a week for 6 weeks for the lumbar spine",
                category=Category.PHYSICAL_THERAPY,
            )
        ],
    }
    return CaseFacts(**{**base, **overrides})


def test_a_hallucinated_course_is_dropped_and_reported():
    invented = PriorTreatment(
        modality=Category.ACUPUNCTURE, sessions_completed=24, evidence=ev("24 acupuncture visits")
    )
    real = PriorTreatment(
        modality=Category.PHYSICAL_THERAPY,
        sessions_completed=12,
        evidence=ev("He has completed 12 sessions of physical therapy"),
    )
    result = verify_facts(facts(treatment_history=[invented, real]), SOURCE)
    assert [t.modality for t in result.facts.treatment_history] == [Category.PHYSICAL_THERAPY]
    assert any("24 acupuncture visits" in d for d in result.dropped)


def test_an_unquoted_assertion_is_dropped():
    result = verify_facts(
        facts(
            treatment_history=[PriorTreatment(modality=Category.CHIROPRACTIC, sessions_completed=6)]
        ),
        SOURCE,
    )
    assert result.facts.treatment_history == []
    assert any("no quote" in d for d in result.dropped)


def test_an_invented_response_quote_resets_only_the_response():
    course = PriorTreatment(
        modality=Category.PHYSICAL_THERAPY,
        sessions_completed=12,
        evidence=ev("He has completed 12 sessions of physical therapy"),
        response=Response.IMPROVED,
        response_evidence=ev("He is now able to lift 40 pounds and returned to full duty"),
    )
    result = verify_facts(facts(treatment_history=[course]), SOURCE)
    kept = result.facts.treatment_history[0]
    assert kept.sessions_completed == 12
    assert kept.response == Response.UNKNOWN and kept.response_evidence is None


def test_invented_functional_improvement_becomes_undocumented():
    claim = FunctionalImprovement(documented=True, evidence=ev("Function improved by 50 percent"))
    result = verify_facts(facts(functional_improvement=claim), SOURCE)
    assert result.facts.functional_improvement.documented is None


def test_a_finding_with_an_invented_quote_is_dropped():
    finding = Finding(concept="reduced_weight_bearing", present=True, evidence=ev("morbidly obese"))
    result = verify_facts(facts(findings=[finding]), SOURCE)
    assert result.facts.findings == []


def test_a_request_that_is_not_in_the_case_file_is_dropped():
    invented = TreatmentRequest(
        text="Acupuncture 2x6 for the lumbar spine", category=Category.ACUPUNCTURE
    )
    result = verify_facts(facts(requests=[*facts().requests, invented]), SOURCE)
    assert [r.category for r in result.facts.requests] == [Category.PHYSICAL_THERAPY]
    assert result.facts.requests[0].evidence.start == SOURCE.index("Physical therapy 2 times")


def test_invented_diagnosis_injury_date_and_age_are_dropped():
    result = verify_facts(
        facts(
            age=52,
            diagnoses=["lumbar radiculitis", "complex regional pain syndrome"],
            date_of_injury=dt.date(2003, 1, 2),
            date_of_injury_text="01/02/2003",
        ),
        SOURCE,
    )
    assert result.facts.diagnoses == ["lumbar radiculitis"]
    assert result.facts.date_of_injury is None
    assert result.facts.age is None
    assert len(result.dropped) == 3


def test_verified_facts_pass_unchanged():
    result = verify_facts(facts(), SOURCE)
    assert result.dropped == []
    assert result.facts.date_of_injury == dt.date(2013, 3, 14)

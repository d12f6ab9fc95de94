from drafter.models import Category, Response, Sex, WorkStatus
from drafter.pipeline import extract_facts


def _case(summary: str, items: str = "") -> str:
    listing = f"\n\nDISPUTED ITEMS\n{items}\n" if items else ""
    return f"CLINICAL CASE SUMMARY\n\n{summary}{listing}"


def test_reference_case_facts(reference_text):
    facts = extract_facts(reference_text)
    assert (facts.age, facts.sex) == (62, Sex.MALE)
    assert facts.date_of_injury_text == "2-06-2015"
    assert facts.diagnoses == ["cervical radiculopathy"]
    pt = facts.history_for([Category.PHYSICAL_THERAPY])[0]
    assert (pt.sessions_completed, pt.at_least) == (6, True)
    assert "at least 6 sessions approved" in pt.evidence.quote
    chiro = facts.history_for([Category.CHIROPRACTIC])[0]
    assert chiro.sessions_completed is None and not chiro.none_documented
    assert facts.functional_improvement.documented is None
    assert facts.work.status == WorkStatus.UNKNOWN
    assert facts.utilization_review.date == "9-25-2015"
    assert [r.total_visits for r in facts.requests] == [12, 18]
    # Evidence quotes are verbatim from the normalized text.
    assert all(e.quote in reference_text.replace("\n\n", " ") or e.start is not None
               for e in facts.evidence)  # fmt: skip


def test_requests_from_the_treatment_plan_sentence():
    facts = extract_facts(
        _case(
            "The injured worker is a 50 year old female who sustained an industrial injury on "
            "3/4/2014. The treatment plan included physical therapy for the lumbar spine, 2x4, "
            "and acupuncture for the lumbar spine, 6 visits, non-certified by Utilization Review "
            "on 5-1-2015."
        )
    )
    assert [(r.category, r.total_visits) for r in facts.requests] == [
        (Category.PHYSICAL_THERAPY, 8),
        (Category.ACUPUNCTURE, 6),
    ]


def test_negated_history_and_functional_improvement():
    facts = extract_facts(
        _case(
            "She has not had physical therapy. Treatment to date includes 12 sessions of "
            "chiropractic care without significant functional improvement. She is working "
            "modified duty.",
            "Chiropractic 2x3 for the lumbar spine",
        )
    )
    pt = facts.history_for([Category.PHYSICAL_THERAPY])[0]
    assert pt.none_documented
    chiro = facts.history_for([Category.CHIROPRACTIC])[0]
    assert chiro.sessions_completed == 12
    assert chiro.response == Response.NOT_IMPROVED
    assert facts.work.status == WorkStatus.MODIFIED_DUTY


def test_documented_improvement_is_attributed_to_its_treatment():
    facts = extract_facts(
        _case(
            "Treatment to date includes 6 acupuncture sessions, after which her sitting tolerance "
            "improved from 20 to 60 minutes. She returned to work full duty.",
            "Acupuncture 6 visits for the neck",
        )
    )
    acupuncture = facts.history_for([Category.ACUPUNCTURE])[0]
    assert acupuncture.response == Response.IMPROVED
    assert facts.work.status == WorkStatus.FULL_DUTY


def test_request_sentence_is_not_history():
    facts = extract_facts(
        _case(
            "He has had no chiropractic care. The provider requested 12 visits of chiropractic "
            "manipulation for the low back, which Utilization Review denied on 2/2/2016."
        )
    )
    chiro = facts.history_for([Category.CHIROPRACTIC])[0]
    assert chiro.none_documented
    assert facts.requests[0].total_visits == 12


def test_work_status_not_documented_and_not_working():
    assert extract_facts(_case("He remains temporarily totally disabled.")).work.status == (
        WorkStatus.NOT_WORKING
    )
    assert extract_facts(_case("He has not returned to work.")).work.status == (
        WorkStatus.NOT_WORKING
    )

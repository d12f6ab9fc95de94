"""Offline extraction of prior procedures, their relief, and the findings procedure rules ask
about (drafter.extract_procedures), end to end through the pipeline's extractor."""

from drafter.ingest import normalize_text
from drafter.models import BodyRegion, ProcedureKind, Response
from drafter.pipeline import decide, extract_facts

K = ProcedureKind


def _case(summary: str, items: str = "") -> str:
    listing = f"\n\nDISPUTED ITEMS\n{items}\n" if items else ""
    return f"CLINICAL CASE SUMMARY\n\n{summary}{listing}"


def history(text: str, items: str = "L5-S1 ESI"):
    facts = extract_facts(_case(text, items))
    return facts, {p.kind: p for p in facts.procedure_history}


def test_prior_injection_relief_duration_and_medication():
    _, h = history(
        "A left L5-S1 transforaminal epidural steroid injection was performed on 03-05-2015. "
        "She reported 70% relief lasting about 10 weeks and reduced her Norco from four tablets "
        "to one a day."
    )
    esi = h[K.EPIDURAL_STEROID_INJECTION]
    assert (esi.relief_percent, esi.relief_weeks, esi.medication_reduced) == (70, 10, True)
    assert esi.levels == ["L5-S1"] and esi.body_region == BodyRegion.LOW_BACK
    assert esi.date_text == "03-05-2015"
    assert "70% relief" in esi.relief_evidence.quote


def test_relief_in_months_and_a_range():
    _, h = history("He had a lumbar ESI in 2014 with 60% relief for 2-3 months.")
    assert h[K.EPIDURAL_STEROID_INJECTION].relief_weeks == 2 * 4.35


def test_relief_belongs_to_the_procedure_it_follows():
    _, h = history(
        "After positive medial branch blocks, a right L3-4 and L4-5 radiofrequency ablation was "
        "performed, with 50% relief for six weeks."
    )
    assert h[K.RADIOFREQUENCY_ABLATION].relief_percent == 50
    assert h[K.MEDIAL_BRANCH_BLOCK].relief_percent is None


def test_a_procedure_named_in_passing_gets_no_relief():
    _, h = history(
        "A right L3-4 and L4-5 radiofrequency ablation was performed on 01-14-2015 after positive "
        "medial branch blocks; she reported 50% relief for about six weeks."
    )
    rfa = h[K.RADIOFREQUENCY_ABLATION]
    assert (rfa.relief_percent, rfa.relief_duration_text) == (50, "about six weeks")
    assert h[K.MEDIAL_BRANCH_BLOCK].relief_percent is None


def test_denied_procedure_and_requested_procedure_are_not_history():
    facts, h = history(
        "She has never had an epidural injection. The physician requested a lumbar epidural "
        "steroid injection."
    )
    assert h[K.EPIDURAL_STEROID_INJECTION].none_documented
    checked = decide(facts)[0]
    assert "repeat_block_relief" not in [c.id for c in checked.criteria]


def test_device_trial_without_benefit():
    _, h = history("He used a TENS unit at home for six weeks in 2014 without benefit.", "H-wave")
    assert h[K.TENS].response == Response.NOT_IMPROVED


def test_no_mri_performed_is_a_denial():
    _, h = history(
        "Lumbar x-rays were normal; no MRI of the lumbar spine has been performed.",
        "MRI of the lumbar spine",
    )
    assert h[K.MRI].none_documented


def test_program_sessions_completed():
    _, h = history(
        "He completed 4 sessions of cognitive behavioral therapy with improvement.",
        "CBT 6 additional sessions",
    )
    cbt = h[K.PSYCHOTHERAPY]
    assert cbt.sessions_completed == 4 and cbt.response == Response.IMPROVED


def test_findings_with_negation():
    facts, _ = history(
        "Examination showed a positive straight leg raise on the left. There were no red flags. "
        "The MRI showed a disc protrusion with foraminal narrowing at L5-S1."
    )
    by = {(f.concept, f.present) for f in facts.findings}
    assert ("radiculopathy_exam", True) in by
    assert ("red_flags", False) in by
    assert ("radiculopathy_corroborated", True) in by


def test_review_date_when_the_decision_sentence_is_unusual():
    facts, _ = history(
        "The injured worker was injured on 01-12-2015. Utilization Review non-certified both on "
        "05-19-2015."
    )
    assert facts.utilization_review.date == "05-19-2015"


def test_evidence_quotes_are_verbatim():
    text = normalize_text(
        _case(
            "A right L4-5 transforaminal epidural steroid injection on 2-1-2015 gave 60% relief "
            "for 8 weeks. Pain persists despite physical therapy.",
            "Repeat right L4-5 transforaminal ESI",
        )
    )
    facts = extract_facts(text)
    quotes = [p.evidence for p in facts.procedure_history] + [f.evidence for f in facts.findings]
    assert quotes
    for e in quotes:
        assert e.quote in text
        assert text[e.start : e.start + len(e.quote)] == e.quote


def test_a_study_reported_with_a_radicular_finding_corroborates_and_a_normal_one_denies():
    def corroborated(sentence: str) -> list[bool]:
        facts, _ = history(sentence)
        return [f.present for f in facts.findings if f.concept == "radiculopathy_corroborated"]

    assert corroborated("EMG/NCV on 3-1-2015 showed chronic left L5 radiculopathy.") == [True]
    assert corroborated("EMG of the lower extremities showed no evidence of radiculopathy.") == [
        False
    ]
    assert corroborated(
        "MRI of the lumbar spine showed a mild disc bulge without stenosis or nerve root "
        "impingement."
    ) == [False]

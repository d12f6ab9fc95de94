"""Scorers and aggregate metrics, on hand-built drafts (no pipeline needed)."""

from __future__ import annotations

import pytest

from drafter import __version__
from drafter.evaluation.derive import EvalCase
from drafter.evaluation.letters import ExpectedItem, parse_guideline
from drafter.evaluation.metrics import (
    CaseResult,
    ItemResult,
    aggregate,
    citation_key,
    citations_match,
    cohen_kappa,
    match_requests,
    missing_sections,
    number_tokens,
    rouge_l,
    unsupported_numbers,
)
from drafter.evaluation.runner import EvalOptions, run_cases, score_draft
from drafter.models import (
    CaseFacts,
    Category,
    Decision,
    DraftLetter,
    ItemDetermination,
    LetterItem,
    Reviewer,
    TreatmentRequest,
)

PM = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine"
MT = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Manual therapy & manipulation"
LC = "Non-MTUS Citation: California Labor Code Section 4604.5"


def expected(
    request: str, decision: Decision, citation: str = PM, rationale: str = ""
) -> ExpectedItem:
    return ExpectedItem(
        request=request,
        decision=decision,
        maximus_guideline=parse_guideline(f"Decision based on {citation}."),
        rationale=rationale or f"The request for {request.lower()} is decided.",
    )


def draft(*items: tuple[str, Decision | None, str | None, str], summary: str = "") -> DraftLetter:
    return DraftLetter(
        reviewer=Reviewer(),
        case_summary=summary,
        facts=CaseFacts(),
        drafter_version=__version__,
        items=[
            LetterItem(
                determination=ItemDetermination(
                    request=TreatmentRequest(text=text, category=Category.PHYSICAL_THERAPY),
                    decision=decision,
                    reviewer_must_decide=decision is None,
                    rule_id="pm" if citation else None,
                    citation=citation,
                ),
                rationale=rationale,
            )
            for text, decision, citation, rationale in items
        ],
    )


def rendered(n_items: int) -> str:
    items = "\n\n".join(
        f"Item {i}: Upheld\n\nClaims Administrator guideline: x\n\nMAXIMUS guideline: y\n\n"
        "Decision rationale: z"
        for i in range(n_items)
    )
    return (
        "HOW THE IMR FINAL DETERMINATION WAS MADE\n\ntext\n\nCLINICAL CASE SUMMARY\n\ntext\n\n"
        f"IMR ISSUES, DECISIONS AND RATIONALES\n\n{items}\n"
    )


CASE = EvalCase(
    id="c1",
    input_text="Worker injured 2-06-2015. Requested physical therapy 3x4 and chiropractic x 6.",
    expected=[
        expected(
            "Physical therapy 3x4 for the neck",
            Decision.UPHELD,
            rationale="Twelve visits exceed the 9-10 visits the guidelines recommend.",
        ),
        expected("Chiropractic x 6 for the neck", Decision.OVERTURNED, MT),
    ],
)


def test_score_draft_pairs_items_and_scores_them():
    letter = draft(
        ("chiropractic X 6 for the neck", Decision.OVERTURNED, MT, "A trial of 6 visits."),
        (
            "Physical therapy 3x4 for the neck",
            Decision.UPHELD,
            f"{PM}; {LC}",
            "The 12 visits exceed the 9-10 visits the guidelines recommend, since 2-6-2015 and 77.",
        ),
        ("Acupuncture x 6", Decision.UPHELD, None, "extra"),
    )
    result = score_draft(CASE, letter, rendered(3), rule_text=lambda rule_id: "9-10 visits")
    pt, chiro = result.items
    assert (pt.predicted, chiro.predicted) == (Decision.UPHELD, Decision.OVERTURNED)
    assert chiro.matched_request == "chiropractic X 6 for the neck"
    assert chiro.citation_match and not pt.citation_match  # the extra Labor Code citation
    assert pt.unsupported_numbers == ["77"]  # 12 = 3x4, 9-10 from the rule, the date from input
    assert 0.5 < pt.rouge_l < 1.0
    assert result.extra_predicted == ["Acupuncture x 6"]
    assert result.missing_sections == []


def test_no_rule_counts_as_wrong_and_is_listed():
    letter = draft(
        ("Physical therapy 3x4 for the neck", None, None, "The reviewer must decide."),
        ("Chiropractic x 6 for the neck", Decision.OVERTURNED, MT, "ok"),
    )
    result = score_draft(CASE, letter, rendered(2), rule_text=lambda _: "")
    metrics = aggregate([result])
    assert metrics.decision_accuracy == 0.5
    assert metrics.always_uphold_accuracy == 0.5
    assert (metrics.upheld_recall, metrics.overturned_recall) == (0.0, 1.0)
    assert metrics.no_rule_count == 1
    assert metrics.no_rule == [{"case": "c1", "request": "Physical therapy 3x4 for the neck"}]


def test_failed_case_counts_every_item_wrong_and_the_run_goes_on():
    def flaky(text, reviewer, backend):
        if "boom" in text:
            raise RuntimeError("model fell over\nsecond line")
        return draft(
            ("Physical therapy 3x4 for the neck", Decision.UPHELD, PM, "r"),
            ("Chiropractic x 6 for the neck", Decision.UPHELD, MT, "r"),
        )

    bad = CASE.model_copy(update={"id": "c2", "input_text": "boom"})
    results, failures, options = run_cases(
        [CASE, bad],
        EvalOptions(concurrency=2),
        draft=flaky,
        render=lambda _: rendered(2),
        rule_text=lambda _: "",
        progress=False,
    )
    assert [r.case for r in results] == ["c1", "c2"]
    assert results[1].status == "failed" and results[1].error == "RuntimeError: model fell over"
    assert [(f.case, f.stage, f.error, f.message) for f in failures] == [
        ("c2", "draft", "RuntimeError", "model fell over")
    ]
    metrics = aggregate(results)
    assert metrics.items == 4 and metrics.decision_accuracy == 0.25
    assert metrics.sections_complete == 0.5
    assert options.backend_name == "offline" and options.model is None


def test_missing_sections_names_what_is_absent():
    text = rendered(2).replace("CLINICAL CASE SUMMARY", "SUMMARY")
    assert missing_sections(text, 2) == ["CLINICAL CASE SUMMARY"]
    assert missing_sections(rendered(1), 2) == [
        "Claims Administrator guideline (1 of 2)",
        "MAXIMUS guideline (1 of 2)",
        "Decision rationale (1 of 2)",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            PM,
            "Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009, Section: "
            "physical medicine, pages 98-99.",
            True,
        ),
        (MT, "MTUS Chronic Pain 2009, Sections: Manual Therapy and Manipulation", True),
        (PM, MT, False),
        (PM, f"{PM}; {LC}", False),
        (f"{PM}; {LC}", f"{PM}; Non-MTUS Citation: California Labor Code Section 4604.5.", True),
        (
            "MTUS Acupuncture Medical Treatment Guidelines",
            "MTUS Acupuncture Medical Treatment Guidelines.",
            True,
        ),
        (
            "X, Section(s): NSAIDs (non-steroidal anti-inflammatory drugs)",
            "Y, Section: NSAID",
            True,
        ),
        (PM, None, False),
        ("", "", False),
    ],
)
def test_citations_match_on_normalized_sections(a, b, same):
    assert citations_match(a, b) is same


def test_citation_key():
    assert citation_key(f"{PM}; {LC}") == {
        "physical medicine",
        "california labor code section 4604 5",
    }
    assert citation_key(MT) == {"manual therapy and manipulation"}


def test_match_requests_exact_then_fuzzy():
    expected_ = ["Physical therapy 3x4 for the neck", "Chiropractic x 6 for the neck", "MRI"]
    predicted = ["Chiropractic 6 visits for the neck", "physical therapy 3x4 for the neck:", "CT"]
    assert match_requests(expected_, predicted) == {0: 1, 1: 0}


def test_cohen_kappa():
    assert cohen_kappa(["U", "O", "U", "O"], ["U", "O", "U", "O"]) == 1.0
    assert cohen_kappa(["U", "U", "O", "O"], ["U", "O", "U", "O"]) == 0.0
    assert cohen_kappa(["U", "U"], ["U", "U"]) is None
    assert cohen_kappa([], []) is None
    # 3 of 4 agree; chance agreement 0.5*0.25 + 0.5*0.75 = 0.5 -> kappa 0.5
    assert cohen_kappa(["U", "U", "O", "O"], ["U", "O", "O", "O"]) == 0.5


def test_rouge_l():
    assert (
        rouge_l("the request is not medically necessary", "the request is not medically necessary")
        == 1.0
    )
    assert rouge_l("anything", None) == 0.0
    assert 0 < rouge_l("the request is not medically necessary", "the request is necessary") < 1


def test_numbers_and_dates():
    dates, numbers = number_tokens(
        "On August 19, 2015 and 8/19/15 she had 08 visits, 6.0 hours, 1,200 mg."
    )
    assert dates == {"date:2015-08-19"}
    assert numbers == {"8", "6", "1200"}
    source = ["Injured 8-19-2015; requested 2 times a week for 4 weeks; six visits done."]
    draft_text = "Since 08/19/2015, 8 visits were requested after 6 visits; 2015; 9 and 3/1/2016."
    assert unsupported_numbers(draft_text, source) == ["2016-03-01", "9"]


def test_aggregate_of_nothing_is_not_a_crash():
    metrics = aggregate([])
    assert metrics.items == 0 and metrics.decision_accuracy is None and metrics.kappa is None


def test_item_result_round_trips_through_json():
    case = CaseResult(
        case="c",
        items=[
            ItemResult(
                request="r", expected=Decision.UPHELD, citation_expected=PM, rationale_expected="x"
            )
        ],
    )
    assert CaseResult.model_validate_json(case.model_dump_json()) == case


def test_a_chapter_number_with_or_without_its_comma_is_one_section():
    from drafter.evaluation.metrics import citations_match

    acoem = "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), "
    expected = acoem + "Chapter 8, Neck and Upper Back Complaints"
    predicted = acoem + "Chapter 8 Neck and Upper Back Complaints"
    assert citations_match(expected, predicted)


def test_citation_overlap_needs_one_shared_section():
    from drafter.evaluation.metrics import citations_match, citations_overlap

    expected = (
        "MTUS Chronic Pain Medical Treatment 2009, Section(s): Drug testing; "
        "Opioids, steps to avoid misuse/addiction"
    )
    predicted = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Drug testing"
    assert citations_overlap(expected, predicted) and not citations_match(expected, predicted)
    assert not citations_overlap(
        expected, "MTUS Chronic Pain Medical Treatment 2009, Section(s): NSAIDs"
    )


def test_a_chapter_title_with_commas_is_one_section():
    from drafter.evaluation.metrics import citation_key

    cited = (
        "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), "
        "Chapter 11, Forearm, Wrist, and Hand Complaints"
    )
    assert citation_key(cited) == frozenset({"forearm wrist and hand complaint"})


def test_the_same_acoem_chapter_overlaps_with_or_without_its_section():
    from drafter.evaluation.metrics import citations_overlap

    chapter = (
        "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 8 Neck and Upper Back "
        "Complaints"
    )
    assert citations_overlap(f"{chapter}, Section(s): Special Studies, pp. 177-178", chapter)
    assert not citations_overlap(
        f"{chapter}, Section(s): Special Studies",
        "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12 Low Back Complaints",
    )


def test_decision_and_citation_needs_both_right():
    def item(predicted, overlap):
        return ItemResult(
            request="x", expected=Decision.OVERTURNED, predicted=predicted,
            citation_expected="A", citation_overlap=overlap, rationale_expected="r",
        )

    case = CaseResult(
        case="c", status="ok",
        items=[item(Decision.OVERTURNED, True), item(Decision.OVERTURNED, False),
               item(Decision.UPHELD, True), item(Decision.OVERTURNED, True)],
    )
    metrics = aggregate([case])
    assert metrics.decision_accuracy == 0.75 and metrics.citation_overlap == 0.75
    assert metrics.decision_and_citation == 0.5

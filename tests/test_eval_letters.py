"""The letter parser: the same letter in every layout parses to the same parts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.evaluation.letters import (
    LetterParseError,
    letter_blocks,
    parse_guideline,
    parse_letter,
    section_heading,
)
from drafter.models import Decision

EVALS = Path(__file__).resolve().parents[1] / "evals"

PT_RATIONALE = (
    "The MTUS Guidelines recommend physical therapy focused on active therapy. Physical therapy "
    "should be provided at a decreasing frequency (from up to 3 visits per week to 1 or less). "
    "In this case, the injured worker has participated in at least 6 sessions of physical "
    "therapy without functional improvement. Therefore the request for physical therapy 3x a "
    "week for 4 weeks for the cervical spine is determined to not be medically necessary."
)
CHIRO_RATIONALE = (
    "Per the MTUS Guidelines, a therapeutic trial of 6 visits over 2 weeks is recommended. In "
    "this case, the worker has not had chiropractic care. Therefore, the request for "
    "chiropractic x 6 for the cervical spine is determined to be medically necessary."
)

PARAGRAPHS = [
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no "
    "affiliation with the employer, employee, providers or the claims administrator.",
    "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\n"
    "Certification(s)/Specialty: Preventive Medicine, Occupational Medicine",
    "CLINICAL CASE SUMMARY",
    "The expert reviewer developed the following clinical case summary based on a review of the "
    "case file, including all medical records:",
    "The injured worker is a 62 year old male, who sustained an industrial injury on 2-06-2015. "
    "The treatment plan included physical therapy for the cervical spine, 3x4, and chiropractic "
    "x 6, non-certified by Utilization Review on 9-25-2015.",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "The Final Determination was based on decisions for the disputed items/services set forth "
    "below:",
    "Physical therapy 3x a week for 4 weeks for the cervical spine: Upheld",
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment "
    "2009, Section(s): Physical Medicine.",
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, "
    "Section(s): Physical Medicine.",
    f"Decision rationale: {PT_RATIONALE}",
    "Chiropractic x 6 for the cervical spine: Overturned",
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment "
    "2009, Section(s): Manual therapy & manipulation.",
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, "
    "Section(s): Manual therapy & manipulation.",
    f"Decision rationale: {CHIRO_RATIONALE}",
]


def clean(paragraphs: list[str] = PARAGRAPHS) -> str:
    """Unwrapped text: one paragraph per line, a blank line between paragraphs."""
    return "\n\n".join(paragraphs) + "\n"


def wrapped(paragraphs: list[str] = PARAGRAPHS, width: int = 60) -> str:
    """Clean text hard-wrapped at `width`, paragraphs separated by a blank line."""
    return "\n\n".join(
        "\n".join(textwrap.fill(line, width) for line in p.split("\n")) for p in paragraphs
    )


def pdf(paragraphs: list[str] = PARAGRAPHS, width: int = 90) -> str:
    """PDF-extracted layout: wrapped lines each followed by a blank line and a trailing space,
    paragraphs separated by a further space-only line."""
    out = []
    for p in paragraphs:
        for line in wrapped([p], width).split("\n"):
            out.append(f"{line} \n\n")
        out.append(" \n\n")
    return "".join(out)


def check(letter_text: str) -> None:
    letter = parse_letter(letter_text, "sample")
    assert letter.licensure == "California"
    assert letter.specialty == "Preventive Medicine, Occupational Medicine"
    assert letter.case_summary.endswith("non-certified by Utilization Review on 9-25-2015.")
    assert [i.request for i in letter.items] == [
        "Physical therapy 3x a week for 4 weeks for the cervical spine",
        "Chiropractic x 6 for the cervical spine",
    ]
    assert [i.decision for i in letter.items] == [Decision.UPHELD, Decision.OVERTURNED]
    pt, chiro = letter.items
    assert pt.maximus_guideline.source == "MTUS Chronic Pain Medical Treatment 2009"
    assert pt.maximus_guideline.sections == ["Physical Medicine"]
    assert chiro.maximus_guideline.sections == ["Manual therapy & manipulation"]
    assert pt.claims_administrator_guideline is not None
    assert pt.claims_administrator_guideline.endswith("Section(s): Physical Medicine.")
    assert pt.rationale == PT_RATIONALE
    assert chiro.rationale == CHIRO_RATIONALE
    assert "IMR ISSUES" not in letter.preamble
    assert letter.preamble.rstrip().endswith("9-25-2015.")


@pytest.mark.parametrize("layout", [clean, wrapped, pdf], ids=["clean", "wrapped", "pdf"])
def test_every_layout_parses_the_same(layout):
    check(layout())


def test_windows_line_ends_and_form_feeds():
    check(pdf().replace("\n", "\r\n").replace("CLINICAL", "\fCLINICAL"))


def test_heading_capitalisation_does_not_matter():
    paragraphs = [
        {
            "HOW THE IMR FINAL DETERMINATION WAS MADE": "How the IMR Final Determination Was Made",
            "CLINICAL CASE SUMMARY": "Clinical case summary",
            "IMR ISSUES, DECISIONS AND RATIONALES": "IMR Issues, Decisions and Rationales",
        }.get(p, p).replace("MAXIMUS guideline", "Maximus Guideline")
        for p in PARAGRAPHS
    ]
    check(pdf(paragraphs))
    check(clean([p.replace(": Upheld", ": UPHELD") for p in paragraphs]))


def test_variant_heading_and_documents_reviewed():
    paragraphs = list(PARAGRAPHS)
    issues = paragraphs.index("IMR ISSUES, DECISIONS AND RATIONALES")
    paragraphs[issues] = "IMR DECISION(S) AND RATIONALE(S)"
    summary = paragraphs.index("CLINICAL CASE SUMMARY")
    paragraphs[summary:summary] = [
        "DOCUMENTS REVIEWED",
        "Application for Independent Medical Review dated 10/20/2015\n"
        "Utilization Review determination dated 9/25/2015",
    ]
    for text in (clean(paragraphs), pdf(paragraphs)):
        check(text)
        letter = parse_letter(text)
        assert letter.documents_reviewed is not None
        assert "Application for Independent Medical Review" in letter.documents_reviewed
        assert "DOCUMENTS REVIEWED" in letter.preamble


def test_heading_run_into_previous_rationale_is_split_off():
    paragraphs = list(PARAGRAPHS)
    at = paragraphs.index("Chiropractic x 6 for the cervical spine: Overturned")
    paragraphs[at - 1] += "\n" + paragraphs.pop(at)  # no paragraph break before the heading
    letter = parse_letter(clean(paragraphs))
    assert [i.request for i in letter.items][1] == "Chiropractic x 6 for the cervical spine"
    assert letter.items[0].rationale == PT_RATIONALE


def test_blocks_rejoin_wrapped_lines_and_split_labels():
    blocks = letter_blocks(pdf())
    assert "State(s) of Licensure: California" in blocks
    assert any(
        b.startswith("The injured worker is a 62 year old male") and b.endswith("2015.")
        for b in blocks
    )


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("IMR ISSUES, DECISIONS AND RATIONALES ", "issues"),
        ("IMR Decision(s) and Rationale(s)", "issues"),
        ("clinical case summary:", "case_summary"),
        ("Documents Reviewed", "documents_reviewed"),
        ("How the Final Determination Was Made", "how_made"),
        ("The clinical case summary follows", None),
    ],
)
def test_section_heading(line, kind):
    assert section_heading(line) == kind


def test_guideline_with_several_citations():
    g = parse_guideline(
        "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical "
        "Medicine; Non-MTUS Citation: California Labor Code Section 4604.5."
    )
    assert g.sections == ["Physical Medicine", "California Labor Code Section 4604.5"]
    assert g.source.startswith("MTUS Chronic Pain Medical Treatment 2009; Non-MTUS Citation")


def test_guideline_without_sections_label():
    whole = parse_guideline("Decision based on MTUS Acupuncture Medical Treatment Guidelines.")
    assert whole.sections == ["MTUS Acupuncture Medical Treatment Guidelines"]
    odg = parse_guideline("Non-MTUS Citation: Official Disability Guidelines (ODG), Knee, MRI")
    assert odg.sections == ["MRI"]
    assert odg.source == "Non-MTUS Citation Official Disability Guidelines (ODG), Knee"


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda t: t.replace("IMR ISSUES, DECISIONS AND RATIONALES", "ISSUES"), "IMR ISSUES"),
        (lambda t: t.replace("CLINICAL CASE SUMMARY", "SUMMARY"), "CLINICAL CASE SUMMARY"),
        (lambda t: t.replace(": Upheld", "").replace(": Overturned", ""), "no disputed item"),
        (lambda t: t.replace("MAXIMUS guideline:", "Guideline:"), "MAXIMUS guideline"),
        (lambda t: t.replace("Decision rationale:", "Rationale:"), "Decision rationale"),
        (lambda t: "", "empty"),
    ],
)
def test_unparseable_letters_say_why(mutate, reason):
    with pytest.raises(LetterParseError, match=reason) as info:
        parse_letter(mutate(clean()), "broken-letter")
    assert "broken-letter" in str(info.value)
    assert isinstance(info.value, InputError)


def test_every_letter_in_evals_parses_as_its_manifest_says():
    """Whatever letters evals/ holds: each parses, with the manifest's items if it lists them."""
    letters = sorted((EVALS / "letters").glob("*.txt"))
    if not letters:
        pytest.skip("no letters in evals/letters")
    manifest = EVALS / "manifest.json"
    listed = {}
    if manifest.is_file():
        for entry in json.loads(manifest.read_text()).get("letters", []):
            listed[Path(entry["file"]).stem] = [
                (i["request"], i["decision"]) for i in entry["items"]
            ]
    for path in letters:
        letter = parse_letter(path.read_text(encoding="utf-8"), path.stem)
        assert letter.items, path.name
        assert all(i.rationale and i.maximus_guideline.sections for i in letter.items), path.name
        if path.stem in listed:
            got = [(i.request, i.decision.value) for i in letter.items]
            assert got == listed[path.stem], path.name


def test_a_compound_broken_at_its_hyphen_is_rejoined():
    text = pdf().replace("non-certified by", "non-\n\ncertified by")
    assert "non-\n\ncertified" in text
    assert "non-certified by Utilization Review" in parse_letter(text).case_summary


@pytest.mark.parametrize(
    ("citation", "sections"),
    [
        (
            "Official Disability Guidelines (ODG), Pain (Chronic), Zolpidem (Ambien), Insomnia "
            "treatment",
            ["Zolpidem (Ambien)", "Insomnia treatment"],
        ),
        ("ODG, Mental Illness & Stress, Insomnia treatment", ["Insomnia treatment"]),
        (
            "ODG, Neck and Upper Back (Acute & Chronic), Facet joint diagnostic blocks",
            ["Facet joint diagnostic blocks"],
        ),
        ("ODG, Treatment in Workers' Compensation, Pain Chapter, Gym", ["Gym"]),
    ],
)
def test_guideline_without_sections_label_names_every_section_after_the_chapter(
    citation, sections
):
    assert parse_guideline(citation).sections == sections


def test_a_period_between_two_citations_separates_them():
    g = parse_guideline(
        "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Psychological "
        "treatment. Non-MTUS Citation Official Disability Guidelines (ODG), Mental Illness & "
        "Stress Chapter, Cognitive therapy for depression"
    )
    assert g.sections == ["Psychological treatment", "Cognitive therapy for depression"]


def test_a_chapter_before_a_sections_label_is_a_section_too():
    """'Chapter 12 ..., Section(s): Special Studies' cites the chapter as much as a bare
    'Chapter 12 ...' does, so the two share a section."""
    g = parse_guideline(
        "Decision based on MTUS/ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12 Low "
        "Back Complaints, Section(s): Special Studies, pages 303-304"
    )
    assert g.sections == ["Chapter 12 Low Back Complaints", "Special Studies", "pages 303-304"]
    assert g.source == "MTUS/ACOEM Practice Guidelines, 2nd Edition (2004)"


@pytest.mark.parametrize(
    ("citation", "sections"),
    [
        (
            "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 8, Neck and Upper Back "
            "Complaints, Special Studies, pages 177-178",
            ["Chapter 8, Neck and Upper Back Complaints", "Special Studies"],
        ),
        (
            "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 11, Forearm, Wrist, and "
            "Hand Complaints",
            ["Chapter 11, Forearm, Wrist, and Hand Complaints"],
        ),
    ],
)
def test_a_section_after_an_acoem_chapter_title_is_its_own(citation, sections):
    assert parse_guideline(citation).sections == sections

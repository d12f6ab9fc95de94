"""The injection, diagnostic, device and program rules as data, and the CLI on a procedure case."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import extract_procedures
from drafter.checker import check_request
from drafter.checks import procedures
from drafter.cli import app
from drafter.drafting import prompts_dir
from drafter.errors import RuleDataError
from drafter.evaluation.derive import derive_case
from drafter.evaluation.letters import parse_letter
from drafter.extract_offline import WORK_TERMS
from drafter.models import CaseFacts
from drafter.pipeline import draft_case
from drafter.requests import parse_request
from drafter.rulebook import load_rule_file, load_rulebook

RULES = Path(__file__).resolve().parent.parent / "drafter" / "rules"
PROCEDURE_FILES = sorted(
    p
    for p in RULES.glob("*.yaml")
    if p.name[:2] in {"60", "61", "62", "63", "64", "65"} or p.name.startswith("7")
)
runner = CliRunner()


@pytest.mark.parametrize("path", PROCEDURE_FILES, ids=lambda p: p.stem)
def test_each_rule_cites_its_guideline_and_source(path):
    rule = load_rule_file(path)
    assert rule.applies_to.request_terms, "rules sharing a category must select by wording"
    assert rule.citation.startswith(("MTUS ", "Non-MTUS Citation: Official Disability"))
    assert rule.source.references and rule.source.status
    assert "Section(s):" in rule.citation or "Chapter" in rule.citation or "ODG" in rule.citation


def test_twenty_two_procedure_rules_load():
    # facet blocks and neurotomy are split by region (lumbar / cervical) for the ODG chapter cited
    assert len(PROCEDURE_FILES) == 22


def test_every_procedure_check_has_a_prose_template():
    for kind in procedures.CHECKS:
        assert (prompts_dir() / "offline" / "checks" / f"{kind}.j2").is_file(), kind


def test_an_injection_no_rule_names_is_left_to_the_reviewer():
    d = check_request(CaseFacts(), parse_request("Toradol injection 60 mg IM"), load_rulebook())
    assert d.reviewer_must_decide


def test_request_terms_match_whole_words_only():
    # 'ESI' inside 'Mesial' must not select the ESI rule
    d = check_request(CaseFacts(), parse_request("Mesial temporal injection"), load_rulebook())
    assert d.reviewer_must_decide


def test_unknown_params_fail_at_load(tmp_path):
    text = (RULES / "65-trigger-point-injections.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("min_relief_percent: 50", "min_relief_percent: 150"))
    with pytest.raises(RuleDataError, match=r"bad\.yaml"):
        load_rule_file(bad)


def test_a_span_two_labels_share_counts_for_both():
    from drafter.nlp import find_mentions

    targets = {"SOME_OTHER_LABEL": ["urine drug screen"], **extract_procedures.TERMS}
    labels = {x.label for x in find_mentions("A urine drug screen was done.", targets)}
    assert {"SOME_OTHER_LABEL", "PROC_urine_drug_screen"} <= labels


CASE = """CLINICAL CASE SUMMARY

The injured worker is a 47 year old female who sustained an industrial injury on 04-14-2014.
She was diagnosed as having right L5 radiculopathy. Treatment to date has included physical
therapy and medications, and the pain persists despite therapy. An MRI of the lumbar spine
showed a right disc protrusion at L5-S1 with foraminal narrowing. Examination showed a
positive straight leg raise on the right and decreased sensation over the lateral foot. She
has had no TENS unit trial. Utilization Review dated 02-02-2015 non-certified the requests.

DISPUTED ITEMS
Right L5-S1 transforaminal epidural steroid injection
TENS unit purchase
Lumbar orthosis
"""


def test_cli_draft_json_on_a_procedure_case(tmp_path):
    case = tmp_path / "case.txt"
    case.write_text(CASE)
    result = runner.invoke(app, ["draft", str(case), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    items = {i["request"]: i for i in json.loads(result.stdout)["items"]}
    esi = items["Right L5-S1 transforaminal epidural steroid injection"]
    assert esi["decision"] == "Overturned"
    assert "determined to be medically necessary" in esi["rationale"]
    tens = items["TENS unit purchase"]
    assert tens["decision"] == "Upheld"
    assert "trial" in tens["rationale"]
    orthosis = items["Lumbar orthosis"]
    assert orthosis["decision"] is None and orthosis["reviewer_must_decide"]


def test_cli_guidelines_show_a_procedure_rule():
    result = runner.invoke(app, ["guidelines", "show", "cpmtg-2009-epidural-steroid-injections"])
    assert result.exit_code == 0
    assert "Epidural steroid injections (ESIs)" in result.stdout


LETTERS = Path(__file__).resolve().parent.parent / "evals" / "letters"


@pytest.mark.parametrize("letter", sorted(LETTERS.glob("p-*.txt")), ids=lambda p: p.stem)
def test_procedure_letters_draft_clean_prose(letter):
    case = derive_case(parse_letter(letter.read_text(), name=letter.stem))
    draft = draft_case(case.input_text)
    for item in draft.items:
        text = item.rationale
        assert "In this case, " in text and ".." not in text and "{" not in text
        decided = "determined to be" if item.determination.decision == "Overturned" else "to not"
        assert decided in text


def test_a_phrase_shared_with_the_general_pass_reaches_both():
    """The NLP pass keeps one label per span; a procedure concept's term that is also a
    work-status term ('has not worked since') must still reach the general extractor."""
    from drafter.nlp import find_mentions

    general = {t.lower() for terms in WORK_TERMS.values() for t in terms}
    mine = set()
    for path in PROCEDURE_FILES:
        for concept in load_rule_file(path).concepts:
            mine |= {(concept.label, t.lower()) for t in concept.terms if t.lower() in general}
    assert mine, "no shared phrase left to test"
    for label, term in mine:
        labels = {m.label for m in find_mentions(f"He {term} the injury.", {
            label: [term], **WORK_TERMS})}  # fmt: skip
        assert label in labels and labels & set(WORK_TERMS), term


def test_a_concept_shared_by_several_rules_has_one_term_list():
    """Concepts merge by label for extraction, so copies that drift apart would silently widen
    every rule that uses the label; keep each label's terms identical across rule files."""
    terms: dict[str, set[str]] = {}
    for path in PROCEDURE_FILES:
        for concept in load_rule_file(path).concepts:
            seen = terms.setdefault(concept.label, set(concept.terms))
            assert seen == set(concept.terms), (path.name, concept.label)

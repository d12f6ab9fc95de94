"""`drafter eval` through typer: fakes for speed, and one real run over the repo's evals/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from drafter import __version__
from drafter.evaluation.cli import eval_app, make_eval_app
from drafter.evaluation.derive import DISPUTED_ITEMS_HEADING, find_letters
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

EVALS = Path(__file__).resolve().parents[1] / "evals"
PM = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine"

LETTER = """HOW THE IMR FINAL DETERMINATION WAS MADE

State(s) of Licensure: California
Certification(s)/Specialty: Chiropractic

CLINICAL CASE SUMMARY

The injured worker is a 45 year old female. Physical therapy 2x4 was non-certified.

IMR ISSUES, DECISIONS AND RATIONALES

Physical therapy 2x4 for the lumbar spine: Overturned

Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine.

MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine.

Decision rationale: Eight visits fall within the recommendation. Therefore, the request is determined to be medically necessary.
"""  # noqa: E501

REQUIRED_KEYS = {
    "cases",
    "items",
    "decision_accuracy",
    "always_uphold_accuracy",
    "upheld_recall",
    "overturned_recall",
    "kappa",
    "citation_match",
    "rouge_l",
    "unsupported_numbers",
    "no_rule",
    "failures",
    "backend",
    "model",
    "duration_s",
    "per_case",
    "report_version",
    "git_commit",
    "drafter_version",
    "case_ids",
}


def fake_draft(decision: Decision):
    def draft(text: str, reviewer: Reviewer | None, backend: object) -> DraftLetter:
        requests = [r for r in text.split(DISPUTED_ITEMS_HEADING)[1].splitlines() if r.strip()]
        return DraftLetter(
            reviewer=reviewer or Reviewer(),
            case_summary="A 45 year old worker.",
            facts=CaseFacts(),
            drafter_version=__version__,
            items=[
                LetterItem(
                    determination=ItemDetermination(
                        request=TreatmentRequest(text=r, category=Category.PHYSICAL_THERAPY),
                        decision=decision,
                        rule_id="pm",
                        citation=PM,
                    ),
                    rationale="Eight visits fall within the recommendation.",
                )
                for r in requests
            ],
        )

    return draft


def fake_app(decision: Decision = Decision.OVERTURNED) -> typer.Typer:
    return make_eval_app(
        draft=fake_draft(decision), render=lambda letter: "", rule_text=lambda rule_id: ""
    )


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.txt").write_text(LETTER)
    (folder / "b.txt").write_text(LETTER.replace("45 year", "50 year"))
    (folder / "broken.txt").write_text("not a letter\n")
    return folder


def run(app: typer.Typer, *args: str):
    argv = [*args, "--no-progress"] if args[:1] != ("compare",) else list(args)
    return CliRunner().invoke(app, argv, env={"COLUMNS": "200"})


def test_run_writes_json_and_markdown(letters, tmp_path):
    out, md = tmp_path / "r.json", tmp_path / "r.md"
    result = run(fake_app(), str(letters), "--json", str(out), "--markdown", str(md))
    assert result.exit_code == 0, result.output
    assert "decision accuracy" in result.stdout and "broken" in result.stdout
    report = json.loads(out.read_text())
    assert report.keys() >= REQUIRED_KEYS
    assert (report["cases"], report["items"], report["decision_accuracy"]) == (2, 2, 1.0)
    assert report["always_uphold_accuracy"] == 0.0
    assert report["backend"] == "offline" and report["model"] is None
    assert report["case_ids"] == ["a", "b"]
    assert [(f["case"], f["stage"]) for f in report["failures"]] == [("broken", "parse")]
    item = report["per_case"][0]["items"][0]
    assert {
        "request",
        "expected",
        "predicted",
        "citation_expected",
        "citation_predicted",
        "rouge_l",
    } <= item.keys()
    assert item["citation_expected"] == PM and item["predicted"] == "Overturned"
    assert md.read_text().startswith("# drafter eval report")
    assert "Sections missing" not in md.read_text()


def test_a_single_letter_file(letters):
    result = run(fake_app(), str(letters / "a.txt"))
    assert result.exit_code == 0, result.output
    assert "1 cases, 1 items" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-dir"], "no such file or directory"),
        (["EMPTY"], "no letters found"),
        (["compare", "BAD", "BAD"], "not a JSON eval report"),
        (["compare", "OTHER", "OTHER"], "not an eval report written by"),
        (["compare", "missing.json", "missing.json"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "EMPTY").mkdir()
    (tmp_path / "BAD").write_text("{not json")
    (tmp_path / "OTHER").write_text('{"cases": 1}')
    result = run(fake_app(), *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_prints_deltas_and_changed_items(letters, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(fake_app(Decision.OVERTURNED), str(letters), "--json", str(a)).exit_code == 0
    assert run(fake_app(Decision.UPHELD), str(letters), "--json", str(b)).exit_code == 0
    result = run(fake_app(), "compare", str(a), str(b))
    assert result.exit_code == 0, result.output
    assert "-1.000" in result.stdout  # decision accuracy fell from 1 to 0
    assert "2 items changed" in result.stdout
    assert "Physical therapy 2x4 for the lumbar spine" in result.stdout
    assert "Overturned -> Upheld" in result.stdout


def test_mounted_as_drafter_eval(letters, tmp_path):
    """Both `drafter eval [PATH]` and `drafter eval compare A B` work once mounted."""
    root = typer.Typer()

    @root.command()
    def draft() -> None:  # a second command so typer keeps `eval` as a group
        pass

    root.add_typer(fake_app(), name="eval")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(root, ["eval", str(letters), "--no-progress", "--json", str(out)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(root, ["eval", "compare", str(out), str(out)])
    assert result.exit_code == 0 and "no item changed" in result.stdout
    result = CliRunner().invoke(root, ["eval", "--help"])
    assert result.exit_code == 0 and "compare" in result.stdout


def test_real_offline_run_over_evals(tmp_path, monkeypatch):
    """End to end with the real pipeline over whatever letters evals/ holds."""
    paths = find_letters(EVALS)
    monkeypatch.chdir(EVALS.parent)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(eval_app, ["--json", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["cases"] == len(paths)
    assert report["failures"] == []
    assert report["backend"] == "offline" and report["model"] is None
    assert report["decision_accuracy"] is not None
    assert report["decision_accuracy"] >= report["always_uphold_accuracy"]
    assert all(c["missing_sections"] == [] for c in report["per_case"])

"""Reports round-trip through JSON, re-score to the same numbers, and compare item by item."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from drafter.errors import InputError
from drafter.evaluation.compare import compare_reports, print_comparison
from drafter.evaluation.metrics import CaseResult, Failure, ItemResult, Metrics
from drafter.evaluation.report import (
    REPORT_VERSION,
    EvalReport,
    build_report,
    load_report,
    print_report,
    rescore,
    to_json,
    to_markdown,
)
from drafter.models import Decision

PM = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine"
MT = "MTUS Chronic Pain Medical Treatment 2009, Section(s): Manual therapy & manipulation"
UP, OV = Decision.UPHELD, Decision.OVERTURNED


def item(
    request: str,
    expected: Decision,
    predicted: Decision | None,
    citation: str | None,
    *,
    no_rule: bool = False,
) -> ItemResult:
    return ItemResult(
        request=request,
        expected=expected,
        predicted=predicted,
        no_rule=no_rule,
        citation_expected=PM,
        citation_predicted=citation,
        citation_match=citation == PM,
        rouge_l=0.5 if predicted else 0.0,
        rationale_expected="expected words here",
        rationale_predicted="predicted words" if predicted else None,
    )


def report(*cases: CaseResult, failures: list[Failure] | None = None) -> EvalReport:
    return build_report(
        list(cases),
        failures or [],
        source="evals",
        backend="offline",
        model=None,
        concurrency=1,
        duration_s=0.5,
    )


A = report(
    CaseResult(case="c1", items=[item("PT 2x4", OV, OV, PM), item("Chiro x 6", UP, UP, PM)]),
    CaseResult(case="c2", items=[item("MRI", OV, None, None, no_rule=True)]),
)
B = report(
    CaseResult(case="c1", items=[item("PT 2x4", OV, UP, PM), item("Chiro x 6", UP, UP, MT)]),
    CaseResult(case="c3", items=[item("TENS", UP, UP, PM)]),
    failures=[Failure(case="c4", stage="draft", error="RuntimeError", message="boom")],
)


def test_report_metrics():
    assert (A.cases, A.items) == (2, 3)
    assert A.decision_accuracy == pytest.approx(2 / 3, abs=1e-4)
    assert A.always_uphold_accuracy == pytest.approx(1 / 3, abs=1e-4)
    assert (A.upheld_recall, A.overturned_recall) == (1.0, 0.5)
    assert A.no_rule == [{"case": "c2", "request": "MRI"}]
    assert A.report_version == REPORT_VERSION and A.case_ids == ["c1", "c2"]


def test_json_round_trip_and_rescore(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text(to_json(A))
    loaded = load_report(path)
    assert loaded == A
    stored = {k: v for k, v in json.loads(path.read_text()).items() if k in Metrics.model_fields}
    assert rescore(loaded).model_dump() == stored


def test_compare_reports_lists_changes():
    comparison = compare_reports(A, B)
    deltas = {d.metric: d.delta for d in comparison.metrics}
    assert deltas["decision_accuracy"] == pytest.approx(2 / 3 - 2 / 3, abs=1e-3)
    assert deltas["no_rule_count"] == -1
    changed = {(c.case, c.request): c for c in comparison.changed}
    assert set(changed) == {("c1", "PT 2x4"), ("c1", "Chiro x 6")}
    assert (changed["c1", "PT 2x4"].decision_a, changed["c1", "PT 2x4"].decision_b) == (
        "Overturned",
        "Upheld",
    )
    assert changed["c1", "Chiro x 6"].citation_b == MT
    assert (comparison.only_in_a, comparison.only_in_b) == (["c2"], ["c3"])
    assert compare_reports(A, A).changed == []


def test_printing_does_not_lose_anything():
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    print_comparison(compare_reports(A, B), console)
    print_report(B, console)
    text = buffer.getvalue()
    assert "cases only in A: c2" in text and "cases only in B: c3" in text
    assert "failed c4 (draft): RuntimeError: boom" in text
    markdown = to_markdown(A)
    assert "| c2 | MRI | Overturned | no rule |" in markdown
    assert "- **c2**: MRI" in markdown


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON eval report"),
        ("[1, 2]", "not an eval report"),
        ('{"cases": 2}', "not an eval report"),
    ],
)
def test_load_report_rejects_other_files(tmp_path: Path, content: str, message: str):
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_report(path)
    with pytest.raises(InputError, match="no such file"):
        load_report(tmp_path / "missing.json")

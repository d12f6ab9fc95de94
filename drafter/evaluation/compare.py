"""Comparing two eval reports: what moved in the metrics, and which items changed answer.

Metric deltas say whether a change helped; the list of items whose decision or citation changed
says where, so a prompt or rule edit can be reviewed item by item.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table

from drafter.evaluation.metrics import ItemResult, normalize_request
from drafter.evaluation.report import HEADLINE, EvalReport

__all__ = ["Comparison", "ItemChange", "MetricDelta", "compare_reports", "print_comparison"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MetricDelta(_Model):
    metric: str
    a: int | float | None
    b: int | float | None
    delta: int | float | None


class ItemChange(_Model):
    """An item present in both runs whose decision or cited guideline differs."""

    case: str
    request: str
    expected: str
    decision_a: str | None
    decision_b: str | None
    citation_a: str | None
    citation_b: str | None


class Comparison(_Model):
    metrics: list[MetricDelta]
    changed: list[ItemChange]
    only_in_a: list[str]
    only_in_b: list[str]


def _answer(item: ItemResult) -> str | None:
    if item.no_rule:
        return "no rule"
    return item.predicted.value if item.predicted else None


def _items(report: EvalReport) -> dict[tuple[str, str], ItemResult]:
    return {
        (case.case, normalize_request(item.request)): item
        for case in report.per_case
        for item in case.items
    }


def compare_reports(a: EvalReport, b: EvalReport) -> Comparison:
    """Deltas (b - a) of the headline metrics, and every item whose answer changed."""
    deltas = []
    for key, _ in HEADLINE:
        va, vb = getattr(a, key), getattr(b, key)
        delta = (
            None
            if va is None or vb is None
            else vb - va
            if isinstance(va, int)
            else round(vb - va, 4)
        )
        deltas.append(MetricDelta(metric=key, a=va, b=vb, delta=delta))
    items_a, items_b = _items(a), _items(b)
    changed = []
    for key, ia in items_a.items():
        ib = items_b.get(key)
        if ib is None:
            continue
        if _answer(ia) != _answer(ib) or ia.citation_predicted != ib.citation_predicted:
            changed.append(
                ItemChange(
                    case=key[0],
                    request=ia.request,
                    expected=ia.expected.value,
                    decision_a=_answer(ia),
                    decision_b=_answer(ib),
                    citation_a=ia.citation_predicted,
                    citation_b=ib.citation_predicted,
                )
            )
    return Comparison(
        metrics=deltas,
        changed=changed,
        only_in_a=sorted(set(a.case_ids) - set(b.case_ids)),
        only_in_b=sorted(set(b.case_ids) - set(a.case_ids)),
    )


def _plain(value: float | None) -> str:
    if value is None:
        return "n/a"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def _signed(value: float | None) -> str:
    if value is None:
        return "n/a"
    colour = "green" if value > 0 else "red" if value < 0 else "dim"
    text = f"{value:+d}" if isinstance(value, int) else f"{value:+.3f}"
    return f"[{colour}]{text}[/{colour}]"


def print_comparison(comparison: Comparison, console: Console, a: str = "A", b: str = "B") -> None:
    """Two tables: metric deltas, then changed items (higher is better for every metric except
    unsupported numbers and items with no rule)."""
    table = Table(title="metrics (B - A)")
    for column in ("metric", a, b, "delta"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    labels = dict(HEADLINE)
    for m in comparison.metrics:
        table.add_row(
            labels[m.metric],
            _plain(m.a),
            _plain(m.b),
            _signed(m.delta),
        )
    console.print(table)
    if comparison.changed:
        items = Table(title=f"{len(comparison.changed)} items changed")
        for column in ("case", "request", "expected", f"decision {a} -> {b}", "citation"):
            items.add_column(column, overflow="fold")
        for c in comparison.changed:
            citation = (
                "same"
                if c.citation_a == c.citation_b
                else f"{c.citation_a or '-'} -> {c.citation_b or '-'}"
            )
            decision = f"{c.decision_a or '-'} -> {c.decision_b or '-'}"
            items.add_row(c.case, c.request, c.expected, decision, citation)
        console.print(items)
    else:
        console.print("no item changed decision or citation")
    for label, ids in ((a, comparison.only_in_a), (b, comparison.only_in_b)):
        if ids:
            console.print(f"cases only in {label}: {', '.join(ids)}", highlight=False)

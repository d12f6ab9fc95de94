"""Drafting every case and scoring each draft, concurrently, with progress on stderr.

A case that raises is recorded as a failure with its exception type and message and the run goes
on: one bad letter must never cost the rest of an eval. The drafting, rendering and rule lookup
are injectable so tests (and future LLM options) can swap them without touching the loop.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from drafter.errors import DrafterError
from drafter.evaluation.derive import EvalCase, default_eval_dir, find_letters, load_cases
from drafter.evaluation.letters import ExpectedItem
from drafter.evaluation.metrics import (
    CaseResult,
    Failure,
    ItemResult,
    citations_match,
    citations_overlap,
    match_requests,
    missing_sections,
    rouge_l,
    unsupported_numbers,
)
from drafter.evaluation.report import EvalReport, build_report
from drafter.models import PROSE_REPLACED, DraftLetter, LetterItem, Reviewer

__all__ = ["DraftFn", "EvalOptions", "run_cases", "run_eval", "score_draft"]

DraftFn = Callable[[str, Reviewer | None, Any], DraftLetter]


@dataclass
class EvalOptions:
    """How to draft: the backend object handed to `draft_case` (None: offline) and the names the
    report records. LLM options (--model, --base-url) build a backend and fill these in."""

    backend: Any = None
    backend_name: str = "offline"
    model: str | None = None
    concurrency: int = 1


def _pipeline_draft(text: str, reviewer: Reviewer | None, backend: Any) -> DraftLetter:
    from drafter.pipeline import draft_case

    return draft_case(text, reviewer=reviewer, backend=backend)


def _render_text(letter: DraftLetter) -> str:
    from drafter.render import render

    return render(letter, "text")


@functools.cache
def _rulebook() -> Any:
    from drafter.rulebook import load_rulebook

    return load_rulebook()


def _rule_text(rule_id: str) -> str:
    """The rule as JSON: its numbers count as supported in a draft; '' for an unknown id."""
    try:
        return str(_rulebook().get(rule_id).model_dump_json())
    except DrafterError:
        return ""


def _unanswered(item: ExpectedItem) -> ItemResult:
    """An expected item with no answer: its case failed, or the draft has no such item."""
    return ItemResult(
        request=item.request,
        expected=item.decision,
        citation_expected=item.maximus_guideline.text,
        rationale_expected=item.rationale,
    )


def _answered(item: ExpectedItem, draft: LetterItem, sources: list[str]) -> ItemResult:
    det = draft.determination
    return ItemResult(
        request=item.request,
        expected=item.decision,
        predicted=det.decision,
        no_rule=det.reviewer_must_decide or det.decision is None,
        matched_request=det.request.text,
        rule_id=det.rule_id,
        citation_expected=item.maximus_guideline.text,
        citation_predicted=det.citation,
        citation_match=citations_match(item.maximus_guideline.text, det.citation),
        citation_overlap=citations_overlap(item.maximus_guideline.text, det.citation),
        rouge_l=rouge_l(item.rationale, draft.rationale),
        rationale_expected=item.rationale,
        rationale_predicted=draft.rationale,
        unsupported_numbers=unsupported_numbers(draft.rationale, sources),
    )


def score_draft(
    case: EvalCase,
    letter: DraftLetter,
    rendered: str,
    rule_text: Callable[[str], str] = _rule_text,
) -> CaseResult:
    """Pair the draft's items with the expected ones by request heading and score each.

    A rationale's numbers are supported by the case input, its citation, and the rules its
    determination applied (the primary rule and every rule a criterion came from)."""
    predicted = letter.items
    pairs = match_requests(
        [e.request for e in case.expected], [p.determination.request.text for p in predicted]
    )
    items: list[ItemResult] = []
    for index, item in enumerate(case.expected):
        if index not in pairs:
            items.append(_unanswered(item))
            continue
        draft = predicted[pairs[index]]
        det = draft.determination
        sources = [case.input_text, det.citation or ""]
        sources += [rule_text(rule_id) for rule_id in det.applied_rule_ids]
        items.append(_answered(item, draft, sources))
    matched = set(pairs.values())
    return CaseResult(
        case=case.id,
        items=items,
        extra_predicted=[
            p.determination.request.text for j, p in enumerate(predicted) if j not in matched
        ],
        missing_sections=missing_sections(rendered, len(predicted)),
        summary_unsupported_numbers=unsupported_numbers(letter.case_summary, [case.input_text]),
        **letter.usage.model_dump(),
        prose_replaced=sum(PROSE_REPLACED in p.flags for p in predicted),
        notices=letter.notices,
    )


def _run_one(
    case: EvalCase,
    options: EvalOptions,
    draft: DraftFn,
    render: Callable[[DraftLetter], str],
    rule_text: Callable[[str], str],
) -> tuple[CaseResult, Failure | None, DraftLetter | None]:
    start = time.perf_counter()
    reviewer = Reviewer(licensure=case.licensure, specialty=case.specialty)
    stage = "draft"
    try:
        letter = draft(case.input_text, reviewer, options.backend)
        stage = "score"
        result = score_draft(case, letter, render(letter), rule_text)
    except Exception as exc:  # any failure of one case is recorded, never the end of the run
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        failure = Failure(case=case.id, stage=stage, error=type(exc).__name__, message=message)
        failed = CaseResult(
            case=case.id,
            status="failed",
            error=f"{type(exc).__name__}: {message}",
            duration_s=round(time.perf_counter() - start, 4),
            items=[_unanswered(item) for item in case.expected],
        )
        return failed, failure, None
    result.duration_s = round(time.perf_counter() - start, 4)
    return result, None, letter


def run_cases(
    cases: list[EvalCase],
    options: EvalOptions | None = None,
    *,
    draft: DraftFn = _pipeline_draft,
    render: Callable[[DraftLetter], str] = _render_text,
    rule_text: Callable[[str], str] = _rule_text,
    progress: bool = True,
) -> tuple[list[CaseResult], list[Failure], EvalOptions]:
    """Draft and score every case, up to `options.concurrency` at a time (thread pool).

    Returns the results in case order, the failures, and the options completed with the
    backend and model the drafts report.
    """
    options = options or EvalOptions()
    results: list[CaseResult | None] = [None] * len(cases)
    failures: list[tuple[int, Failure]] = []
    reported: tuple[str, str | None] | None = None  # (backend, model) of the first draft
    console = Console(stderr=True)
    show = progress and console.is_terminal  # no stray output in logs and pipes
    console.quiet = not show
    bar = Progress(
        TextColumn("[bold]eval[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not show,
    )
    with bar, ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
        task = bar.add_task("", total=len(cases))
        futures = {
            pool.submit(_run_one, case, options, draft, render, rule_text): index
            for index, case in enumerate(cases)
        }
        for future in as_completed(futures):
            index = futures[future]
            result, failure, letter = future.result()
            results[index] = result
            if failure is not None:
                failures.append((index, failure))
            if letter is not None and reported is None:
                reported = (letter.backend, letter.model)
            bar.update(task, advance=1, description=result.case)
    if reported is not None:
        backend, model = reported
        options = replace(
            options,
            backend_name=backend or options.backend_name,
            model=model if model is not None else options.model,
        )
    done = [r for r in results if r is not None]
    return done, [f for _, f in sorted(failures, key=lambda pair: pair[0])], options


def run_eval(
    path: Path | None,
    options: EvalOptions | None = None,
    *,
    progress: bool = True,
    **hooks: Any,
) -> EvalReport:
    """The whole eval: find the letters under `path` (None: the repo's evals/), derive the
    cases, draft and score them, and build the report. `hooks` go to `run_cases`."""
    options = options or EvalOptions()
    paths = find_letters(path)
    start = time.perf_counter()
    cases, parse_failures = load_cases(paths)
    results, failures, options = run_cases(cases, options, progress=progress, **hooks)
    source = path if path is not None else default_eval_dir()
    return build_report(
        results,
        parse_failures + failures,
        source=str(source),
        backend=options.backend_name,
        model=options.model,
        concurrency=options.concurrency,
        duration_s=time.perf_counter() - start,
    )

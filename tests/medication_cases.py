"""Helpers the medication error-analysis tests share: a case template filled in with a body and
a disputed item (or a bare summary paragraph and its items), and what the checker decides."""

from drafter.checker import check_request
from drafter.models import CaseFacts, CriterionOutcome, ItemDetermination
from drafter.pipeline import decide, extract_facts
from drafter.rulebook import load_rulebook


def check_case(case: str, body: str, item: str) -> ItemDetermination:
    """The determination of the first item of `case` (a template with {body} and {item})."""
    facts = extract_facts(case.format(body=body, item=item))
    return check_request(facts, facts.requests[0], load_rulebook())


def criterion_result(case: str, body: str, item: str, criterion: str) -> str:
    """The result ('met', 'unmet', ...) of one criterion of that determination."""
    found = check_case(case, body, item)
    return next(c.result.value for c in found.criteria if c.id == criterion)


def summary_case(summary: str, *items: str) -> str:
    """The smallest case the reader accepts: one summary paragraph and the disputed items."""
    listed = "\n".join(items)
    return f"CLINICAL CASE SUMMARY\n\n{summary}\n\nDISPUTED ITEMS\n{listed}\n"


def summary_facts(summary: str, item: str) -> CaseFacts:
    return extract_facts(summary_case(summary, item))


def summary_determination(summary: str, item: str) -> ItemDetermination:
    """What the checker decides on the one item of a summary case."""
    (determination,) = decide(summary_facts(summary, item))
    return determination


def summary_criterion(summary: str, item: str, criterion: str) -> CriterionOutcome:
    """One criterion's outcome on the one item of a summary case."""
    return next(
        c for c in summary_determination(summary, item).criteria if c.id == criterion
    )

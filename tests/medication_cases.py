"""Helpers the medication error-analysis tests share: a case template filled in with a body and
a disputed item, and what the checker decides on that item."""

from drafter.checker import check_request
from drafter.models import ItemDetermination
from drafter.pipeline import extract_facts
from drafter.rulebook import load_rulebook


def check_case(case: str, body: str, item: str) -> ItemDetermination:
    """The determination of the first item of `case` (a template with {body} and {item})."""
    facts = extract_facts(case.format(body=body, item=item))
    return check_request(facts, facts.requests[0], load_rulebook())


def criterion_result(case: str, body: str, item: str, criterion: str) -> str:
    """The result ('met', 'unmet', ...) of one criterion of that determination."""
    found = check_case(case, body, item)
    return next(c.result.value for c in found.criteria if c.id == criterion)

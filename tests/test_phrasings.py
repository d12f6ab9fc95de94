"""The phrasing corpus (evals/phrasings/*.yaml) is read as recorded: every snippet right, except
the ones whose `known_miss` note says why not, and those must still be missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.evaluation.phrasings import (
    PhrasingEntry,
    case_text,
    load_corpus,
    problems,
    run_corpus,
)

CORPUS = sorted((Path(__file__).parents[1] / "evals" / "phrasings").glob("*.yaml"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_is_read_as_recorded(path):
    assert problems(run_corpus(load_corpus(path))) == []


def test_a_misread_snippet_is_reported():
    entry = PhrasingEntry.model_validate({
        "rule": "cpmtg-2009-epidural-steroid-injections",
        "criterion": "radiculopathy_on_examination",
        "request": "Left L5-S1 transforaminal epidural steroid injection",
        "met": ["Neurologic exam is normal with a negative straight leg raise."],
        "not_met": [{"text": "Her neurologic examination is normal.", "known_miss": "pretend"}],
    })
    found = problems(run_corpus([entry]))
    assert len(found) == 2
    assert found[0].startswith("misread (met)")
    assert found[1].startswith("now read right, drop known_miss")


def test_a_request_no_rule_covers_is_its_own_outcome():
    entry = PhrasingEntry.model_validate({
        "rule": "cpmtg-2009-epidural-steroid-injections", "criterion": "x",
        "request": "Acupuncture x6 for the low back", "met": ["Low back pain."],
    })
    (result,) = run_corpus([entry])
    assert result.outcome == "rule_not_applied"
    assert "DISPUTED ITEMS\nAcupuncture x6" in case_text(entry, "Low back pain.")

from pathlib import Path

import pytest

from drafter.errors import RuleDataError
from drafter.rulebook import load_rulebook, load_rules_dir

RULES = Path(__file__).resolve().parent.parent / "drafter" / "rules"


def test_shipped_rules_load_and_cite_sources():
    book = load_rulebook()
    assert len(book.rules) >= 6
    for rule in book.rules:
        assert rule.citation and rule.source.references
        assert rule.source.status in {"CONFIRMED", "PARTLY CONFIRMED", "UNCONFIRMED"}


def _copy_rule(tmp_path: Path, text: str) -> Path:
    (tmp_path / "bad-rule.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_unknown_field_is_rejected_with_the_file_name(tmp_path):
    text = (RULES / "30-acupuncture.yaml").read_text() + "\nmax_visits: 12\n"
    with pytest.raises(RuleDataError, match=r"bad-rule\.yaml: max_visits: Extra inputs"):
        load_rules_dir(_copy_rule(tmp_path, text))


def test_criterion_limit_must_exist(tmp_path):
    text = (
        (RULES / "30-acupuncture.yaml")
        .read_text()
        .replace("limit: initial_treatments", "limit: initial_treatment")
    )
    with pytest.raises(RuleDataError, match="unknown limit 'initial_treatment'"):
        load_rules_dir(_copy_rule(tmp_path, text))


def test_invalid_yaml_and_duplicate_ids(tmp_path):
    with pytest.raises(RuleDataError, match="not valid YAML"):
        load_rules_dir(_copy_rule(tmp_path, "id: [unclosed"))
    good = (RULES / "30-acupuncture.yaml").read_text()
    (tmp_path / "bad-rule.yaml").write_text(good)
    (tmp_path / "copy.yaml").write_text(good)
    with pytest.raises(RuleDataError, match="duplicate rule ids: amtg-acupuncture"):
        load_rules_dir(tmp_path)


def test_unknown_rule_id_says_how_to_list():
    with pytest.raises(RuleDataError, match="drafter guidelines list"):
        load_rulebook().get("no-such-rule")

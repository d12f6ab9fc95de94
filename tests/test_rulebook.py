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


def test_a_shared_concept_reads_as_if_written_out_in_the_rule(tmp_path):
    import yaml

    shared = yaml.safe_load((RULES / "shared" / "concepts.yaml").read_text())
    for concept in shared:
        if concept["label"] == "red_flags":
            concept["terms"] = ["cauda equina", "fever"]
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "concepts.yaml").write_text(yaml.safe_dump(shared))
    text = (RULES / "70-mri-lumbar.yaml").read_text()
    assert "- shared: red_flags" in text
    (tmp_path / "70-mri-lumbar.yaml").write_text(text)
    (rule,) = load_rules_dir(tmp_path).rules
    red_flags = next(c for c in rule.concepts if c.label == "red_flags")
    assert red_flags.terms == ["cauda equina", "fever"]


def test_an_unknown_shared_concept_names_the_file(tmp_path):
    text = (RULES / "70-mri-lumbar.yaml").read_text().replace(
        "- shared: red_flags", "- shared: red_flagz"
    )
    with pytest.raises(RuleDataError, match=r"bad-rule\.yaml: no shared concept 'red_flagz'"):
        load_rules_dir(_copy_rule(tmp_path, text))

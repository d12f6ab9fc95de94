"""The command line, including every bad input: one line on stderr, exit code 1, no traceback."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from tests.conftest import EXAMPLE_CASE, REFERENCE_LETTER

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def assert_clean_error(result, fragment: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert "Traceback" not in result.output


def test_draft_text_with_credentials():
    result = run("draft", REFERENCE_LETTER, "--licensure", "California", "--specialty", "Ortho")
    assert result.exit_code == 0
    assert "State(s) of Licensure: California" in result.stdout
    assert "Physical therapy 3x a week for 4 weeks for the cervical spine: Upheld" in result.stdout
    assert "Decisions" in result.stderr  # summary table on stderr


def test_credentials_come_from_the_config_file(tmp_path: Path):
    config = tmp_path / "drafter.toml"
    config.write_text('[reviewer]\nlicensure = "California"\nspecialty = "Chiropractic"\n')
    result = run("draft", EXAMPLE_CASE, "--config", config, "-q")
    assert "Certification(s)/Specialty: Chiropractic" in result.stdout
    config.write_text('[reviewer]\nlicense = "CA"\n')
    assert_clean_error(run("draft", EXAMPLE_CASE, "--config", config), "unknown [reviewer] key")


def test_draft_json_to_file(tmp_path: Path):
    out = tmp_path / "letter.json"
    result = run("draft", EXAMPLE_CASE, "--format", "json", "-o", out, "-q")
    assert result.exit_code == 0
    payload = json.loads(out.read_text())
    assert [i["decision"] for i in payload["items"]] == ["Upheld", "Overturned"]


def test_extract_then_check_round_trip(tmp_path: Path):
    facts = tmp_path / "facts.json"
    assert run("extract", REFERENCE_LETTER, "-o", facts).exit_code == 0
    result = run("check", facts)
    assert result.exit_code == 0
    assert [d["decision"] for d in json.loads(result.stdout)] == ["Upheld", "Upheld"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b"The worker has neck pain and nothing was requested.", "no disputed item"),
    ],
)
def test_draft_bad_input(tmp_path: Path, content: bytes, fragment: str):
    case = tmp_path / "case.txt"
    case.write_bytes(content)
    assert_clean_error(run("draft", case), fragment)


def test_missing_file_and_directory(tmp_path: Path):
    assert_clean_error(run("draft", tmp_path / "missing.txt"), "no such file")
    assert_clean_error(run("draft", tmp_path), "directory")
    assert_clean_error(run("extract", tmp_path / "missing.txt"), "no such file")


def test_check_rejects_malformed_and_wrong_json(tmp_path: Path):
    bad = tmp_path / "facts.json"
    bad.write_text("{not json")
    assert_clean_error(run("check", bad), "malformed JSON")
    bad.write_text('{"age": "old"}')
    assert_clean_error(run("check", bad), "not CaseFacts JSON")
    bad.write_text("{}")
    assert_clean_error(run("check", bad), "no disputed item")


def test_guidelines_list_and_show():
    listing = run("guidelines", "list")
    assert listing.exit_code == 0 and "cpmtg-2009-physical-medicine" in listing.stdout
    shown = run("guidelines", "show", "amtg-acupuncture")
    assert "MTUS Acupuncture Medical Treatment Guidelines" in shown.stdout
    assert_clean_error(run("guidelines", "show", "nope"), "no rule 'nope'")


def test_help_explains_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("draft", "extract", "check", "guidelines"):
        assert command in result.stdout

"""`drafter draft|extract|eval` with --model/--base-url against a real local HTTP server (the fake
OpenAI-compatible server) and respx; every failure is one line and exit code 1."""

from __future__ import annotations

import json
import shutil

import pytest
import respx

from drafter.fake_llm import FakeServer
from tests.conftest import EXAMPLE_CASE, ROOT
from tests.llm_fakes import BASE_URL, COMPLETIONS, error
from tests.test_cli import assert_clean_error, run


@pytest.fixture
def server():
    fake = FakeServer().start()
    yield fake
    fake.shutdown()
    fake.server_close()


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)


def llm(server: FakeServer) -> list[str]:
    return ["--base-url", server.base_url, "--model", "fake"]


def test_draft_through_a_real_http_server(server):
    result = run("draft", EXAMPLE_CASE, *llm(server))
    assert result.exit_code == 0, result.output
    assert "Decision rationale:" in result.stdout
    assert "LLM usage: 2 calls, 0 cache hits" in result.stderr
    assert server.calls == 2
    again = run("draft", EXAMPLE_CASE, *llm(server), "--format", "json")
    assert "LLM usage: 0 calls, 2 cache hits" in again.stderr
    assert json.loads(again.stdout)["usage"]["cache_hits"] == 2
    assert server.calls == 2


def test_no_cache_calls_again(server):
    run("draft", EXAMPLE_CASE, *llm(server), "-q")
    run("draft", EXAMPLE_CASE, *llm(server), "-q", "--no-cache")
    assert server.calls == 4


def test_the_model_can_come_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("DRAFTER_MODEL", "fake")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    result = run("draft", EXAMPLE_CASE, "--format", "json", "-q")
    assert json.loads(result.stdout)["backend"] == "llm"
    offline = run("draft", EXAMPLE_CASE, "--format", "json", "-q", "--offline")
    assert json.loads(offline.stdout)["backend"] == "offline"


def test_extract_with_a_model(server):
    result = run("extract", EXAMPLE_CASE, *llm(server))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["requests"]
    assert "LLM usage: 1 calls" in result.stderr


def test_a_repeated_eval_makes_no_http_calls(server, tmp_path):
    letters = tmp_path / "letters"
    letters.mkdir()
    for name in ("imr-001-cervical-pt-chiro.txt", "c-002-lumbar-pt-acupuncture.txt"):
        shutil.copy(ROOT / "evals" / "letters" / name, letters / name)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = run("eval", letters, *llm(server), "--json", first, "--no-progress")
    assert result.exit_code == 0, result.output
    calls = server.calls
    assert calls == 4  # one extraction and one drafting call per case
    run("eval", letters, *llm(server), "--json", second, "--no-progress")
    assert server.calls == calls
    report = json.loads(second.read_text())
    assert report["llm_calls"] == 0 and report["cache_hits"] == 4
    assert report["backend"] == "llm" and report["model"] == "fake"
    assert json.loads(first.read_text())["tokens_prompt"] > 0
    assert report["decision_accuracy"] == json.loads(first.read_text())["decision_accuracy"]


def test_an_unreachable_endpoint_is_one_line(no_sleep):
    result = run("draft", EXAMPLE_CASE, "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert_clean_error(result, "cannot reach the LLM endpoint http://127.0.0.1:9/v1")


@respx.mock
def test_a_rejected_key_is_one_line(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    respx.post(COMPLETIONS).mock(return_value=error(401, "Incorrect API key provided"))
    result = run("draft", EXAMPLE_CASE, "--base-url", BASE_URL, "--model", "m")
    assert_clean_error(result, "rejected the API key (HTTP 401)")


@respx.mock
def test_a_failing_server_is_one_line(no_sleep):
    respx.post(COMPLETIONS).mock(return_value=error(503, "overloaded"))
    result = run("eval", ROOT / "evals" / "letters" / "imr-001-cervical-pt-chiro.txt",
                 "--base-url", BASE_URL, "--model", "m", "--no-progress")  # fmt: skip
    assert result.exit_code == 0  # eval records the failed case and goes on
    assert "LLMEndpointError" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-url", "http://localhost:8080/v1"], "--base-url needs a model"),
        (["--model", "gpt-4o-mini"], "no API key for https://api.openai.com/v1"),
        (["--model", "m", "--base-url", "localhost:8080"], "must be an http:// or https:// URL"),
        (["--model", "m", "--base-url", "http://x/v1", "--mode", "xml"], "unknown mode 'xml'"),
        (["--model", "m", "--offline"], "--offline cannot be combined"),
    ],
)
def test_bad_llm_options_are_one_line(args, message):
    assert_clean_error(run("draft", EXAMPLE_CASE, *args), message)

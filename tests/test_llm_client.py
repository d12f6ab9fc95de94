"""The real openai + instructor code path against HTTP mocked with respx: success, re-asks,
retries, give-ups, timeouts, malformed output and the cache. No network, no key."""

from __future__ import annotations

import os
import stat

import httpx
import pytest
import respx
from pydantic import BaseModel, Field

from drafter.errors import LLMEndpointError, LLMOutputError
from drafter.llm.cache import ResponseCache
from drafter.llm.client import LLMClient
from drafter.llm.settings import LLMMode, LLMSettings
from drafter.models import Usage
from tests.llm_fakes import BASE_URL, COMPLETIONS, error, ok, sent_messages


class Age(BaseModel):
    age: int = Field(ge=0, le=120)


MESSAGES = [{"role": "user", "content": "How old is the injured worker? He is 47."}]


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_client(tmp_path, sleeps, mode=LLMMode.TOOLS, **settings) -> LLMClient:
    config = LLMSettings(model="test-model", base_url=BASE_URL, mode=mode, **settings)
    return LLMClient(config, ResponseCache(tmp_path / "cache"), sleep=sleeps.append)


@respx.mock
def test_valid_answer_in_tools_mode_counts_the_call_and_tokens(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok({"age": 47}, tool="Age", tokens=(90, 7)))
    usage = Usage()
    assert make_client(tmp_path, sleeps).structured(MESSAGES, Age, usage).age == 47
    assert route.call_count == 1
    assert usage == Usage(llm_calls=1, tokens_prompt=90, tokens_completion=7)


@respx.mock
def test_valid_answer_in_json_mode(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok({"age": 47}))
    answer = make_client(tmp_path, sleeps, LLMMode.JSON).structured(MESSAGES, Age, Usage())
    assert answer.age == 47
    assert '"type": "json_object"' in route.calls[0].request.content.decode().replace(
        '"type":"json_object"', '"type": "json_object"'
    )


@respx.mock
def test_a_validation_error_is_re_asked_with_the_error_then_succeeds(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(
        side_effect=[ok({"age": 1902073450}, tool="Age"), ok({"age": 47}, tool="Age")]
    )
    usage = Usage()
    assert make_client(tmp_path, sleeps).structured(MESSAGES, Age, usage).age == 47
    assert route.call_count == 2
    assert "less than or equal to 120" in str(sent_messages(route, 1)[-1]["content"])
    assert usage.llm_calls == 2


@respx.mock
def test_validation_keeps_failing_then_a_clear_output_error(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok({"age": -5}, tool="Age"))
    with pytest.raises(LLMOutputError, match=r"no valid Age in 3 attempts"):
        make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage())
    assert route.call_count == 3  # the first answer and two re-asks


@respx.mock
def test_malformed_json_is_re_asked_then_reported(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok('{"age": 47,,,'))
    with pytest.raises(LLMOutputError):
        make_client(tmp_path, sleeps, LLMMode.JSON).structured(MESSAGES, Age, Usage())
    assert route.call_count == 3


@respx.mock
def test_429_waits_as_retry_after_says_then_succeeds(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(
        side_effect=[error(429, "slow down", {"retry-after": "3"}), ok({"age": 47}, tool="Age")]
    )
    usage = Usage()
    assert make_client(tmp_path, sleeps).structured(MESSAGES, Age, usage).age == 47
    assert route.call_count == 2
    assert sleeps == [3.0]
    assert usage.llm_calls == 1  # only answered calls count


@respx.mock
def test_500_until_the_retries_give_up(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=error(500, "boom"))
    with pytest.raises(LLMEndpointError, match=r"HTTP 500 after 3 attempts"):
        make_client(tmp_path, sleeps, http_retries=2).structured(MESSAGES, Age, Usage())
    assert route.call_count == 3
    assert len(sleeps) == 2 and all(0 <= s <= 20 for s in sleeps)  # backoff with jitter


@respx.mock
def test_a_timeout_is_retried_once_then_reported(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(side_effect=httpx.ReadTimeout("too slow"))
    with pytest.raises(LLMEndpointError, match=r"did not answer within 5 s after 2 attempts"):
        client = make_client(tmp_path, sleeps, http_retries=4, timeout_s=5)
        client.structured(MESSAGES, Age, Usage())
    assert route.call_count == 2  # a server too slow twice is not retried three more times


@respx.mock
def test_one_timeout_then_an_answer(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(
        side_effect=[httpx.ReadTimeout("blip"), ok({"age": 47}, tool="Age")]
    )
    assert make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage()).age == 47
    assert route.call_count == 2


@respx.mock
def test_an_unreachable_endpoint_is_reported(tmp_path, sleeps):
    respx.post(COMPLETIONS).mock(side_effect=httpx.ConnectError("connection refused"))
    with pytest.raises(LLMEndpointError, match=r"cannot reach the LLM endpoint http://llm.test"):
        make_client(tmp_path, sleeps, http_retries=1).structured(MESSAGES, Age, Usage())


@respx.mock
def test_a_rejected_key_is_not_retried(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=error(401, "invalid api key"))
    with pytest.raises(LLMEndpointError, match=r"rejected the API key \(HTTP 401\)"):
        make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage())
    assert route.call_count == 1
    assert sleeps == []


@respx.mock
def test_an_unknown_model_says_so(tmp_path, sleeps):
    respx.post(COMPLETIONS).mock(return_value=error(404, "model not found"))
    with pytest.raises(LLMEndpointError, match=r"no model 'test-model'"):
        make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage())


@respx.mock
def test_a_repeated_call_is_a_cache_hit_with_no_http(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok({"age": 47}, tool="Age"))
    first, second = Usage(), Usage()
    make_client(tmp_path, sleeps).structured(MESSAGES, Age, first)
    assert make_client(tmp_path, sleeps).structured(MESSAGES, Age, second).age == 47
    assert route.call_count == 1
    assert second == Usage(cache_hits=1)


@respx.mock
def test_no_cache_always_calls(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok({"age": 47}, tool="Age"))
    for _ in range(2):
        make_client(tmp_path, sleeps, use_cache=False).structured(MESSAGES, Age, Usage())
    assert route.call_count == 2
    assert not (tmp_path / "cache").exists()


@respx.mock
def test_the_cache_is_owner_only(tmp_path, sleeps):
    respx.post(COMPLETIONS).mock(return_value=ok({"age": 47}, tool="Age"))
    make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage())
    root = tmp_path / "cache"
    entries = list(root.rglob("*.json"))
    assert len(entries) == 1
    for directory in (root, entries[0].parent):
        assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(entries[0]).st_mode) == 0o600


@respx.mock
def test_a_different_model_or_prompt_is_a_different_cache_entry(tmp_path, sleeps):
    route = respx.post(COMPLETIONS).mock(return_value=ok({"age": 47}, tool="Age"))
    make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage())
    make_client(tmp_path, sleeps, temperature=0.5).structured(MESSAGES, Age, Usage())
    other = [{"role": "user", "content": "Age? 47."}]
    make_client(tmp_path, sleeps).structured(other, Age, Usage())
    assert route.call_count == 3


def test_a_corrupt_cache_entry_is_a_miss(tmp_path):
    cache = ResponseCache(tmp_path)
    cache.put("ab" * 32, {"age": 47})
    next(tmp_path.rglob("*.json")).write_text("{not json", encoding="utf-8")
    assert cache.get("ab" * 32) is None


@respx.mock
def test_an_answer_cut_off_at_the_token_limit_is_an_output_error(tmp_path, sleeps):
    body = ok({"age": 47}, tool="Age").json()
    body["choices"][0]["finish_reason"] = "length"
    respx.post(COMPLETIONS).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(LLMOutputError, match="limit of 4096 tokens"):
        make_client(tmp_path, sleeps).structured(MESSAGES, Age, Usage())

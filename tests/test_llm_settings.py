"""LLM settings: options over environment, offline without a model, default mode per endpoint."""

from __future__ import annotations

import pytest

from drafter.errors import ConfigError
from drafter.llm.settings import LLMMode, default_mode, resolve_settings


def test_no_model_means_offline():
    assert resolve_settings(environ={}) is None
    assert resolve_settings(environ={"OPENAI_API_KEY": "sk-x"}) is None


def test_options_win_over_the_environment():
    env = {"DRAFTER_MODEL": "env-model", "OPENAI_BASE_URL": "http://env:1/v1"}
    settings = resolve_settings(model="opt-model", base_url="http://opt:2/v1/", environ=env)
    assert (settings.model, settings.base_url) == ("opt-model", "http://opt:2/v1")


def test_openai_needs_a_key_and_uses_tools_mode():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        resolve_settings(model="gpt-4o-mini", environ={})
    settings = resolve_settings(model="gpt-4o-mini", environ={"OPENAI_API_KEY": "sk-x"})
    assert settings.mode == LLMMode.TOOLS and settings.api_key == "sk-x"


@pytest.mark.parametrize(
    ("url", "mode"),
    [
        ("https://api.openai.com/v1", LLMMode.TOOLS),
        ("https://myorg.openai.azure.com/openai/v1", LLMMode.TOOLS),
        ("http://localhost:11434/v1", LLMMode.JSON),
        ("http://127.0.0.1:8080/v1", LLMMode.JSON),
    ],
)
def test_default_mode_per_endpoint(url, mode):
    assert default_mode(url) == mode


def test_a_local_server_needs_no_key_and_the_mode_can_be_chosen():
    settings = resolve_settings(model="m", base_url="http://localhost:8080/v1", mode="tools",
                                environ={})  # fmt: skip
    assert settings.mode == LLMMode.TOOLS and settings.api_key == "not-needed"


def test_chunk_size_from_the_environment_is_validated():
    env = {"DRAFTER_MAX_CHUNK_CHARS": "6000"}
    assert resolve_settings(model="m", base_url="http://h/v1", environ=env).max_chunk_chars == 6000
    with pytest.raises(ConfigError, match="max_chunk_chars"):
        resolve_settings(
            model="m", base_url="http://h/v1", environ={"DRAFTER_MAX_CHUNK_CHARS": "5"}
        )

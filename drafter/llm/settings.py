"""Which OpenAI-compatible endpoint to call, and how: from the environment and CLI options.

The LLM backend is used only when a model is named (`--model` or `DRAFTER_MODEL`); with none,
drafter runs offline. The instructor mode defaults per endpoint: tool calling for OpenAI and
Azure, plain JSON (the schema in the prompt, `response_format: json_object`) for local servers,
several of which lack tool calling or JSON-schema response formats.
"""

from __future__ import annotations

import os
from enum import StrEnum
from urllib.parse import urlparse

from pydantic import Field, ValidationError

from drafter.errors import ConfigError, first_validation_error
from drafter.models import Model

OPENAI_BASE_URL = "https://api.openai.com/v1"
LOCAL_API_KEY = "not-needed"
"""Sent to endpoints that take no key (llama.cpp, Ollama, vLLM): the client insists on one."""


class LLMMode(StrEnum):
    """How structured output is asked for (instructor modes)."""

    TOOLS = "tools"
    JSON = "json"
    JSON_SCHEMA = "json_schema"
    MD_JSON = "md_json"

    def instructor_mode(self):  # -> instructor.Mode (imported lazily: instructor is slow)
        import instructor

        return {
            LLMMode.TOOLS: instructor.Mode.TOOLS,
            LLMMode.JSON: instructor.Mode.JSON,
            LLMMode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
            LLMMode.MD_JSON: instructor.Mode.MD_JSON,
        }[self]


class LLMSettings(Model):
    model: str
    base_url: str = OPENAI_BASE_URL
    api_key: str = Field(default=LOCAL_API_KEY, repr=False)
    mode: LLMMode = LLMMode.TOOLS
    timeout_s: float = Field(default=120.0, gt=0, description="Per HTTP call.")
    http_retries: int = Field(default=4, ge=0, description="Retries of timeouts, 429 and 5xx.")
    validation_retries: int = Field(
        default=2, ge=0, description="Re-asks when the output fails schema validation."
    )
    max_chunk_chars: int = Field(
        default=24_000, ge=2_000, description="Longer case files are extracted in parts."
    )
    max_tokens: int = Field(
        default=4096, gt=0, description="Per answer: bounds a model that never stops writing."
    )
    temperature: float = 0.0
    use_cache: bool = True

    @property
    def host(self) -> str:
        return urlparse(self.base_url).hostname or self.base_url

    @property
    def is_hosted_openai(self) -> bool:
        host = self.host
        return host == "api.openai.com" or host.endswith(".openai.azure.com")


def default_mode(base_url: str) -> LLMMode:
    """Tool calling where it is known to work well; JSON everywhere else."""
    host = urlparse(base_url).hostname or ""
    if host == "api.openai.com" or host.endswith(".openai.azure.com"):
        return LLMMode.TOOLS
    return LLMMode.JSON


def resolve_settings(
    *,
    model: str | None = None,
    base_url: str | None = None,
    mode: LLMMode | str | None = None,
    timeout_s: float | None = None,
    use_cache: bool = True,
    environ: dict[str, str] | None = None,
) -> LLMSettings | None:
    """Settings from options, falling back to the environment; None means offline.

    Raises ConfigError for a configuration that cannot work: an endpoint with no model, or
    OpenAI itself with no API key."""
    env = os.environ if environ is None else environ
    model = model or env.get("DRAFTER_MODEL") or None
    if model is None:
        if base_url:
            raise ConfigError("--base-url needs a model: add --model NAME or set DRAFTER_MODEL")
        return None
    url = (base_url or env.get("OPENAI_BASE_URL") or OPENAI_BASE_URL).rstrip("/")
    if urlparse(url).scheme not in ("http", "https") or not urlparse(url).hostname:
        raise ConfigError(f"base URL must be an http:// or https:// URL, got {url!r}")
    key = env.get("OPENAI_API_KEY") or None
    if key is None and default_mode(url) == LLMMode.TOOLS:
        raise ConfigError(f"no API key for {url}: set OPENAI_API_KEY")
    modes = [m.value for m in LLMMode]
    if mode is not None and str(mode) not in modes:
        raise ConfigError(f"unknown mode {str(mode)!r}; choose one of {', '.join(modes)}")
    optional: dict[str, object] = {"timeout_s": timeout_s}
    optional["max_chunk_chars"] = env.get("DRAFTER_MAX_CHUNK_CHARS") or None
    try:
        return LLMSettings(
            model=model,
            base_url=url,
            api_key=key or LOCAL_API_KEY,
            mode=LLMMode(mode) if mode else default_mode(url),
            use_cache=use_cache,
            **{name: value for name, value in optional.items() if value is not None},
        )
    except ValidationError as exc:
        raise ConfigError(f"LLM settings: {first_validation_error(exc)}") from None

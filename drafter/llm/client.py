"""One structured LLM call: cache, instructor (validation and re-asks), retries and usage.

Layers, outside in:
1. the on-disk cache (a hit makes no HTTP call);
2. instructor, which asks for `response_model`, validates the answer with pydantic and re-asks
   with the validation error up to `validation_retries` times;
3. tenacity around each HTTP call: exponential backoff with jitter for timeouts, connection
   errors, 429 (honouring Retry-After) and 5xx; never for a rejected key or a bad request;
4. the openai client, with a per-call timeout and its own retries turned off.

Every failure leaves as an `LLMEndpointError` or `LLMOutputError` with a one-line message.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from drafter.errors import LLMEndpointError, LLMOutputError
from drafter.llm.cache import ResponseCache, cache_key
from drafter.llm.settings import LLMSettings
from drafter.models import Usage

T = TypeVar("T", bound=BaseModel)

MAX_RETRY_AFTER_S = 60.0
"""A Retry-After longer than this is capped: a run should not stall for minutes on one call."""


@functools.lru_cache(maxsize=16)
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """The response schema, for cache keys (generating it costs milliseconds per call)."""
    return model.model_json_schema()


def _transient(exc: BaseException) -> bool:
    """Worth another try: the endpoint may answer next time."""
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After or retry-after-ms), if it said."""
    import openai

    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None  # an HTTP date: fall back to backoff
    return None


def endpoint_error(exc: BaseException, settings: LLMSettings, attempts: int) -> LLMEndpointError:
    """The one-line message for an HTTP-level failure."""
    import openai

    where = settings.base_url
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    if isinstance(exc, openai.APITimeoutError):
        message = f"the LLM endpoint {where} did not answer within {settings.timeout_s:g} s{tries}"
    elif isinstance(exc, openai.APIConnectionError):
        message = f"cannot reach the LLM endpoint {where}{tries} (is the server running?)"
    elif isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        message = (
            f"the LLM endpoint {where} rejected the API key (HTTP {exc.status_code}); "
            "check OPENAI_API_KEY"
        )
    elif isinstance(exc, openai.NotFoundError):
        message = (
            f"the LLM endpoint {where} answered HTTP 404: no model {settings.model!r} there, "
            "or the base URL lacks its /v1"
        )
    elif isinstance(exc, openai.RateLimitError):
        message = f"the LLM endpoint {where} kept rate-limiting requests (HTTP 429){tries}"
    elif isinstance(exc, openai.APIStatusError):
        detail = " ".join(str(exc.message).split())
        message = (
            f"the LLM endpoint {where} answered HTTP {exc.status_code}{tries}: "
            f"{detail[:240]}{_hint(detail, settings)}"
        )
    else:
        message = f"LLM call to {where} failed: {type(exc).__name__}: {exc}"
    return LLMEndpointError(message)


def _hint(detail: str, settings: LLMSettings) -> str:
    """What to try next, for the two rejections local servers commonly give."""
    lowered = detail.lower()
    if "context" in lowered and ("length" in lowered or "window" in lowered):
        return (
            " (the prompt exceeds the model's context window: give the server a larger context, "
            "or set DRAFTER_MAX_CHUNK_CHARS below "
            f"{settings.max_chunk_chars})"
        )
    if any(word in lowered for word in ("response_format", "tool", "function", "json_schema")):
        return f" (the server may not support --mode {settings.mode.value}; try --mode json)"
    return ""


class LLMClient:
    """Structured calls against one endpoint; safe to share between threads."""

    def __init__(
        self,
        settings: LLMSettings,
        cache: ResponseCache | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        import instructor
        import openai

        # instructor logs each failed attempt at ERROR; drafter reports failures itself, once.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        self.settings = settings
        self.cache = cache if cache is not None else ResponseCache()
        self._sleep = sleep or time.sleep
        self._openai = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key,
            timeout=settings.timeout_s,
            max_retries=0,  # tenacity retries, with our policy and our messages
        )
        self._structured = instructor.patch(
            create=self._create, mode=settings.mode.instructor_mode()
        )

    def structured(
        self, messages: list[dict[str, str]], response_model: type[T], usage: Usage
    ) -> T:
        """The validated answer to `messages`, from the cache when it has it."""
        key = cache_key(
            base_url=self.settings.base_url,
            model=self.settings.model,
            mode=self.settings.mode.value,
            temperature=self.settings.temperature,
            max_tokens=self.settings.max_tokens,
            messages=messages,
            schema=_schema(response_model),
        )
        if self.settings.use_cache:
            cached = self.cache.get(key)
            if cached is not None:
                try:
                    answer = response_model.model_validate(cached)
                except ValidationError:
                    pass  # written by an older schema: ask again
                else:
                    usage.cache_hits += 1
                    return answer
        answer = self._ask(messages, response_model, usage)
        if self.settings.use_cache:
            self.cache.put(key, answer.model_dump(mode="json"))
        return answer

    def _ask(self, messages: list[dict[str, str]], response_model: type[T], usage: Usage) -> T:
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        try:
            return self._structured(
                model=self.settings.model,
                messages=messages,
                response_model=response_model,
                max_retries=self.settings.validation_retries,
                temperature=self.settings.temperature,
                max_tokens=self.settings.max_tokens,
                drafter_usage=usage,
            )
        except LLMEndpointError:
            raise
        except IncompleteOutputException:
            raise LLMOutputError(
                f"the model {self.settings.model!r} reached the limit of "
                f"{self.settings.max_tokens} tokens before finishing its {response_model.__name__}"
            ) from None
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, LLMEndpointError):
                raise cause from None
            first_line = (str(cause or exc).strip().splitlines() or ["no detail"])[0]
            raise LLMOutputError(
                f"the model {self.settings.model!r} gave no valid {response_model.__name__} "
                f"in {exc.n_attempts} attempts ({first_line})"
            ) from None

    def _create(self, *args: Any, drafter_usage: Usage, **kwargs: Any) -> Any:
        """One chat completion, retried on transient failures; counts calls and tokens."""
        from tenacity import (
            RetryCallState,
            Retrying,
            retry_if_exception,
            stop_after_attempt,
            wait_random_exponential,
        )

        backoff = wait_random_exponential(multiplier=0.5, max=20)

        def wait(state: RetryCallState) -> float:
            outcome = state.outcome
            asked = _retry_after(outcome.exception() if outcome else None)
            return min(asked, MAX_RETRY_AFTER_S) if asked is not None else backoff(state)

        def second_timeout(state: RetryCallState) -> bool:
            """A call that timed out twice is a server too slow for the timeout, not a blip:
            waiting out every retry would turn one slow call into a hang."""
            import openai

            outcome = state.outcome
            timed_out = outcome is not None and isinstance(
                outcome.exception(), openai.APITimeoutError
            )
            return timed_out and state.attempt_number >= 2

        retrying = Retrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self.settings.http_retries + 1) | second_timeout,
            wait=wait,
            sleep=self._sleep,
            reraise=True,
        )
        attempts = 0
        try:
            for attempt in retrying:
                with attempt:
                    attempts += 1
                    response = self._openai.chat.completions.create(*args, **kwargs)
        except Exception as exc:
            import openai

            if isinstance(exc, openai.OpenAIError):
                raise endpoint_error(exc, self.settings, attempts) from None
            raise
        drafter_usage.llm_calls += 1
        if response.usage is not None:
            drafter_usage.tokens_prompt += response.usage.prompt_tokens or 0
            drafter_usage.tokens_completion += response.usage.completion_tokens or 0
        return response

"""Chat-completion responses for respx-mocked endpoints, in the shapes instructor parses."""

from __future__ import annotations

import json
from typing import Any

import httpx

BASE_URL = "http://llm.test/v1"
COMPLETIONS = f"{BASE_URL}/chat/completions"


def completion(content: Any = None, *, tool: str | None = None, tokens=(100, 20)) -> dict:
    """A chat completion carrying `content` as a forced tool call (`tool` = the function name)
    or as JSON message content; a str is sent as is (for malformed JSON)."""
    arguments = content if isinstance(content, str) else json.dumps(content)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tool:
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": tool, "arguments": arguments}}
        ]
    else:
        message["content"] = arguments
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    }


def ok(content: Any = None, **kwargs: Any) -> httpx.Response:
    return httpx.Response(200, json=completion(content, **kwargs))


def error(status: int, message: str = "error", headers: dict | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": message}}, headers=headers or {})


def sent_messages(route: Any, call: int = -1) -> list[dict]:
    """The messages of one recorded call of a respx route."""
    return json.loads(route.calls[call].request.content)["messages"]

"""A fake OpenAI-compatible server for trying and testing the LLM path with no model.

`python -m drafter.fake_llm --port 8099 --delay 0.2` serves `POST /v1/chat/completions`,
`GET /v1/models` and `GET /v1/stats` (calls answered so far). It answers drafter's two
requests the way a good model would, without one:
- extraction (CaseFacts): the offline extractor's facts for the case text in the prompt, so its
  quotes are verbatim and pass verification;
- drafting (DraftProse): a plain summary and, per item, a rationale whose conclusion matches the
  decision given in the prompt.
It answers in the shape instructor asked for: a forced tool call (tools mode) or JSON content
(json, json_schema and md_json modes). `--delay` adds latency per call, for benchmarks. It is a
development tool: it listens on loopback only and is never used by drafter itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CASE_FILE = re.compile(r"<case_file>\n?(.*?)\n?</case_file>", re.DOTALL)
ITEM = re.compile(r"^Item (\d+): (.+)\nDecision: (Upheld|Overturned)$", re.MULTILINE)


def _extraction(prompt: str) -> dict[str, Any]:
    from drafter.extract_offline import extract_offline

    match = CASE_FILE.search(prompt)
    facts = extract_offline(match.group(1) if match else prompt)
    return facts.model_dump(mode="json")


def _drafting(prompt: str) -> dict[str, Any]:
    items = []
    for number, request, decision in ITEM.findall(prompt):
        verdict = "to be" if decision == "Overturned" else "to not be"
        items.append(
            {
                "item": int(number),
                "rationale": (
                    "The cited guideline was applied to the documented clinical findings. "
                    f"Therefore, the request for {request} is determined {verdict} medically "
                    "necessary."
                ),
            }
        )
    summary = "The injured worker's records were reviewed, including the treatment history."
    return {"case_summary": summary, "items": items}


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """The chat completion for one request body."""
    messages = body.get("messages", [])
    system = " ".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    prompt = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    tools = body.get("tools") or []
    tool_name = tools[0]["function"]["name"] if tools else None
    drafting = tool_name == "DraftProse" or (tool_name is None and "DraftProse" in system)
    drafting = drafting or "Disputed items and their final decisions" in prompt
    content = _drafting(prompt) if drafting else _extraction(prompt)
    arguments = json.dumps(content)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tool_name:
        message["tool_calls"] = [
            {"id": "call_1", "type": "function",
             "function": {"name": tool_name, "arguments": arguments}}
        ]  # fmt: skip
    else:
        message["content"] = arguments
    prompt_tokens = sum(len(str(m.get("content") or "")) for m in messages) // 4
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message,
                     "finish_reason": "tool_calls" if tool_name else "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(arguments) // 4,
                  "total_tokens": prompt_tokens + len(arguments) // 4},
    }  # fmt: skip


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.delay = delay
        self.calls = 0
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def start(self) -> FakeServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def count(self) -> None:
        with self._lock:
            self.calls += 1


class _Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, document: dict[str, Any]) -> None:
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
        elif self.path.rstrip("/") == "/v1/stats":
            self._send(200, {"calls": self.server.calls})
        else:
            self._send(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": "not found"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.count()
        if self.server.delay:
            time.sleep(self.server.delay)
        self._send(200, answer(body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds added to each call")
    args = parser.parse_args()
    server = FakeServer(args.port, args.delay)
    print(f"fake OpenAI-compatible server on {server.base_url} (Ctrl-C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()

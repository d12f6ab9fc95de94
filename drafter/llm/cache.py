"""On-disk cache of structured LLM answers, so a repeated draft or eval makes no HTTP call.

The key is a hash of everything that shapes the answer: endpoint, model, mode, messages, the
response schema and the sampling parameters. Case files hold medical information, so the
directory is created owner-only (0700) and each entry is written owner-only (0600), atomically
(a temporary file renamed into place) so concurrent writers and interrupted runs never leave a
half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("drafter")) / "llm"


def cache_key(**parts: Any) -> str:
    """A stable hash of the request's parts (JSON with sorted keys)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """JSON documents by key, one file each, under `directory`."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The stored document, or None when absent or unreadable (a corrupt entry is a miss)."""
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, document: Any) -> None:
        path = self._path(key)
        for directory in (self.directory, path.parent):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(directory, 0o700)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False)
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

"""The LLM backend (openai + instructor): extraction with verified quotes, guarded prose.

Imported only when a model is configured, so the offline path never pays for openai's import.
"""

from drafter.llm.backend import LLMBackend
from drafter.llm.settings import LLMMode, LLMSettings, resolve_settings

__all__ = ["LLMBackend", "LLMMode", "LLMSettings", "resolve_settings"]

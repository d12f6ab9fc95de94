"""drafter: drafts California workers' compensation IMR Final Determination Letters.

Public surface: `draft_case` runs the whole pipeline on case text; the models live in
`drafter.models`; every user-facing failure is a `drafter.errors.DrafterError`. Imports are lazy
so that `drafter --help` stays fast.
"""

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "draft_case"]


def __getattr__(name: str) -> Any:
    if name == "draft_case":
        from drafter.pipeline import draft_case

        return draft_case
    raise AttributeError(name)

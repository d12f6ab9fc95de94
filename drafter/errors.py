"""drafter's one exception family. The CLI turns each into one line on stderr and exit code 1;
anything else is a bug and keeps its traceback."""


class DrafterError(Exception):
    """A problem the user can fix: bad input, bad configuration, an unreachable endpoint."""


class InputError(DrafterError):
    """A case file, facts file or letter that cannot be read or understood."""


class NoDisputedItemsError(InputError):
    """The case names no disputed item, so there is nothing to decide."""


class RuleDataError(DrafterError):
    """A guideline rule file that does not match the rule schema."""


class ConfigError(DrafterError):
    """A configuration file or option that cannot be used."""


class LLMError(DrafterError):
    """The LLM endpoint could not be used."""


class LLMEndpointError(LLMError):
    """Unreachable, timed out, rejected the key, or kept failing after the retries."""


class LLMOutputError(LLMError):
    """The model's answers kept failing schema validation after the re-asks."""


def first_validation_error(exc: Exception) -> str:
    """'field.path: message' for the first error of a pydantic ValidationError, for one-line
    messages that say where a file is wrong."""
    errors = exc.errors()  # type: ignore[attr-defined]
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"{where}: {first['msg']}"

"""Which numbers and dates a text states that its sources do not.

Used twice: the eval harness counts unsupported numbers in a draft, and the LLM drafting guard
rejects prose whose numbers or dates are in neither the case file nor the rule it applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[-/](\d{1,2})[-/](\d{4}|\d{2})(?![\d])")
_WORD_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?")
_PRODUCT = re.compile(
    r"(\d+)\s*(?:x|times)\s*(?:(?:a|per|each)\s+week\s*)?(?:for\s+|x\s*)?"
    r"(\d+)(?![\d.]|\s*(?:mg|%))",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_WORDS = {word: str(i) for i, word in enumerate(_NUMBER_WORDS.split(" "))}


def _date_key(month: int, day: int, year: str) -> str:
    full = int(year) if len(year) == 4 else 2000 + int(year) if int(year) < 50 else 1900 + int(year)
    return f"date:{full:04d}-{month:02d}-{day:02d}"


def _number_key(token: str) -> str:
    value = float(token.replace(",", ""))
    return str(int(value)) if value.is_integer() else str(value)


def number_tokens(text: str) -> tuple[set[str], set[str]]:
    """(dates, numbers) a text states; dates normalized to 'date:YYYY-MM-DD', numbers canonical
    ('08' == '8', '6.0' == '6'); numbers inside dates are not listed as numbers."""
    dates: set[str] = set()
    rest = text
    for pattern, month_of in ((_NUMERIC_DATE, lambda g: int(g)), (_WORD_DATE, _month)):
        for m in pattern.finditer(text):
            month, day = month_of(m.group(1)), int(m.group(2))
            if 1 <= month <= 12 and 1 <= day <= 31:
                dates.add(_date_key(month, day, m.group(3)))
                rest = rest.replace(m.group(0), " ")
    return dates, {_number_key(n) for n in _NUMBER.findall(rest)}


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _supported(sources: Iterable[str]) -> tuple[set[str], set[str]]:
    dates: set[str] = set()
    numbers: set[str] = set()
    for text in sources:
        d, _ = number_tokens(text)
        dates |= d
        numbers |= {_number_key(n) for n in _NUMBER.findall(text)}  # date parts count too
        numbers |= {str(int(a) * int(b)) for a, b in _PRODUCT.findall(text)}
        numbers |= {_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _WORDS}
    return dates, numbers


def unsupported_numbers(draft: str, sources: Iterable[str]) -> list[str]:
    """Numbers and dates in `draft` that no source states. A source supports the numbers and
    dates it writes, the parts of its dates, number words up to twenty, and the products of
    'AxB' / 'A times a week for B weeks' (a request for 3x4 supports 12 visits)."""
    dates, numbers = number_tokens(draft)
    known_dates, known_numbers = _supported(sources)
    missing = [d.removeprefix("date:") for d in sorted(dates - known_dates)]
    return missing + sorted(numbers - known_numbers, key=lambda n: float(n))

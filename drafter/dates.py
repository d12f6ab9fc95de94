"""Dates as case files write them: 2-06-2015, 03/14/2012, 9-25-15, July 9, 2013, Jan. 5, 2014."""

from __future__ import annotations

import datetime as dt
import re

_NUMERIC = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})$")
_WRITTEN = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}  # fmt: skip


def parse_date(text: str) -> dt.date | None:
    """US month-first dates; None when the text is not a valid date."""
    text = text.strip().rstrip(".,")
    try:
        if m := _NUMERIC.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 and int(m[3]) < 50 else 0)
            year += 1900 if len(m[3]) == 2 and year < 100 else 0
            return dt.date(year, int(m[1]), int(m[2]))
        if (m := _WRITTEN.match(text)) and m[1][:3].lower() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1][:3].lower()], int(m[2]))
    except ValueError:
        return None
    return None

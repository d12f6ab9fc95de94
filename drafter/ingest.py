"""Ingestion: bytes from a case file to normalized text.

Case files are often text extracted from PDFs, where every line is followed by a blank line,
paragraphs are separated by runs of blank or space-only lines, and words run together across
sentence ends ("medications.On 8-19-2015"). Normalizing once here lets every later stage work on
plain paragraphs; evidence offsets refer to the normalized text.
"""

from __future__ import annotations

import re
from pathlib import Path

from drafter.errors import InputError

_HEADING = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){3})[A-Z0-9][A-Z0-9 ,()/&'\-.:]{3,}$")
_LABEL = re.compile(r"^[A-Z][\w()/ ]{2,40}:\s")
_ITEM_LIST_HEADING = re.compile(
    r"\s*(?:disputed (?:items?|services?|treatments?|requests?)(?:\s*/\s*services?)?|"
    r"items? in dispute|requested (?:treatments?|services?)|treatments? requested)\s*:?\s*",
    re.IGNORECASE,
)
"""A heading over a list of disputed items, one per line (not the letter's issues heading, which
is followed by prose)."""
_ITEM_MAX_CHARS = 120
"""A line this long is prose, not a disputed item."""
_ITEM_LINE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def read_case_file(path: Path) -> str:
    """Read a case file's text, turning every unreadable-file condition into InputError."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a case file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return decode_case_bytes(data, name=str(path))


def decode_case_bytes(data: bytes, *, name: str = "input") -> str:
    """Decode UTF-8 case text; reject empty, binary and non-UTF-8 input."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: is not UTF-8 text (undecodable byte at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(f"{name}: looks like a binary file, not UTF-8 text")
    return text


def normalize_text(text: str) -> str:
    """Rejoin wrapped lines into paragraphs (one per line, blank line between paragraphs)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    double_spaced = _is_double_spaced(lines)
    lengths = sorted(len(line) for line in lines if line.strip())
    wrap_width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    paragraphs: list[list[str]] = [[]]
    blank_run = 0
    in_item_list = False  # under a disputed-items heading, each line is one item
    for raw in lines:
        line = raw.strip().replace("\f", "")
        if not line:
            blank_run += 1
            continue
        continues = _continues_item if in_item_list else _continues
        soft_wrap = (blank_run == 0 or (double_spaced and blank_run == 1)) and (
            continues(paragraphs[-1][-1], line, wrap_width) if paragraphs[-1] else True
        )
        if _ITEM_LIST_HEADING.fullmatch(line):
            in_item_list = True
        elif _HEADING.match(line) or _LABEL.match(line) or len(line) > _ITEM_MAX_CHARS:
            in_item_list = False  # a heading, a 'Label: ...' line or prose ends the list
        current = paragraphs[-1]
        if not current or (
            soft_wrap and not _stands_alone(current[-1]) and not _starts_block(current[-1], line)
        ):
            current.append(line)
        else:
            paragraphs.append([line])
        blank_run = 0
    joined = [_join_lines(p) for p in paragraphs if p]
    return "\n\n".join(joined) + "\n"


def _is_double_spaced(lines: list[str]) -> bool:
    """True when most text lines are followed by exactly one blank line and many stop mid-sentence
    (PDF extraction); paragraphs already one per line (normalized text) are not."""
    text_lines = singles = long_lines = unfinished = 0
    for i, line in enumerate(lines[:-2]):
        if not line.strip():
            continue
        text_lines += 1
        if len(line) >= 50:
            long_lines += 1
            unfinished += not line.rstrip().endswith((".", ":", "?", "!", '"'))
        if not lines[i + 1].strip() and lines[i + 2].strip():
            singles += 1
    wrapped_width = max((len(line) for line in lines), default=0) <= 250
    return (
        text_lines >= 4
        and singles >= 0.5 * text_lines
        and unfinished >= 0.3 * long_lines
        and wrapped_width
    )


def _continues(previous: str, line: str, wrap_width: int) -> bool:
    """A wrapped line: the previous one ran to the margin, or the sentence plainly goes on."""
    return (
        len(previous) >= 0.85 * max(wrap_width, 80)
        or line[:1].islower()
        or line[:1].isdigit()
        or previous.endswith((",", ";", "-", "(", "/"))
        or bool(re.search(r"\b(?:and|or|the|a|of|to|in|for|with|on|by|at)$", previous))
    )


def _continues_item(previous: str, line: str, wrap_width: int) -> bool:
    """In a list of disputed items a line is a new item ('naproxen sodium 550 mg #60' after
    'MS Contin 15 mg #60'), unless the previous one plainly breaks off."""
    return previous.endswith((",", ";", "-", "(", "/")) or bool(
        re.search(r"\b(?:and|or|the|a|of|to|in|for|with|on|by|at|per|x)$", previous)
    )


def _stands_alone(line: str) -> bool:
    """Headings and label lines end a paragraph."""
    return bool(_HEADING.match(line)) or (line.endswith(":") and len(line) < 60)


def _starts_block(previous: str, line: str) -> bool:
    """Headings and list items start blocks; so does a 'Label: value' line after a finished one."""
    if _HEADING.match(line) or _ITEM_LINE.match(line):
        return True
    previous_finished = previous.endswith((".", ":")) or (
        bool(_LABEL.match(previous)) and not previous.endswith((",", ";", "-"))
    )
    return bool(_LABEL.match(line)) and len(line) < 90 and previous_finished


def _join_lines(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if re.search(r"[A-Za-z]-$", out) and line[:1].islower():
            out += line  # "non-" + "certified": keep the hyphen; letters rarely hyphenate words
        else:
            out = f"{out} {line}"
    out = re.sub(r"(?<=[a-z)\]\"'])\.(?=[A-Z][a-z])", ". ", out)
    return re.sub(r"[ \t]+", " ", out).strip()

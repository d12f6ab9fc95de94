"""Parsing injection, study, device and program requests into a `ProcedureOrder`.

The notations reviewers see: "L4-5 transforaminal ESI", "bilateral L4-5 and L5-S1 medial branch
blocks", "left L5-S1 interlaminar epidural steroid injection x2", "EMG/NCV of the bilateral lower
extremities", "TENS unit 30-day rental", "H-wave purchase", "functional restoration program x 80
hours", "FRP 10 days", "CBT 6 sessions", "home health 4 hours a day, 7 days a week". Only what the
wording states is filled in; anything else stays None, so a check can say it is not stated.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from drafter.models import BodyRegion, Category, ProcedureKind, ProcedureOrder

PROCEDURE_CATEGORIES = {Category.INJECTION, Category.DIAGNOSTIC, Category.DME, Category.PROGRAM}
"""Request categories whose details this module parses (issue #6)."""

K = ProcedureKind
# Order matters: the first kind whose pattern matches wins (RFA before medial branch block, since
# "RFA following a positive medial branch block" is an RFA; biofeedback before psychotherapy).
KIND_PATTERNS: list[tuple[ProcedureKind, str]] = [
    (
        K.RADIOFREQUENCY_ABLATION,
        r"radio-?frequency|\bRFAs?\b|\bRFTC\b|\bRFN\b|\bRF\b|rhizotomy|neurotomy|ablation|"
        r"thermocoagulation|denervation procedure",
    ),
    (
        K.MEDIAL_BRANCH_BLOCK,
        r"medial branch|\bMBBs?\b|\bMBNBs?\b|facet (?:joint )?(?:nerve )?blocks?|"
        r"diagnostic facet|\bFJBs?\b",
    ),
    (K.FACET_INJECTION, r"facet"),
    (K.SACROILIAC_INJECTION, r"sacroiliac|\bSI joint|\bSIJ\b"),
    (
        K.EPIDURAL_STEROID_INJECTION,
        r"epidural|\b(?:TF|IL|C|L|T|CE|LE|TE|TL)?ESIs?\b|\bTFESI|\bILESI|transforaminal|"
        r"interlaminar|translaminar|caudal|(?:selective )?nerve root blocks?|\bSNRBs?\b",
    ),
    (K.TRIGGER_POINT_INJECTION, r"trigger[\s-]*point|\bTPIs?\b|\bTrPs?\b"),
    (
        K.URINE_DRUG_SCREEN,
        r"urine drug|drug screen|drug test|\bUDS\b|\bUDT\b|urine tox|\bU-?tox|toxicology|"
        r"\bUA\b(?:[\s/]+(?:tox|drug))|urinalysis (?:for|drug)",
    ),
    (
        K.ELECTRODIAGNOSTIC,
        r"\bEMG|\bNCV|\bNCS\b|\bEDX\b|nerve conduction|electrodiagnostic|electromyogra",
    ),
    (K.MRI, r"\bMRI\b|\bMR\b|magnetic resonance"),
    (K.CT, r"\bCT\b|computed tomography|CAT scan"),
    (K.XRAY, r"x-?rays?|radiograph"),
    (K.H_WAVE, r"h-?wave|\bHWT\b"),
    (K.INTERFERENTIAL, r"interferential|\bIF (?:unit|stim|device|current)|\bIFC\b|\bICS\b"),
    (K.TENS, r"\bTENS\b|transcutaneous electrical"),
    (
        K.FUNCTIONAL_RESTORATION,
        r"functional restoration|\bFRP\b|multidisciplinary|pain program|"
        r"chronic pain program|\bHELP program|pain management program|pain rehabilitation|"
        r"restoration program|interdisciplinary|(?-i:\bHELP\b)|\bFRPs?\b",
    ),
    (K.WORK_CONDITIONING, r"work (?:conditioning|hardening)"),
    (K.BIOFEEDBACK, r"biofeedback"),
    (
        K.PSYCHOLOGICAL_EVALUATION,
        r"psycholog\w* (?:evaluation|consult|assessment|testing)|"
        r"psychiatric (?:evaluation|consult)",
    ),
    (K.PSYCHOTHERAPY, r"cognitive[\s-]*behavio|\bCBT\b|psychotherap|psycholog|counsel"),
    (K.GYM_MEMBERSHIP, r"\bgym\b|fitness (?:center|club)|health club|\bYMCA\b|pool membership"),
    (
        K.HOME_HEALTH,
        r"home health|home care|home assistan|caregiver|home attendant|"
        r"in-?home (?:care|help|assistance|services?|support)|home nursing|"
        r"(?-i:\bHHAs?\b)|(?:home|health|personal care|nursing|nurse's|care) aides?\b|"
        r"homemaker|attendant care|personal care (?:attendant|assistance|services)|"
        r"chore services|(?-i:\bIHSS\b)",
    ),
]
_COMPILED = [(k, re.compile(p, re.IGNORECASE)) for k, p in KIND_PATTERNS]
INJECTION_KINDS = {
    K.EPIDURAL_STEROID_INJECTION, K.FACET_INJECTION, K.MEDIAL_BRANCH_BLOCK,
    K.RADIOFREQUENCY_ABLATION, K.TRIGGER_POINT_INJECTION, K.SACROILIAC_INJECTION,
    K.OTHER_INJECTION,
}  # fmt: skip

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "thirty": 30}  # fmt: skip
_N = r"(?:\d+(?:\.\d+)?|" + "|".join(_WORDS) + r")"

# A spinal segment: "L4-5", "L4-L5", "L5-S1", "C5-6", "C5/6", "T12-L1", "L4/L5".
_LEVEL = re.compile(r"\b([CTLS])(\d{1,2})\s*(?:-|/|–|to)\s*([CTLS])?(\d{1,2})\b", re.IGNORECASE)
# A single root/level with a side: "right L5", "L5 nerve root", "at L4".
_SINGLE_LEVEL = re.compile(r"\b([CTL])(\d{1,2})\b(?!\s*(?:-|/|–)\s*[CTLS]?\d)", re.IGNORECASE)


def _num(token: str) -> float:
    token = token.lower()
    return float(_WORDS[token]) if token in _WORDS else float(token)


_KIND_CATEGORY: dict[ProcedureKind, Category] = {
    **{k: Category.INJECTION for k in INJECTION_KINDS if k != K.OTHER_INJECTION},
    **{k: Category.DIAGNOSTIC for k in (K.URINE_DRUG_SCREEN, K.ELECTRODIAGNOSTIC, K.MRI, K.CT)},
    **{k: Category.DME for k in (K.H_WAVE, K.INTERFERENTIAL, K.TENS)},
    **{k: Category.PROGRAM for k in (
        K.FUNCTIONAL_RESTORATION, K.WORK_CONDITIONING, K.BIOFEEDBACK, K.PSYCHOLOGICAL_EVALUATION,
        K.PSYCHOTHERAPY, K.GYM_MEMBERSHIP, K.HOME_HEALTH)},
}  # fmt: skip


def kind_category(text: str) -> Category | None:
    """The request category of a procedure named only by an abbreviation the category patterns
    do not know ('RFA bilateral L3-4', 'Left L5 TFESI', 'RFTC L4-S1'); None if it names none."""
    return _KIND_CATEGORY.get(detect_kind(text))


def detect_kind(text: str) -> ProcedureKind:
    for kind, pattern in _COMPILED:
        if pattern.search(text):
            return kind
    return K.OTHER_INJECTION if re.search(r"inject|block", text, re.IGNORECASE) else K.OTHER


_SPINE = [f"C{i}" for i in range(1, 8)] + [f"T{i}" for i in range(1, 13)]
_SPINE += [f"L{i}" for i in range(1, 6)] + ["S1"]


def _segments(upper: str, lower: str) -> list[str]:
    """'L4', 'S1' -> ['L4-5', 'L5-S1']: a span of several segments is each segment in it."""
    if upper not in _SPINE or lower not in _SPINE or _SPINE.index(lower) <= _SPINE.index(upper):
        return [f"{upper}-{lower}"]
    names = _SPINE[_SPINE.index(upper) : _SPINE.index(lower) + 1]
    return [f"{a}-{b[1:]}" if a[0] == b[0] else f"{a}-{b}" for a, b in itertools.pairwise(names)]


def parse_levels(text: str) -> list[str]:
    """Spinal segments in request order, normalized: 'L4-L5' -> 'L4-5', 'L5/S1' -> 'L5-S1',
    'L4-S1' -> 'L4-5', 'L5-S1'. A single-level notation ('right L5 transforaminal', 'medial
    branches at L3, L4 and L5') gives that level ('L5')."""
    found: list[tuple[int, str]] = []
    for m in _LEVEL.finditer(text):
        upper = f"{m[1].upper()}{m[2]}"
        lower = f"{(m[3] or m[1]).upper()}{m[4]}"
        found += [(m.start() + i, level) for i, level in enumerate(_segments(upper, lower))]
    if not found:
        found = [(m.start(), f"{m[1].upper()}{m[2]}") for m in _SINGLE_LEVEL.finditer(text)]
    levels: list[str] = []
    for _, level in sorted(found):
        if level not in levels:
            levels.append(level)
    return levels


def _side(text: str) -> Literal["left", "right", "bilateral"] | None:
    if re.search(r"bilateral|\bbilat\b|both sides|\bB/L\b|\bB[UL]Es?\b", text, re.IGNORECASE):
        return "bilateral"
    left = re.search(r"\bleft\b|\bLt\.?\b|\bL[UL]E\b", text, re.IGNORECASE)
    right = re.search(r"\bright\b|\bRt\.?\b|\bR[UL]E\b", text, re.IGNORECASE)
    if left and right:
        return "bilateral"
    return "left" if left else "right" if right else None


def _approach(text: str) -> Literal["transforaminal", "interlaminar", "caudal"] | None:
    if re.search(r"transforaminal|\bTFESI|\bTF\b|selective nerve root|\bSNRB\b", text, re.I):
        return "transforaminal"
    if re.search(r"interlaminar|translaminar|\bILESI|\bIL\b", text, re.IGNORECASE):
        return "interlaminar"
    return "caudal" if re.search(r"caudal", text, re.IGNORECASE) else None


def _injections(text: str) -> int | None:
    series = re.search(rf"series of (?:\(?({_N})\)?)", text, re.IGNORECASE)
    if series:
        return int(_num(series[1]))
    count = re.search(
        rf"(?:\bx\s*|#\s*|\(\s*)({_N})\)?(?!\s*(?:hours?|hrs?|days?|weeks?|months?|%|mg|ml|cc))"
        rf"|(?<![\w-])({_N})\s+(?:[a-z-]+\s+){{0,3}}?(?:injections|blocks|shots)\b",
        text,
        re.IGNORECASE,
    )
    if count:
        return int(_num(count[1] or count[2]))
    return None


def _device(text: str, order: ProcedureOrder) -> None:
    if re.search(r"purchas|\bbuy\b|\bowned?\b|indefinite", text, re.IGNORECASE):
        order.acquisition = "purchase"
    elif re.search(r"rent|trial|\bloan", text, re.IGNORECASE):
        order.acquisition = "rental"
    days = re.search(rf"({_N})[\s-]*(day|week|month)s?\b", text, re.IGNORECASE)
    if days and order.acquisition != "purchase":
        order.rental_days = round(
            _num(days[1]) * {"day": 1, "week": 7, "month": 30}[days[2].lower()]
        )
        order.acquisition = order.acquisition or "rental"


def _program(text: str, order: ProcedureOrder) -> None:
    hours = re.search(rf"({_N})\s*(?:additional\s+|more\s+|extra\s+)?(?:hours?|hrs?)\b"
                      r"(?!\s*(?:a|per|/|each)\s*(?:day|week))", text,
                      re.IGNORECASE)  # fmt: skip
    if hours:
        order.hours = _num(hours[1])
    days = re.search(rf"({_N})\s*(?:full[\s-]|half[\s-]|treatment\s+|additional\s+|more\s+|"
                     rf"extra\s+)?days?\b"
                     r"(?!\s*(?:a|per|/|each)\s*(?:week|wk))", text, re.IGNORECASE)  # fmt: skip
    if days:
        order.days = _num(days[1])
    weeks = re.search(rf"({_N})\s*(?:weeks?|wks?)\b", text, re.IGNORECASE)
    if weeks:
        order.weeks = _num(weeks[1])
    per_day = re.search(rf"({_N})\s*(?:hours?|hrs?)\s*(?:a|per|/|each)\s*day", text, re.I)
    per_week_days = re.search(rf"({_N})\s*days?\s*(?:a|per|/|each)\s*(?:week|wk)", text, re.I)
    per_week = re.search(rf"({_N})\s*(?:hours?|hrs?)\s*(?:a|per|/|each)\s*(?:week|wk)", text, re.I)
    if per_week:
        order.hours_per_week = _num(per_week[1])
    elif per_day:
        days_a_week = _num(per_week_days[1]) if per_week_days else 7.0
        order.hours_per_week = _num(per_day[1]) * days_a_week


def limb_region(order: ProcedureOrder) -> BodyRegion | None:
    """The spinal region an extremity study is about (upper: neck; lower: low back)."""
    return {"upper": BodyRegion.NECK, "lower": BodyRegion.LOW_BACK}.get(order.limb or "")


def parse_procedure(text: str) -> ProcedureOrder:
    """The procedure details stated in one request's wording."""
    kind = detect_kind(text)
    order = ProcedureOrder(kind=kind)
    if kind in INJECTION_KINDS:
        order.levels = parse_levels(text)
        order.side = _side(text)
        order.approach = _approach(text) if kind == K.EPIDURAL_STEROID_INJECTION else None
        order.injections = _injections(text)
    elif kind == K.ELECTRODIAGNOSTIC:
        order.emg = bool(re.search(r"\bEMG|electromyogra", text, re.IGNORECASE))
        order.ncv = bool(re.search(r"\bNCV|\bNCS\b|nerve conduction", text, re.IGNORECASE))
        if re.search(r"electrodiagnostic", text, re.IGNORECASE) and not (order.emg or order.ncv):
            order.emg = order.ncv = True
        if re.search(r"upper (?:extremit|limb)|\barms?\b|\b[BRL]?UEs?\b", text, re.IGNORECASE):
            order.limb = "upper"
        elif re.search(r"lower (?:extremit|limb)|\blegs?\b|\b[BRL]?LEs?\b", text, re.I):
            order.limb = "lower"
        order.side = _side(text)
    elif kind in {K.TENS, K.INTERFERENTIAL, K.H_WAVE}:
        _device(text, order)
    elif kind in {K.FUNCTIONAL_RESTORATION, K.WORK_CONDITIONING, K.HOME_HEALTH, K.GYM_MEMBERSHIP}:
        _program(text, order)
    return order

"""Parsing treatment requests in the notations reviewers see: "3x4", "2 times a week for 4 weeks",
"3x a week for 6 weeks", "twice weekly for 3 weeks", "12 sessions", "(8) visits", "x 6".

`parse_request` reads one request; the offline extractor finds the requests in a case file and
hands each to it. Category and body-region vocabularies live here because both the extractor and
the request parser need them.
"""

from __future__ import annotations

import math
import re

from drafter.medication_orders import names_drug, parse_order
from drafter.models import BodyRegion, Category, Evidence, TreatmentRequest
from drafter.procedure_orders import (
    PROCEDURE_CATEGORIES,
    kind_category,
    limb_region,
    parse_procedure,
)

# Order matters: the first category whose pattern matches wins ("aquatic therapy" before "therapy").
CATEGORY_PATTERNS: list[tuple[Category, str]] = [
    (Category.AQUATIC_THERAPY, r"aqua(?:tic)?[\s-]*therapy|aquatherapy|pool therapy|water therapy"),
    (Category.ACUPUNCTURE, r"acupuncture|electro-?acupuncture|acupressure"),
    (
        Category.CHIROPRACTIC,
        r"chiropractic|chiropractor|\bchiro\b|manipulation|manipulative|manual therapy|"
        r"\bCMT\b|\bOMT\b|osteopathic",
    ),
    (Category.MASSAGE, r"massage|myofascial release"),
    (Category.OCCUPATIONAL_THERAPY, r"occupational therapy|\bOT\b|hand therapy"),
    (
        Category.PROGRAM,
        r"functional restoration|\bFRP\b|multidisciplinary|pain program|gym membership|"
        r"pain management program|pain rehabilitation program|interdisciplinary|"
        r"home health|psycholog|psychotherap|cognitive behavio|\bCBT\b|biofeedback|"
        r"weight loss program|work conditioning|work hardening|home care|caregiver|"
        r"home assistan|\bgym\b",
    ),
    (
        Category.PHYSICAL_THERAPY,
        r"physical therapy|physiotherapy|\bPT\b|physical medicine|therapeutic exercise|"
        r"\btherapy sessions\b",
    ),
    (
        Category.INJECTION,
        r"injection|epidural|\bESI\b|nerve block|branch block|radiofrequency|ablation|"
        r"rhizotomy|neurotomy|trigger point",
    ),
    (
        Category.DIAGNOSTIC,
        r"\bMRI\b|magnetic resonance|\bCT\b|x-?rays?|radiograph|\bEMG\b|\bNCV\b|\bNCS\b|"
        r"nerve conduction|electrodiagnostic|urine drug|drug screen|drug test|urine tox|\bUDS\b|"
        r"functional capacity|"
        r"\bFCE\b|bone scan|ultrasound",
    ),
    (
        Category.DME,
        r"\bTENS\b|interferential|H-?wave|\bunit\b|brace|orthosis|orthotic|cane|walker|"
        r"wheelchair|cold therapy|hot/cold|pillow|mattress|\bDME\b|cervical traction|"
        r"home traction",
    ),
    (
        Category.SURGERY,
        r"surgery|arthroscop|fusion|discectomy|laminectomy|decompression|arthroplasty|"
        r"repair|release\b|replacement",
    ),
    (
        Category.MEDICATION,
        r"\bmg\b|\bmcg\b|tablet|capsule|\btabs?\b|cream|gel|ointment|patch|#\s*\d+|\bqty\b|"
        r"refill|norco|hydrocodone|oxycodone|percocet|tramadol|ultram|cyclobenzaprine|"
        r"flexeril|soma|carisoprodol|gabapentin|neurontin|lyrica|pregabalin|omeprazole|"
        r"prilosec|zolpidem|ambien|naproxen|ibuprofen|motrin|meloxicam|mobic|lidoderm|"
        r"lidocaine|tizanidine|zanaflex|baclofen|duloxetine|cymbalta|amitriptyline|"
        r"methadone|morphine|fentanyl|oxycontin|butrans|buprenorphine|diclofenac|voltaren|"
        r"celebrex|celecoxib|ketoprofen|flurbiprofen|capsaicin|compound|xanax|alprazolam|"
        r"valium|diazepam|ativan|lorazepam|klonopin|clonazepam|trazodone|medication",
    ),
]
_COMPILED_CATEGORIES = [(c, re.compile(p, re.IGNORECASE)) for c, p in CATEGORY_PATTERNS]

REGION_PATTERNS: list[tuple[BodyRegion, str]] = [
    (BodyRegion.CARPAL_TUNNEL, r"carpal tunnel"),
    (BodyRegion.NECK, r"cervical|\bneck\b|c-spine|\bC[1-7](?:-[1-7T])?\b"),
    (BodyRegion.THORACIC, r"thoracic|mid[\s-]back|upper back|t-spine"),
    (
        BodyRegion.LOW_BACK,
        r"lumbar|lumbosacral|low(?:er)? back|\bback\b|l-spine|\bL[1-5](?:-[1-5S]1?)?\b|sacroiliac",
    ),
    (BodyRegion.SHOULDER, r"shoulder|rotator cuff"),
    (BodyRegion.ELBOW, r"elbow|epicondyl"),
    (BodyRegion.FOREARM_WRIST_HAND, r"wrist|\bhands?\b|forearm|finger|thumb"),
    (BodyRegion.HIP, r"\bhips?\b|pelvi"),
    (BodyRegion.KNEE, r"\bknees?\b|patell|menisc"),
    (BodyRegion.ANKLE_FOOT, r"ankle|\bfoot\b|\bfeet\b|heel|plantar|achilles"),
]
_COMPILED_REGIONS = [(r, re.compile(p, re.IGNORECASE)) for r, p in REGION_PATTERNS]

_NUMBER_WORDS = {
    "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24,
}  # fmt: skip
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_RANGE = rf"{_NUM}(?:\s*(?:-|to|–)\s*{_NUM})?"
_PER_WEEK = r"(?:x|times|sessions?|visits?)?\s*(?:a|per|/|each)\s*(?:week|wk)|(?:x\s*)?weekly"
_WEEKS = r"(?:weeks?|wks?)"

# "2 times a week for 4 weeks", "3x a week for 6 weeks", "twice weekly for 3 weeks", "2x/week x 4"
_FREQ_DURATION = re.compile(
    rf"(?P<freq>{_RANGE})\s*(?:{_PER_WEEK})\s*(?:for|x|times|over|×)?\s*(?P<weeks>{_RANGE})\s*"
    rf"(?:{_WEEKS})?",
    re.IGNORECASE,
)
# "3x4", "3 x 4", "2X6"
_TIMES = re.compile(
    r"(?<![\d/.])(?P<freq>\d)\s*[xX×]\s*(?P<weeks>\d{1,2})(?![\d/])(?!\s*(?:mg|mcg|%))"
)
# "12 sessions", "(8) visits", "6 treatments", "x 6", "#12"
_COUNT = re.compile(
    rf"(?:\(\s*(?P<paren>\d+)\s*\)|(?P<num>{_NUM}))\s*(?:additional\s+|more\s+)?"
    r"(?:sessions?|visits?|treatments?|appointments?)\b",
    re.IGNORECASE,
)
_X_COUNT = re.compile(r"(?:^|\s)(?:x|#|qty:?)\s*(?P<num>\d{1,2})\b(?!\s*(?:mg|mcg|%|/))", re.I)
_QUANTITY = re.compile(r"(?:#|qty:?|quantity:?)\s*(?P<num>\d+)", re.IGNORECASE)


def _number(token: str) -> float:
    token = token.strip().lower()
    return float(_NUMBER_WORDS[token]) if token in _NUMBER_WORDS else float(token)


def _upper(range_text: str) -> float:
    """The upper bound of '1-2' or 'one to two'; a single number is its own bound."""
    parts = re.split(r"\s*(?:-|to|–)\s*", range_text.strip())
    return max(_number(p) for p in parts if p)


def detect_category(text: str) -> Category:
    for category, pattern in _COMPILED_CATEGORIES:
        if pattern.search(text):
            return category
    return kind_category(text) or Category.OTHER


def detect_regions(text: str) -> list[BodyRegion]:
    """Regions named in `text`, in order of first mention, without repeats."""
    found: list[tuple[int, BodyRegion]] = []
    for region, pattern in _COMPILED_REGIONS:
        match = pattern.search(text)
        if match:
            found.append((match.start(), region))
    regions = [r for _, r in sorted(found, key=lambda pair: pair[0])]
    if BodyRegion.CARPAL_TUNNEL in regions and BodyRegion.FOREARM_WRIST_HAND in regions:
        regions.remove(BodyRegion.FOREARM_WRIST_HAND)
    return regions


def parse_dose(text: str) -> tuple[float | None, float | None, int | None]:
    """(visits per week, weeks, total visits) from a request's wording; None where not stated."""
    for pattern in (_FREQ_DURATION, _TIMES):
        match = pattern.search(text)
        if match:
            freq, weeks = _upper(match["freq"]), _upper(match["weeks"])
            if 0 < freq <= 7 and 0 < weeks <= 52:
                return freq, weeks, math.ceil(freq * weeks)
    count = _COUNT.search(text)
    if count:
        return None, None, int(_number(count["paren"] or count["num"]))
    x_count = _X_COUNT.search(text)
    if x_count and detect_category(text) not in {Category.MEDICATION, Category.OTHER}:
        return None, None, int(x_count["num"])
    return None, None, None


def parse_request(
    text: str, *, default_region: BodyRegion | None = None, start: int | None = None
) -> TreatmentRequest:
    """Parse one disputed item as written. `default_region` fills a request that names none."""
    text = " ".join(text.split()).strip(" .;,")
    category = detect_category(text)
    regions = detect_regions(text)
    frequency, weeks, total = (
        parse_dose(text)
        if category not in {Category.MEDICATION, Category.DIAGNOSTIC, Category.DME}
        else (None, None, None)
    )
    quantity = None
    if category in {Category.MEDICATION, Category.DME, Category.DIAGNOSTIC}:
        q = _QUANTITY.search(text)
        quantity = int(q["num"]) if q else None
    if category == Category.OTHER and names_drug(text):  # 'Ultracet 37.5/325' names no unit
        category = Category.MEDICATION
    medication = parse_order(text) if category == Category.MEDICATION else None
    procedure = parse_procedure(text) if category in PROCEDURE_CATEGORIES else None
    limb = limb_region(procedure) if procedure is not None else None
    if limb is not None and not regions:
        regions = [limb]
    return TreatmentRequest(
        text=text,
        category=category,
        procedure=procedure,
        medication=medication,
        body_region=regions[0] if regions else default_region,
        frequency_per_week=frequency,
        weeks=weeks,
        total_visits=total,
        quantity=quantity,
        evidence=Evidence(quote=text, start=start),
    )

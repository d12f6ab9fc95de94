"""Offline extraction of prior injections, studies, device trials and programs (issue #6).

The general pass finds each mention with medspaCy ConText (so "no prior epidural injections" is
a denial, not a history). Here each non-request mention becomes a `PriorProcedure` with what its
sentence (and, for relief, the next one) says: percent relief, how long it lasted, whether
medication use fell, and the response. Request details are parsed in `drafter.procedure_orders`.
Clinical findings the rules ask about (radiculopathy on exam, red flags ...) are rule concepts,
found by the general pass.
"""

from __future__ import annotations

import re
from datetime import date

from drafter.dates import parse_date
from drafter.extract_capacity import add_job_demand_gap, add_strength_drop
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Evidence,
    Finding,
    PriorProcedure,
    ProcedureKind,
    Response,
    TreatmentRequest,
)
from drafter.nlp import INNER_NEGATION, OTHER_PERSON, Mention
from drafter.procedure_orders import parse_levels
from drafter.requests import detect_regions
from drafter.rulebook import load_rulebook
from drafter.sections import case_body, narrative_sentences

K = ProcedureKind
_PROC = "PROC_"
PROCEDURE_TERMS: dict[ProcedureKind, list[str]] = {
    K.EPIDURAL_STEROID_INJECTION: [
        "epidural steroid injection", "epidural steroid injections", "epidural injection",
        "epidural injections", "epidural", "epidurals", "ESI", "ESIs", "TFESI", "transforaminal",
        "transforaminal injection", "interlaminar", "caudal epidural", "selective nerve root block",
        "nerve root block", "epidural block",
    ],
    K.MEDIAL_BRANCH_BLOCK: [
        "medial branch block", "medial branch blocks", "MBB", "MBBs", "facet block",
        "facet blocks", "diagnostic facet block", "diagnostic facet blocks",
        "facet nerve block", "facet nerve blocks", "diagnostic block", "diagnostic blocks",
        "dorsal ramus block", "dorsal ramus blocks", "medial branch nerve block",
        "medial branch nerve blocks",
    ],
    K.FACET_INJECTION: [
        "facet injection", "facet injections", "facet joint injection", "facet joint injections",
    ],
    K.RADIOFREQUENCY_ABLATION: [
        "radiofrequency ablation", "radiofrequency neurotomy", "radiofrequency rhizotomy",
        "radiofrequency", "RFA", "rhizotomy", "neurotomy", "RF ablation", "RF ablations",
        "RF neurotomy", "RF rhizotomy",
    ],
    K.TRIGGER_POINT_INJECTION: [
        "trigger point injection", "trigger point injections", "TPI", "TPIs",
    ],
    K.MRI: ["MRI", "MRIs", "magnetic resonance imaging", "MR imaging"],
    K.ELECTRODIAGNOSTIC: [
        "EMG", "NCV", "NCS", "EMG/NCV", "EMG/NCS", "EMG / NCV", "electrodiagnostic",
        "electrodiagnostic studies", "electrodiagnostic study", "electrodiagnostic testing",
        "nerve conduction studies", "nerve conduction study", "electromyography",
    ],
    K.URINE_DRUG_SCREEN: [
        "urine drug screen", "urine drug screens", "urine drug test", "urine drug testing",
        "urine drug tests", "UDS", "urine toxicology", "drug screen", "drug screens",
    ],
    K.TENS: ["TENS", "TENS unit", "transcutaneous electrical nerve stimulation"],
    K.INTERFERENTIAL: [
        "interferential", "interferential unit", "interferential stimulation",
        "interferential current", "interferential stimulator", "IF unit", "IF units", "ICS",
        "ICS unit", "IFC unit", "interferential current stimulator",
    ],
    K.H_WAVE: ["H-wave", "H-wave unit", "H wave", "H-Wave"],
    K.FUNCTIONAL_RESTORATION: [
        "functional restoration program", "functional restoration", "FRP",
        "multidisciplinary pain program", "chronic pain program",
    ],
    K.WORK_CONDITIONING: ["work conditioning", "work hardening"],
    K.PSYCHOTHERAPY: [
        "cognitive behavioral therapy", "cognitive behavioural therapy", "CBT", "psychotherapy",
        "psychological treatment", "psychological therapy", "psychological counseling",
        "pain psychology", "psychology sessions", "psychological sessions",
    ],
    K.BIOFEEDBACK: ["biofeedback"],
    K.GYM_MEMBERSHIP: ["gym membership", "gym"],
    K.HOME_HEALTH: ["home health", "home health care", "home health services", "home care"],
}  # fmt: skip

BENEFIT_TERMS = [
    "benefit", "benefited", "helped", "helpful", "improvement", "improved", "relief",
    "reduced pain", "decreased pain", "less pain", "effective", "good response",
    "pain reduction", "reduction in pain", "decrease in pain", "reduced his pain",
    "reduced her pain", "decreased his pain", "decreased her pain", "good results", "beneficial",
    "positive response", "responded well",
]  # fmt: skip
MEDICATION_REDUCED_TERMS = [
    "reduced his medication", "reduced her medication", "reduced medication",
    "decreased medication", "decrease in medication",
    "medication reduction", "reduced his pain medication", "reduced her pain medication",
    "reduced his Norco", "reduced her Norco", "reduced opioid", "decreased opioid",
    "reduction in opioid", "reduced his use of", "reduced her use of", "cut back on",
    "decreased his medication", "decreased her medication", "decreased his use of",
    "decreased her use of", "less medication", "fewer pills", "reduce his medication",
    "reduce her medication", "reduce medication", "reduce his pain medication",
    "reduce her pain medication", "decreased use of", "reduced use of", "decreased use",
    "reduced use", "decreased Norco", "reduced Norco", "decrease in Norco", "reduction in Norco",
    "less Norco", "decreased pain medication", "decrease in pain medication",
    "less pain medication",
    "decreased need for", "reduced need for", "decreased intake", "reduced intake",
    "decreased his Norco", "decreased her Norco", "reduced his opioid", "reduced her opioid",
    "weaned", "tapered", "discontinued his", "discontinued her",
    "use fell", "use decreased", "use dropped", "use was reduced", "use was decreased",
    "intake fell", "intake decreased",
]  # fmt: skip

TERMS: dict[str, list[str]] = {
    **{f"{_PROC}{kind.value}": terms for kind, terms in PROCEDURE_TERMS.items()},
    "PROC_BENEFIT": BENEFIT_TERMS,
    "PROC_MED_REDUCED": MEDICATION_REDUCED_TERMS,
}
"""Terms to find (with negation) in the case body, by label; merged into the NLP pass."""

_REQUEST_CUES = re.compile(
    r"\b(request|requests|requested|requesting|recommend|recommends|recommended|would like|"
    r"asks for|asked for|seeks|"
    r"treatment plan|plan (?:is|was|includes|included)|authori[sz]ation|non-?certified|"
    r"proposed|ordered|prescribed|referral|referred|RFA for|candidate for|consider|pending|"
    r"scheduled|plan|awaiting|to undergo|would benefit|is indicated|requesting|evaluated for|"
    r"evaluation for|assessed for|screened for|screening for|"
    # goals set for a trial to come, a device still to be used
    r"(?:trial|treatment) goals|to be (?:used|worn|applied|started|tried|trialed))\b",
    re.IGNORECASE,
)
_HISTORY_CUES = re.compile(
    r"\b(prior|previous|previously|had|has had|underwent|received|completed|status post|s/p|"
    r"performed|attended|participated|participating|attending|attends|undergoing|currently|ongoing|"
    r"tried|trialed|used|(?:is|was|were|are|been|currently|still|now)\s+using|uses|rented|"
    r"in the past|"
    r"showed|shows|demonstrated|revealed|reported|dated|gave|provided|produced|yielded|"
    r"resulted)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?P<num>\d{1,3})\s*(?:%|percent)", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "several": 3, "a few": 2,
                 "a couple of": 2}  # fmt: skip
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(_WORD_NUMBERS) + r")"
_DURATION = re.compile(
    rf"(?:for|lasting|lasted|over|about|approximately|nearly|almost|up to|through|roughly|around|"
    rf"\bx)\s+(?:about\s+|approximately\s+|nearly\s+|almost\s+|only\s+|just\s+|roughly\s+|"
    rf"around\s+|at least\s+|over\s+|a total of\s+|a full\s+)?(?:(?P<num>{_NUM})\s*(?:-|to)\s*)?"
    rf"(?P<num2>{_NUM}|a|one)\s*(?P<unit>hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?)\b",
    re.IGNORECASE,
)
_UNIT_WEEKS = {"hour": 1 / 168, "day": 1 / 7, "week": 1.0, "month": 4.35, "year": 52.0}
_UNIT_NAMES = {"hr": "hour", "wk": "week", "mo": "month", "yr": "year"}
_FRACTION = re.compile(
    r"\b(?P<frac>halved|half|one-?half|a third|one-?third|two-?thirds|a quarter|one-?quarter|"
    r"three-?quarters|three-?fourths)\b(?![\s-]+(?:(?:a|an)\s+)?(?:day|hour|week|month)s?\b)"
    r"(?:\s+(?:of\s+)?(?:his|her|their|the)?\s*"
    r"(?:pain|symptoms)?)?",
    re.IGNORECASE,
)
_FRACTION_PERCENT = {"halved": 50, "half": 50, "onehalf": 50, "athird": 33, "onethird": 33,
                     "twothirds": 67, "aquarter": 25, "onequarter": 25, "threequarters": 75,
                     "threefourths": 75}  # fmt: skip
_RELIEF_WORDS = re.compile(
    r"relie(?:f|ved)|improve(?:ment|d)|reduc(?:tion|ed)|better|decrease|less pain|"
    r"pain (?:fell|dropped|went down)|\bcut (?:[\w-]+ ){0,3}?pain|\bhalved\b|"
    # 'about half of his leg pain going away', 'half the pain had eased'
    r"\b(?:go(?:ing|ne)?|went) away\b|\b(?:eased|subsided|resolved)\b|"
    r"\b(?:was|were|is|are|had|has) (?:been )?gone\b",
    re.IGNORECASE,
)
_RELIEF_LASTED = re.compile(
    r"\b(?:relief|benefit|improvement)\b[^.;]{0,30}?\b(?:lasted|persisted|held|continued)\b",
    re.IGNORECASE,
)
_LASTING_WORDS = re.compile(
    r"relief|improvement|benefit|effect|lasted|lasting|wore off|returned|recurred|came back",
    re.IGNORECASE,
)


_WORD_RELIEF = re.compile(
    r"\b(?P<near>near(?:ly)?[\s-]+|almost\s+|virtually\s+)?(?:complete|total|full)\s+"
    r"(?:pain\s+)?relief\b",
    re.IGNORECASE,
)


def _word_relief(text: str) -> tuple[float, int] | None:
    """'complete relief' (100%), 'near complete relief' (90%)."""
    match = _WORD_RELIEF.search(text)
    if match is None or _NEGATION_BEFORE.search(text[: match.start()]):
        return None
    return (90.0 if match["near"] else 100.0), match.start()


def _fraction_relief(text: str) -> tuple[float, int] | None:
    """'about half', 'two-thirds better', 'relieved a third of her pain': (percent, where)."""
    match = _FRACTION.search(text)
    if match is None or not _RELIEF_WORDS.search(text):
        return None
    key = re.sub(r"[^a-z]", "", match["frac"].lower())
    return float(_FRACTION_PERCENT[key]), match.start()


_SESSIONS = re.compile(rf"(?P<num>{_NUM})\s*(?:sessions?|visits?|days?|weeks?)", re.IGNORECASE)
_PROGRAM_SPAN = re.compile(
    # 'completed 160 hours (four weeks)', 'completing 20 full days', '15 full-day sessions',
    # '3 weeks of the program' (a program day is 8 hours, a program week 5 days)
    rf"(?P<num>{_NUM})\s*(?:full[\s-]+|part[\s-]+|half[\s-]+)?(?:-?\s*day\s+)?"
    r"(?P<unit>hours?|hrs?|days?|sessions?|weeks?|wks?)\b",
    re.IGNORECASE,
)


def _program_days_done(segment: str) -> int | None:
    """Functional restoration program days a sentence says were done: hours count before
    weeks, as a program day is 8 hours and a week 5 days."""
    found = {m["unit"][0].lower(): _number(m["num"]) for m in _PROGRAM_SPAN.finditer(segment)}
    if "h" in found:
        return round(found["h"] / 8)
    if "d" in found or "s" in found:
        return int(found.get("d", found.get("s", 0)))
    if "w" in found:
        return int(found["w"] * 5)
    return None


def _number(token: str) -> float:
    token = token.lower()
    if token in ("a", "one"):
        return 1.0
    return float(_WORD_NUMBERS[token]) if token in _WORD_NUMBERS else float(token)


_DATE = r"(?:\d{1,2}[-/](?:\d{1,2}[-/])?(?:19|20)\d{2})"
_DATE_SPAN = re.compile(
    # 'notes from 03-2016 through 09-2016 record 70% relief', 'between 1/5/2019 and 6/30/2019'
    rf"\b(?:from|between)\s+(?P<a>{_DATE})\s+(?:through|thru|to|until|till|and)\s+(?P<b>{_DATE})",
    re.IGNORECASE,
)


def _span_weeks(first: str, last: str) -> float | None:
    """Weeks from the first date to the last ('03-2016' is read as the month's first day)."""

    def parse(token: str) -> date | None:
        parts = [int(x) for x in re.split(r"[-/]", token)]
        month, day, year = (parts[0], 1, parts[1]) if len(parts) == 2 else parts
        try:
            return date(year, month, day)
        except ValueError:
            return None

    a, b = parse(first), parse(last)
    if a is None or b is None or b <= a:
        return None
    return (b - a).days / 7


_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WHEN = (
    rf"(?:(?P<{{0}}part>early|mid|late)[\s-]*)?(?:(?P<{{0}}name>{_MONTH})(?:\s+(?P<{{0}}year>(?:19|20)\d{{{{2}}}}))?"
    rf"|(?P<{{0}}num>\d{{{{1,2}}}})[-/](?:\d{{{{1,2}}}}[-/])?(?P<{{0}}nyear>(?:19|20)?\d{{{{2}}}}))"
)
_THROUGH = re.compile(
    # 'after the June 2015 ablation ... through December 2015', 'TPIs in March ... through early
    # May', 'after the 3-1-16 epidural ... through mid-May': how long the relief lasted
    r"(?:\b(?:in|on|dated|from|after|the)\s+|\(\s*)" + _WHEN.format("a") + r"\b[^;]{0,120}?"
    r"\b(?:through|until|till|into)\s+" + _WHEN.format("b") + r"\b",
    re.IGNORECASE,
)
_PART = {None: 0.0, "early": 0.0, "mid": 0.5, "late": 0.8}


def _through_weeks(text: str) -> tuple[float, str] | None:
    """The relief from a dated procedure 'through' a later month, in weeks."""
    match = _THROUGH.search(text)
    if match is None:
        return None

    def month_of(side: str) -> tuple[float, int | None] | None:
        if match[f"{side}name"]:
            month = _MONTH_NAMES.index(match[f"{side}name"][:3].lower()) + 1
            year = int(match[f"{side}year"]) if match[f"{side}year"] else None
        else:
            month = int(match[f"{side}num"])
            year = int(match[f"{side}nyear"]) % 100 + 2000
        if not 1 <= month <= 12:
            return None
        return month + _PART[(match[f"{side}part"] or "").lower() or None], year

    a, b = month_of("a"), month_of("b")
    if a is None or b is None:
        return None
    year_a = a[1] if a[1] is not None else b[1] or 2000
    year_b = b[1] if b[1] is not None else year_a + (1 if b[0] < a[0] else 0)
    months = (year_b - year_a) * 12 + b[0] - a[0]
    if months <= 0:
        return None
    return months * 4.35, match.group(0)[match.group(0).lower().rfind("through") :] or None


_AT_TIME = rf"(?:{_NUM})\s*(?:weeks?|wks?|months?|mos?)"
_PAIN_BACK = re.compile(
    # the pain came back ('the pain had fully returned', 'pain back to baseline'), not 'she
    # returned to full duty'
    r"\b(?:pain|symptoms?|it)\s+(?:\w+\s+){0,3}?(?:returned|recurred|came back|crept back)\b|"
    r"\bback to (?:baseline|\d)|\b(?:wore|worn) off\b|\bno longer (?:better|improved|relieved)\b",
    re.IGNORECASE,
)
_FOLLOW_UP_TIMES = re.compile(
    # 'follow-up notes at six weeks, three months and six months each recorded 70% improvement',
    # 'at follow-ups one, three and six months after the procedure' (the unit said once, last)
    rf"\bat\s+(?:(?:the\s+)?(?:follow-?ups?|visits?|checks?|re-?evaluations?)\s+(?:at\s+)?)?"
    rf"(?P<times>(?:{_NUM}\s*(?:,\s*and|,|and)\s*)*{_AT_TIME}"
    rf"(?:\s*(?:,\s*and|,|and)\s*{_AT_TIME})*)\b",
    re.IGNORECASE,
)


def _follow_up_weeks(text: str) -> tuple[float, str] | None:
    """The latest follow-up at which relief is reported ('at six weeks, three months and six
    months'): the relief lasted at least that long."""
    match = _FOLLOW_UP_TIMES.search(text)
    if match is None or _PAIN_BACK.search(text):
        return None  # (nor 'at follow-up 6 months after the procedure the pain had returned')
    times = re.findall(rf"({_NUM})\s*(weeks?|wks?|months?|mos?)", match["times"], re.I)
    weeks = max(
        _number(n) * _UNIT_WEEKS[_UNIT_NAMES.get(u.lower().rstrip("s"), u.lower().rstrip("s"))]
        for n, u in times
    )
    return weeks, match.group(0)


def _relief_duration(text: str) -> tuple[float, str] | None:
    """(weeks, the duration as written) of the first duration in `text`; else the span of a
    date range over which the records report the relief, or the latest follow-up reporting it."""
    match = _DURATION.search(text)
    if not match:
        span = _DATE_SPAN.search(text)
        weeks = span and _span_weeks(span["a"], span["b"])
        if span and weeks:
            return weeks, span.group(0)
        return _through_weeks(text) or _follow_up_weeks(text)
    # "6-8 weeks": the lower bound is what the records establish.
    value = _number(match["num"] or match["num2"])
    written = match.group(0).split(None, 1)[1]  # without the leading 'for' / 'lasting'
    unit = match["unit"].lower().rstrip("s")
    return value * _UNIT_WEEKS[_UNIT_NAMES.get(unit, unit)], written


_SCORE = (
    r"(?P<{0}>\d{{1,2}}(?:\.\d)?)(?:\s*(?:-|–|to)\s*(?P<{0}_hi>\d{{1,2}}(?:\.\d)?))?"
    r"\s*(?:/\s*10|out of 10)"
)
"""A pain score: '7/10', '7 out of 10', or a range '3-4/10' (its high end is the score after
relief, its low end the score before, so a range never overstates the relief)."""
_SCORES = re.compile(
    # 'from 7/10 to 2/10', 'fell from a baseline of 8/10 down to 3-4/10'
    r"\bfrom (?:a |an? )?(?:baseline (?:of )?|level of |score of )?"
    + _SCORE.format("before")
    + r"\s+(?:down )?to (?:a |an? )?(?:level of |score of )?"
    + r"(?:about |approximately |around |roughly |nearly |only )?"
    + _SCORE.format("after")
    # '2-3/10 compared with 7/10 before', '3/10, down from 8/10', '4/10 versus 8/10 before'
    + r"|"
    + _SCORE.format("after2")
    + r"[\s,]+(?:(?:as )?compared (?:with|to)|versus|vs\.?|down from|improved from|"
    r"from (?:a |an? |the |her |his )?(?:baseline (?:of )?|pre-?\w+ (?:level|score) of |"
    r"pre-?\w+ (?:(?:pain|VAS|NRS) )?(?:of )?)?)\s*(?:a |an? )?"
    + _SCORE.format("before2")
    # '8/10 before the block and 3/10 after', '7/10 pre-injection, 2/10 post-injection'
    + r"|"
    + _SCORE.format("before3")
    + r"\s*(?:(?:pain|VAS|NRS)\s+)?(?:before|pre-?\w*|prior to|at baseline)\b[^.;]{0,60}?"
    + _SCORE.format("after3")
    # ('7/10 before the procedure, 1/10 at 30 minutes': a timed reading after it)
    + r"\s*(?:after|afterwards?|post-?\w*|following|during|at|within|by)\b"
    # 'pre-block VAS 7/10, post-block VAS 1/10', 'pre-injection pain 8/10 and post-injection 2/10'
    + r"|\bpre-?\w+\s+(?:(?:pain|VAS|NRS)\s+)?(?:(?:score|level)\s+)?(?:(?:of|was|:)\s*)?"
    + _SCORE.format("before4")
    + r"[,;]?\s+(?:and\s+|with\s+(?:a\s+)?)?post-?\w+\s+(?:(?:pain|VAS|NRS)\s+)?"
    r"(?:(?:score|level)\s+)?(?:(?:of|was|:)\s*)?" + _SCORE.format("after4"),
    re.IGNORECASE,
)


def _score_pair(match: re.Match[str]) -> tuple[float, float]:
    """(before, after) of a `_SCORES` match; of a range, the end that gives the least relief."""
    for suffix in ("", "2", "3", "4"):
        if match[f"before{suffix}"] is not None:
            before = float(match[f"before{suffix}"])
            after_hi = match[f"after{suffix}_hi"] or match[f"after{suffix}"]
            return before, float(after_hi)
    raise ValueError(match.group(0))


_MEANINGFUL_PERCENT = 30.0
"""A fall in the pain score of at least 30% is the conventional threshold for a clinically
meaningful response (the CPMTG applies it to antiepilepsy drugs); below it, the relief is recorded
but not called a benefit."""


def score_change_text(text: str) -> str | None:
    """The pain-score fall as written ('from 7/10 to 1/10'), for the letter to quote."""
    match = _SCORES.search(text)
    return match.group(0) if match else None


_BARE_SCORES = re.compile(
    # 'VAS fell from 9 to 4', 'VAS 7 to 3', 'pain level went from 8 to 2' (a 0-10 scale unwritten)
    r"\b(?:VAS|NRS|pain(?:\s+(?:score|level|rating))?)\s+(?:[\w-]+\s+){0,2}?(?:from\s+)?"
    r"(?P<before>\d{1,2})\s+(?:down\s+)?to\s+(?P<after>\d{1,2})\b(?!\s*(?:%|/|percent|lbs?|"
    r"pounds|minutes|min|degrees|°|hours|days|weeks|months))",
    re.IGNORECASE,
)


_PRE_SCORE = re.compile(
    # 'Pain before the injection was 8/10', 'pre-injection pain 7/10', 'pain was 8/10 prior to
    # the block': a score before the procedure, with the score after it in a later sentence
    r"\b(?:before|prior to)\s+(?:the\s+)?(?:injection|procedure|block|blocks|epidural|ESI|"
    r"ablation|shot)\b[^.;/]{0,20}?\b(?P<score>\d{1,2})\s*/\s*10|"
    r"\bpre-?(?:injection|procedure|block|ESI)\s+(?:pain\s+)?(?:score\s+)?(?:was\s+|of\s+|:\s*)?"
    r"(?P<score2>\d{1,2})\s*/\s*10",
    re.IGNORECASE,
)
_LATER_SCORE = re.compile(
    r"\bpain\s+(?:was|had fallen to|fell to|of|at|is)\s+(?P<score>\d{1,2})\s*/\s*10", re.I
)


_OTHER_RELIEF = re.compile(
    r"\b(?:at rest|bed rest|with rest|extra|increased|higher dose|additional medication)\b",
    re.IGNORECASE,
)


def _score_after(text: str, baseline: float) -> tuple[float, int] | None:
    """[Pain before the injection was 8/10.] 'At the 01/29 visit pain was 4/10': the fall from
    the baseline a sentence before gave."""
    match = _LATER_SCORE.search(text)
    if match is None or not 0 < baseline <= 10:
        return None
    after = float(match["score"])
    if after >= baseline:
        return None
    return round((baseline - after) / baseline * 100), match.start()


_TIMED_SCORE = re.compile(
    r"\b(?P<score>\d{1,2})\s*/\s*10\s+(?:at|after|by|within|for|through)\s+(?:about\s+)?"
    rf"(?:{_NUM}|an?)\s*(?:minutes?|mins?|hours?|hrs?|h)\b",
    re.IGNORECASE,
)


def _timed_scores_after(text: str, at: int, baseline: float) -> tuple[float, int] | None:
    """'pre-procedure pain of 7/10, 1/10 at 30 minutes, and 2/10 at four hours': relief from
    the least of the fall at the times given (71%, not 86%)."""
    later = [float(m["score"]) for m in _TIMED_SCORE.finditer(text, at)]
    if not later or not 0 < baseline <= 10 or max(later) >= baseline:
        return None
    return round((baseline - max(later)) / baseline * 100), at


def _score_relief(text: str) -> tuple[float, int] | None:
    """'pain decreased from 7/10 to 2/10': the percent fall of the score, and where it is."""
    for match in _SCORES.finditer(text):
        before, after = _score_pair(match)
        if 0 < before <= 10 and after < before:
            return round((before - after) / before * 100), match.start()
    for match in _BARE_SCORES.finditer(text):
        before, after = float(match["before"]), float(match["after"])
        if 0 < before <= 10 and after < before:
            return round((before - after) / before * 100), match.start()
    return None


_PRESCRIBED_ADJECTIVE = re.compile(
    r"\b(?:with|the|his|her|their|as|of|than)\s+prescribed\b|\bprescribed\s+(?:medications?|"
    r"meds|drugs?|regimen|dose|dosage|opioids?)\b",
    re.IGNORECASE,
)
"""'Prescribed' describing a drug the worker takes ('UDS 6/10 consistent with prescribed
tramadol', 'taken as prescribed') requests nothing."""
_UR_DECISION = re.compile(
    r"\b(?:non-?certif(?:ied|y)|not certified|noncertified|denied|modified(?! (?:duty|work)))\b"
    r"[^.;]*$",
    re.IGNORECASE,
)
"""A UR decision before the mention: 'Utilization Review dated 7-06-2015 non-certified the
radiofrequency ablation' is about the request, however the sentence dates the review."""
_FUTURE = re.compile(r"\bto (?:be )?(?:\w+ )?(?:used|using|performed|completed|attended)\b", re.I)
"""'an H-wave unit to be used with the home program': an infinitive is no history."""
_SCREENING = re.compile(
    r"\b(?:evaluat(?:ion|ed)|assess(?:ment|ed)|screen(?:ing|ed)|intake|interview(?:ed)?|"
    r"consult(?:ation|ed))\s+(?:at|by|with|for|from)\s+(?:(?:a|an|the|his|her)\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
"""'A multidisciplinary evaluation at a functional restoration program', 'she was screened by
the work conditioning program': an evaluation for a program is not attendance of it."""


_EVALUATION_AFTER = re.compile(
    r"^\s+(?:program\s+)?(?:evaluations?|evals?|consult(?:ation)?s?|assessments?|screenings?|"
    r"intakes?|testing)\b",
    re.IGNORECASE,
)
"""'A pain psychology evaluation on 5/24', 'an FRP consultation': the program's term names an
evaluation for it, not the treatment."""


def _names_evaluation(m: Mention, kind: ProcedureKind) -> bool:
    return kind in _PROGRAM_KINDS and bool(
        _EVALUATION_AFTER.match(m.sentence[m.end - m.sentence_start :])
    )


_REFILL_REQUEST = re.compile(
    r"\b(?:early\s+)?refill\s+requests?\b|\brequests?\s+for\s+(?:early\s+)?refills?\b",
    re.IGNORECASE,
)
"""'there were no early refill requests': a request about medication, not for the procedure."""


def _without_other_requests(sentence: str) -> str:
    """The sentence less what names no request for a procedure: 'prescribed' describing a drug,
    a patient's refill requests."""
    return _REFILL_REQUEST.sub(" ", _PRESCRIBED_ADJECTIVE.sub(" ", sentence))


def _is_request(m: Mention) -> bool:
    """A mention in a request sentence is not history unless its own clause says so."""
    if not _REQUEST_CUES.search(_without_other_requests(m.sentence)):
        return False
    local = m.start - m.sentence_start
    if _UR_DECISION.search(m.sentence[:local]):
        return True
    # ('L4-5 and L5-S1' is one list of levels, not two clauses)
    before = re.split(r"[,;(]|\band\b(?!\s+[LCTS]\d)|\bbut\b|\bas\b", m.sentence[:local])[-1]
    # 'The note dated 3/1 requests a TPI': a history cue before the request verb describes the
    # verb's subject, not the requested item.
    before = re.split(_REQUEST_VERB, before)[-1]
    after = re.split(r"[,;)]|\band\b|\bbut\b|\bas\b", m.sentence[local:])[0]
    return not _HISTORY_CUES.search(_FUTURE.sub(" ", before + after))


_LIST_ITEM = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s")


def _in_request_list(text: str, start: int) -> bool:
    """The mention's sentence is an item of a list headed by a request ('Requests:' then
    '- Bilateral L4-5 medial branch blocks'; 'Treatment plan:' then '1. TENS trial'): the item
    is requested, whatever else it says ('prior to possible ablation')."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _LIST_ITEM.match(text[line_start : start + 4]):
        return False
    for line in reversed(text[:line_start].splitlines()):
        item = _LIST_ITEM.match(line)
        line = line[item.end() if item else 0 :].strip()
        if line.endswith(":"):  # the heading, itself perhaps an item ('- Requests:')
            # (the heading's own sentence: '... referred him to a surgeon. The physician
            # requested:' closes a paragraph)
            line = re.split(r"(?<=[.!?])\s+(?=[A-Z])", line)[-1]
            return bool(_REQUEST_CUES.search(line)) and len(line) < 60
        if line and not item:
            return False
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


_ECHO_HISTORY = re.compile(
    r"\b(?:prior|previous|previously|failed|done|performed|underwent|had|received|completed|"
    r"gave|helped|relief|benefit|was|were)\b|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}",
    re.IGNORECASE,
)


def _echoes_request(m: Mention, requests: list[TreatmentRequest]) -> bool:
    """The sentence is little more than a disputed item's own words ('Separately: 30-day TENS
    unit rental trial.' for 'TENS unit 30-day rental trial'): it names the request, not a
    procedure already done."""
    if _ECHO_HISTORY.search(m.sentence):
        return False
    said = _words(m.sentence)
    for request in requests:
        asked = set(_words(request.text))
        if len(asked) >= 3 and asked <= set(said) and len(said) <= len(asked) + 3:
            return True
    return False


_REQUEST_VERB = re.compile(
    r"\b(?:requests|requested|requesting|recommends|recommended|asks for|asked for|seeks|sought)\b",
    re.IGNORECASE,
)
_AUTHORIZATION_FORM = re.compile(
    r"^\s*(?:form\b|(?:dated|of|from|submitted|signed)\b[^.;,]{0,40}?)?"
    r"\b(?:requests|requested|requesting|asks|asked|seeks|sought|is for|was for)\b",
    re.IGNORECASE,
)


def _is_authorization_form(m: Mention) -> bool:
    """'RFA' as the Request for Authorization form: 'the RFA dated 2/3 requests a TENS unit',
    'the RFA submitted 5/2 is for 6 sessions'. An ablation reads as a procedure with a result."""
    if m.text.strip().upper() not in ("RFA", "RFAS"):
        return False
    local = m.end - m.sentence_start
    return bool(_AUTHORIZATION_FORM.search(m.sentence[local : local + 80]))


_FIRST = re.compile(
    r"\b(?:this|it|that)\s+(?:is|will be|would be)\s+(?:his|her|their|the)\s+(?:very\s+)?"
    r"(?:first|initial)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_REPEAT = re.compile(
    r"\b(?:second|repeat|repeated|another|confirmatory|third|fourth)\s+(?:set of\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _is_first(m: Mention) -> bool:
    """'This is her first diagnostic medial branch block': the one requested, no history."""
    local = m.start - m.sentence_start
    return bool(_FIRST.search(m.sentence[max(0, local - 80) : local]))


def _is_repeat(m: Mention) -> bool:
    """'a second diagnostic block', 'a repeat MBB': a requested repeat of a procedure."""
    local = m.start - m.sentence_start
    return bool(_REPEAT.search(m.sentence[max(0, local - 60) : local]))


_PROVIDER_AFTER = re.compile(
    r"^\s+(?:provider|providers|vendor|clinic|facility|center|centre|staff|team|intake)\b",
    re.IGNORECASE,
)
_AGENT_BEFORE = re.compile(r"\b(?:by|from|with|through)\s+(?:the|a|an|his|her|their)\s+$", re.I)


def _names_provider(m: Mention) -> bool:
    """'a questionnaire done by the work conditioning provider': the procedure names who did
    something, not a course the injured worker had."""
    local = m.start - m.sentence_start
    after = m.sentence[m.end - m.sentence_start :]
    return bool(_PROVIDER_AFTER.match(after) and _AGENT_BEFORE.search(m.sentence[:local]))


_DEVICE_KINDS = {K.TENS, K.INTERFERENTIAL, K.H_WAVE}
_IN_CLINIC = re.compile(
    r"\b(?:in[- ]clinic|in[- ]office|in the (?:clinic|office)|at the (?:clinic|therapy office)|"
    r"during (?:his |her |the )?(?:PT|physical therapy|therapy|therapy sessions|PT sessions|"
    r"PT visits|chiropractic (?:visits|sessions|care)))\b",
    re.IGNORECASE,
)


def _in_clinic_device(m: Mention, kind: ProcedureKind) -> bool:
    """'In-clinic interferential during PT', 'TENS applied during therapy sessions': a device used
    by the therapist in the clinic, which is no home trial of the device."""
    if kind not in _DEVICE_KINDS:
        return False
    local = m.start - m.sentence_start
    end = m.end - m.sentence_start
    near = m.sentence[max(0, local - 40) : local] + " " + m.sentence[end : end + 40]
    return bool(_IN_CLINIC.search(near))


def _is_screening(m: Mention) -> bool:
    local = m.start - m.sentence_start
    return bool(_SCREENING.search(m.sentence[max(0, local - 80) : local]))


_STUDIES = {f"{_PROC}{k.value}" for k in (K.MRI, K.ELECTRODIAGNOSTIC)} | {"PROC_ct"}
_SHOWED = re.compile(
    r"\b(?:showed|shows|revealed|reveals|demonstrated|demonstrates|confirmed|was consistent with|"
    r"were consistent with|consistent with|noted|indicated|positive for)\b",
    re.IGNORECASE,
)
_RADICULAR_FINDING = re.compile(
    r"radiculopathy|radicular|nerve root|neural foramin|neuroforamin|foraminal|herniat|"
    r"protrusion|extrusion|impinge|denervation",
    re.IGNORECASE,
)
_NORMAL_STUDY = re.compile(
    r"\b(?:was|were) (?:normal|negative|unremarkable)|\bno (?:evidence of )?(?:radiculopathy|"
    r"nerve root (?:compression|impingement))",
    re.IGNORECASE,
)
_NEGATED_FINDING = re.compile(r"\b(?:no|without|negative for|not|absence of)\b(?!.*\bbut\b)", re.I)
CORROBORATION = "radiculopathy_corroborated"


def _study_corroboration(facts: CaseFacts, mentions: list[Mention]) -> None:
    """'EMG/NCV showed chronic left L5 radiculopathy', 'the MRI revealed a herniation at L5-S1':
    an imaging or electrodiagnostic study reported with a radicular finding corroborates
    radiculopathy, however it is worded; a normal study denies it."""
    seen = {f.evidence.start for f in facts.findings if f.concept == CORROBORATION}
    for m in mentions:
        if m.label not in _STUDIES or m.negated or m.hypothetical or m.family or _is_request(m):
            continue
        if m.sentence_start in seen:
            continue
        after = m.sentence[m.start - m.sentence_start :]
        verb = _SHOWED.search(after)
        present = False
        if verb is not None:
            reported = after[verb.end() :]
            finding = _RADICULAR_FINDING.search(reported)
            present = finding is not None and not _NEGATED_FINDING.search(
                reported[: finding.start()]
            )
        if not present and not _NORMAL_STUDY.search(after):
            continue
        seen.add(m.sentence_start)
        facts.findings.append(
            Finding(
                concept=CORROBORATION,
                present=present,
                evidence=Evidence(quote=m.sentence, start=m.sentence_start),
            )
        )


_CARE = (
    r"(?:therapy|therapies|PT|physical|chiropractic|acupuncture|exercises?|HEP|treatment|"
    r"treatments|care|management|medications?|meds|NSAIDs?|anti-?inflammator\w*|muscle relaxants?|"
    r"gabapentin|injections?|modalities|rest|activity modification|stretching|massage)"
)
_BENEFIT = (
    r"(?:benefit|relief|improvement|response|results?|gains?|help|change|difference|progress|"
    r"success|effect)"
)
_QUALITY = (
    r"(?:any |much |sustained |lasting |durable |significant |meaningful |appreciable |"
    r"substantial |long-?term |functional |clinically significant |adequate |real )*"
)
_OPIOID = (
    r"(?:opioids?|opiates?|narcotics?|hydrocodone|Norco|Vicodin|oxycodone|Percocet|OxyContin|"
    r"tramadol|Ultram|morphine|MS Contin|methadone|tapentadol|Nucynta|hydromorphone|Dilaudid|"
    r"fentanyl|buprenorphine|codeine)"
)
PATTERN_CONCEPTS: dict[str, re.Pattern[str]] = {
    # Failed conservative care, in the writer's own words: 'despite completing therapy',
    # 'without sustained benefit', 'the second with no benefit', 'symptoms have persisted',
    # 'gave only short-lived relief', 'did not help', 'little to no improvement'.
    "conservative_care_failed": re.compile(
        rf"\bdespite\s+(?:[\w/-]+\s+){{0,6}}?{_CARE}\b|"
        rf"\b(?:without|with no|with little|with minimal|with limited|no|little|little or no|"
        rf"little to no|minimal|limited|only (?:mild|modest|partial|slight)|short-?lived|"
        rf"temporary|transient|brief|fleeting)\s+{_QUALITY}{_BENEFIT}\b|"
        r"\b(?:did not|didn't|does not|do not|has not|have not|had not|failed to|never)\s+"
        r"(?:\w+\s+)?(?:help|helped|improve|improved|relieve|relieved|work|worked|resolve|"
        r"resolved|provided? (?:\w+ )?relief|respond)\b|"
        # 'failed 6 weeks of physical therapy', 'nothing has helped', "haven't touched it"
        rf"\bfailed\s+(?:{_NUM}\s+(?:weeks?|wks?|months?)\s+of\s+|an?\s+(?:course|trial)\s+of\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?{_CARE}\b|"
        r"\bnothing\s+(?:\w+\s+)?(?:has|had|have)\s+(?:helped|worked|been effective)\b|"
        # (care that was unsuccessful, not 'attempts to obtain records were unsuccessful')
        rf"\b{_CARE}\b[^.;]{{0,40}}?\b(?:has|have|had|was|were)\s+(?:been\s+)?(?:all\s+|both\s+)?"
        r"unsuccessful\b|"
        r"\b(?:has|have|had)\s+not\s+been\s+(?:successful|effective)\b|"
        rf"\b(?:persistent|ongoing|continued|residual)\s+(?:\w+\s+){{0,3}}?(?:pain|symptoms)\b"
        rf"[^.;]{{0,40}}?\b(?:after|following)\s+(?:[\w-]+\s+){{0,3}}?{_CARE}\b|"
        r"\b(?:haven't|have not|hasn't|has not)\s+touched\b|"
        r"\b(?:symptoms|pain|complaints)\s+(?:\w+\s+){0,2}?(?:has|have|had)\s+"
        r"(?:persisted|continued|remained|recurred|returned|worsened)\b|"
        r"\b(?:ineffective|unhelpful|of no benefit|of little benefit|no better)\b",
        re.IGNORECASE,
    ),
    # Motivation and willingness to forgo secondary gain: 'signed an agreement', 'wants to get
    # back to work', 'is eager to participate', 'even if it affects her disability benefits'.
    "motivation_to_change": re.compile(
        r"\b(?:wants|wanted|(?<=\bI )want|wishes|hopes|desires|would like|is eager|is keen|"
        r"is determined|"
        r"is committed|expressed (?:a )?(?:desire|willingness|interest))\s+(?:to\s+)?"
        r"(?:\w+\s+){0,3}?(?:return|get back|go back|resume|work|improve|participate|"
        r"change|function)|"
        r"\bsigned (?:an? |the )?(?:\w+ ){0,2}(?:agreement|contract|commitment)|"
        r"\b(?:is|was|are|were)\s+willing\s+to\s+(?:\w+\s+){0,2}?(?:taper|return|work|"
        r"participate|reduce|stop|change|engage|wean)|"
        r"\b(?:forgo|give up|waive|relinquish)\s+(?:\w+\s+){0,3}?(?:disability|benefits|"
        r"secondary gain|compensation)|"
        r"\beven if it (?:affects|reduces|ends|jeopardizes) (?:his|her|their) "
        r"(?:\w+ )?(?:disability|benefits|payments)|"
        # an aim with another before it ('wants to "get my life back" and to return to some
        # form of work'), or a benefit given up ('will not seek further temporary disability')
        r"\b(?:wants|wanted|hopes|hoped|wishes|wished)\s+to\s+[^.;]{0,40}?\band\s+(?:to\s+)?"
        r"(?:return|get back|go back)\s+to\s+(?:(?:his|her|their|some|any|a|the)\s+)?"
        r"(?:\w+\s+){0,2}?(?:work|job|employment)\b|"
        r"\b(?:will|would)\s+not\s+(?:seek|pursue|claim|request|apply for)\s+(?:any\s+)?"
        r"(?:further|more|additional|continued)\s+(?:temporary\s+)?(?:disability|benefits)\b|"
        # a benefit she accepts may end: 'understands her disability payments may end'
        r"\b(?:understands|understood|accepts|accepted|acknowledges|acknowledged|is aware)\s+"
        r"(?:that\s+)?(?:his|her|their|the)\s+(?:\w+\s+){0,2}?(?:disability|benefits|payments)"
        r"(?:\s+\w+){0,2}?\s+(?:may|will|would|could|might)\s+(?:\w+\s+)?(?:end|stop|cease|"
        r"be reduced|be terminated)\b",
        re.IGNORECASE,
    ),
    # Not a surgical candidate, however the surgeon's or the worker's view is put: 'found no
    # lesion suitable for surgery', 'surgery was not felt to be indicated', 'does not want spine
    # surgery', 'no operative treatment is recommended', 'declined a fusion'.
    "not_surgical_candidate": re.compile(
        r"\b(?:no|not|non-?|never)\s*(?:[\w-]+\s+){0,4}?(?:suitable|amenable|appropriate|"
        r"indicated|a candidate|candidate|recommended|warranted|needed|offered|advised|"
        r"necessary|eligible)\s+(?:for\s+)?(?:\w+\s+){0,2}?(?:surgery|surgical|operative|"
        r"operation|decompression|fusion|discectomy|laminectomy)|"
        r"\b(?:surgery|surgical (?:treatment|intervention|management|option)s?|an operation|"
        r"decompression|fusion)\s+(?:is|was|were|would|has been)\s+(?:not|never|no longer)\s+"
        r"(?:be\s+|been\s+)?(?:felt to be\s+|considered\s+|thought to be\s+)?"
        r"(?:indicated|recommended|warranted|necessary|needed|advised|an option|appropriate)|"
        r"\bsurg\w*\s+(?:consult\w*|evaluation|opinion)\s*:?\s*(?:non-?operative|non-?surgical)\b|"
        r"\bwithout\s+(?:a\s+|any\s+)?(?:surgical|operative)\s+(?:lesion|pathology|target)|"
        r"\b(?:no|not a|non-?)\s*(?:surgical|operative)\s+(?:lesion|pathology|target|"
        r"candidate|indication|option|treatment|intervention)s?|"
        r"\b(?:declined|declines|refused|refuses|does not want|doesn't want|did not want|"
        r"is not interested in|not willing to (?:have|undergo)|unwilling to (?:have|undergo)|"
        r"wishes to avoid|wants to avoid|prefers to avoid|prefers not to have|opted against)\s+"
        r"(?:any\s+|further\s+|a\s+|the\s+)?(?:\w+\s+){0,2}?(?:surgery|surgical|operation|"
        r"fusion|decompression)",
        re.IGNORECASE,
    ),
    # A significant loss of independent function: help with self-care, things no longer done,
    # off work on disability, a severe disability index, tolerances in minutes.
    "functional_loss": re.compile(
        r"\b(?:needs|needed|requires|required|relies on|relied on|depends on|dependent on|"
        r"must have|has to have|asks for)\s+(?:\w+['’]?s?\s+){0,3}?(?:help|assistance|"
        r"assist|support)\b|"
        r"\b(?:help|assistance)\s+(?:from\s+(?:\w+['’]?s?\s+){1,2})?(?:with|for|to|in)\s+"
        r"(?:\w+\s+){0,2}?(?:dressing|bathing|showering|putting on|toileting|grooming|"
        r"cooking|shopping|housework|household|chores|self-?care|personal care|socks|shoes)|"
        r"\b(?:stopped|quit|gave up|given up)\s+(?:driving|working|cooking|shopping|cleaning|"
        r"exercising|gardening|walking)\b|\b(?:can't|cannot|can not)\s+do\s+anything\b|"
        r"\bno longer\s+(?:able to\s+|can\s+)?(?:\w+\s+)?(?:drives?|works?|walks?|lifts?|"
        r"shops?|cooks?|cleans?|plays?|exercises?|dresses|bathes|sleeps?|sits?|stands?|"
        r"perform\w*|do(?:es)?|participat\w*|care)\b|"
        r"\b(?:unable to|cannot|can't|could not|is not able to|not able to)\s+(?:\w+\s+){0,2}?"
        r"(?:work|drive|dress|bathe|shower|cook|shop|clean|lift|walk|stand|sit|care for|"
        r"perform(?!\s+(?:the\s+|a\s+)?(?:straight leg|SLR|test|exam\w*|maneuver|range|"
        r"heel|toe|squat|tandem))|do (?:his|her|their|household|house)|complete)\b|"
        r"\b(?:temporar(?:y|ily) total(?:ly)? disab\w*|TTD|totally disabled|off work|"
        r"not (?:been )?working|has not worked|out of work|on disability)\b|"
        r"\b(?:Oswestry|ODI|Neck Disability Index|NDI|disability index|Pain Disability Index|"
        r"PDI)\D{0,25}(?:[4-9]\d|100)\s*(?:%|percent|/\s*100|points)?|"
        r"\b(?:sitting|standing|walking)\s+(?:tolerance\s+)?(?:is\s+|of\s+|was\s+|"
        r"limited to\s+|to\s+|only\s+|about\s+){0,3}\d{1,2}\s*(?:minutes|min)\b",
        re.IGNORECASE,
    ),
    # Active exercise, however the program is put: 'home desensitization and grip exercises',
    # 'a stretching routine she continues at home daily', 'does core strengthening each day'.
    "active_exercise": re.compile(
        r"\bhome\s+(?:[\w/-]+\s+){0,3}?(?:exercises?|program|routine|regimen|stretch\w*)\b|"
        r"\b(?:participating|participates|enrolled|engaged|attending|attends|continuing|"
        r"continued|ongoing)\s+(?:in\s+|with\s+)?(?:an?\s+|her\s+|his\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:physical therapy|PT|aquatic therapy|work conditioning|work hardening|"
        r"functional restoration|exercise program|therapy program)\b|"
        r"\bactive\s+(?:PT|physical therapy|exercise|therapy)\b|"
        r"\b(?:exercises?|stretch\w*|strengthening|stabilization|routine|program)\s+"
        r"(?:[\w,]+\s+){0,4}?(?:at home|daily|each day|every day|\d+\s*(?:x|times)\s*(?:a|per)\s*"
        r"(?:day|week))\b|"
        r"\b(?:continues?|continued|continuing|performs?|performed|does|doing|keeps up)\s+"
        r"(?:\w+\s+){0,3}?(?:exercises?|stretching|strengthening|stabilization)\b",
        re.IGNORECASE,
    ),
    # A change since the last study: a deficit that is new ('new numbness over the foot', 'has
    # begun to drag the foot'), or a strength grade below the one recorded before ('EHL 3/5,
    # 5/5 in May', 'grip fell from 5/5 to 4/5').
    "significant_change": re.compile(
        r"\bnew(?:ly)?\s+(?:developed\s+|onset\s+(?:of\s+)?)?(?:[\w-]+\s+){0,3}?(?:numbness|"
        r"weakness|foot drop|drop foot|deficit|tingling|paresthesias?|incontinence|atrophy|"
        r"sensory loss|reflex|SLR|straight leg raise|clumsiness|radicular pain|radiculopathy)\b|"
        # 'new decreased sensation over the dorsum' (the sensation itself new)
        r"\bnew(?:ly)?\s+(?:onset\s+(?:of\s+)?)?(?:(?:decreased|diminished|reduced|altered|absent)\s+"
        r"sensation|hypo?esthesia)\b|"
        r"\b(?:symptoms|pain)\s+(?:have\s+|has\s+)?(?:significantly|markedly|substantially)\s+"
        r"(?:worsened|changed|increased)\b|"
        r"\b(?:pain|symptoms)\s+(?:has|have)\s+changed\s+from\b|"
        r"\bsince\s+(?:then|the (?:last|prior|previous) (?:MRI|study|scan|imaging))\b[^.;]{0,60}?"
        r"\b(?:developed|new|worse|worsened|progressed)\b|"
        r"\brecurrent\s+(?:severe\s+)?(?:radicular|arm|leg)\s+pain\s+with\s+(?:a\s+)?new\b|"
        r"\b(?:has|have)\s+(?:begun|started)\s+to\s+(?:slap|drag|drop|give way|buckle)\b|"
        # 'developed a new complaint of left arm pain with numbness', 'new symptoms in the arm'
        r"\bnew(?:ly)?\s+(?:onset\s+)?(?:complaints?|symptoms?|findings?|deficits?|neurologic\w*)\s+"
        r"(?:of|in|with|involving|since)\b|"
        # 'new pain in the left anterior thigh' (a new distribution, not 'new pain medication')
        r"\bnew(?:ly)?\s+(?:onset\s+(?:of\s+)?)?(?:[\w-]+\s+){0,2}?pain\s+(?:in|into|radiating|"
        r"down|along|over|involving)\b",
        re.IGNORECASE,
    ),
    "progressive_deficit": re.compile(
        r"\bfrom\s+5/5\s+to\s+[0-4][+-]?/5|"
        # 'the weakness is worsening', 'numbness has been progressing'
        r"\b(?:weakness|numbness|foot drop|deficits?)\s+(?:is|has been|are|have been)\s+"
        r"(?:worsening|progressing|increasing|getting worse)\b(?![^.;]{0,40}\b(?:with|on|when|"
        r"during|after)\s+(?:prolonged\s+)?(?:sitting|standing|walking|activit\w+|driving))"
        r"(?![^.;]{0,60}\bresolv)|"
        # 'on 8-4 triceps strength was 4+/5; on 9-1 it was 4-/5' (a lower grade at a later visit)
        r"\b(?:[5-9]|4\+?)/5\b[^.]{0,20}?;?\s*(?:on|at|by)\s+(?:the\s+)?[\d/-]+(?:\s+visit)?,?\s+"
        r"(?:it|strength|this)\s+(?:was|is|had (?:fallen|dropped) to)\s+(?:[0-3][+-]?|4-)/5|"
        r"\b(?:decreas\w*|declin\w*|worsen\w*|dropp\w*|fell|fallen|deteriorat\w*)\s+from\s+"
        r"(?:5/5\s+to\s+[0-4]|4[+]?/5\s+to\s+[0-3]|4-/5\s+to\s+[0-3]|3[+-]?/5\s+to\s+[0-2])"
        r"[+-]?/5|"
        r"\bprogressive\s+(?:(?:left|right|bilateral)\s+)?(?:[\w-]+\s+)?(?:foot drop|drop foot|"
        r"weakness|numbness|deficits?|atrophy|myelopathy)\b|"
        r"\b[0-4][+-]?/5\b[^.;]{0,60}?\b(?:previously|before|formerly|(?:was|were|had been|"
        r"documented|recorded|noted)\s+(?:\w+\s+){0,2}?)5/5|"
        r"\b5/5\b[^.;]{0,40}?\b(?:previously|before)\b[^.;]{0,40}?\b(?:now|currently|today)\s+"
        r"(?:\w+\s+){0,2}?[0-4][+-]?/5|"
        # the earlier grade in parentheses: 'strength 4-/5 (5/5 at the 12-2015 visit)', 'an
        # absent left patellar reflex (previously 2+)'
        # (an earlier exam's grade, not the other side's: '4/5 (5/5 on the right)' is no change)
        r"\b[0-4][+-]?/5\s*\(\s*(?:(?:previously|was|had been|formerly)\s+5/5\b|"
        r"5/5\s+(?:at|on|in|during)\s+(?:the\s+|her\s+|his\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:visit|exam\w*|evaluation|follow-?up|\d))|"
        r"\b(?:absent|diminished|decreased|reduced|depressed|trace)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:reflex(?:es)?|jerk)\s*\(\s*(?:previously|was|had been|formerly)\s+"
        r"(?:[2-4]\+|normal|intact|symmetric)(?![^)]*\b(?:as well|also|unchanged)\b)",
        re.IGNORECASE,
    ),
    # Surgery considered: a referral to a spine surgeon ('referred the injured worker to a spine
    # surgeon, who requested an MRI before the consultation'), not a visit that ruled it out.
    "surgery_considered": re.compile(
        r"\breferr(?:ed|al)\s+(?:[\w-]+\s+){0,4}?to\s+(?:a|an|the)\s+(?:orthopedic\s+)?"
        r"(?:spine|spinal)\s+surgeon\b|\breferr(?:ed|al)\s+(?:[\w-]+\s+){0,4}?to\s+(?:a|an|the)\s+"
        r"neurosurgeon\b|"
        # 'seen by a spine surgeon who recommended a microdiscectomy', 'MRI requested by the spine
        # surgeon' (not 'recommended continued conservative care')
        r"\b(?:surgeon|neurosurgeon)\s+(?:who\s+|,\s*who\s+)?(?:recommended|recommends|proposed|"
        r"planned|is planning|offered|advised)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:surgery|"
        r"microdiscectomy|discectomy|fusion|decompression|laminectomy|laminotomy|foraminotomy|"
        r"ACDF|arthroplasty|operation)\b|"
        r"\b(?:requested|ordered)\s+by\s+(?:the|a|his|her)\s+(?:spine\s+|spinal\s+|orthopedic\s+)?"
        r"(?:surgeon|neurosurgeon)\b|\bpre-?operative\s+(?:MRI|imaging|planning)\b|"
        # 'is being evaluated by a spine surgeon for a possible ACDF'
        r"\b(?:spine|spinal|orthopedic|neuro)[\s-]*surg\w*\b[^.;]{0,40}?\bfor\s+(?:an?\s+)?"
        r"(?:possible|potential|planned|proposed)\s+\w+",
        re.IGNORECASE,
    ),
    # A return-to-work goal the employer shares: 'employer and employee have agreed on a goal of
    # return to full duty', 'the employer is keeping his job open'.
    "return_to_work_goal": re.compile(
        r"\b(?:agree\w*|employer)\b[^.;]{0,80}?\b(?:goal|plan|target(?: date)?)\s+(?:of|to|for)\s+"
        r"(?:a\s+)?(?:his\s+|her\s+|their\s+)?return(?:ing)?\s+to\b|"
        r"\bemployer\b[^.;]{0,40}?\b(?:kept|keeps|keeping|holding|held|holds|saved|reserved)\s+"
        r"(?:his|her|their|the)\s+(?:position|job)\b|"
        r"\bemployer\b[^.;]{0,60}?\b(?:position|job)\b[^.;]{0,40}?\b(?:is|was)\s+(?:being\s+)?"
        r"(?:held|kept open|held open|saved)\b|"
        r"\bemployer\b[^.;]{0,60}?(?<!not )(?<!never )\b(?:agreed|agrees|agreement|confirmed)\b"
        r"[^.;]{0,40}?\breturn\b|"
        # 'the employer has a signed return-to-full-duty plan' (not 'the employer has no ...')
        r"\bemployer\b(?:(?!\b(?:no|not|never|without|declined|refused|lacks)\b)[^.;]){0,40}?"
        r"\breturn[- ]to[- ](?:(?:full|regular|usual|modified|light|his|her|their)[- ]){0,2}"
        r"(?:duty|work|job)[- ](?:plan|goal|agreement)\b|"
        r"\bgoal\b[^.;]{0,20}?\breturn to (?:work|duty)\b[^.]{0,60}?\bemployer\s+(?:agreement|"
        r"agreed|concurs|confirmed)",
        re.IGNORECASE,
    ),
    # A home exercise program that has not worked, however put: 'HEP x 6 months; no progress',
    # 'despite a home program revised twice, he has failed to make gains', 'continues to plateau'.
    "home_exercise_ineffective": re.compile(
        r"^(?=.*\b(?:home[\s-]+(?:based\s+)?exercis\w*|HEP|home (?:program|routine|regimen))\b)"
        r"(?=.*\b(?:without (?:any )?(?:improvement|benefit|progress|gains?|change)|"
        r"(?:has|have|had) not (?:improved|changed|helped|progressed|worked)|"
        r"(?:no|little|minimal) (?:progress|improvement|gains?|benefit)|"
        r"failed to (?:make|show|produce|improve|progress)|ineffective|not (?:been )?effective|"
        r"plateau\w*|unable to (?:progress|improve)|"
        r"not (?:made|making) (?:any )?(?:progress|gains)|"
        r"(?:aren't|are not|isn't|is not|not) (?:doing anything|helping|working))\b)",
        re.IGNORECASE,
    ),
    # Equipment the exercise needs: 'requires resistance machines and a treadmill', 'needs a
    # cable column', 'a need for an elliptical trainer', 'progression requires gym equipment'.
    "equipment_need": re.compile(
        r"\b(?:requires?|required|requiring|needs?|needed|need for|necessitates?)\s+"
        r"(?:access to\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:machines?|equipment|"
        r"treadmill|bicycle|bike|elliptical|leg press|cable column|weights|pool)\b",
        re.IGNORECASE,
    ),
    # Medical professionals who run the program: 'administered by a licensed physical therapist',
    # 'the physician will monitor and direct the program', 'supervised sessions with a therapist'.
    "medical_supervision": re.compile(
        r"\b(?:supervised|monitored|administered|directed|overseen|run)\s+by\s+(?:an?\s+|the\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:therapists?|physicians?|PTs?|doctors?|medical professionals?|"
        r"clinicians?|nurses?|kinesiologists?|exercise physiologists?)\b|"
        r"\b(?:therapists?|physicians?|PT|doctor|medical professionals?|clinicians?)\b[^.;]{0,40}?"
        r"\b(?:will|would|to|shall)\s+(?:\w+\s+){0,2}?(?:monitor|supervise|direct|administer|"
        r"oversee)\b|"
        r"\bsupervised\s+(?:\w+\s+){0,2}?(?:sessions?|program|exercise)\s+(?:with|by|under)\s+"
        r"(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:therapists?|physicians?|PTs?|clinicians?)\b",
        re.IGNORECASE,
    ),
    # Homebound, however put: 'confined to her home', 'leaves home only for medical appointments',
    # 'remains in his home', 'unable to leave the house'.
    "homebound": re.compile(
        r"\b(?:confined to|remains (?:in|at)|stays (?:in|at)|unable to leave|cannot leave|"
        r"can't leave|could not leave|does not leave|doesn't leave|rarely leaves)\s+"
        r"(?:his\s+|her\s+|their\s+|the\s+)?(?:home|house|apartment|residence)\b|"
        r"\bleaves?\s+(?:his\s+|her\s+|the\s+)?(?:home|house)\s+only\b|"
        # 'he has not left the house except for the clinic visit'
        r"\b(?:has|have|had)\s+not\s+(?:been\s+able\s+to\s+leave|left)\s+(?:his\s+|her\s+|their\s+|"
        r"the\s+)?(?:home|house|apartment|residence)\b|"
        # 'leaving the house is a taxing effort', 'leaving home requires considerable effort'
        # (the homebound standard's own words)
        r"\bleaving\s+(?:his\s+|her\s+|their\s+|the\s+)?(?:home|house|apartment|residence)\s+"
        r"(?:is|was|requires|required|takes|took)\s+(?:an?\s+)?(?:considerable\s+(?:and\s+)?)?"
        r"(?:taxing|considerable|major|great)\s+effort\b|"
        # 'attends appointments by wheelchair van only', 'goes out only by ambulance'
        r"\b(?:attends?|attended|goes|went|gets|leaves?|left|travels?)\b[^.;]{0,40}?\b"
        r"(?:only\s+(?:by|via|in)\s+(?:an?\s+)?(?:wheelchair van|ambulance|medical transport|"
        r"stretcher)|(?:by|via|in)\s+(?:an?\s+)?(?:wheelchair van|ambulance|medical transport|"
        r"stretcher)\s+only)\b",
        re.IGNORECASE,
    ),
    # Pain that travels into a limb, or a nerve-root sign: 'radiating down the left leg to the
    # foot', 'shooting pain into both hands', 'radiation to the bilateral lower extremities',
    # 'positive SLR', "Spurling's reproduced the arm pain", 'decreased sensation C6 dermatome'.
    "radicular_symptoms": re.compile(
        r"\b(?:radiat\w*|shoot(?:s|ing)?|shot|travel(?:s|ing|ed)?|extend(?:s|ing)?)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:down|into|to|through)\s+(?:the\s+|both\s+|his\s+|her\s+)?"
        r"(?:(?:back|front|side|outside|inside) of (?:the |his |her )?)?(?:(?:left|right|"
        r"bilateral|posterior|anterior|lateral|medial)\s+){0,2}(?:legs?|foot|feet|thighs?|calf|"
        r"calves|lower extremit\w*|upper extremit\w*|arms?|hands?|fingers?|thumbs?|forearms?|"
        r"toes?)\b|"
        r"\b(?:positive|\+)\s*(?:seated\s+)?(?:SLR|straight[\s-]leg[\s-]rais\w*|Spurling\w*|"
        r"Lasegue\w*|foraminal compression)|"
        r"\b(?:SLR|straight leg rais\w*|Spurling\w*)\s+(?:[\w-]+\s+){0,2}?(?:positive|reproduc\w*)|"
        r"\b(?:decreased|diminished|reduced|absent|altered)\s+(?:sensation|light touch|pinprick)\s+"
        r"(?:[\w-]+\s+){0,4}?dermatom\w*",
        re.IGNORECASE,
    ),
    # Facet-joint signs: tenderness over the facets ('tenderness to palpation at the L4-5 and
    # L5-S1 facet joints'), pain on facet loading ('worsens with standing and extension',
    # "positive Kemp's", 'extension 10° with reproduction of concordant pain').
    "facet_pain_signs": re.compile(
        r"\btender\w*\s+(?:to\s+palpation\s+)?(?:over|at|of|in|along)\s+(?:the\s+)?"
        r"(?:[\w-]+\s+){0,5}?facets?\b|"
        r"\bfacets?\s+(?:joints?\s+)?(?:[\w-]+\s+){0,2}?(?:are|were|was|is)?\s*tender\b|"
        r"\b(?:positive|\+)\s*Kemp\w*|\bKemp\w*\s+(?:\w+\s+)?(?:test\s+)?(?:was\s+|is\s+)?positive|"
        r"\b(?:worse|worsens|worsened|increases|increased|aggravated|exacerbated|provoked|reproduced)"
        r"\s+(?:\w+\s+){0,4}?(?:extension|looking up|extension-rotation)\b|"
        r"\bextension\b[^.;]{0,30}?\breproduc\w*",
        re.IGNORECASE,
    ),
    # Red flags put as a suspicion or a history: 'a fracture is suspected', 'concern for fracture',
    # 'concerning for infection', 'history of lung cancer'.
    "red_flags": re.compile(
        r"\b(?:fracture|infection|malignancy|tumou?r|cauda equina(?: syndrome)?)\s+(?:is|was)\s+"
        r"(?:\w+\s+)?suspected\b|"
        r"\b(?:concern|concerns|concerning|suspicious|suspicion)\s+(?:for|of)\s+(?:an?\s+)?"
        r"(?:[\w-]+\s+)?(?:fracture|infection|tumou?r|malignancy|metasta\w+|cauda equina|"
        r"abscess|discitis|osteomyelitis)\b|"
        r"\bhistory of\s+(?:[\w-]+\s+){0,2}?(?:cancer|carcinoma|malignancy|lymphoma|melanoma)\b",
        re.IGNORECASE,
    ),
    # A nerve-root sign on examination however worded: 'absent left biceps reflex', "Spurling's
    # maneuver reproduced the arm pain", 'light touch was reduced over the forearm', '+SLR'.
    "radiculopathy_exam": re.compile(
        r"\b(?:absent|diminished|decreased|reduced|depressed|hypoactive|trace)\s+(?:(?:left|right|"
        r"bilateral|L|R)\s+)?(?:[\w-]+\s+)?(?:reflex(?:es)?|jerks?)\b|"
        r"\bSpurling\w*\s+(?:[\w-]+\s+){0,2}?reproduc\w*|"
        r"\b(?:reflex(?:es)?|jerks?)\s+(?:is|are|was|were)\s+(?:absent|diminished|decreased|"
        r"reduced|hypoactive|depressed)\b|"
        r"\b(?:positive|\+)\s*(?:foraminal compression|SLR|straight[\s-]leg)|"
        r"\blight touch\s+(?:sensation\s+)?(?:was\s+|is\s+)?"
        r"(?:reduced|decreased|diminished|absent)|"
        r"\b(?:reduced|decreased|diminished|absent)\s+(?:[LCS]\d\s+)?(?:sensation|light touch|"
        r"pinprick)\b",
        re.IGNORECASE,
    ),
    # Job demands the worker cannot meet: 'does not meet the medium demands of his job',
    # 'deficits that preclude safe return to his usual duties', 'cannot return to her usual job',
    # 'grip weakness prevents her from operating machinery at work'.
    "job_demands_unmet": re.compile(
        r"\b(?:does not|doesn't|do not|did not|cannot|can't|unable to|not able to|fails? to)\s+"
        r"meet\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:demands|requirements)\b|"
        r"\bprecludes?\s+(?:a\s+)?(?:safe\s+)?(?:[\w-]+\s+){0,2}?(?:return|duties|work|job)\b|"
        r"\b(?:cannot|unable to|can't|could not|not able to)\s+return\s+to\s+(?:his|her|their)\s+"
        r"(?:usual|regular|prior|former|customary|previous|own)\s+(?:[\w-]+\s+)?"
        r"(?:job|work|duties|position|occupation)\b|"
        r"\bprevents?\s+(?:him|her|them)\s+from\s+(?:[\w-]+\s+){0,3}?"
        r"(?:at work|work\w*|job|duties)|"
        r"^(?=.*\b(?:job|works as|duties|occupation)\b)(?=.*\b(?:unable to|cannot|can't|"
        r"could not)\s+(?:\w+\s+)?(?:lift|carry|push|pull|climb|kneel|squat|tolerate lifting)\b)|"
        r"\bjob\b[^.;]{0,60}?\b(?:heavy|medium)\b[^.]{0,80}?\b(?:places?|placed|tests?|tested)\s+"
        r"(?:him|her|them)?\s*(?:at\s+)?(?:sedentary|light)\b|"
        # the capacity first: 'an FCE placed him at light-medium capacity; his job as a plumber
        # is classified as heavy'
        r"\b(?:places?|placed|tests?|tested|rated|puts?)\s+(?:him|her|them)\s+(?:at|in)\s+(?:the\s+)?"
        r"(?:sedentary|light)\b[^.]{0,80}?\b(?:job|position|occupation|work)\b[^.;]{0,60}?"
        r"\b(?:is|was|are|were|requires?|required)\s+(?:(?!not\b|never\b)\w+\s+){0,3}?"
        r"(?:heavy|medium)\b",
        re.IGNORECASE,
    ),
    # A risk screen that places the patient above low risk: 'her ORT score was documented as
    # moderate', 'the opioid risk tool placed him in the high-risk category', 'SOAPP-R score of
    # 22, high' (not 'low risk', nor 'not high risk').
    # An opioid dose that went up ('her hydrocodone had gone back up to three tablets a day',
    # 'Norco was increased from 2 to 4 a day'): the poor pain control for which the MTUS
    # lists drug screening in on-going opioid management.
    "opioid_dose_increase": re.compile(
        rf"\b{_OPIOID}\b[^.;]{{0,40}}?\b(?:(?:has|had|have|was|were|been)\s+){{0,2}}"
        r"(?:gone|went|increased|escalated|titrated|raised|bumped)\s+(?:back\s+)?(?:up\b|to\b|from\b)|"
        r"\b(?:increased|escalated|raised)\s+(?:(?:the|his|her|their)\s+)?(?:[\w-]+\s+)?"
        rf"(?:dose|dosage|doses)\s+of\s+(?:(?:his|her|the)\s+)?{_OPIOID}\b|"
        rf"\b{_OPIOID}\s+(?:dose\s+|dosage\s+|use\s+)?(?:escalation|increase)\b",
        re.IGNORECASE,
    ),
    "misuse_risk": re.compile(
        r"\b(?:ORT|opioid risk tool|SOAPP(?:-R)?|COMM|DIRE|risk (?:screen|assessment|"
        r"stratification)|risk category|risk level)\b(?:\s+(?:score|result|category|level))?"
        r"[^.;]{0,50}?\b(?:was|were|is|as|of|at|in|into|placed|places|puts?|showed|shows|"
        r"indicated|indicates|:)\s+(?:[\w,/-]+\s+){0,3}?(?:an?\s+|the\s+)?"
        r"(?:moderate|medium|intermediate|high|elevated)\b(?![- ]?(?:to[- ]low|low))",
        re.IGNORECASE,
    ),
    # A plateau in therapy: 'has since stopped making measurable gains', "had 'maxed out'".
    "therapy_plateau": re.compile(
        r"\b(?:stopped|ceased|no longer)\s+(?:making|showing)\s+(?:\w+\s+)?(?:gains|progress|"
        r"improvement)\b|\bmaxed out\b|\bplateau(?:ed|s|ing)?\b|"
        # 'improved from 10 to 30 pounds by mid-May, then stayed at 30 pounds over the last four
        # visits' (a measure that stopped rising during therapy)
        r"\b(?:then\s+)?(?:stayed|remained|held|level+ed\s+off|stalled)\s+"
        r"(?:at|around|steady at)\s+[^.;]{0,40}?\b(?:over|for|through|during)\s+the\s+"
        r"(?:last|final|remaining|next)\s+(?:\w+\s+)?(?:visits|sessions|weeks)\b|"
        # 'with no change across the last four visits', 'no further gains over the final three
        # sessions' (therapy measures that stopped moving)
        r"\bno\s+(?:(?:further|measurable|meaningful|significant|additional|objective)\s+){0,2}"
        r"(?:change|progress|gains?|improvement)\s+(?:across|over|during|in|for|through)\s+"
        r"(?:the|his|her)\s+(?:last|final|past|most recent)\s+(?:\w+\s+)?(?:visits|sessions|"
        r"weeks|treatments)\b|"
        # 'no further change over visits 11-14'
        r"\bno\s+(?:further\s+)?(?:change|gains?|progress|improvement)\s+(?:over|across|during|in|"
        r"through)\s+(?:visits|sessions)\s+\d|"
        # 'the last three therapy notes recorded no further change'
        r"\b(?:last|final|most recent)\s+(?:\w+\s+){0,3}?(?:visits|sessions|notes|treatments)\b"
        r"[^.;]{0,30}?\bno\s+(?:further\s+|measurable\s+)?(?:change|gains?|progress|improvement)\b",
        re.IGNORECASE,
    ),
}
"""Concepts whose phrasings vary too much for a term list. A match in the narrative counts as
the concept asserted, unless its sentence says the record lacks it ('no documentation that ...')."""
_UNNEGATED = {
    "active_exercise", "significant_change", "progressive_deficit", "return_to_work_goal",
    "home_exercise_ineffective", "equipment_need", "medical_supervision", "homebound",
    "radicular_symptoms", "facet_pain_signs", "red_flags", "radiculopathy_exam",
    "job_demands_unmet", "therapy_plateau", "misuse_risk", "opioid_dose_increase",
}  # fmt: skip
"""Pattern concepts that a negation just before the match cancels ('has stopped his home
exercises', 'no home program')."""
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|stopped|quit|ceased|abandoned|non-?complian\w*|denies|denied|"
    r"negative for|free of|whether|"
    r"doesn't|does not|isn't|is not|unable to)\b(?:\s+\S+){0,4}\s*$",
    re.IGNORECASE,
)
_NEW_PREDICATE = re.compile(
    r".*\b(?:and|but)\s+(?=(?:has|have|had|is|was|were|does|did|cannot|can't|could|he|she)\b)",
    re.IGNORECASE | re.DOTALL,
)


def _own_predicate(sentence: str, at: int) -> str:
    """The text before a match at `at` back to where its predicate starts: in 'cannot manage
    the steps without help and has not left home', 'without help' belongs to the first
    predicate and negates nothing of the second ('denies numbness and tingling' is one)."""
    start = _NEW_PREDICATE.match(sentence[: at + 12])
    return sentence[start.end() : at] if start and start.end() <= at else sentence[:at]


_ASSERTIONS = {
    "misuse_risk", "opioid_dose_increase", "active_exercise", "radicular_symptoms",
    "facet_pain_signs", "red_flags",
    "radiculopathy_exam", "equipment_need", "medical_supervision",
}  # fmt: skip
"""Pattern concepts that state a finding: a negation inside the match denies it ('does not
perform home exercises')."""
_NOT_PLANS = _UNNEGATED - {"medical_supervision", "return_to_work_goal", "equipment_need"}
"""Pattern concepts that a plan does not establish ('plans to start a home exercise program');
supervision, equipment and a return-to-work goal are what a plan describes."""
_PLANNED_BEFORE = re.compile(
    r"\b(?:plans?|planned|planning|intends?|hopes?|would like|wants? to|to start|to begin|"
    r"will (?:start|begin|try)|consider\w*|(?-i:[Ii]f))\b(?:\s+\S+){0,4}\s*$",
    re.IGNORECASE,
)
_LACKS = re.compile(
    r"\b(?:no|not|without) (?:documentation|documented|evidence|record|indication|mention)\b|"
    r"\bnot (?:been )?(?:documented|noted|reported|tried|attempted)\b|\bhas not had\b|"
    r"\bno (?:prior|previous) (?:\w+ ){0,2}(?:trial|treatment|therapy)",
    re.IGNORECASE,
)


_SPINE = {BodyRegion.NECK, BodyRegion.THORACIC, BodyRegion.LOW_BACK}
_SPINAL_CONCEPTS = {"facet_pain_signs"}
"""Pattern concepts about one part of the spine: cervical facet tenderness is no finding for a
lumbar facet block."""


def _other_spine(quote: str, facts: CaseFacts) -> bool:
    """The sentence names only parts of the spine other than every spinal region requested."""
    named = set(detect_regions(quote)) & _SPINE
    wanted = {r.body_region for r in facts.requests} & _SPINE
    return bool(named and wanted and not named & wanted)


_CLAUSE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
"""A sentence, or a line that ends without one ('- "I want to get back to work"')."""


def _add_pattern_findings(text: str, facts: CaseFacts) -> None:
    offset, body = case_body(text)
    have = {(f.concept, f.evidence.start) for f in facts.findings if f.present}
    for sentence in _CLAUSE.finditer(body):
        quote = sentence.group(0).strip()
        if not quote or _LACKS.search(quote):
            continue
        start = (
            offset + sentence.start() + (len(sentence.group(0)) - len(sentence.group(0).lstrip()))
        )
        for label, pattern in PATTERN_CONCEPTS.items():
            match = pattern.search(quote)
            if (label, start) in have or not match:
                continue
            lead = _own_predicate(quote, match.start())
            if label in _UNNEGATED and _NEGATION_BEFORE.search(lead):
                continue
            if label in _ASSERTIONS and INNER_NEGATION.search(match.group(0)):
                continue
            # (the clause of the match: 'his wife works, and he has not left the house' is his)
            if OTHER_PERSON.search(re.split(r"[;:,]|\band\b|\bbut\b", quote[: match.start()])[-1]):
                continue
            if label in _NOT_PLANS and _PLANNED_BEFORE.search(quote[: match.start()]):
                continue
            if label in _SPINAL_CONCEPTS and _other_spine(quote, facts):
                continue
            have.add((label, start))
            facts.findings.append(
                Finding(concept=label, present=True, evidence=Evidence(quote=quote, start=start))
            )


_ENTRAPMENT_SIGN = (
    r"(?:Tinel|Phalen|Durkan|Froment|Wartenberg|carpal compression|median nerve compression|"
    r"elbow flexion|reverse Phalen)(?:['’]s)?(?:\s+(?:sign|signs|test|tests|maneuver|maneuvers))?"
)
_SIGN_LIST = rf"{_ENTRAPMENT_SIGN}(?:\s*(?:,|and|or|/)\s*(?:the\s+)?{_ENTRAPMENT_SIGN})*"
_ENTRAPMENT_POSITIVE = re.compile(
    # 'a positive Tinel's sign at the wrist', 'Tinel's and Phalen's tests were positive', "Phalen's
    # positive on the right" (a provocative sign for a nerve entrapment that the exam reproduced)
    rf"\bpositive\s+(?:\w+\s+){{0,2}}?{_SIGN_LIST}|"
    rf"\b{_SIGN_LIST}\s+(?:(?:at|over|on)\s+(?:the\s+)?[\w\s]{{0,25}}?\s+)?"
    r"(?:(?:was|were|is|are)\s+(?:also\s+)?)?(?:positive|reproduced)\b",
    re.IGNORECASE,
)
_ENTRAPMENT_NEGATIVE = re.compile(
    # "Tinel's and Phalen's signs were negative at both wrists", 'negative Tinel's at the elbow',
    # 'no Tinel sign', 'she denies nocturnal hand numbness' (an exam or history that speaks
    # against a peripheral entrapment)
    rf"\b(?:negative|no|absent)\s+(?:\w+\s+){{0,2}}?{_SIGN_LIST}|"
    rf"\b{_SIGN_LIST}\s+(?:(?:at|over|on)\s+(?:the\s+)?[\w\s]{{0,25}}?\s+)?"
    r"(?:(?:was|were|is|are)\s+(?:both\s+)?)?(?:negative|absent|unremarkable)\b|"
    r"\b(?:denies|denied|no|without)\s+(?:any\s+)?(?:nocturnal|night-?time|nighttime)\s+"
    r"(?:hand\s+|finger\s+)?(?:numbness|paresthesias?|tingling|symptoms)\b",
    re.IGNORECASE,
)
ENTRAPMENT_CONCEPT = "upper_entrapment_suspected"
"""A concept of the upper-extremity electrodiagnostics rule: a suspected peripheral entrapment,
read from the provocative signs the examiner tested, positive or negative."""


def _add_entrapment_signs(text: str, facts: CaseFacts) -> None:
    """Provocative entrapment signs: positive ones assert a suspected entrapment, negative ones
    (and denied nocturnal numbness) deny it; a sentence with a positive sign is not a denial."""
    offset, body = case_body(text)
    for sentence in _CLAUSE.finditer(" ".join(body.split(" "))):
        quote = sentence.group(0).strip()
        if not quote:
            continue
        positive = _ENTRAPMENT_POSITIVE.search(quote)
        if positive and _ENTRAPMENT_NEGATIVE.search(positive.group(0)):
            positive = None
        negative = _ENTRAPMENT_NEGATIVE.search(quote)
        if not positive and not negative:
            continue
        start = (
            offset + sentence.start() + (len(sentence.group(0)) - len(sentence.group(0).lstrip()))
        )
        facts.findings.append(
            Finding(
                concept=ENTRAPMENT_CONCEPT,
                present=bool(positive),
                evidence=Evidence(quote=quote, start=start),
            )
        )


_ACTIVE_CARE = (
    r"(?:physical therapy|physiotherapy|\bPT\b|occupational therapy|\bOT\b|chiropractic|"
    r"\bchiro\b|manipulation|acupuncture|massage|home exercises?|\bHEP\b|exercises?|"
    r"stretching|aquatic therapy|desensitization|mirror therapy|activity modification|"
    r"modified (?:duty|work)|bracing|a brace)"
)
_CONSERVATIVE = (
    r"(?:" + _ACTIVE_CARE + r"|NSAIDs?|anti-?inflammator\w*|"
    r"naproxen|ibuprofen|meloxicam|diclofenac|celecoxib|etodolac|nabumetone|Motrin|Anaprox|"
    r"muscle relaxants?|cyclobenzaprine|tizanidine|methocarbamol|baclofen|Flexeril|"
    r"gabapentin|pregabalin|Neurontin|Lyrica|duloxetine|nortriptyline|amitriptyline|"
    r"(?:oral |pain )?medications?|analgesics?)"
)
"""Conservative care. A device (TENS) or an injection is not in it: a rule about the device
or the injection decides on that separately."""
_CARE_TRIED = re.compile(
    # 'Care to date: 12 PT visits ...', 'Treatment has included ...', 'he completed 12 physical
    # therapy visits', 'has taken naproxen', 'was treated with chiropractic and NSAIDs'
    r"\b(?:care|treatment|therapy|management)s?\s+(?:to date|so far|thus far|has included|"
    r"have included|included|includes|has consisted|consisted|has been|was|were)\b|"
    # a record heading: 'Treatment: PT x 8 ...', 'Prior care: ...' (not 'Treatment plan:')
    r"\b(?:care|treatment|therapy|management)s?(?:\s+(?:history|to date|so far))?\s*:|"
    # the chart abbreviation: 'Tx: PT x12, HEP ...', 'Tx to date: ...' (not 'Tx plan:')
    r"\b(?-i:Tx)(?:\s+(?:history|to date|so far))?\s*:|\b(?-i:Tx)\s+(?:to date|so far|thus far)\b|"
    r"\b(?:completed|attended|underwent|received|tried|trialed|failed|has had|had|has taken|"
    r"took|takes|taking|was given|were given|treated with|managed with|has used|used|"
    r"participated in|continues with|continued with|does|did|(?:has|have|had) done)\b",
    re.IGNORECASE,
)
_CARE_DENIED = re.compile(
    # (within its clause: 'helped his stiffness but not the arm symptoms, a home program ...'
    # denies nothing of the home program)
    r"\b(?:no|not|never|without|denies|declined|refused)\b[^.;,]{0,30}?" + _CONSERVATIVE,
    re.IGNORECASE,
)
_CARE_HELPED = re.compile(
    # Only active care: medications that 'help' are still a reason for the procedure.
    _ACTIVE_CARE + r"\b[^.;]{0,60}?\b(?:helped|helpful|relieved|resolved|effective|"
    r"improved (?:his|her|the|their) (?:pain|symptoms|function)|good (?:relief|benefit|response)|"
    r"significant (?:relief|benefit|improvement))\b",
    re.IGNORECASE,
)
_CARE_PENDING = re.compile(
    # Active care not yet done: 'has not yet started the authorized PT', 'no formal physical
    # therapy', 'PT is pending', 'yet to begin chiropractic'. Conservative care is not exhausted.
    r"\b(?:has not|have not|had not|hasn't|haven't|never|not yet|yet to|did not|didn't)\s+"
    r"(?:\w+\s+){0,2}?(?:started|begun|begin|start|tried|had|attended|done|completed|"
    r"undergone|received|participated in|been (?:sent|referred) (?:to|for))\s+(?:\w+\s+){0,3}?"
    + _ACTIVE_CARE
    + r"|\bno (?:prior |previous |formal |supervised )*(?:physical therapy|physiotherapy|PT|"
    r"chiropractic|acupuncture|therapy|exercise program|home exercise)\b|"
    + _ACTIVE_CARE
    + r"\s+(?:\w+\s+){0,2}?(?:is|was|has been|have been)\s+(?:\w+\s+)?(?:pending|scheduled|"
    r"authorized but|about to (?:start|begin)|due to (?:start|begin)|just (?:started|begun))",
    re.IGNORECASE,
)
_HELPED_BUT_NOT = re.compile(
    # 'therapy helped his neck stiffness but not the arm symptoms', '... helped, but only briefly'
    # (not 'helpful, but not yet finished' nor 'helped, but no further visits were approved')
    r"[^.;]{0,40}?\bbut\s+(?:not\s+(?:the|his|her|their)\s+(?:\w+\s+){0,2}?(?:symptoms?|pain|"
    r"numbness|tingling|radicular\w*)|only\s+(?:briefly|temporarily|transiently|partially|"
    r"slightly|minimally|a little|for a (?:few|couple)|for (?:a|one|two|several)\s+\w+)|"
    r"(?:the (?:relief|benefit) )?(?:did not|didn't|does not|doesn't) last|not for long|"
    r"no longer)\b",
    re.IGNORECASE,
)
_CARE_QUALIFIED = re.compile(
    r"\b(?:no|not|without|little|minimal|limited|temporary|transient|short|partial|only|"
    r"despite|briefly|modest)\b",
    re.IGNORECASE,
)
_STILL_SYMPTOMATIC = re.compile(
    # A current pain score (4/10 or worse), or symptoms that go on: 'continues to report pain',
    # 'persistent neck pain', 'symptoms have been continuous for seven months'.
    r"\b(?:[4-9]|10)(?:\s*(?:-|to)\s*(?:[4-9]|10))?\s*(?:/\s*10|out of 10)|"
    r"\b(?:continues?|continued|continuing|still)\s+(?:to\s+)?(?:\w+\s+){0,2}?"
    r"(?:pain|symptoms?|complain\w*|report\w*|ha(?:s|ve)|experienc\w*|suffer\w*|"
    r"numbness|tingling)|"
    r"\b(?:persistent|persisting|ongoing|continuous|continued|unremitting|constant|unrelenting|"
    r"refractory|intractable|worsening|unresolved)\s+(?:\w+\s+){0,3}?(?:pain|symptoms?|"
    r"complaints?|radicul\w*|numbness|weakness)|"
    r"\b(?:pain|symptoms?|complaints?)\s+(?:\w+\s+){0,3}?(?:persist\w*|continu\w*|"
    r"remain\w*|worsen\w*|recur\w*|return\w*)|"
    # care that only blunts the pain: 'ibuprofen takes the edge off only'
    r"\b(?:takes?|took|taking)\s+(?:only\s+)?the\s+edge\s+off\b|"
    # care that left the symptoms as they were: 'did not change his symptoms', 'failed to
    # improve her pain'
    r"\b(?:did not|didn't|does not|failed to|has not|have not)\s+(?:\w+\s+)?(?:change|improve|"
    r"relieve|reduce|ease|alter)d?\s+(?:his|her|their|the)\s+(?:\w+\s+)?(?:pain|symptoms?)\b",
    re.IGNORECASE,
)
CARE_FAILED = "conservative_care_failed"


def _infer_failed_care(text: str, facts: CaseFacts) -> None:
    """Failed conservative care, read the way reviewers read it: the records list conservative
    care that was given ('Care to date: 12 PT visits, naproxen ...') and the worker is still in
    pain after it (a current pain score of 4/10 or more, or symptoms that persist). Not when the
    records say the care helped, or deny it was given, or already settle the question."""
    if any(f.concept == CARE_FAILED for f in facts.findings):
        return
    conservative = re.compile(_CONSERVATIVE, re.IGNORECASE)
    tried: tuple[int, str] | None = None
    for start, quote in narrative_sentences(text):
        helped = _CARE_HELPED.search(quote)
        if (
            helped
            and not _CARE_QUALIFIED.search(helped.group(0))
            and not _HELPED_BUT_NOT.match(quote, helped.end())
        ):
            return  # the care worked, at least once: leave it to the writer's words
        if _CARE_PENDING.search(quote):
            return  # active care is still to come
        if tried is None:
            # clause by clause: 'she has had 16 PT visits ...; she has not had any injections'
            if any(
                conservative.search(clause)
                and _CARE_TRIED.search(clause)
                and not _CARE_DENIED.search(clause)
                and not _LACKS.search(clause)
                for clause in quote.split(";")
            ):
                tried = (start, quote)
            continue
    if tried is None:
        return
    later = [q for s, q in narrative_sentences(text) if s >= tried[0]]
    # still in pain, or still disabled by it (off work, needing help with self-care)
    disabled = PATTERN_CONCEPTS["functional_loss"]
    if not any(_STILL_SYMPTOMATIC.search(q) or disabled.search(q) for q in later):
        return
    facts.findings.append(
        Finding(
            concept=CARE_FAILED,
            present=True,
            evidence=Evidence(quote=tried[1], start=tried[0]),
        )
    )


DRUG_TEST_DUE = "drug_test_interval_due"
"""The last drug screen the records date is a year or more before the review: the yearly
interval ODG gives for low-risk patients on opioids has been reached."""
_LAST_SCREEN = re.compile(
    # 'Last UDS 07/2013 - appropriate', 'most recent urine drug screen on 3/2/2014', 'prior
    # toxicology screen was in 05/2013' (not 'no prior UDS': it names no date)
    # 'the only urine drug screen in the records was collected in October 2014', 'her last urine
    # drug screen, in 10/2014, was consistent'
    r"\b(?:last|prior|previous|most\s+recent|latest|only)\s+(?:(?:random|routine|urine)\s+)*"
    r"(?:UDS|UDT|drug\s+(?:screen|test)(?:ing)?|tox(?:icology)?(?:\s+screen)?|urine\s+tox\w*)"
    r"(?:\s+(?:in|on)\s+(?:the\s+)?(?:records?|file|chart))?"
    r"\s*,?\s*(?:was\s+|were\s+)?(?:(?:done|performed|collected|obtained)\s+)?"
    r"(?:on\s+|in\s+|dated\s+|:\s*|-\s*)?"
    r"(?P<date>\d{1,2}[/-](?:\d{1,2}[/-])?\d{2,4}|(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+\d{4})\b",
    re.IGNORECASE,
)


def _month_date(value: str) -> date | None:
    """'07/2013' (month and year) or a full date."""
    parts = re.split(r"[/-]", value)
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        month, year = int(parts[0]), int(parts[1])
        year += 2000 if year < 100 else 0
        return date(year, month, 1) if 1 <= month <= 12 else None
    named = re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", value.strip())
    if named and named[1].lower() in _MONTHS:
        return date(int(named[2]), _MONTHS.index(named[1].lower()) + 1, 1)
    return parse_date(value)


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]  # fmt: skip


def _add_drug_test_interval(text: str, facts: CaseFacts) -> None:
    review = parse_date(facts.utilization_review.date or "")
    if review is None:
        return
    offset, body = case_body(text)
    for match in _LAST_SCREEN.finditer(body):
        tested = _month_date(match["date"])
        if tested is None or tested >= review:
            continue
        months = (review.year - tested.year) * 12 + review.month - tested.month
        if months >= 12:
            facts.findings.append(
                Finding(
                    concept=DRUG_TEST_DUE,
                    present=True,
                    evidence=Evidence(
                        quote=" ".join(match.group(0).split()), start=offset + match.start()
                    ),
                )
            )
            return


_SIGN_CONCEPTS = {
    "red_flags", "radicular_symptoms", "radiculopathy_exam", "limb_neuro_symptoms",
    "facet_pain_signs", "progressive_deficit",
}  # fmt: skip
"""Exam signs and symptoms a note can deny after naming them ('Hoffmann neg', "Spurling's and
Hoffmann's negative") or name only as what a test is to rule out ('EMG to rule out
radiculopathy')."""
_AFTER_TERM_NEGATED = re.compile(
    r"^(?:['’]s)?(?:\s+(?:sign|signs|test|tests|maneuvers?|testing))?"
    r"(?:\s*(?:,|and|/|&)\s*(?:the\s+)?[\w'’-]+(?:\s+(?:sign|test|maneuver))?){0,3}"
    r"\s*(?:(?:was|were|is|are)\s+)?(?:\(?-\)?(?=\s|[,.;]|$)|neg(?:ative)?\b|absent\b|"
    r"not (?:present|elicited|seen|noted)\b|unremarkable\b|"
    # a test named, not a finding: 'Hoffmann's sign was normal', 'clonus was assessed', 'facet
    # loading maneuvers were performed', 'flexion, extension and rotation was full and painless'
    r"normal\b|full\b|(?:assessed|tested|checked|performed|examined|evaluated)\b"
    r"(?![^.;]{0,40}\b(?:positive|present|reproduc\w*|abnormal|elicited|showed|revealed|found|"
    r"beats?|at\s+\d|\d+\s*/\s*10)))",
    re.IGNORECASE,
)
_RULE_OUT_BEFORE = re.compile(
    r"\b(?:rule[\s-]out|r/o|to exclude|exclude)\s+(?:(?:an?|the|any|possible|[\w-]+)\s+){0,2}$",
    re.IGNORECASE,
)


def _term_unasserted(quote: str, start: int, end: int) -> bool:
    return bool(_AFTER_TERM_NEGATED.search(quote[end:]) or _RULE_OUT_BEFORE.search(quote[:start]))


def _drop_unasserted_signs(facts: CaseFacts) -> None:
    """A sign or symptom finding whose every named term the sentence denies after it or names
    only as what to rule out is no finding: 'Hoffmann neg' documents no myelopathy."""
    concepts = load_rulebook().concepts()
    for f in facts.findings:
        if not f.present or f.concept not in _SIGN_CONCEPTS or f.concept not in concepts:
            continue
        quote = f.evidence.quote
        spans = [
            (m.start(), m.end())
            for term in concepts[f.concept]
            for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", quote, re.IGNORECASE)
        ]
        if spans and all(_term_unasserted(quote, a, b) for a, b in spans):
            f.present = False


def enrich(text: str, facts: CaseFacts, mentions: list[Mention]) -> None:
    """Add prior procedures (with relief and response) to `facts`, and the rule findings of
    spans another label took."""
    _drop_unasserted_signs(facts)
    _add_pattern_findings(text, facts)
    _add_entrapment_signs(text, facts)
    _infer_failed_care(text, facts)
    _study_corroboration(facts, mentions)
    _add_symptom_duration(text, facts)
    _add_injection_series(text, facts)
    _add_drug_test_interval(text, facts)
    add_job_demand_gap(text, facts)
    add_strength_drop(text, facts)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_start, []).append(m)
    history: dict[ProcedureKind, PriorProcedure] = {}
    for m in mentions:
        if not m.label.startswith(_PROC) or m.hypothetical:
            continue
        if m.family and not _left_behind(m, _FAMILY_CUE):
            continue
        if m.label in ("PROC_BENEFIT", "PROC_MED_REDUCED"):
            continue
        kind = ProcedureKind(m.label[len(_PROC) :])
        evidence = Evidence(quote=m.sentence, start=m.sentence_start)
        record = history.get(kind)
        negated = m.negated and not _negation_spent(m) and not _left_behind(m, _NEGATION_CUE)
        if negated or _not_done(m):
            if record is None:
                history[kind] = PriorProcedure(kind=kind, none_documented=True, evidence=evidence)
            continue
        if (
            _is_first(m)
            or _names_provider(m)
            or _in_clinic_device(m, kind)
            or _names_evaluation(m, kind)
            or _only_discussed(m)
        ):
            continue
        if (
            _is_request(m)
            or _is_screening(m)
            or _is_authorization_form(m)
            or _in_request_list(text, m.sentence_start)
            or _echoes_request(m, facts.requests)
        ):
            if _is_repeat(m) and record is None:
                # 'a second diagnostic block is requested': a repeat implies one was done
                history[kind] = PriorProcedure(kind=kind, evidence=evidence)
            continue
        if record is None or record.none_documented:
            record = history[kind] = PriorProcedure(kind=kind, evidence=evidence)
        _read_sentence(record, m, by_sentence, text)
    facts.procedure_history = list(history.values())
    _program_done_by_reference(text, facts)
    _relief_still_at_visit(text, facts)
    _relief_until_return(text, facts)
    _relief_weeks_named_later(text, facts)


_STILL_RELIEVED = re.compile(
    # 'At the 02/09/2016 visit he was still about 60% better', 'On 3/1/2017 she remained 70%
    # improved' (relief that goes on at a dated visit; not 'no longer', which has no 'still')
    r"\b(?:At|On|By|As of)\s+(?:the\s+|her\s+|his\s+)?(?P<date>\d{1,2}/\d{1,2}/\d{2,4})\s+"
    r"(?:(?:follow-?up\s+)?(?:visit|follow-?up|appointment|evaluation|exam|re-?evaluation)\s*,?\s+)?"
    r"(?:she|he|the patient|the injured worker|the claimant)\s+(?:was|were|reported being|"
    r"remained|remains|is|reports being)\s+(?:still\s+|again\s+)?(?:about\s+|approximately\s+|"
    r"roughly\s+|around\s+|~\s*)?(?P<pct>\d{2,3})\s*%\s+(?:improved|better|relieved)\b|"
    r"\b(?:At|On|By|As of)\s+(?:the\s+|her\s+|his\s+)?(?P<date2>\d{1,2}/\d{1,2}/\d{2,4})\s+"
    r"(?:(?:visit|follow-?up|appointment|evaluation|exam)\s*,?\s+)?(?:she|he|the patient|"
    r"the injured worker|the claimant)\s+(?:still\s+)?(?:had|reported|described|noted)\s+"
    r"(?:still\s+)?(?:about\s+|approximately\s+)?(?P<pct2>\d{2,3})\s*%\s+(?:relief|improvement)\b|"
    # a dated progress-note excerpt: '04-19-2023: "Still holding ~60% better."', '3/2/2021:
    # still about 70% improved'
    r"\b(?P<date3>\d{1,2}[/-]\d{1,2}[/-]\d{2,4})\s*:\s*[\"“']?(?:[\w,'-]+\s+){0,6}?"
    r"still\s+(?:holding\s+|at\s+|reports?\s+|reporting\s+)?(?:about\s+|approximately\s+|"
    r"roughly\s+|around\s+|~\s*)?(?P<pct3>\d{2,3})\s*%\s+(?:better|improved|relieved|relief|"
    r"improvement)\b",
    re.IGNORECASE,
)


_LASTING_RELIEF_KINDS = {
    ProcedureKind.RADIOFREQUENCY_ABLATION,
    ProcedureKind.EPIDURAL_STEROID_INJECTION,
}
"""Procedures whose repeat turns on how long the relief lasted (an ablation's 12 weeks, an
epidural's six to eight)."""


def _dated_procedures(facts: CaseFacts) -> list[tuple[date, PriorProcedure]]:
    """The prior procedures the records date, with their dates."""
    return [
        (d, p)
        for p in facts.procedure_history
        if not p.none_documented and p.date_text and (d := parse_date(p.date_text))
    ]


def _latest_before(
    dated: list[tuple[date, PriorProcedure]], seen: date
) -> tuple[date, PriorProcedure] | None:
    """The latest dated procedure before a visit: the one whose relief that visit reports."""
    before = [(d, p) for d, p in dated if d < seen]
    return max(before, key=lambda x: x[0]) if before else None


def _relief_still_at_visit(text: str, facts: CaseFacts) -> None:
    """Relief after an ablation or epidural that the records still report at a later dated
    visit: it lasted at least from the procedure to that visit. Read over line breaks, and only
    for the latest dated procedure before the visit, so that the relief is that procedure's."""
    dated = _dated_procedures(facts)
    offset, body = case_body(text)
    flat = " ".join(body.split())
    for match in _STILL_RELIEVED.finditer(flat):
        seen = parse_date(match["date"] or match["date2"] or match["date3"])
        percent = float(match["pct"] or match["pct2"] or match["pct3"])
        if (
            seen is None
            or percent < _MEANINGFUL_PERCENT
            or _NEGATION_BEFORE.search(flat[max(0, match.start() - 40) : match.start()])
        ):
            continue
        latest = _latest_before(dated, seen)
        if latest is None:
            continue
        done, record = latest
        if record.kind not in _LASTING_RELIEF_KINDS or record.relief_weeks is not None:
            continue
        weeks = round((seen - done).days / 7, 1)
        record.relief_weeks = weeks
        visit = match["date"] or match["date2"] or match["date3"]
        record.relief_duration_text = f"from {record.date_text} to the {visit} visit"
        if record.relief_percent is None:
            record.relief_percent = percent
            record.response = Response.IMPROVED
        record.relief_evidence = record.relief_evidence or Evidence(
            quote=match.group(0), start=offset + max(0, body.find(visit))
        )
        # the rest of that visit's note: 'Cut Norco down from 4 a day to 2 a day on his own.'
        following = _NOTE_DATE.search(flat, match.end())
        note = flat[match.end() : following.start() if following else match.end() + 300]
        if record.medication_reduced is not True and _medication_fell(note):
            record.medication_reduced = True


_PAIN_RETURNED = re.compile(
    # 'Pain creeping back over the last week or so', 'the leg pain returned over the past 10
    # days', 'symptoms have recurred in the last two weeks'
    rf"\b(?:pain|symptoms?|numbness|ache)\s+(?:\w+\s+){{0,2}}?(?:(?:creeping|coming|came|crept|"
    rf"come|started coming|gradually coming)\s+back|return(?:ed|ing)|recurr(?:ed|ing))\s+"
    rf"(?:over|in|during|within|for)\s+the\s+(?:last|past|prior|previous)\s+"
    rf"(?:(?P<num>{_NUM})\s+)?(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
_NOTE_DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b")
_WORN_OFF = re.compile(
    r"\b(?:wore off|worn off|had worn|faded|no longer (?:better|improved))\b", re.IGNORECASE
)


def _open_ended(record: PriorProcedure) -> bool:
    """The relief's length is unknown or only bounded below by the last visit that reported it
    ('from 05-26 to the 06-30 visit'): a later note may lengthen it, a stated length may not."""
    text = record.relief_duration_text or ""
    return record.relief_weeks is None or (text.startswith("from ") and text.endswith(" visit"))


def _relief_until_return(text: str, facts: CaseFacts) -> None:
    """Relief that a dated note says wore off only lately ('07-14-2015: "Pain creeping back
    over the last week or so"') lasted from the procedure until that many days before the
    note. Only lengthens relief the records already give as a percentage."""
    dated = _dated_procedures(facts)
    flat = " ".join(case_body(text)[1].split())
    for match in _PAIN_RETURNED.finditer(flat):
        notes = list(_NOTE_DATE.finditer(flat, max(0, match.start() - 200), match.start()))
        seen = parse_date(notes[-1].group(0)) if notes else None
        if seen is None:
            continue
        latest = _latest_before(dated, seen)
        if latest is None:
            continue
        done, record = latest
        note = flat[notes[-1].start() : match.end() + 80]
        regions = detect_regions(note)
        if (
            record.kind not in _LASTING_RELIEF_KINDS
            or record.relief_percent is None
            or record.relief_percent < _MEANINGFUL_PERCENT
            or not _open_ended(record)
            or _WORN_OFF.search(flat[: match.start()])
            or (regions and record.body_region and record.body_region not in regions)
        ):
            continue
        span = _WORD_NUMBERS.get((match["num"] or "").lower()) or float(match["num"] or 1)
        days = span * (7 if match["unit"].lower().startswith("week") else 1)
        weeks = round(((seen - done).days - days) / 7, 1)
        if weeks > (record.relief_weeks or 0):
            record.relief_weeks = weeks
            record.relief_duration_text = (
                f"from {record.date_text} until the pain returned, as the {notes[-1].group(0)} "
                "note reports"
            )


_THE_PROGRAM_DONE = re.compile(
    # 'Ten days (80 hours) of the program were certified and completed', 'he attended every day
    # of the program', 'after completing the program'
    r"\b(?:completed|attended|finished|completing|attending|finishing|participated in)\b"
    r"[^.;]{0,60}?\bthe program\b|\bthe program\b[^.;]{0,60}?\b(?:was|were)\s+(?:\w+\s+){0,3}?"
    r"(?:completed|attended|finished)\b",
    re.IGNORECASE,
)
_PROGRAM_PAPERWORK = re.compile(
    r"\b(?:intake|orientation|paperwork|evaluation|eval|assessment|screening|interview|"
    r"consultation|tour|application|forms?)\b",
    re.IGNORECASE,
)
"""'finished the intake paperwork for the program', 'attended the program orientation': steps
before a program, not the program."""
_NOT_YET = re.compile(r"\b(?:will|would|plan\w*|not|never|yet to|hopes?|if)\b", re.IGNORECASE)


def _program_done_by_reference(text: str, facts: CaseFacts) -> None:
    """A program the records go on to call 'the program' ('a functional restoration evaluation
    on 6/10 ... Ten days of the program were completed'): when a program of the requested kind
    is named earlier and no attendance of it was read, that sentence is its attendance, and the
    sentences after it report its gains."""
    requested = {
        r.procedure.kind
        for r in facts.requests
        if r.procedure is not None and r.procedure.kind in _PROGRAM_KINDS
    }
    done = {p.kind for p in facts.procedure_history if not p.none_documented}
    kinds = [k for k in requested if k not in done]
    if len(kinds) != 1:
        return
    kind = kinds[0]
    named = re.compile(
        r"\b(?:" + "|".join(re.escape(t) for t in PROCEDURE_TERMS[kind]) + r")\b", re.IGNORECASE
    )
    sentences = narrative_sentences(text)
    for index, (start, quote) in enumerate(sentences):
        done_match = _THE_PROGRAM_DONE.search(quote)
        if done_match is None or _NOT_YET.search(quote) or _PROGRAM_PAPERWORK.search(quote):
            continue
        if not named.search(text[:start]):
            continue
        record = PriorProcedure(kind=kind, evidence=Evidence(quote=quote, start=start))
        if kind == ProcedureKind.FUNCTIONAL_RESTORATION:
            record.sessions_completed = _program_days_done(quote)
        for later_start, later in sentences[index : index + 5]:
            gain = program_gain(later)
            if gain is not None:
                record.response = Response.IMPROVED if gain else Response.NOT_IMPROVED
                record.relief_evidence = Evidence(quote=later, start=later_start)
                break
        facts.procedure_history = [p for p in facts.procedure_history if p.kind != kind] + [record]
        return


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
             "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}  # fmt: skip
"""Ordinals in words and figures: the week relief wore off ('the sixth week'), an injection's
place in a series ('a third is now requested')."""
_WEEK_COUNT = rf"(?:{_NUM}|{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"
_RELIEF_WEEK_LATER = re.compile(
    # 'At the six-week visit on 4-17-2014 the pain was still 4/10', 'after about the sixth week
    # the leg pain gradually returned', 'the relief wore off around week 7'
    rf"\b(?:at|by)\s+(?:the|his|her)\s+(?P<a>{_WEEK_COUNT})[\s-]+weeks?\s+(?:follow-?up|visit|"
    rf"check|appointment|re-?check)\b[^.;]{{0,80}}?\bstill\b|"
    rf"\bafter\s+(?:about\s+|around\s+|roughly\s+|approximately\s+)?(?:the\s+)?"
    rf"(?P<b>{_WEEK_COUNT})\s+weeks?,?\s+(?:the\s+|his\s+|her\s+)?(?:\w+\s+)?"
    rf"(?:pain|symptoms?)\s+(?:\w+\s+)?(?:returned|recurred|came back|crept back|"
    rf"began to return|started to return)\b|"
    rf"\b(?:relief|benefit|effect)\s+(?:\w+\s+)?(?:wore off|faded|ended)\s+(?:at\s+|around\s+|"
    rf"about\s+|after\s+)?(?:week\s+(?P<c>{_WEEK_COUNT})|(?P<d>{_WEEK_COUNT})\s+weeks)|"
    # 'it was still 4/10 on 02/19/2014, six weeks post-injection'
    rf"\bstill\b[^.;]{{0,60}}?\b(?P<e>{_WEEK_COUNT})\s+weeks?\s+(?:post|after)[\s-]*(?:the\s+)?"
    rf"(?:injection|procedure|block|epidural|ESI|ablation|shot)\b|"
    # 'On 3/4/15 (seven weeks after the block) his VAS was 4/10 compared with 8/10 before'
    rf"\b(?P<f>{_WEEK_COUNT})\s+weeks?\s+(?:post|after)[\s-]*(?:the\s+)?"
    rf"(?:injection|procedure|block|epidural|ESI|ablation|shot)\b",
    re.IGNORECASE,
)


def _week_count(value: str) -> float:
    word = value.lower()
    if word in _ORDINALS:
        return float(_ORDINALS[word])
    return _number(re.sub(r"(?:st|nd|rd|th)$", "", word))


def _relief_weeks_named_later(text: str, facts: CaseFacts) -> None:
    """How long relief lasted, said in a later sentence by the week it held or wore off ('at
    the six-week visit the pain was still 4/10', 'after about the sixth week the pain
    returned', 'still 4/10 ... six weeks post-injection'), for the last epidural or ablation
    before it whose relief has a percentage and no stated length: the relief lasted at least
    that long. A 'still' must be the relief ('still 8/10' is the pain), and no other treatment
    may start in between ('then began therapy; after six weeks the pain returned')."""
    offset, body = case_body(text)
    for match in _RELIEF_WEEK_LATER.finditer(body):
        at = offset + match.start()
        earlier = [
            p
            for p in facts.procedure_history
            if p.kind in _LASTING_RELIEF_KINDS and not p.none_documented and p.evidence.start < at
        ]
        if not earlier:
            continue
        record = max(earlier, key=lambda p: p.evidence.start)
        weeks = _week_count(next(g for g in match.groups() if g))
        since = (record.relief_evidence or record.evidence).start - offset
        if (
            record.relief_percent is None
            or record.relief_percent < _MEANINGFUL_PERCENT
            or not _open_ended(record)
            or (record.relief_weeks or 0) >= weeks
            or _OTHER_CARE_STARTED.search(body, max(0, since), match.start())
            or ((match["a"] or match["e"]) and not _still_relieved(match, body, record))
        ):
            continue
        if match["f"]:
            # a time after the procedure: the relief must be measured right after it, in its
            # clause, and be as good as the relief on record (or 50%)
            sentence = _sentence_around(body, match.start())
            clause = body[match.start() : match.start() + len(sentence)].split(";")[0]
            relief = _score_relief(clause)
            regions = detect_regions(sentence)
            if (
                relief is None
                or relief[0] < min(record.relief_percent, 50)
                or _PAIN_BACK.search(clause)
                or (regions and record.body_region and record.body_region not in regions)
            ):
                continue
            if record.medication_reduced is not True and _medication_fell(sentence):
                record.medication_reduced = True
        record.relief_weeks = weeks
        record.relief_duration_text = " ".join(match.group(0).split())


def _sentence_around(body: str, at: int) -> str:
    """The sentence of `body` that holds position `at` (a period-and-space or a line ends it)."""
    start = max(body.rfind(". ", 0, at) + 2, body.rfind("\n", 0, at) + 1, 0)
    end = body.find(". ", at)
    return body[start : end if end != -1 else len(body)]


_OTHER_CARE_STARTED = re.compile(
    r"\b(?:began|begun|started|initiated|commenced|switched|underwent|added|surgery|"
    r"arthroscop\w*|operation|replacement|repair|fusion|discectomy)\b",
    re.IGNORECASE,
)
_STILL_WHAT = re.compile(
    r"\bstill\s+(?:(?:about|at|only|around|roughly)\s+)?(?:(?P<score>\d{1,2})\s*/\s*10|"
    r"(?P<relief>\d{1,3}\s*%|better|improved|relieved|relief|benefit\w*))",
    re.IGNORECASE,
)


def _still_relieved(match: re.Match[str], body: str, record: PriorProcedure) -> bool:
    """'still 4/10' after relief to 4/10, or 'still 50% better': the relief held. A score above
    the one the relief was measured at ('still had 8/10 leg pain') is the pain, not the relief."""
    still = _STILL_WHAT.search(body, match.start(), match.end() + 40)
    if still is None:
        return False
    if still["relief"]:
        return True
    quote = record.relief_evidence.quote if record.relief_evidence else ""
    measured = [float(x) for x in re.findall(r"\b(\d{1,2})\s*/\s*10", quote)]
    return bool(measured) and float(still["score"]) <= min(measured)


_SPENT_NEGATION = re.compile(
    # 'with surgery ruled out, he was admitted to the program': 'ruled out' denies what comes
    # before it, and the clause break ends it, so it does not reach a procedure named after.
    r"\b(?:ruled out|excluded|not indicated|not a candidate)\s*[,;]"
    r"(?P<after>(?:(?!\b(?:no|not|never|without|denies|denied|declined|refused|rule out)\b)"
    r"[^.;])*)$",
    re.IGNORECASE,
)


_NOT_DONE_AFTER = re.compile(
    # 'A cervical MRI has not been performed', 'an EMG was never done', 'TENS has not yet been
    # tried' (the procedure is the clause's subject; not 'an MRI that was not helpful')
    r"^(?:\s+(?:of|for)\s+(?:the\s+)?[\w-]+(?:\s+spine)?)?\s+(?:has|have|had|was|were)\s+"
    r"(?:not|never)\s+(?:(?:yet|previously|ever|before|already)\s+)?(?:been\s+)?"
    r"(?:(?:previously|yet|before)\s+)?(?:performed|done|obtained|completed|tried|"
    r"trialed|attempted|undertaken|carried out)\b",
    re.IGNORECASE,
)


_ONLY_DISCUSSED = re.compile(
    # 'A TENS unit was discussed in 2013 but was never dispensed', 'an H-wave unit was
    # mentioned' (talked about, not given)
    r"^\s*(?:unit|device|trial|stimulator)?\s*(?:was|were|had been|has been)\s+"
    r"(?:only\s+|briefly\s+)?(?:discussed|mentioned|considered|suggested|raised|talked about)\b",
    re.IGNORECASE,
)
_OFFERED_BEFORE = re.compile(
    r"\b(?:offered|recommended|suggested|proposed)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
"""'was offered a TENS unit ... and declined it': offered, then refused, is not done."""
_NEVER_GIVEN = re.compile(
    r"\b(?:never|not)\s+(?:been\s+)?(?:dispensed|delivered|issued|provided|received|obtained|"
    r"started|tried)\b",
    re.IGNORECASE,
)


def _not_done(m: Mention) -> bool:
    """The sentence says, after the mention, that the procedure has not been done, or that it
    was only discussed and never given."""
    after = m.sentence[m.end - m.sentence_start :]
    discussed = _ONLY_DISCUSSED.match(after) and _NEVER_GIVEN.search(after)
    before = m.sentence[: max(0, m.start - m.sentence_start)]
    declined = _OFFERED_BEFORE.search(before) and _DECLINED.search(re.split(r"[.;]", after)[0])
    return bool(_NOT_DONE_AFTER.match(after) or discussed or declined)


_DONE_AFTER_ALL = re.compile(
    r"(?<!never )(?<!not )\b(?:performed|done|given|administered|completed|dispensed|trialed|"
    r"tried|used|started)\b",
    re.IGNORECASE,
)


def _only_discussed(m: Mention) -> bool:
    """'A TENS unit was discussed in 2013' (and not: '... discussed and was performed on 3/3')."""
    after = m.sentence[m.end - m.sentence_start :]
    return bool(_ONLY_DISCUSSED.match(after)) and not _DONE_AFTER_ALL.search(after)


def _negation_spent(m: Mention) -> bool:
    """A mention ConText marked negated only because a backward-looking 'ruled out' earlier in
    the sentence, closed off by a comma, sits before it."""
    before = m.sentence[: max(0, m.start - m.sentence_start)]
    spent = _SPENT_NEGATION.search(before)
    if spent is None:
        return False
    head = before[: spent.start()]
    return not re.search(
        r"\b(?:no|never|without|denies|denied|declined|refused)\b[^,;]*$", head, re.IGNORECASE
    )


_NEGATION_CUE = re.compile(
    r"\b(?:no|not|never|without|denies|denied|negative for|free of)\b|n't\b", re.IGNORECASE
)
_NEXT_PREDICATE = re.compile(
    r"[,;]\s*(?:and\s+)?(?:he\s+|she\s+|they\s+)?(?:had|has|have|was|were|is|underwent|"
    r"received|completed|took|takes|reported|showed|shows)\b",
    re.IGNORECASE,
)


_DECLINED = re.compile(r"\b(?:declined|refused|never|not|denied|deferred)\b", re.IGNORECASE)
_FAMILY_CUE = re.compile(
    r"\b(?:family|mother|father|parents?|wife|husband|spouse|son|daughter|brother|sister)\b",
    re.IGNORECASE,
)


def _left_behind(m: Mention, cue: re.Pattern[str]) -> bool:
    """A mention ConText marked negated (or about a relative) only because a cue in an earlier
    item of a list of predicates reaches it: in 'has no personal or family history of substance
    abuse, had a pre-operative urine toxicology on 02/17/2015', the 'no' and the 'family' stay
    with their own predicate."""
    before = m.sentence[: max(0, m.start - m.sentence_start)]
    after = re.split(r"[,;]", m.sentence[m.end - m.sentence_start :])[0]
    if cue is _NEGATION_CUE and _DECLINED.search(after):
        return False  # 'was offered a TENS unit in 2014 and declined it': its own denial
    cues = list(cue.finditer(before))
    return bool(cues) and bool(_NEXT_PREDICATE.search(before, cues[-1].end()))


_SUBORDINATE = re.compile(
    r"\b(?:after|following|based on|given|due to|because of|from)\s+(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)


def _segment(m: Mention, group: list[Mention]) -> tuple[int, int, bool]:
    """The part of m's sentence that reports on m's procedure, and whether the next sentence
    may too. A procedure named in passing ("after positive medial branch blocks, an ablation
    gave 50% relief") reports nothing; otherwise m's part runs from m (or the sentence start,
    for the first procedure named) to the next procedure of another kind."""
    local = m.start - m.sentence_start
    others = sorted(
        x.start - x.sentence_start
        for x in group
        if x.label.startswith(_PROC)
        and x.label not in _AUX
        and x.label != m.label
        and not _SUBORDINATE.search(
            x.sentence[max(0, x.start - x.sentence_start - 60) : x.start - x.sentence_start]
        )
    )
    before = [o for o in others if o < local]
    after = [o for o in others if o > local]
    if _SUBORDINATE.search(m.sentence[max(0, local - 60) : local]) and others:
        # 'after the blocks, an ablation gave ...': named in passing. Alone in its sentence
        # ('Following the ablation she reported 70% relief'), it is what the sentence reports on.
        return local, local, False
    return (local if before else 0), (after[0] if after else len(m.sentence)), not after


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"'(]|\s*$)")


def _next_sentence(
    text: str, position: int, by_sentence: dict[int, list[Mention]]
) -> tuple[int, str, list[Mention]] | None:
    """The sentence after `position`, with its mentions (none if the NLP pass found none)."""
    start = position + (len(text[position:]) - len(text[position:].lstrip()))
    if start >= len(text):
        return None
    group = by_sentence.get(start)
    if group:
        return start, group[0].sentence, group
    later = [s for s in by_sentence if start < s]
    stop = _SENTENCE_END.search(text, start)
    end = stop.end() if stop else len(text)
    if later and min(later) < end:
        end = min(later)
    sentence = text[start:end].rstrip()
    return (start, sentence, []) if sentence else None


_INJECTATE = (
    r"(?:lidocaine|xylocaine|bupivacaine|marcaine|sensorcaine|ropivacaine|naropin|"
    r"anesthetic|depo-?medrol|kenalog|triamcinolone|dexamethasone|methylprednisolone|"
    r"betamethasone|celestone|steroid|saline|dextrose|contrast)"
)
_CONCENTRATION_BEFORE = re.compile(rf"\b{_INJECTATE}\s*(?:\(\s*)?$", re.IGNORECASE)
_CONCENTRATION_AFTER = re.compile(rf"^\s*(?:%|percent)?\s*{_INJECTATE}\b", re.IGNORECASE)


def _relief_percent(part: str) -> re.Match[str] | None:
    """The first percent that is no injectate's strength ('lidocaine 2%', '0.5% bupivacaine')."""
    for match in _PERCENT.finditer(part):
        before = part[: match.start()]
        if re.search(r"\d\.$", before):  # '0.25%' read from its fraction
            continue
        if _CONCENTRATION_BEFORE.search(before) or _CONCENTRATION_AFTER.search(part[match.end() :]):
            continue
        return match
    return None


def _read_sentence(
    record: PriorProcedure, m: Mention, by_sentence: dict[int, list[Mention]], text: str
) -> None:
    """Fill what this mention's sentence says about the procedure; later mentions refine."""
    begin, end, last = _segment(m, by_sentence[m.sentence_start])
    segment = m.sentence[begin:end]
    regions = detect_regions(segment) or detect_regions(m.sentence)
    levels = parse_levels(segment)
    if regions and record.body_region is None:
        record.body_region = regions[0]
    if levels and not record.levels:
        record.levels = levels
    date = re.search(r"\b(?:[Oo]n|dated|in)\s+(\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|[A-Z][a-z]+ \d{4})",
                     segment)  # fmt: skip
    if date and record.date_text is None:
        record.date_text = date[1]
    sessions = _SESSIONS.search(segment)
    if record.sessions_completed is None and record.kind == ProcedureKind.FUNCTIONAL_RESTORATION:
        record.sessions_completed = _program_days_done(segment)
    if sessions and record.sessions_completed is None and record.kind in _PROGRAM_KINDS:
        record.sessions_completed = int(_number(sessions["num"]))
    # Relief may be reported in the same sentence or the next ones ("She reported 60% relief";
    # "Her usage log shows daily use. Over the trial her pain fell from 8/10 to 5/10"): read on
    # until a sentence names another procedure.
    spans = [(m.sentence_start, m.sentence, begin, end, by_sentence[m.sentence_start])]
    position = m.sentence_start + len(m.sentence)
    for _ in range(_FOLLOWING if last else 0):
        found = _next_sentence(text, position, by_sentence)
        if found is None:
            break
        start, sentence, group = found
        if any(x.label.startswith(_PROC) and x.label not in _AUX for x in group):
            break
        spans.append((start, sentence, 0, len(sentence), group))
        position = start + len(sentence)
    baseline: float | None = None
    for start, sentence, lo, hi, group in spans:
        part = sentence[lo:hi]
        evidence = Evidence(quote=sentence, start=start)
        percent = _relief_percent(part)
        relief_words = _RELIEF_WORDS.search(part)
        scores = _score_relief(part) or _fraction_relief(part) or _word_relief(part)
        if scores is None and baseline is not None:
            # (the very next sentence only, and not a score some other care brought about)
            scores = None if _OTHER_RELIEF.search(part) else _score_after(part, baseline)
            baseline = None
        elif scores is None and (pre := _PRE_SCORE.search(part)):
            baseline = float(pre["score"] or pre["score2"])
            scores = _timed_scores_after(part, pre.end(), baseline)
        if (record.relief_percent is not None and _open_ended(record)
                and record.relief_evidence is not None and start > record.relief_evidence.start
                and _LASTING_WORDS.search(part)):  # fmt: skip
            # 'The relief lasted about two months', a sentence after the percent. It may lengthen
            # a visit-bounded length ('At the 2/24 follow-up ...') when it is the relief that
            # lasted, not a drug's effect or symptoms 'present for 3 months'.
            duration = _relief_duration(part)
            if duration is not None and (
                record.relief_weeks is None
                or (
                    duration[0] > record.relief_weeks
                    and _RELIEF_LASTED.search(part)
                    and not re.search(_MEDICATION_WORDS, part, re.IGNORECASE)
                )
            ):
                record.relief_weeks, record.relief_duration_text = duration
        if record.relief_percent is None and ((percent and relief_words) or scores):
            if percent and relief_words:
                record.relief_percent, at = float(percent["num"]), percent.start()
            else:
                assert scores is not None
                record.relief_percent, at = scores
                if record.relief_percent >= _MEANINGFUL_PERCENT:
                    record.response = Response.IMPROVED
            record.relief_evidence = evidence
            duration = _relief_duration(part[at:]) or _relief_duration(part)
            if duration is not None:
                record.relief_weeks, record.relief_duration_text = duration
        if record.medication_reduced is not True and _medication_fell(part):
            record.medication_reduced = True
            record.relief_evidence = record.relief_evidence or evidence
        for x in group:
            if x.hypothetical or not lo <= x.start - x.sentence_start < hi:
                continue
            if x.label == "PROC_MED_REDUCED" and record.medication_reduced is not True:
                record.medication_reduced = not x.negated
                record.relief_evidence = record.relief_evidence or evidence
            elif x.label in ("PROC_BENEFIT", "FI") and record.response != Response.NOT_IMPROVED:
                record.response = Response.NOT_IMPROVED if x.negated else Response.IMPROVED
                record.relief_evidence = record.relief_evidence or evidence
        if record.kind in _GAIN_KINDS and record.response != Response.NOT_IMPROVED:
            gain = program_gain(part)
            if gain is not None:
                record.response = Response.IMPROVED if gain else Response.NOT_IMPROVED
                record.relief_evidence = evidence
        if record.relief_percent is not None and record.relief_weeks is None:
            _relief_until_report(record, part)
        if record.relief_percent is None and re.search(
            r"\bno (?:significant |lasting )?(?:relief|benefit|improvement)\b|did not help|"
            r"not helpful|without (?:any )?(?:relief|benefit)|\bpain (?:level )?remained\b|"
            r"\b(?:pain|function|activities) (?:was|were|remained) (?:unchanged|the same)\b",
            part,
            re.IGNORECASE,
        ):
            record.response = Response.NOT_IMPROVED
            record.relief_evidence = evidence


_REPORT_DATE = re.compile(
    # 'On 07/15/2015 ...', 'At the 2/24/2015 and 3/24/2015 follow-ups ...' (the last visit named)
    r"^\W*(?:On|At the|By|As of)\s+(?:the\s+)?"
    r"(?:\d{1,2}[-/]\d{1,2}[-/]\d{2,4}\s*(?:,|and|,\s*and)\s+)*"
    r"(?P<date>\d{1,2}[-/]\d{1,2}[-/]\d{2,4})\b",
    re.I,
)


def _relief_until_report(record: PriorProcedure, sentence: str) -> None:
    """'[ESI on 06/03/2015.] On 07/15/2015 the pain was 4/10, down from 8/10': relief reported on
    a dated visit lasted at least from the procedure to that visit."""
    report = _REPORT_DATE.search(sentence)
    done = parse_date(record.date_text) if record.date_text else None
    seen = parse_date(report["date"]) if report else None
    if done is None or seen is None or seen <= done:
        return
    record.relief_weeks = round((seen - done).days / 7, 1)
    record.relief_duration_text = f"from {record.date_text} to the {report['date']} visit"


_MEDICATION_WORDS = (
    r"(?:medications?|meds|opioids?|narcotics?|analgesics?|pain pills|Norco|hydrocodone|tramadol|"
    r"Ultram|oxycodone|Percocet|OxyContin|morphine|gabapentin|Neurontin|pregabalin|Lyrica|"
    r"ibuprofen|Motrin|naproxen|Naprosyn|Anaprox|NSAIDs?|anti-?inflammator\w*|"
    r"muscle relaxants?|Flexeril|cyclobenzaprine|tizanidine|Zanaflex|Robaxin|methocarbamol|Soma|"
    r"carisoprodol|Tylenol|acetaminophen|meloxicam|Mobic|celecoxib|Celebrex|duloxetine|Cymbalta)"
)
_DOSE_UNIT = r"(?:tablets?|tabs?|pills?|capsules?|caps|doses?|patches|mg|milligrams|MME|MED)"
_MED_NUM = _NUM + r"|none|zero|no|nothing|off"
_MEDICATION_FELL = [
    # 'from four tablets a day to one', 'from 6 Norco daily down to 2', 'from 60 mg to 30 mg'
    re.compile(
        rf"\bfrom\s+(?P<a>{_NUM})\s+(?:[A-Za-z/-]+\s+)?{_DOSE_UNIT}?\b[^.;]{{0,30}}?"
        rf"\bto\s+(?:only\s+|just\s+)?(?P<b>{_MED_NUM})\b",
        re.IGNORECASE,
    ),
    # 'tramadol use falling', 'her Norco intake dropped', 'opioid consumption was cut'
    re.compile(
        r"\b(?:use|usage|intake|consumption|dosage|dose|requirement|need)\s+(?:of\s+\w+\s+)?"
        r"(?:has |had |have |was |were )?(?:fell|falling|fallen|dropped|dropping|decreased|"
        r"decreasing|declined|declining|diminished|went down|gone down|came down|was cut|"
        r"(?:was |were )?(?:reduced|lowered|halved|tapered))\b",
        re.IGNORECASE,
    ),
    # 'no longer needs his Norco', 'stopped taking tramadol', 'off opioids'
    re.compile(
        r"\b(?:no longer (?:needs?|takes?|requires?|uses?|using|taking)|stopped (?:taking|using)|"
        r"(?:was |is |got |came )off (?:all |of )?(?:his |her )?)\s*(?:his |her |any |all )?"
        r"(?:[\w/-]+\s+){0,2}?(?:medications?|meds|opioids?|narcotics?|analgesics?|pain pills|"
        r"Norco|hydrocodone|tramadol|oxycodone|Percocet)\b",
        re.IGNORECASE,
    ),
    # 'able to stop tramadol', 'discontinued gabapentin', 'cut her ibuprofen intake in half',
    # 'cut back his hydrocodone', 'Norco from TID to PRN'
    re.compile(
        r"\b(?:able to (?:stop|discontinue|come off|wean off|wean)|stopped|discontinued|quit|"
        r"weaned (?:off )?|came off|cut (?:back (?:on )?)?|halved|tapered (?:off )?)\s*"
        r"(?:taking\s+|using\s+)?(?:his\s+|her\s+|their\s+|all\s+|the\s+)?"
        + _MEDICATION_WORDS
        + r"\b|"
        + _MEDICATION_WORDS
        + r"\s+(?:[\w-]+\s+){0,3}?(?:from\s+)?(?:QID|TID|BID|four times (?:a|per) day|"
        r"three times (?:a|per) day|twice (?:a|per) day)\s+(?:down\s+)?to\s+(?:PRN|as needed|"
        r"daily|once (?:a|per) day|qd|qhs|BID|twice (?:a|per) day|occasional)\b|"
        + _MEDICATION_WORDS
        + r"\s+(?:intake|use|dose|dosage)?\s*(?:in half|by half|by \d+\s*(?:%|percent))|"
        r"\b(?:decreased|reduced|less|lower|diminished)\s+(?:\w+\s+)?"
        + _MEDICATION_WORDS
        + r"\s+(?:use|usage|intake|consumption|requirements?|needs?)\b|"
        # 'Norco was down to 2 tablets a day'
        + _MEDICATION_WORDS
        + r"\s+(?:use\s+|intake\s+)?(?:was|were|is|had come|had gone|came|went)\s+down\s+to\b",
        re.IGNORECASE,
    ),
]
"""Medication use that fell, however it is phrased; a dose count must fall, not rise."""


_INSTEAD_OF = re.compile(
    # 'taking 2 Norco a day instead of 4', '1 tablet daily rather than 3'
    # ('versus' and 'compared with' do not say which came first)
    rf"\b(?P<b>{_NUM})\s+(?:[\w/-]+\s+){{0,2}}?(?:a|per|each)\s+day\s+(?:instead of|rather than|"
    rf"down from)\s+(?P<a>{_NUM})\b|"
    rf"\b(?P<b2>{_NUM})\s+(?:[\w/-]+\s+){{0,2}}?daily\s+(?:instead of|rather than|"
    rf"down from)\s+(?P<a2>{_NUM})\b",
    re.IGNORECASE,
)


def _medication_fell(text: str) -> bool:
    for instead in _INSTEAD_OF.finditer(text):
        if re.search(_MEDICATION_WORDS + "|" + _DOSE_UNIT, instead.group(0), re.IGNORECASE) and (
            _number(instead["b"] or instead["b2"]) < _number(instead["a"] or instead["a2"])
        ):
            return True
    for number, pattern in enumerate(_MEDICATION_FELL):
        for match in pattern.finditer(text):
            if number:
                return True
            # A count must name a dose (not a pain score '7/10') and fall.
            if re.search(rf"{_DOSE_UNIT}\b", match.group(0), re.IGNORECASE) is None:
                continue
            if "/" in match.group(0):
                continue
            after = match["b"].lower()
            lower = 0.0 if after in ("none", "zero", "no", "nothing", "off") else _number(after)
            if lower < _number(match["a"]):
                return True
    return False


_AUX = {"PROC_BENEFIT", "PROC_MED_REDUCED"}
_FOLLOWING = 2
_PROGRAM_KINDS = {K.FUNCTIONAL_RESTORATION, K.WORK_CONDITIONING, K.PSYCHOTHERAPY, K.BIOFEEDBACK}
_GAIN_KINDS = _PROGRAM_KINDS | {K.TENS, K.INTERFERENTIAL, K.H_WAVE}
"""Programs and home devices: an objective gain in function during them is their benefit."""


SYMPTOM_DURATION = "symptom_duration"
"""A sentence that says how long the symptoms have lasted ('numbness began ten days ago', 'neck
pain for 2 weeks', 'acute sciatica last week'), or a visit dated after the injury ('DOI 3/1/16;
seen 3/15/16'): what the injury-age checks use when the UR date or the injury date is missing."""
_SPAN_UNIT = r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)"
_SPAN_NUM = rf"(?:(?P<lo>{_NUM}|a|an|one)\s*(?:-|to)\s*)?(?P<num>{_NUM}|a|an|one)"
_SYMPTOM_NOUN = (
    r"(?:pain|symptoms?|numbness|tingling|paresthesias?|sciatica|radiculopathy|complaints?|"
    r"spasms?|weakness|stiffness|burning|ache|aching|discomfort|radiation|injury|strain|sprain)"
)
_ONSET_AGO = re.compile(
    rf"\b(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|almost\s+|over\s+|"
    rf"some\s+|only\s+|just\s+)?{_SPAN_NUM}[\s-]*{_SPAN_UNIT}\s+(?:ago|prior|before|earlier)\b",
    re.IGNORECASE,
)
_ONSET_WORDS = re.compile(
    rf"\b(?:began|begun|started|start|onset|developed|occurred|arose|came on|recurred|returned|"
    rf"came back|injured|hurt|noticed|experienced|reports?|reported|presented|{_SYMPTOM_NOUN})\b",
    re.IGNORECASE,
)
_LASTED = re.compile(
    # 'radiating leg pain for 2 weeks', 'symptoms of about 2 months' duration', 'shoulder pain
    # of recent onset, about six weeks in duration', 'a 3-week history of neck pain'
    rf"\b{_SYMPTOM_NOUN}\b[^.;]{{0,40}}?\b(?:for|of|x)\s+(?:the\s+(?:past|last)\s+)?"
    rf"(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|almost\s+|over\s+|"
    rf"more than\s+|less than\s+|only\s+|just\s+)?{_SPAN_NUM}[\s-]*{_SPAN_UNIT}\b",
    re.IGNORECASE,
)
_IN_DURATION = re.compile(
    rf"\b(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|almost\s+)?{_SPAN_NUM}[\s-]*"
    rf"{_SPAN_UNIT}(?:'s?)?\s+(?:in\s+duration|duration|history\s+of)\b",
    re.IGNORECASE,
)
_LAST_WEEK = re.compile(
    r"\b(?:last|this past|past) week\b|\byesterday\b|\b(?:a )?few days ago\b", re.IGNORECASE
)
_RECURRENCE = re.compile(r"\b(?:recurred|returned|came back)\b", re.IGNORECASE)
_NOT_SYMPTOM_SPAN = re.compile(
    # relief or treatment lasting a while is no symptom duration
    r"\b(?:relief|benefit|improvement|better|taking|taken|takes|therapy|sessions?|visits?|"
    r"treated|treatment|medications?|off work|work|worked|employed|job)\b",
    re.IGNORECASE,
)
_VISIT_DATE = re.compile(
    rf"\b(?:seen|evaluated|examined|visit|presented|follow-?up|consultation|exam(?:ination)?|"
    rf"requested|request|ordered|prescribed|dispensed)\b"
    rf"[^.;]{{0,30}}?\b(?:on\s+)?(?P<date>{_DATE}|\d{{1,2}}/\d{{1,2}}/\d{{2}})\b|"
    rf"\b(?:on\s+)?(?P<date2>{_DATE}|\d{{1,2}}/\d{{1,2}}/\d{{2}})\s+(?:visit|exam|evaluation|"
    rf"follow-?up)",
    re.IGNORECASE,
)
_UNIT_OF = {"d": 1 / 7, "w": 1.0, "m": 4.35, "y": 52.0}


def _span_value(match: re.Match[str]) -> float:
    token = match["num"].lower()
    value = 1.0 if token in ("a", "an", "one") else _number(token)
    return value * _UNIT_OF[match["unit"][0].lower()]


def symptom_weeks(quote: str) -> float | None:
    """How many weeks the symptoms in `quote` have lasted, from a relative span ('began six weeks
    ago', 'for 2 months', 'last week'); of a recurrence, the time since it recurred."""
    spans: list[tuple[float, bool]] = []
    for pattern in (_ONSET_AGO, _LASTED, _IN_DURATION):
        for match in pattern.finditer(quote):
            clause = re.split(r"[;,]|\band\b|\bbut\b", quote[: match.start()])[-1]
            if pattern is not _ONSET_AGO:
                clause = match.group(0)
            elif not _ONSET_WORDS.search(quote):
                continue
            if _NOT_SYMPTOM_SPAN.search(clause) and not re.search(_SYMPTOM_NOUN, clause, re.I):
                continue
            if pattern is not _ONSET_AGO and _NOT_SYMPTOM_SPAN.search(match.group(0)):
                continue
            recurred = bool(_RECURRENCE.search(clause))
            spans.append((_span_value(match), recurred))
    if _LAST_WEEK.search(quote) and _ONSET_WORDS.search(quote):
        spans.append((1.0, bool(_RECURRENCE.search(quote))))
    if not spans:
        return None
    recurrences = [w for w, again in spans if again]
    return min(recurrences) if recurrences else max(w for w, _ in spans)


def visit_date(quote: str) -> date | None:
    """The date of a visit ('seen 3/15/16', 'at the 3-15-2016 visit'), if `quote` gives one."""
    match = _VISIT_DATE.search(quote)
    return parse_date(match["date"] or match["date2"]) if match else None


def _add_symptom_duration(text: str, facts: CaseFacts) -> None:
    for start, quote in narrative_sentences(text):
        if _LACKS.search(quote):
            continue
        if symptom_weeks(quote) is not None or visit_date(quote) is not None:
            facts.findings.append(
                Finding(
                    concept=SYMPTOM_DURATION,
                    present=True,
                    evidence=Evidence(quote=quote, start=start),
                )
            )


_MEASURE = (
    r"(?:tolerance|capacity|endurance|strength|activity|activities|lifting|lift|carrying|walking|"
    r"walks?|sitting|standing|squatting|climbing|range of motion|ROM|work hours|hours|function|"
    r"functional \w+|PDL|physical demand level|mobility|ADLs?|self-?care)"
)
_SCORE_NAME = (
    r"(?:BDI|BAI|PHQ-?9|GAD-?7|PCS|catastrophizing|depression|anxiety|Oswestry|ODI|NDI|"
    r"Neck Disability Index|disability|Pain Disability Index|PDI|FABQ|fear-?avoidance|"
    r"pain|headache)"
)
_GAIN = re.compile(
    # a measure that rose: 'increased lifting capacity from 20 to 40 lbs', 'walking tolerance
    # 15 to 40 minutes', 'PDL improved from light to medium', 'GAF increased from 50 to 62'
    rf"\b(?:increased|improved|improving|rose|progressed|advanced|upgraded)\s+(?:(?:his|her|their|"
    rf"the)\s+)?(?:[\w-]+\s+){{0,2}}?{_MEASURE}\b|"
    rf"\b{_MEASURE}\s+(?:[\w-]+\s+){{0,2}}?(?:has\s+|have\s+|was\s+)?(?:increased|improved|"
    rf"rose|progressed)\b|"
    rf"\b{_MEASURE}\s+(?:[\w-]+\s+){{0,2}}?(?:of\s+)?\d+\s*(?:-|to)\s*\d+\s*(?:minutes|min|"
    rf"lbs?|pounds|feet|ft|hours)\b|"
    rf"\b(?:GAF|{_SCORE_NAME})\s+(?:score\s+)?(?:[\w-]+\s+){{0,2}}?(?:improved|increased|decreased|"
    rf"fell|dropped|reduced|went down)?\s*(?:from\s+)?\(?\d+%?\s*(?:-|to)\s*\d+%?|"
    rf"\b(?:decreased|reduced|lowered)\s+(?:(?:his|her|their)\s+)?(?:\w+\s+){{0,2}}?{_SCORE_NAME}\b|"
    # gains named: 'made significant gains', 'objective gains in endurance'
    r"\b(?:significant|objective|measurable|functional|documented|demonstrated)\s+"
    r"(?:\w+\s+){0,2}?(?:gains?|improvement|progress)\b|"
    r"\b(?:made|demonstrated|showed|achieved)\s+(?:\w+\s+){0,2}?(?:gains|progress)\b|"
    # activity regained: 'returned to modified duty', 'resumed driving', 'now walks 30 minutes'
    r"\b(?:returned|return|went back)\s+to\s+(?:[\w-]+\s+)?(?:duty|work)\b|"
    r"\b(?:resumed|resume|began|started)\s+(?:[\w-]+\s+){0,2}?(?:driving|work|working|yard work|"
    r"shopping|grocery|household|chores|volunteering|exercis\w*|activities|hobbies|golf)|"
    r"\b(?:now|is now|can now)\s+(?:able to\s+)?(?:walks?|tolerates?|performs?|meets?|lifts?|"
    r"drives?|works?|sits?|stands?|completes?|sleeps?|do(?:es)?|manages?)\b|"
    r"\b(?:is|was) able to\s+(?:\w+\s+){0,4}?(?:complete|return|work|drive|perform|walk|sit|"
    r"stand)\b|"
    # less reliance on care: 'reduced his Norco use', 'decreased her reliance on medication'
    r"\b(?:reduced|decreased|cut|lowered)\s+(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:use|reliance|intake|medications?|Norco|opioids?)\b|"
    r"\b(?:reduction|decrease)\s+in\s+(?:\w+\s+)?(?:medication|opioid|Norco)\w*|"
    # 'Norco reduced from 4/day to 1/day', 'opioid use was tapered' (not 'was not reduced')
    r"\b(?:Norco|opioids?|narcotics?|medications?|analgesics?)\s+(?:use\s+|intake\s+)?"
    r"(?:was\s+|were\s+|has been\s+|have been\s+)?(?:reduced|decreased|cut|tapered|lowered)\b",
    re.IGNORECASE,
)
_ARROW_GAIN = re.compile(
    # a measure charted as before -> after: 'Sitting tolerance 15 min -> 40 min', 'lift 10 lb
    # -> 25 lb' (a gain when the second number is larger; 'Six-minute walk 280 m -> 410 m')
    rf"\b{_MEASURE}\s+(?:[\w-]+\s+){{0,2}}?(?:from\s+)?(?P<a>\d+(?:\.\d+)?)\s*"
    r"(?P<u1>minutes|min|lbs?|pounds|feet|ft|hours|hrs?|meters|m|yards)?\s*(?:->|→|=>)\s*"
    r"(?P<b>\d+(?:\.\d+)?)\s*(?:minutes|min|lbs?|pounds|feet|ft|hours|hrs?|meters|m|yards)?\b",
    re.IGNORECASE,
)
_NO_GAIN = re.compile(
    r"\bno (?:\w+ )?change in (?:\w+ ){0,3}?(?:function|functional|activity|capacity)|"
    # (of function or pain: 'with gabapentin unchanged' is a dose, not an outcome)
    r"\b(?:function\w*|pain|activity|activities|symptoms|capacity|ADLs)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:was\s+|were\s+|is\s+|are\s+|remained\s+|remains\s+)?(?:unchanged|the same)\b|"
    r"\bunchanged\s+(?:function\w*|pain|activity|ADLs)|\babout the same\b|\bno better\b|"
    r"\b(?:minimal|no|little|without)\s+(?:[\w-]+\s+){0,2}?(?:improvement|gains?|progress)\b|"
    r"\bremains?\s+(?:\w+\s+){0,2}?(?:inactive|off work|unable)|"
    r"\b(?:missed|discharged for|non-?complian\w*|noncompliance)\b",
    re.IGNORECASE,
)


def program_gain(text: str) -> bool | None:
    """A program's outcome in `text`: True for an objective gain (a measure that rose, activity
    regained, less medication), False for none or for non-compliance, None when silent."""
    if _NO_GAIN.search(text):
        return False
    for match in _GAIN.finditer(text):
        if not _NEGATION_BEFORE.search(text[: match.start()]) and not _LACKS.search(text):
            return True
    for match in _ARROW_GAIN.finditer(text):
        if float(match["b"]) > float(match["a"]) and not _LACKS.search(text):
            return True
    return None


INJECTION_SERIES = "injection_series"
"""A sentence that places the requested injection in a series: 'a series of three epidurals',
'ESI #3 of 3', 'a third is now requested', 's/p TFESI x2; the next injection in the series'."""
_SERIES_OF = re.compile(rf"\bseries of\s+(?P<n>{_NUM})\b", re.IGNORECASE)
_NUMBER_OF = re.compile(r"#\s*(?P<k>\d)\s+of\s+(?P<n>\d)\b", re.IGNORECASE)
_ORDINAL_REQUESTED = re.compile(
    r"\b(?:a|the|this|his|her)\s+(?P<ord>second|third|fourth|fifth|sixth|2nd|3rd|4th|5th)\b"
    r"(?=[^.;]{0,60}?\b(?:request\w*|planned|recommended|proposed|scheduled|injection|block|"
    r"epidural|ESI|is sought)\b)|"
    r"\b(?:request\w*|recommend\w*|plan\w*|proposed)\s+(?:[\w-]+\s+){0,3}?(?:a|the)\s+"
    r"(?P<ord2>second|third|fourth|fifth|sixth|2nd|3rd|4th|5th)\b",
    re.IGNORECASE,
)
_TIMES_THEN_NEXT = re.compile(
    r"\bx\s*(?P<n>\d)\b[^.]{0,80}?\bnext\s+(?:injection|block|one|epidural)\b", re.IGNORECASE
)


def series_count(quote: str) -> int | None:
    """Which injection of a series the request is ('a third' -> 3, 'series of 3' -> 3)."""
    counts = []
    if match := _SERIES_OF.search(quote):
        counts.append(int(_number(match["n"])))
    if match := _NUMBER_OF.search(quote):
        counts.append(max(int(match["k"]), int(match["n"])))
    for match in _ORDINAL_REQUESTED.finditer(quote):
        counts.append(_ORDINALS[(match["ord"] or match["ord2"]).lower()])
    if match := _TIMES_THEN_NEXT.search(quote):
        counts.append(int(match["n"]) + 1)
    return max(counts) if counts else None


def _add_injection_series(text: str, facts: CaseFacts) -> None:
    for start, quote in narrative_sentences(text):
        if series_count(quote) is not None and not _LACKS.search(quote):
            facts.findings.append(
                Finding(
                    concept=INJECTION_SERIES,
                    present=True,
                    evidence=Evidence(quote=quote, start=start),
                )
            )

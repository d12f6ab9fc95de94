"""Record-wide comparisons the procedure rules need: a tested capacity against the job's demand
(work conditioning), and a muscle's strength against an earlier visit (a progressive deficit for
repeat imaging). Each adds a finding with the sentence that shows it."""

from __future__ import annotations

import re

from drafter.models import CaseFacts, Evidence, Finding
from drafter.nlp import INNER_NEGATION, OTHER_PERSON
from drafter.sections import narrative_sentences

JOB_DEMANDS = "job_demands_unmet"
_LEVELS = ["sedentary", "light", "medium", "heavy", "very heavy"]
_POUNDS = r"\b(?P<value>\d{1,3})[\s-]*(?:lb|lbs|pounds?)\b"
_LEVEL = r"\b(?P<value>very[\s-]heavy|sedentary|light|medium|heavy)\b"
_CAN = (
    # what he can do: 'placed him at the medium level with a 35 lb floor-to-waist lift', 'FCE:
    # light capacity, lift 20 lbs', 'demonstrated a 30-pound lift', 'lifting 45 lbs'
    r"\b(?:FCE|functional capacity|capacity|placed|places|tested|demonstrated|tolerates?|"
    r"can lift|able to lift|lifts?|lifting capacity|safe lift|limited to|restricted to|"
    r"(?:plateaued|now|currently|only|safely|maximally),?\s+lifting)\b[^.;]{{0,80}}?{0}"
)
_RESTRICTION = (
    # a current restriction is what he may do: 'modified duty with a 15-pound lifting limit'
    r"{0}\s+(?:lifting\s+)?(?:limit|restriction|weight limit)\b"
)
_NEEDS = (
    # what the job needs: 'the job analysis ... calls for occasional lifting of 75 lb', 'his
    # position requires heavy work', 'a job requirement of 75 lb'
    r"\b(?:job|position|occupation|work(?!\s+(?:at|conditioning|hardening|status|restrictions?)\b)|"
    r"duties)\b[^.;]{{0,80}}?\b(?:requires?|"
    r"required|requirements?\s+(?:of|is)|calls? for|demands?|involves?|classified as|rated as|"
    r"is)\b[^.;]{{0,60}}?{0}"
)
_CAPACITY_AFTER = r"{0}\s+(?:lifting\s+|lift\s+)?capacity\b"
"""'her 35-pound capacity'."""
_NEEDS_AFTER = r"{0}\s+(?:job|work|lifting)\s+(?:requirements?|demands?)\b"
"""'her 50-pound job requirement': the value before the words."""
_DEMAND_LEVEL = re.compile(_LEVEL + r"\s+(?:physical\s+)?demand(?:\s+level)?\b", re.I)
"""'a framing carpenter (heavy physical demand)': a job's level, when no capacity is named."""
_NOT_CAPACITY = re.compile(
    r"\b(?:was injured|were injured|injured (?:his|her|their)|injuring|felt a pop|while lifting|"
    r"when lifting|mechanism|dumbbells?|weights|kettlebells?)\b",
    re.IGNORECASE,
)
"""Weights that measure nothing he can do now: the injury's load, exercise weights."""
_GOAL_BEFORE = re.compile(
    r"\b(?:once|until|when|goal|target|so that|in order to|to reach|to meet|before)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
"""'a return to full duty once he can lift 70 lb': a goal, not a capacity."""
_GAPS = [
    (
        [
            re.compile(_CAN.format(_POUNDS), re.I),
            re.compile(_RESTRICTION.format(_POUNDS), re.I),
            re.compile(_CAPACITY_AFTER.format(_POUNDS), re.I),
        ],
        [re.compile(_NEEDS.format(_POUNDS), re.I), re.compile(_NEEDS_AFTER.format(_POUNDS), re.I)],
        int,
    ),
    (
        [re.compile(_CAN.format(_LEVEL), re.I)],
        [re.compile(_NEEDS.format(_LEVEL), re.I), _DEMAND_LEVEL],
        lambda v: _LEVELS.index(re.sub(r"[\s-]+", " ", v.lower())),
    ),
]


def add_job_demand_gap(text: str, facts: CaseFacts) -> None:
    """A tested capacity below what the job needs, anywhere in the record: 'his job requires
    lifting up to 60 pounds' ... 'overhead lift capacity of 25 pounds' (pounds with pounds,
    demand levels with levels; the job's highest demand against the latest capacity, which is
    not a goal). A job below the medium level is not one work conditioning is for."""
    if any(f.concept == JOB_DEMANDS and f.present for f in facts.findings):
        return
    sentences = narrative_sentences(text)
    for can_patterns, needs_patterns, rank in _GAPS:
        needed: int | None = None
        latest: tuple[int, int, str] | None = None
        for start, quote in sentences:
            # (a sentence about the injury's load or exercise weights measures no capacity)
            capacities = (
                []
                if _NOT_CAPACITY.search(quote)
                else [
                    m
                    for pattern in can_patterns
                    for m in pattern.finditer(quote)
                    if not _GOAL_BEFORE.search(quote[: m.start("value")])
                    and not OTHER_PERSON.search(quote[: m.start("value")])
                ]
            )
            spans = []  # the job's description: from its demand to the end of the clause
            for pattern in needs_patterns:
                if pattern is _DEMAND_LEVEL and capacities:
                    continue
                for needs in pattern.finditer(quote):
                    if INNER_NEGATION.search(needs.group(0)):
                        continue  # (nor 'her job as a receptionist is not heavy')
                    end = quote.find(";", needs.end())
                    spans.append((needs.start("value"), len(quote) if end == -1 else end))
                    needed = max(needed or 0, rank(needs["value"]))
            for can in sorted(capacities, key=lambda m: m.start("value")):
                if any(a <= can.start("value") < b for a, b in spans):
                    # more of the job's demand: '... 50 pounds and occasional lifting of 70'
                    needed = max(needed or 0, rank(can["value"]))
                else:
                    latest = (rank(can["value"]), start, quote)
        if needed is None or latest is None:
            continue
        if rank is not int and needed < _LEVELS.index("medium"):
            continue  # work conditioning is for jobs at medium demand or higher
        if latest[0] < needed:
            facts.findings.append(
                Finding(
                    concept=JOB_DEMANDS,
                    present=True,
                    evidence=Evidence(quote=latest[2], start=latest[1]),
                )
            )
            return


_MUSCLE = (
    r"(?P<muscle>EHL|extensor hallucis|(?:ankle\s+)?dorsiflexion|plantar\s*flexion|quadriceps|"
    r"quads|hip flexion|hip flexors|hamstrings?|triceps|biceps|deltoids?|grip|wrist extension|"
    r"wrist extensors|knee extension|finger abduction|interossei)"
)
_GRADED = re.compile(_MUSCLE + r"|" + r"\b(?P<grade>[0-5])(?P<sign>[+-]?)\s*/\s*5\b", re.IGNORECASE)
"""A muscle's name or a strength grade, in the order a sentence gives them."""


def _grades(quote: str) -> dict[tuple[str, str], float]:
    """Each (side, muscle) named in a sentence with the grade that follows it ('right ankle
    dorsiflexion and EHL strength were 5/5' grades both on the right)."""
    found: dict[tuple[str, str], float] = {}
    pending: list[tuple[str, str]] = []
    last_muscle_end = 0
    for token in _GRADED.finditer(quote):
        if token["muscle"]:
            sides = re.findall(
                r"\b(left|right)\b", quote[max(0, token.start() - 25) : token.start()], re.I
            )
            side = sides[-1].lower() if sides else (pending[-1][0] if pending else "")
            muscle = re.sub(r"\s+", " ", token["muscle"].lower()).replace("ankle ", "")
            pending.append((side, muscle))
        elif pending:
            if token.start() - last_muscle_end <= 25:  # (not 'Waddell testing ... 3/5')
                grade = float(token["grade"]) + {"+": 0.25, "-": -0.25, "": 0.0}[token["sign"]]
                for key in pending:
                    found.setdefault(key, grade)
            pending = []
        if token["muscle"]:
            last_muscle_end = token.end()
    return found


def add_strength_drop(text: str, facts: CaseFacts) -> None:
    """A muscle graded weaker (by half a grade or more) at a later visit than at an earlier one
    ('at the 8/11 visit her EHL strength was 5/5 ... Examination that day showed right EHL
    strength 3/5', '5-/5' then '4/5' then '3/5'): a progressive deficit, read across sentences
    (not when it is as strong again later)."""
    if any(f.concept == "progressive_deficit" and f.present for f in facts.findings):
        return
    best: dict[tuple[str, str], float] = {}
    drop: tuple[int, str, dict[tuple[str, str], float]] | None = None
    for start, quote in narrative_sentences(text):
        grades = _grades(quote)
        if drop and any(grades.get(m, 0) >= best[m] for m in drop[2]):
            drop = None  # as strong again later: the weakness resolved
        weaker = {m: g for m, g in grades.items() if m in best and g <= best[m] - 0.5}
        if weaker and not drop and not _EARLIER_VISIT.search(quote):
            drop = (start, quote, weaker)
        if not _OTHER_SIDE.search(quote):
            for m, g in grades.items():
                best[m] = max(best.get(m, 0), g)
    if drop:
        facts.findings.append(
            Finding(
                concept="progressive_deficit",
                present=True,
                evidence=Evidence(quote=drop[1], start=drop[0]),
            )
        )


_EARLIER_VISIT = re.compile(
    r"\b(?:prior|previous|previously|earlier|last visit|at that time|before the)\b", re.I
)
"""'At the prior visit EHL was 4/5' (written after today's 5/5) is no later weakness."""
_OTHER_SIDE = re.compile(r"\b(?:contralateral|on the (?:left|right|other side)|opposite)\b", re.I)
"""'4/5 on the left, 5/5 on the right': full strength on one side is no earlier grade."""

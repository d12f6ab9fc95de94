"""The offline extractor: rule-based reading of IMR case summaries and progress notes.

It is the baseline every LLM extraction is compared with, so it aims to be right on the way IMR
clinical case summaries are written: "62 year old male", "sustained an industrial injury on
2-06-2015", "Treatment to date includes ... physical therapy (at least 6 sessions approved)", "The
treatment plan included ..., non-certified by Utilization Review on 9-25-2015". Negation comes
from medspaCy's ConText (see `drafter.nlp`), not from hand-written scopes.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from drafter import extract_medication, extract_procedures
from drafter.dates import parse_date
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Category,
    Evidence,
    Finding,
    FunctionalImprovement,
    PriorTreatment,
    Response,
    Sex,
    UtilizationReview,
    Work,
    WorkStatus,
)
from drafter.nlp import Mention, find_mentions
from drafter.requests import detect_category, detect_regions, parse_request
from drafter.rulebook import RuleBook, load_rulebook
from drafter.sections import case_body, disputed_item_lines, sentences_of

MODALITY_TERMS: dict[Category, list[str]] = {
    Category.PHYSICAL_THERAPY: ["physical therapy", "physiotherapy", "PT",
                                "physical therapy sessions",
                                "therapy sessions", "land-based therapy", "physical medicine"],
    Category.OCCUPATIONAL_THERAPY: ["occupational therapy", "OT", "hand therapy",
                                    "occupational (hand) therapy", "occupational hand therapy"],
    Category.CHIROPRACTIC: ["chiropractic", "chiropractic therapy", "chiropractic care",
                            "chiropractic treatment", "chiropractic manipulation", "chiro",
                            "manipulation", "manual therapy", "chiropractic sessions"],
    Category.ACUPUNCTURE: ["acupuncture", "electro-acupuncture", "electroacupuncture"],
    Category.MASSAGE: ["massage", "massage therapy"],
    Category.AQUATIC_THERAPY: ["aquatic therapy", "aqua therapy", "pool therapy", "aquatherapy"],
}  # fmt: skip

FI_TERMS = [
    "functional improvement", "functional improvements", "functional gains", "functional gain",
    "functional benefit", "functional response", "improved function", "improvement in function",
    "improved functionality", "increased function", "improved functional", "improved ability",
    "increased ability", "improvement in her ability", "improvement in his ability",
    "improved tolerance", "increased tolerance", "improved sitting tolerance",
    "improved walking tolerance", "improved activities of daily living", "improved ADLs",
    "improvement in activities of daily living", "improvement in ADLs", "increased activity level",
    "reduction in work restrictions", "reduced work restrictions", "decreased work restrictions",
    "fewer work restrictions", "work restrictions were reduced", "work restrictions reduced",
    "returned to work", "return to full duty", "returned to full duty", "returned to modified duty",
    "decreased reliance", "reduced reliance", "decreased dependence", "reduced medication use",
    "decreased medication use", "reduction in medication", "tolerance improved",
    "tolerance increased", "disability index improved", "disability score improved",
    "disability index decreased", "disability score decreased", "QuickDASH score improved",
    "DASH score improved", "grip strength improved", "function improved", "function has improved",
    "functionally improved", "objective improvement", "measurable improvement",
    "returned from modified duty to full duty", "work status changed from temporarily totally",
    "work status improved", "now able to", "again able to", "can now", "no longer needs",
    "no longer requires", "stopped taking", "change in activities of daily living",
    "change in function", "changes in function", "change in work status",
    "improvement in activities of daily living", "gains in function", "gain in function",
]  # fmt: skip

WORK_TERMS: dict[str, list[str]] = {
    "WORK_FULL": ["full duty", "regular duty", "full-duty", "without restrictions",
                  "returned to work", "is working", "currently working", "continues to work",
                  "working full time", "back to work", "usual and customary",
                  # the same phrases as functional-improvement terms, so a span that the longer
                  # term claims is still read as a work status
                  "returned to full duty", "returned from modified duty to full duty",
                  "RTW full time", "RTW full duty", "RTW'd", "RTW full-time"],
    "WORK_MODIFIED": ["modified duty", "light duty", "restricted duty", "modified work",
                      "modified-duty", "with restrictions", "returned to modified duty",
                      "modified job", "modified position", "light-duty job", "light duty job",
                      "modified-duty job", "alternative work", "transitional work"],
    "WORK_OFF": ["temporarily totally disabled", "temporary total disability", "TTD",
                 "totally disabled", "off work", "not working", "not currently working",
                 "unemployed", "retired", "remains off", "has not worked", "has not worked since",
                 "off work since", "has not returned to work"],
}  # fmt: skip

_REQUEST_CUES = re.compile(
    r"\b(request|requests|requested|requesting|asked for|asks for|treatment plan|"
    r"plan (?:includes|included|was|is)|recommend|recommends|recommended|prescribed|ordered|"
    r"proposed|would like|authori[sz]ation|non-?certified|denied by|RFA|will (?:start|begin)|"
    r"to (?:start|begin|continue|undergo)|referral|referred for)\b",
    re.IGNORECASE,
)
_HISTORY_CUES = re.compile(
    r"\b(to date|has had|have had|had had|completed|prior|previous|previously|in the past|"
    r"attended|underwent|participated|tried|failed|received|undergone|history of|so far|"
    r"already|status post)\b",
    re.IGNORECASE,
)
_COUNT_NEAR = re.compile(
    r"(?P<least>at least|over|more than|approximately|about|a total of|total of)?\s*"
    r"\(?(?P<num>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|twenty|twenty-four)\)?\s*(?:prior |previous |completed |authorized |approved |"
    r"certified |additional |total |sessions? of |visits? of )?"
    r"(?:[\w-]+\s){0,3}?(?:sessions?|visits?|treatments?)\b",
    re.IGNORECASE,
)
_X_COUNT = re.compile(r"\b(?:x|times)\s*(?P<num>\d{1,2})\b(?!\s*(?:weeks?|mg|/))", re.IGNORECASE)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
          "twenty": 20, "twenty-four": 24}  # fmt: skip

_AGE_SEX = re.compile(
    r"(?P<age>\d{1,3})[- ]?(?:year[- ]old|y/o|yo\b|y\.o\.)\s*(?:(?:right|left)[- ]handed\s+)?"
    r"(?P<sex>male|female|man|woman|gentleman|lady|M\b|F\b)",
    re.IGNORECASE,
)
_INJURY = re.compile(
    r"(?:industrial injury|injury|injured|date of injury|DOI)\s*(?:on|of|was|:)?\s*(?:on\s+)?"
    r"(?P<date>\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|[A-Z][a-z]+\.? \d{1,2},? \d{4})",
    re.IGNORECASE,
)
_INJURY_EVENT = re.compile(
    # 'injured his low back on 10/02/2013', 'was hurt on March 3, 2014 while lifting', 'fell
    # from a ladder on 11-05-2014', 'sustained a crush injury to the hand on 6/30/2013'
    r"\b(?i:injur\w*|hurt|fell|slipped|tripped|struck|crushed|twisted|sustained|accident|"
    r"incident|collision)\b[^.;\n]{0,80}?\b(?i:on)\s+"
    r"(?P<date>\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|[A-Z][a-z]+\.? \d{1,2},? \d{4})",
)
"""The injury event and its date with words between; only when no 'injury on' date is found."""
_DIAGNOSES = re.compile(
    r"(?:diagnosed (?:as having|with)|diagnoses (?:include|included|includes|are|were|of|"
    r"consist of)|diagnosis (?:is|was|of|includes)|diagnoses:|diagnosis:|assessment:)\s*"
    r"(?P<dx>[^.]+)",
    re.IGNORECASE,
)
_UR = re.compile(
    r"(?P<decision>non-?certified|denied|modified|not certified)\s+(?:by|per|in|at)\s+"
    r"(?:the\s+)?(?:Utilization Review|UR)(?:\s+(?:on|dated))?\s+(?P<date>[\w/,\- ]*?\d{4})",
    re.IGNORECASE,
)
_UR_REVERSED = re.compile(
    r"(?:Utilization Review|UR)(?: determination)?\s+(?:on|dated)\s+(?P<date>[\w/,\- ]*?\d{4})"
    r"[^.]*?(?P<decision>non-?certified|denied|modified|not certified)",
    re.IGNORECASE,
)
_UR_DATE = re.compile(
    r"(?:Utilization Review|\bUR\b)[^.]{0,80}?\b(?P<date>\d{1,2}[-/]\d{1,2}[-/]\d{2,4})",
    re.IGNORECASE,
)
"""A UR date in wording the two patterns above miss: the date alone is still worth having
(criteria time symptoms from the injury to the review)."""
_PLAN_SPAN = re.compile(
    r"(?:treatment plan (?:included|includes|was for|is for|consisted of)|plan (?:included|"
    r"includes)|requested|request(?:s|ed)? (?:for|authorization for)|recommended|"
    r"was prescribed|prescribed|RFA for)\s*:?\s*(?P<items>.+?)"
    r"(?:,?\s*(?:which (?:was|were) |that (?:was|were) |were |was |and (?:was|were) )?"
    r"(?:non-?certified|denied|modified|not certified|not authorized)\b|$)",
    re.IGNORECASE,
)


DOMAINS = (extract_medication, extract_procedures)
"""Domain extractors run after the general pass; each adds its own terms to the NLP pass."""


def extract_offline(text: str, rulebook: RuleBook | None = None) -> CaseFacts:
    """Read `text` (normalized case text) into CaseFacts; pure, no I/O."""
    rulebook = rulebook or load_rulebook()
    body_start, body = case_body(text)
    facts = CaseFacts()
    _demographics(body, body_start, facts)
    facts.diagnoses = _diagnoses(body)
    targets = {category.value: terms for category, terms in MODALITY_TERMS.items()}
    targets |= {"FI": FI_TERMS} | WORK_TERMS | rulebook.concepts()
    for domain in DOMAINS:
        targets |= domain.TERMS
    mentions = find_mentions(body, targets, offset=body_start)
    facts.treatment_history = _history(mentions, text)
    facts.functional_improvement = _case_functional_improvement(mentions, text)
    facts.work = _work_status(body, body_start, mentions)
    facts.findings = _findings(mentions, rulebook)
    facts.exam_findings = [
        s for s in sentences_of(body) if re.search(r"\bexam(?:ination)?\b", s, re.IGNORECASE)
    ]
    facts.complaints = next(
        (s for s in sentences_of(body) if re.search(r"complain|presents? with", s, re.I)), None
    )
    facts.medications = _medications(body)
    facts.utilization_review = _utilization_review(body, body_start)
    facts.body_regions = detect_regions(" ".join([*facts.diagnoses, facts.complaints or ""]))
    facts.requests = _requests(text, facts.body_regions)
    for domain in DOMAINS:
        domain.enrich(text, facts, mentions)
    return facts


def _evidence(text: str, start: int, end: int) -> Evidence:
    return Evidence(quote=text[start:end], start=start)


def _sentence_evidence(m: Mention) -> Evidence:
    return Evidence(quote=m.sentence, start=m.sentence_start)


def _demographics(body: str, offset: int, facts: CaseFacts) -> None:
    match = _AGE_SEX.search(body)
    if match:
        facts.age = int(match["age"])
        word = match["sex"].lower()
        facts.sex = Sex.FEMALE if word in {"female", "woman", "lady", "f"} else Sex.MALE
        facts.evidence.append(_evidence(body, match.start(), match.end()))
        facts.evidence[-1].start = match.start() + offset
    injury = _INJURY.search(body) or _INJURY_EVENT.search(body)
    if injury:
        facts.date_of_injury_text = injury["date"]
        facts.date_of_injury = parse_date(injury["date"])
        facts.evidence.append(Evidence(quote=injury.group(0), start=injury.start() + offset))


_NAMED_DIAGNOSES = re.compile(
    r"complex regional pain syndrome(?: type I{1,2}| type [12])?|\bCRPS\b(?: type I{1,2})?|"
    r"reflex sympathetic dystrophy",
    re.IGNORECASE,
)


def _diagnoses(body: str) -> list[str]:
    """Diagnoses as listed ('diagnosed as having ...'), plus named syndromes that change the
    visit allowance (CRPS) wherever the narrative states them."""
    found: list[str] = []
    for match in _DIAGNOSES.finditer(body):
        for part in re.split(r";|,\s*(?:and\s+)?|\s+and\s+(?=[a-z])", match["dx"]):
            part = part.strip(" .:")
            part = re.sub(r"^(?:and|with|having)\s+", "", part)
            if 2 < len(part) < 120 and part.lower() not in (d.lower() for d in found):
                found.append(part)
    for match in _NAMED_DIAGNOSES.finditer(body):
        if not any(match.group(0).lower() in d.lower() for d in found):
            found.append(match.group(0))
    return found


def _is_request_mention(sentence: str, start: int, end: int) -> bool:
    """A mention in a request or plan sentence is not history, unless its own clause says so."""
    if not _REQUEST_CUES.search(sentence):
        return False
    return not _HISTORY_CUES.search(_clause_around(sentence, start, end))


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The comma- or 'and'-delimited clause (outside parentheses) holding [start, end)."""
    depth, cuts = 0, [0]
    for i, ch in enumerate(sentence):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch in ",;":
            cuts.append(i + 1)
    for m in re.finditer(r"\s(?:and|with)\s", sentence):
        if sentence[: m.start()].count("(") == sentence[: m.start()].count(")"):
            cuts.append(m.start())
    for a, b in itertools.pairwise([*sorted(set(cuts)), len(sentence)]):
        if a <= start and end <= b:
            return sentence[a:b]
    return sentence


def _count_in(clause: str) -> tuple[int | None, bool]:
    match = _COUNT_NEAR.search(clause) or _X_COUNT.search(clause)
    if not match:
        return None, False
    raw = match["num"].lower()
    value = _WORDS.get(raw) or int(raw)
    least = bool(match.groupdict().get("least")) and match["least"].lower() in {
        "at least", "over", "more than"
    }  # fmt: skip
    return value, least


def _history(mentions: list[Mention], text: str) -> list[PriorTreatment]:
    """Prior courses by modality, with counts and objective functional response."""
    by_modality: dict[Category, PriorTreatment] = {}
    modality_values = {c.value for c in MODALITY_TERMS}
    fi_by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.label == "FI" and not m.hypothetical:
            fi_by_sentence.setdefault(m.sentence_start, []).append(m)
    for m in mentions:
        if m.label not in modality_values or m.hypothetical or m.family:
            continue
        sentence, local = m.sentence, m.start - m.sentence_start
        if _is_request_mention(sentence, local, local + len(m.text)):
            continue
        category = Category(m.label)
        record = by_modality.setdefault(category, PriorTreatment(modality=category))
        if m.negated:
            if record.evidence is None:
                record.none_documented = True
                record.evidence = _sentence_evidence(m)
            continue
        clause = _clause_around(sentence, local, local + len(m.text))
        count, least = _count_in(clause)
        if record.none_documented or record.evidence is None:
            record.none_documented = False
            record.evidence = Evidence(quote=clause.strip(" ,;"), start=None)
            record.evidence.start = _locate(text, record.evidence.quote, m.sentence_start)
        if count is not None and (record.sessions_completed or 0) < count:
            record.sessions_completed, record.at_least = count, least
            record.evidence = Evidence(
                quote=clause.strip(" ,;"),
                start=_locate(text, clause.strip(" ,;"), m.sentence_start),
            )
        for fi in fi_by_sentence.get(m.sentence_start, []):
            _apply_response(record, fi)
    return list(by_modality.values())


def _apply_response(record: PriorTreatment, fi: Mention) -> None:
    """A denial of improvement in the same sentence outweighs an assertion."""
    response = Response.NOT_IMPROVED if fi.negated else Response.IMPROVED
    if record.response == Response.NOT_IMPROVED and response == Response.IMPROVED:
        return
    record.response = response
    record.response_text = fi.sentence
    record.response_evidence = _sentence_evidence(fi)


def _locate(text: str, quote: str, near: int) -> int | None:
    index = text.find(quote, max(0, near - 5))
    return index if index >= 0 else (text.find(quote) if quote in text else None)


def _case_functional_improvement(mentions: list[Mention], text: str) -> FunctionalImprovement:
    """Case-level objective functional improvement: asserted, denied, or not mentioned."""
    fi = [m for m in mentions if m.label == "FI" and not m.hypothetical]
    denied = [m for m in fi if m.negated]
    asserted = [m for m in fi if not m.negated]
    if denied:
        return FunctionalImprovement(documented=False, evidence=_sentence_evidence(denied[0]))
    if asserted:
        return FunctionalImprovement(documented=True, evidence=_sentence_evidence(asserted[0]))
    return FunctionalImprovement()


def _work_status(body: str, offset: int, mentions: list[Mention]) -> Work:
    unknown = re.search(
        r"work status (?:was|is|has) (?:not|never) (?:been )?(?:documented|specified|noted|"
        r"reported|provided)|work status (?:is|was) unknown",
        body,
        re.IGNORECASE,
    )
    hours = [h for h in _WORKING_HOURS.finditer(body) if not _work_hedged(body, h.start())]
    for m in reversed(mentions):  # the latest statement is the current status
        if not m.label.startswith("WORK_") or m.hypothetical or _WORK_GOAL.search(
            m.sentence[: m.start - m.sentence_start]
        ):
            continue
        if hours and hours[-1].start() + offset > m.start:
            break
        if _WAS_BEFORE.search(m.sentence[: m.start - m.sentence_start]) and any(
            o is not m and o.label.startswith("WORK_") and o.sentence_start == m.sentence_start
            for o in mentions
        ):
            continue  # 'full duty since 09/2014 (was off work 2012-2014)': the earlier status
        status = {
            "WORK_FULL": WorkStatus.FULL_DUTY,
            "WORK_MODIFIED": WorkStatus.MODIFIED_DUTY,
            "WORK_OFF": WorkStatus.NOT_WORKING,
        }[m.label]
        if m.negated:
            if status != WorkStatus.FULL_DUTY:
                continue
            status = WorkStatus.NOT_WORKING
        return Work(status=status, evidence=_sentence_evidence(m))
    if hours:
        last = hours[-1]
        part = body[: last.start()].rfind(". ") + 2 if ". " in body[: last.start()] else 0
        end = body.find(". ", last.end())
        quote = body[part : end + 1 if end != -1 else len(body)].strip()
        evidence = Evidence(quote=quote, start=part + offset)
        return Work(status=_hours_status(last), evidence=evidence)
    if unknown:
        return Work(evidence=Evidence(quote=unknown.group(0), start=unknown.start() + offset))
    return Work()


_WAS_BEFORE = re.compile(r"\b(?:was|were|had been|previously|formerly)\s+$", re.I)
_WORK_GOAL = re.compile(
    r"\b(?:goals?|plans?|planned|hopes?|hoping|wants?|wishes|would like|aims?|aiming|expected|"
    r"anticipat\w*|intends?)\b",
    re.IGNORECASE,
)
"""'Goals were walking 20 minutes and returning to modified work': a target, not a status."""
_HOURS_NUMBER = (
    r"(?:\d{1,2}(?:\s*(?:-|to)\s*\d{1,2})?|one|two|three|four|five|six|eight|ten|twenty)"
)
_WORKING_HOURS = re.compile(
    r"\b(?:work(?:s|ed|ing)?|employed)\s+(?:(?:about|approximately|around|up to|roughly)\s+)?"
    rf"(?P<n>{_HOURS_NUMBER})\s+(?P<unit>hours?|hrs?|days?|shifts?)\s*(?:a|per|each|/)\s*"
    r"(?P<per>day|week|wk)\b|"
    r"\bwork(?:s|ed|ing)?\s+(?:\w+\s+)?(?P<shift>\d{1,2})[- ]?(?:hour|hr)\s+(?:shifts?|days?)\b|"
    r"\b(?:work(?:s|ed|ing)?|employed|job|position)\s+(?:\w+\s+){0,2}?part[- ]time\b|"
    r"\bpart[- ]time\s+(?:work|job|employment|position|hours)\b",
    re.IGNORECASE,
)
"""Reduced-hours work ('has worked 20 hours a week', 'works part-time'): working, on a restricted
schedule."""


def _hours_status(match: re.Match[str]) -> WorkStatus:
    """Full duty for a full schedule (8 hours a day, 40 a week, 5 days a week), else modified."""
    if match["shift"]:
        return WorkStatus.FULL_DUTY if int(match["shift"]) >= 8 else WorkStatus.MODIFIED_DUTY
    if not match["n"] or not match["n"].isdigit():
        return WorkStatus.MODIFIED_DUTY
    n, unit, per = int(match["n"]), match["unit"].lower(), match["per"].lower()
    full = {("h", "d"): 8, ("h", "w"): 40, ("d", "w"): 5, ("s", "w"): 5}.get((unit[0], per[0]))
    return WorkStatus.FULL_DUTY if full and n >= full else WorkStatus.MODIFIED_DUTY


def _work_hedged(body: str, start: int) -> bool:
    """A working-hours phrase that is denied or only a goal ('unable to work 4 hours a day')."""
    sentence_start = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start)) + 1
    lead = body[sentence_start:start]
    return bool(
        _WORK_GOAL.search(lead)
        or re.search(r"\b(?:not|n't|never|unable|cannot|no longer)\b[^,;]*$", lead, re.IGNORECASE)
    )


def _findings(mentions: list[Mention], rulebook: RuleBook) -> list[Finding]:
    """One finding per concept mention about the injured worker. A span is matched for one
    concept only, so each other concept whose term lies inside it ('neuropathy' in 'median
    neuropathy') is found there too. A planned mention documents only an intent concept, and
    a merely possible one only a concept that allows it."""
    concepts = rulebook.concepts()
    found = []
    for m in mentions:
        if m.label not in concepts or m.family:
            continue
        labels = [m.label] + [c for c in concepts if c != m.label and _inside(m.text, concepts[c])]
        labels = [
            c
            for c in labels
            if (not m.hypothetical or rulebook.documented_by_intent(c))
            and (not m.uncertain or rulebook.documented_by_possible(c))
        ]
        evidence = _sentence_evidence(m)
        found += [Finding(concept=c, present=not m.negated, evidence=evidence) for c in labels]
    return found


def _inside(text: str, terms: list[str]) -> bool:
    return bool(_whole_words(tuple(terms)).search(text))


@lru_cache(maxsize=512)
def _whole_words(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per concept: compiling a pattern per term and mention, for every
    case, thrashed the re module's cache and cost a third of a second a case."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_MEDICATION = re.compile(
    r"\b(Norco|hydrocodone(?:[/-]acetaminophen)?|oxycodone|Percocet|OxyContin|tramadol|Ultram|"
    r"cyclobenzaprine|Flexeril|Soma|carisoprodol|gabapentin|Neurontin|Lyrica|pregabalin|"
    r"omeprazole|Prilosec|pantoprazole|zolpidem|Ambien|naproxen|Naprosyn|Anaprox|ibuprofen|"
    r"Motrin|meloxicam|Mobic|Lidoderm|lidocaine|tizanidine|Zanaflex|baclofen|duloxetine|"
    r"Cymbalta|amitriptyline|methadone|morphine|fentanyl|Butrans|buprenorphine|diclofenac|"
    r"Voltaren|Celebrex|celecoxib|ketoprofen|flurbiprofen|capsaicin|alprazolam|Xanax|"
    r"diazepam|Valium|lorazepam|Ativan|clonazepam|Klonopin|trazodone|acetaminophen|Tylenol|"
    r"nortriptyline|venlafaxine|Effexor|topiramate|Topamax|Terocin|Menthoderm)\b",
    re.IGNORECASE,
)


def _medications(body: str) -> list[str]:
    seen: dict[str, str] = {}
    for match in _MEDICATION.finditer(body):
        seen.setdefault(match.group(0).lower(), match.group(0))
    return list(seen.values())


def _utilization_review(body: str, offset: int) -> UtilizationReview:
    match = _UR.search(body) or _UR_REVERSED.search(body)
    if not match:
        dated = _UR_DATE.search(body)  # 'Utilization Review non-certified both on 05-06-2015'
        if not dated:
            return UtilizationReview()
        evidence = Evidence(quote=dated.group(0), start=dated.start() + offset)
        return UtilizationReview(date=dated["date"], evidence=evidence)
    word = match["decision"].lower()
    decision = (
        "modified" if word == "modified" else "denied" if word == "denied" else "non-certified"
    )
    return UtilizationReview(
        decision=decision,
        date=match["date"].strip(" ,"),
        evidence=Evidence(quote=match.group(0), start=match.start() + offset),
    )


def _requests(text: str, regions: list[BodyRegion]) -> list:
    """Disputed items: a listed heading wins; otherwise the treatment plan sentence(s)."""
    default_region = regions[0] if regions else None
    listed = disputed_item_lines(text)
    if listed:
        return [parse_request(line, default_region=default_region, start=start)
                for start, line in listed]  # fmt: skip
    _, body = case_body(text)
    found = []
    for sentence in sentences_of(body):
        if not re.search(r"non-?certified|denied|modified|not certified|not authorized", sentence,
                         re.IGNORECASE):  # fmt: skip
            continue
        match = _PLAN_SPAN.search(sentence)
        if not match:
            continue
        for item in split_items(match["items"]):
            found.append(parse_request(item, default_region=default_region,
                                       start=text.find(item)))  # fmt: skip
    return found


def split_items(span: str) -> list[str]:
    """Split 'physical therapy for the cervical spine, 3x4, and chiropractic ..., 3x6' into items,
    verbatim: a piece that names no treatment (such as '3x4') belongs to the item before it."""
    bounds, last = [], 0
    for sep in re.finditer(r",\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+(?=\w)", span):
        bounds.append((last, sep.start()))
        last = sep.end()
    bounds.append((last, len(span)))
    items: list[list[int]] = []
    for start, end in bounds:
        piece = span[start:end]
        lead = re.match(r"(?:also|an?|the)\s+", piece, re.IGNORECASE)
        start += lead.end() if lead else 0
        if detect_category(span[start:end]) != Category.OTHER:
            items.append([start, end])
        elif items:
            items[-1][1] = end
    return [span[a:b].strip(" .") for a, b in items]

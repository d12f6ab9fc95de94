"""Offline extraction of medication facts: what the worker takes, since when, and how it works.

The medication rules decide on the "4 A's" of ongoing opioid management, urine drug screens, how
long a drug has been taken and which drugs were tried before. `enrich` reads them from the case
narrative, each with its sentence as evidence: the drugs here, the response in
`drafter.medication_response`, with negation from a medspaCy ConText pass over this domain's own
phrases (`drafter.medication_text`). It also completes medication requests from the case: the
directions a request heading leaves out, and where a topical product is to be applied.
"""

from __future__ import annotations

import datetime as dt
import re

from drafter import medication_response as response
from drafter.dates import parse_date
from drafter.medication_orders import (
    DrugMention,
    doses_per_day,
    find_drugs,
    parse_order,
)
from drafter.medication_text import (
    AFTER_NEGATION,
    DATES,
    HISTORY_CUE,
    OWN_TERMS,
    PAST_CUE,
    is_request,
    own_mentions,
    sentence_evidence,
    sentences,
    topical_kind,
)
from drafter.models import (
    BodyRegion,
    CaseFacts,
    Category,
    DocumentedFact,
    Evidence,
    Finding,
    MedicationHistory,
    MedicationOrder,
    MedicationUse,
    PainWithMedication,
    TreatmentRequest,
)
from drafter.nlp import Mention, find_mentions
from drafter.requests import detect_regions
from drafter.sections import case_body

GI_RISK = "gi_risk"
"""The PPI / H2-blocker rule's concept that a GI symptom found by pattern also documents."""
TERMS: dict[str, list[str]] = {}
"""Terms added to the shared NLP pass: none (this domain runs its own, see medication_text)."""

_CONTINUE_CUE = re.compile(
    r"\b(?:refills?|continued?|continuation|renew(?:al|ed)?)\b(?:\s+(?:of|the|his|her|with))*\s*$",
    re.IGNORECASE,
)
"""'refill of Norco', 'continued Neurontin': the words just before a drug name in a request."""
_CURRENT_CUE = re.compile(
    r"\b(?:currently|current medications?|continues|continuing|is taking|takes|taking|"
    r"maintained on|remains on|uses|using|on (?:his|her) current)\b",
    re.IGNORECASE,
)
_TAKEN_CUE = re.compile(
    r"\b(?:has (?:been )?(?:taken|taking|used|using|on)|have (?:been )?"
    r"(?:taken|used)|takes|taking|uses|using|has had)\s+(?:(?:the|his|her)\s+)?$",
    re.IGNORECASE,
)
"""'she has taken alprazolam for 3 weeks, and the provider plans to continue it': in a plan
sentence, a drug right after a verb of taking is a report of use, not the plan ('started' is
one only with a time ago: 'started alprazolam 3 weeks ago', not 'started sertraline #30')."""
_NO_EFFECT_WITH = re.compile(
    r"\b(?:no|not any|without)\s+(?:significant\s+|real\s+|further\s+|meaningful\s+)?"
    r"(?:improvement|relief|benefit|change|help|response|effect)\b[^.;]{0,50}?"
    r"\b(?:with|from|on)\s+(?:the\s+|his\s+|her\s+)?$",
    re.IGNORECASE,
)
"""'no improvement in depression with Paxil': the denial is of the effect; Paxil is taken."""
_COMPARED_BEFORE = re.compile(
    r"\b(?:compared (?:with|to)|versus|vs\.?|than|from)\b[^.;]{0,40}?\bpreviously\b|"
    r"\d+(?:\s*/\s*10)?\s+(?:\w+\s+)?previously\b",
    re.IGNORECASE,
)
"""'pain 8/10 now versus 9/10 previously', 'compared with 20 minutes previously': an earlier
measurement, not a drug taken in the past."""
_BEFORE_START = re.compile(
    r"\b(?:before|prior to)\s+(?:starting|initiating|beginning|commencing)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_YET = re.compile(
    r"\b(?:has|have|had)\s+not\s+yet\s+(?:started|taken|begun|tried|used|filled)\s+"
    r"(?:it|them|the medication)\b",
    re.IGNORECASE,
)
_NAIVE = re.compile(r"\s*-?\s*na[iï]ve\b", re.IGNORECASE)
_EPISODE_REFERENCE = re.compile(
    r"\b(?:since|after|following|before|until)\s+(?:the|his|her|that|this)\s+$", re.IGNORECASE
)
"""'since the tramadol', 'after the hydrocodone': the drug names a past episode, not a use."""
_STARTED = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:was|were|had been|has been)\s+(?:\w+\s+)?"
    r"(?:started|begun|added|initiated|introduced|prescribed)",
    re.IGNORECASE,
)
_FAILED_CUE = re.compile(
    r"\b(?:fail(?:ed|ure)?|ineffective|not effective|no relief|without (?:significant )?relief|"
    r"did not help|didn't help|not tolerated|intoleran\w*|no benefit|without benefit|"
    r"stopped due|discontinued due|did not tolerate|could not tolerate)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"(?:since |(?:added|started|begun|began|initiated|introduced|prescribed) "
    r"(?:in |on |during |at the )?)"
    r"(?:at least |about |approximately )?(?P<part>early |late |mid-?|(?:the )?(?:end|"
    r"beginning|start|middle) of )?"
    r"(?P<when>[A-Z][a-z]+\.? \d{1,2},? \d{4}|"
    r"[A-Z][a-z]+ \d{4}|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|\d{1,2}/\d{4}|(?:19|20)\d\d)\b(?!\s*mg)",
)
_SINCE_MONTH = re.compile(
    r"since (?:early |late |mid-?)?(?P<month>January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b(?!,? \d)",
)
_SINCE_INJURY = re.compile(
    r"since (?:the |his |her )?(?:date of )?(?:industrial )?(?:injury|accident)", re.IGNORECASE
)
_FOR_DURATION = re.compile(
    r"(?:(?:for|over) (?:at least |about |approximately |more than |over )?(?:the )?"
    r"(?:(?:past|last) )?|"
    # note shorthand: 'x 2 years', 'x2 yrs', '(x 6 months)'
    r"(?<![\w#])x\s*(?=\d))"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|several|many|a few|a couple of|a|an)?\s*"
    r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)\b",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"\b(?:started|began|begun|initiated|introduced|given|prescribed|added|first filled|"
    r"first fill|started on|began taking|started taking)\b[^.;]{0,40}?"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|"
    r"a couple of|a|an)\s+(?P<unit>days?|weeks?|wks?|months?|mos?)\s+ago\b",
    re.IGNORECASE,
)
"""'started alprazolam 3 weeks ago', 'was given cyclobenzaprine five days ago': use so far."""
_NEW_START = re.compile(
    r"\bnewly (?:prescribed|started|added|initiated)\b|"
    r"\b(?:started|initiated|prescribed|begun|added)\s+(?:at|on|during)\s+(?:this|today's|the "
    r"current|the (?:\d{1,2}[-/]\d{1,2}[-/]\d{2,4}) )\s*visit\b|"
    r"\b(?:started|initiated|prescribed|begun|added|introduced)\b[^.;]{0,40}?\b(?:on|at|during) "
    r"(?:this|that|today's|the current|(?:the|her|his) (?:initial|first)) "
    r"(?:visit|evaluation|consultation|appointment)\b|"
    r"\b(?:prescribed|started|initiated) today\b|\b(?:seen|evaluated) for the first time\b|"
    r"\b(?:the|this|her|his) (?:first|initial) (?:prescription|fill|trial)\b",
    re.IGNORECASE,
)
"""'newly prescribed', 'initiated at the 8-3-2015 visit', 'this is the initial prescription': a
drug started now, no weeks of use yet (a duration stated elsewhere is read first)."""
_LONG_TERM = re.compile(r"\b(?:long[- ]term|chronic(?:ally)?|for years|many years)\b", re.I)
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "many": 6,
    "a few": 3,
    "a couple of": 2,
    "a": 1,
    "an": 1,
}
_ORDER_LINE = re.compile(r"[^.;]{0,40}?#\s*\d+")
"""A drug written with a dispense quantity ('Norco 5/325 1 po q12h prn, #60') is an order being
written, not a report of use, unless the sentence reads as history or continuation."""
_STOPPED_AFTER = re.compile(
    r";\s*(?:then\s+|was\s+|were\s+|since\s+)?(?:discontinued|stopped|d/c'?d|ceased)\W*$", re.I
)
"""'Lyrica 75 mg BID, 02/2015: pedal edema after 2 weeks; discontinued': stopped, said last."""
_PARENTHESIS = re.compile(r"\([^()]*\)(?=\s*[,;])")
"""A parenthesis closing a list item ('cyclobenzaprine (discontinued for sedation), ...'): it
describes that item's drug ('(stopped) tramadol' describes tramadol and stays)."""
_IN_YEAR = re.compile(r"\b(?:in|during)\s+((?:19|20)\d\d)\b(?!\s*[-–]|\s+(?:to|through|until))")


def _earlier_year(clause: str, reference: dt.date | None) -> bool:
    """'(cyclobenzaprine x 2 weeks in 2013)' in a 2015 record: a use placed in an earlier year."""
    year = _IN_YEAR.search(clause)
    return bool(year and reference and int(year[1]) < reference.year)


_PLANNED_START = re.compile(
    r"\b(?:start\w*|begin\w*|initiat\w*|try|trial\w*|add\w*|prescrib\w*|switch\w*)\b[^.;]*$", re.I
)
"""In a planned clause, a drug about to be started ('plans to consider starting tramadol') is
not taken yet; one planned to be continued or increased ('hopes ... once the Cymbalta dose is
increased') is."""
_WEEKS_PER = {"day": 1 / 7, "week": 1.0, "month": 4.35, "year": 52.0}


def enrich(text: str, facts: CaseFacts, shared: list[Mention]) -> None:
    """Add the medication history and response to `facts`, and fill each medication request's
    missing directions from the history of the same drug."""
    body_start, body = case_body(text)
    mentions = find_mentions(body, OWN_TERMS, offset=body_start)
    reference = _reference_date(body)
    uses = _uses(body, body_start, mentions, reference, facts.date_of_injury)
    history = MedicationHistory(medications=uses)
    med_mentions = [m for m in own_mentions(mentions) if not m.hypothetical and not m.family]
    history.pain_reports = response.pain_reports(body, body_start)
    carried = response.carried_drugs(body, body_start)
    history.function_reports = response.benefit_reports(
        med_mentions, "MED_FUNCTION", poor_function=True, carried=carried
    )
    known = {r.evidence.start for r in history.function_reports if r.evidence}
    history.function_reports += response.function_changes(body, body_start, known)
    history.sleep_benefit = response.first_of(
        response.benefit_reports(med_mentions, "MED_SLEEP", carried=carried)
    )
    response.relief_denied(history, med_mentions)
    response.stated_no_change(body, body_start, history)
    history.pain = history.pain_reports[0] if history.pain_reports else PainWithMedication()
    history.functional_benefit = response.first_of(history.function_reports)
    history.side_effects = response.assessed_fact(med_mentions, "MED_SIDE_EFFECTS")
    tolerated = [m for m in med_mentions if m.label == "MED_TOLERATED" and not m.negated]
    if not history.side_effects.assessed and tolerated:
        history.side_effects = DocumentedFact(
            value=False, assessed=True, evidence=sentence_evidence(tolerated[0])
        )
    history.urine_drug_screens = response.urine_drug_screens(med_mentions)
    history.aberrant_behavior = response.aberrant_behavior(med_mentions, history.urine_drug_screens)
    facts.medication_history = history
    _negative_for(facts, shared)
    _denied_after(facts, shared)
    _local_steroids(facts, shared)
    _taper_plans(body, body_start, facts)
    _mood_scores(body, body_start, facts)
    asserted = {f.evidence.start for f in facts.findings if f.concept == GI_RISK and f.present}
    for evidence in response.gi_symptoms(body, body_start):
        if evidence.start not in asserted:
            facts.findings.append(Finding(concept=GI_RISK, present=True, evidence=evidence))
    for request in facts.requests:
        if request.category == Category.MEDICATION and request.medication is None:
            request.medication = parse_order(request.text)
        if request.medication is not None and request.medication.doses_per_day is None:
            _directions_from_case(request.medication, body, body_start)
        if request.medication is not None and request.medication.route == "topical":
            site = None if detect_regions(request.text) else _site_from_case(request, body)
            request.body_region = site or request.body_region


def _site_from_case(request: TreatmentRequest, body: str) -> BodyRegion | None:
    """Where a topical goes when its heading does not say: the body part right after the
    product in the case ('add a Flector patch #30 to the knee', 'the gel is to be applied to the
    right knee', 'topical diclofenac to the ankle'), or after 'treatment area:'. Plan sentences
    are read first; a denial before the product ('no cream for the back') is skipped."""
    order = request.medication
    if order is None:
        return None
    names = {order.generic, order.brand} | {i.generic for i in order.ingredients}
    names.discard(None)
    parts = sentences(body, 0)
    ordered = [p for p in parts if is_request(p[1])] + [p for p in parts if not is_request(p[1])]
    for _, sentence in ordered:
        ends = []
        drugs = find_drugs(sentence)
        for mention in drugs:
            entry = mention.drug or mention.product
            name = getattr(entry, "generic", None) or getattr(entry, "brand", None)
            if name in names:
                ends.append((mention.start, mention.end))
        ends += [(m.start(), m.end()) for m in _TOPICAL_REFERENCE.finditer(sentence)]
        ends += [(m.start(), m.end()) for m in _TREATMENT_AREA.finditer(sentence)]
        for begin, end in sorted(ends):
            if _REFERENCE_NEGATION.search(sentence[max(0, begin - 40) : begin]):
                continue
            after = re.split(r"[;]", sentence[end : end + 80], maxsplit=1)[0]
            regions = detect_regions(after)
            if regions:
                return regions[0]
    return None


_TREATMENT_AREA = re.compile(
    r"\b(?:treatment area|area to be treated|application site|site of application|"
    r"to be applied to|apply(?:ing)? (?:it |them )?to|applied to)\b",
    re.IGNORECASE,
)


def _directions_from_case(order: MedicationOrder, body: str, offset: int) -> None:
    """A request heading rarely gives directions ('Flexeril 10mg #20'); the plan sentence of the
    case often does ('prescribed Flexeril 10 mg three times a day #20'). Take them from the
    sentence naming the same drug, and keep that sentence as their evidence."""
    for start, sentence in sentences(body, offset):
        if not is_request(sentence):
            continue
        drugs = find_drugs(sentence)
        for i, mention in enumerate(drugs):
            same = mention.drug is not None and mention.drug.generic == order.generic
            if not same or order.generic is None:
                continue
            end = drugs[i + 1].start if i + 1 < len(drugs) else len(sentence)
            segment = sentence[mention.start : end]
            doses = doses_per_day(segment)
            if doses:
                found = parse_order(segment)
                order.doses_per_day = doses
                order.units_per_dose = order.units_per_dose or (
                    found.units_per_dose if found else None
                )
                order.directions = found.directions if found else None
                order.directions_evidence = Evidence(quote=sentence.strip(), start=start)
                return


_NEGATIVE_FOR = re.compile(
    r"(?:negative for|screen(?:ed|s)? negative for|ruled out|rules out|no evidence of)\s+"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


# A steroid given into a joint, bursa or the epidural space is a procedure, not the systemic
# corticosteroid use the guideline counts as a GI risk factor with an NSAID.
_STEROID = re.compile(
    r"\b(?:cortico)?steroids?\b|\b(?:methyl)?prednisolone\b|\bdexamethasone\b|\bMedrol\b", re.I
)
_LOCAL_AFTER = re.compile(
    r"^(?:[\s,/-]+(?:and|with|plus|[a-z]+caine|anesthetic|\d+\s*mg|mg)?)*\s*"
    r"(?:injections?|inj\b|shots?|blocks?|ESIs?\b|infiltrations?)",
    re.I,
)
_LOCAL_BEFORE = re.compile(
    r"\b(?:epidural|intra-?articular|subacromial|intrabursal|perineural|facet|trigger[- ]point|"
    r"injections?\s+of|injected\s+with|injected)\s+(?:[a-z]+\s+){0,2}$",
    re.I,
)


MOOD_BENEFIT = "antidepressant_mood_benefit"
_MOOD_SCORE = re.compile(
    # 'the PHQ-9 was 19 in 8-2014 and 9 in 2-2015', 'BDI-II 24 -> 15' (lower is better)
    r"\b(?:PHQ-?9|BDI(?:-II)?|Beck Depression Inventory(?:-II)?|HAM-?D|GAD-?7)\b(?:\s+score)?"
    r"\s*(?:was|of|:|=|from)?\s*(?P<a>\d{1,2})\b[^.;]{0,40}?\b(?:to|and|vs\.?|versus|now)?\s*"
    r"(?:->|→)?\s*(?:a\s+|was\s+|is\s+)?(?P<b>\d{1,2})\b(?!\s*(?:mg|/|%|-\d))",
    re.IGNORECASE,
)


_MOOD_SCORE_DROP = 5
"""Points a depression scale must fall to count as improved (about the PHQ-9's minimal
clinically important difference; a 29 -> 28 BDI-II is no change)."""


def _mood_scores(body: str, offset: int, facts: CaseFacts) -> None:
    """A depression scale that fell ('PHQ-9 was 19 in 8-2014 and 9 in 2-2015') is an improved
    mood: the antidepressant rules count psychological status among the measures of efficacy."""
    for start, sentence in sentences(body, offset):
        match = _MOOD_SCORE.search(sentence)
        if match and int(match["a"]) - int(match["b"]) >= _MOOD_SCORE_DROP:
            evidence = Evidence(quote=sentence.strip(), start=start)
            facts.findings.append(Finding(concept=MOOD_BENEFIT, present=True, evidence=evidence))
            return


TAPER_PLAN = "opioid_taper_plan"
_TAPER_PLAN = re.compile(
    # 'Plan OxyContin taper by ~25% q 4 wks', 'Agree with taper', 'continue the wean'
    r"\b(?:plan\w*|agree\w*|start\w*|begin\w*|continu\w*|initiat\w*|proceed\w*\s+with|"
    r"recommend\w*)\b[^.;]{0,30}?\b(?:taper|wean)(?:ing)?\b|"
    # 'begin reducing MS Contin ... then down by 15 mg per month', 'a plan to reduce oxymorphone
    # ER by about 25%', 'asked to come down on his medication'
    r"\b(?:begin|start)\w*\s+(?:reduc|decreas|lower)\w*\b|"
    r"\bplan\w*\s+to\s+(?:reduc|decreas|lower)\w*\s+(?:the\s+|his\s+|her\s+)?(?P<drug>[\w/-]+)|"
    r"\bcome\s+(?:down|off)\s+(?:on|of)\s+(?:the\s+|his\s+|her\s+)?(?:medications?|opioids?)\b|"
    r"\bthen\s+(?:down|reduc\w*|decreas\w*)\s+by\s+\d+\s*(?:mg|%|tablets?)|"
    r"\b(?:taper|wean)(?:ing)?\s+(?:\w+\s+){0,2}?by\s+(?:~|about\s+|approximately\s+)?\d+\s*%|"
    # 'a plan: decrease from three tablets a day to two ..., then one a day, then stop'
    r"\b(?:decreas|reduc|lower|cut|step)\w*\s+(?:down\s+)?(?:\w+\s+){0,3}?(?:from|to)\b[^.;]{0,160}?"
    r"\bthen\s+(?:stop|discontinue|off)\b",
    re.IGNORECASE,
)
_TAPER_DENIED = re.compile(
    r"\b(?:no|not|never|declin\w*|refus\w*|without|against|lacks?|absent)\b", re.IGNORECASE
)
_BY_REVIEW = re.compile(r"\butilization review\b|\bUR\b|\breviewer\b", re.IGNORECASE)


def _opioid_taper_sentence(sentence: str) -> bool:
    """A taper statement the weaning rule may use: not a reviewer's, and about an opioid (or no
    drug in particular) rather than, say, 'Xanax: taper plan discussed'."""
    if _BY_REVIEW.search(sentence):
        return False
    drugs = find_drugs(sentence)
    return not drugs or any(d.drug and "opioid" in d.drug.classes for d in drugs)


_DOSE_WORD = re.compile(r"(?:dose|dosage|opioids?|medications?|narcotics?)\b", re.IGNORECASE)


def _taper_plans(body: str, offset: int, facts: CaseFacts) -> None:
    """The treating physician's plan to taper ('Plan OxyContin taper by ~25% q 4 wks', 'Agree
    with taper'), as the weaning rule's concept; not a denial, nor a reviewer's recommendation,
    nor another drug's taper (a term-list finding is dropped on the same grounds)."""
    facts.findings = [
        f for f in facts.findings
        if f.concept != TAPER_PLAN or not f.present or _opioid_taper_sentence(f.evidence.quote)
    ]  # fmt: skip
    for start, sentence in sentences(body, offset):
        match = _TAPER_PLAN.search(sentence)
        if match is None or not _opioid_taper_sentence(sentence):
            continue
        if match["drug"] and not (find_drugs(match["drug"]) or _DOSE_WORD.match(match["drug"])):
            continue  # 'a plan to reduce weight' is no taper
        clause = re.split(r"[,;:]|\band\b", sentence[: match.start()])[-1]
        if _TAPER_DENIED.search(clause):
            continue
        evidence = Evidence(quote=sentence.strip(), start=start)
        facts.findings.append(Finding(concept=TAPER_PLAN, present=True, evidence=evidence))
        return


def _local_steroids(facts: CaseFacts, mentions: list[Mention]) -> None:
    """'A subacromial corticosteroid injection', 'an epidural steroid injection': drop the GI
    risk finding such a mention made. A steroid by mouth ('prednisone 10 mg daily') still counts."""
    for m in mentions:
        if m.label != GI_RISK or m.negated or m.hypothetical or not _STEROID.fullmatch(m.text):
            continue
        before = m.sentence[: m.start - m.sentence_start]
        after = m.sentence[m.end - m.sentence_start :]
        if not (_LOCAL_AFTER.match(after) or _LOCAL_BEFORE.search(before)):
            continue
        for finding in facts.findings:
            if (
                finding.concept == GI_RISK
                and finding.present
                and finding.evidence.start == m.sentence_start
            ):
                facts.findings.remove(finding)
                break


def _negative_for(facts: CaseFacts, mentions: list[Mention]) -> None:
    """'A psychological screen was negative for depression': a denial ConText's rules miss."""
    from drafter.rulebook import load_rulebook  # the rulebook imports this module's checks

    concepts = {
        label: {t.lower() for t in terms} for label, terms in load_rulebook().concepts().items()
    }
    for m in mentions:
        if m.negated or not _NEGATIVE_FOR.search(m.sentence[: m.start - m.sentence_start]):
            continue
        for finding in facts.findings:
            same_term = m.text.lower() in concepts.get(finding.concept, set())
            if same_term and finding.present and finding.evidence.start == m.sentence_start:
                finding.present = False


def _denied_after(facts: CaseFacts, mentions: list[Mention]) -> None:
    """'Risk of addiction was not assessed', 'aberrant behaviors: none': a denial after a
    medication rule's concept term, which ConText (reading denials before a term) lets through.
    Only the medication rules' concepts are read this way."""
    from drafter.rulebook import load_rulebook  # the rulebook imports this module's checks

    labels = {
        c.label
        for rule in load_rulebook().rules
        if rule.category == "Medications"
        for c in rule.concepts
    }
    for m in mentions:
        if m.negated or m.label not in labels:
            continue
        if not AFTER_NEGATION.match(m.sentence[m.end - m.sentence_start :]):
            continue
        for finding in facts.findings:
            if (
                finding.concept in labels
                and finding.present
                and finding.evidence.start == m.sentence_start
            ):
                finding.present = False


def _reference_date(body: str) -> dt.date | None:
    """The latest date in the narrative: 'since 2013' is measured up to it."""
    dates = [d for d in (parse_date(s) for s in DATES.findall(body)) if d is not None]
    return max(dates) if dates else None


def _uses(
    body: str,
    offset: int,
    mentions: list[Mention],
    reference: dt.date | None,
    injury: dt.date | None,
) -> list[MedicationUse]:
    own = own_mentions(mentions)
    negated = [(m.start, m.end) for m in own if m.negated and m.label == "MED_DRUG"]
    relatives = [(m.start, m.end) for m in own if m.family and m.label == "MED_DRUG"]
    planned = [(m.start, m.end) for m in own if m.hypothetical and m.label == "MED_DRUG"]
    uses: dict[str, MedicationUse] = {}
    for start, sentence in sentences(body, offset):
        drugs = find_drugs(sentence)
        for i, mention in enumerate(drugs):
            entry = mention.drug
            generic = entry.generic if entry else (mention.product.brand if mention.product else "")
            classes = entry.classes if entry else ["topical"]
            absolute = start + mention.start
            lead = sentence[max(0, mention.start - 80) : mention.start]
            if any(a <= absolute < b for a, b in negated) and not _NO_EFFECT_WITH.search(lead):
                continue
            if any(a <= absolute < b for a, b in relatives):
                continue  # 'her husband takes Lyrica': not the injured worker's use
            if any(a <= absolute < b for a, b in planned) and _PLANNED_START.search(lead[-40:]):
                continue  # 'plans to consider starting tramadol': not taken yet
            segment_end = drugs[i + 1].start if i + 1 < len(drugs) else len(sentence)
            segment = sentence[mention.start : segment_end]
            # 'naproxen 500 mg twice a day; she stopped hydrocodone': the next clause is not its own
            clause = segment.split(";", 1)[0]
            clause = _COMPARED_BEFORE.sub(" ", clause)
            failed = bool(_FAILED_CUE.search(lead[-40:] + clause))
            after_name = segment[len(mention.text) :]
            if _NAIVE.match(after_name):
                continue  # 'zolpidem naive': never taken
            if _BEFORE_START.search(lead):
                continue  # 'before starting Norco, baseline function was recorded': not yet taken
            if _NOT_YET.search(sentence[mention.start :]):
                continue  # 'gabapentin was prescribed today; she has not yet taken it'
            if _ORDER_LINE.match(after_name) and not (
                HISTORY_CUE.search(sentence) or _CONTINUE_CUE.search(lead[-40:])
            ):
                continue  # 'Norco 5/325 1 po q12h prn, #60, reassess in 4 weeks': a prescription
            own_clause = _clause_at(sentence, mention.start)
            if (
                is_request(sentence)
                and (is_request(own_clause) or not HISTORY_CUE.search(own_clause))
                and not _TAKEN_CUE.search(lead[-40:])
                and not _AGO.search(lead[-40:] + clause)
            ):
                if not _CONTINUE_CUE.search(lead[-40:]):
                    continue
                current = True
            else:
                past = (
                    # (a parenthesis that closes an earlier list item describes its drug)
                    PAST_CUE.search(_PARENTHESIS.sub(" ", lead) + clause)
                    or failed
                    or _earlier_year(clause, reference)
                    or _STOPPED_AFTER.search(segment)
                )
                current = not (past and not _CURRENT_CUE.search(lead))
                if _EPISODE_REFERENCE.search(lead) and not _STARTED.match(after_name):
                    current = False  # 'no prescriptions since the tramadol': a past episode
            use = MedicationUse(
                name=mention.text,
                generic=generic,
                drug_classes=classes,
                current=current,
                failed=failed,
                evidence=Evidence(quote=sentence.strip(), start=start),
                **_dose(segment, mention),
                **_duration(segment, sentence if len(drugs) == 1 else segment, reference, injury),
            )
            uses[generic] = _merge(uses.get(generic), use)
        for use in _topical_references(sentence, start, drugs, reference, injury):
            key = f"topical reference: {use.name}"
            uses[key] = _merge(uses.get(key), use)
    return list(uses.values())


_TOPICAL_REFERENCE = re.compile(
    r"(?:\b(?P<det>the|her|his|this|these|its|a|an)\s+)?"
    r"(?P<mods>(?:(?:compound(?:ed)?|topical|lidocaine|analgesic|anti-inflammatory|NSAID|pain|"
    r"medicated)\s+)*)"
    r"(?P<form>creams?|gels?|ointments?|lotions?|patch(?:es)?|compound|"
    r"topical(?:\s+(?:use|therapy|treatment|medications?|analgesics?|products?))?)\b",
    re.IGNORECASE,
)
"""'the compounded cream', 'the patch', 'topical compound', 'continued topical use': a topical
product named by its form, not by a drug ('Lidoderm patch' and 'Voltaren gel' are drugs)."""
_REFERENCE_NEGATION = re.compile(
    r"\b(?:no|not|never|without|denies|denied|declined|instead of|rather than)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_NAMED_PRODUCT_GAP = re.compile(r"[\s\d.%/]*(?:mcg|mg|hr|hour|h)?[\s\d.%/]*", re.IGNORECASE)


def _topical_references(
    sentence: str,
    start: int,
    drugs: list[DrugMention],
    reference: dt.date | None,
    injury: dt.date | None,
) -> list[MedicationUse]:
    """Uses of a topical product the sentence names only by its form. Requests are skipped
    unless they continue it, as for named drugs; a denial right before it ('no cream') is none."""
    if is_request(sentence) and not re.search(r"\bcontinu|\brefill", sentence, re.I):
        return []
    found = []
    for match in _TOPICAL_REFERENCE.finditer(sentence):
        form = match["form"].lower()
        if not (match["det"] or match["mods"] or " " in form):
            continue
        if form == "topical" and not match["det"]:
            continue
        named = any(
            m.start <= match.start("form") < m.end
            or (0 <= match.start() - m.end <= 20
                and _NAMED_PRODUCT_GAP.fullmatch(sentence[m.end : match.start()]))
            for m in drugs
        )
        lead = sentence[max(0, match.start() - 80) : match.start()]
        if named or _REFERENCE_NEGATION.search(lead):
            continue
        clause = re.split(r"[;.]", sentence[match.end() :], maxsplit=1)[0]
        clause = _COMPARED_BEFORE.sub(" ", clause)
        failed = bool(_FAILED_CUE.search(lead[-40:] + clause))
        past = PAST_CUE.search(lead + clause) or failed
        kind = topical_kind(form)
        found.append(
            MedicationUse(
                name=f"topical {kind}",
                generic=None,
                drug_classes=["topical"],
                current=not (past and not _CURRENT_CUE.search(lead)),
                failed=failed,
                evidence=Evidence(quote=sentence.strip(), start=start),
                **_duration(sentence[match.start() :], sentence, reference, injury),
            )
        )
    return found


def _clause_at(sentence: str, position: int) -> str:
    """The ';'-clause of a sentence holding `position`: in 'Flexeril was first prescribed on
    1-12-2015; the current request is for continuation', the request is the other clause."""
    start = sentence.rfind(";", 0, position) + 1
    end = sentence.find(";", position)
    return sentence[start : end if end >= 0 else len(sentence)]


def _dose(segment: str, mention: DrugMention) -> dict:
    strength = re.match(
        r"\s*(?:\w+\s+){0,2}?(?P<n>\d+(?:\.\d+)?)(?:\s*/\s*\d+)*\s*(?:mg|mcg)",
        segment[len(mention.text) :],
        re.I,
    )
    return {
        "strength_mg": float(strength["n"]) if strength else None,
        "doses_per_day": doses_per_day(segment),
    }


def _duration(
    segment: str, sentence: str, reference: dt.date | None, injury: dt.date | None = None
) -> dict:
    since_injury = _SINCE_INJURY.search(segment)
    if since_injury and injury and reference and reference > injury:
        return {"since_text": since_injury.group(0), "weeks_of_use": (reference - injury).days / 7}
    month = _SINCE_MONTH.search(segment)
    if month and reference:
        year = reference.year
        began = parse_date(f"{month['month']} 1, {year}")
        if began and began > reference:
            began = parse_date(f"{month['month']} 1, {year - 1}")
        if began:
            return {"since_text": month.group(0), "weeks_of_use": (reference - began).days / 7}
    ago = _AGO.search(segment) or _AGO.search(sentence)
    if ago:
        n = _WORDS.get(ago["n"].lower()) or float(ago["n"])
        unit = ago["unit"].lower().rstrip("s")
        unit = {"wk": "week", "mo": "month", "yr": "year"}.get(unit, unit)
        return {"since_text": ago.group(0), "weeks_of_use": n * _WEEKS_PER[unit]}
    since = _SINCE.search(segment) or _SINCE.search(sentence)
    if since:
        year = reference.year if reference else None
        began = _since_date(since["when"], since["part"] or "", year)
        # started on the latest date of the records: a new start, no weeks of use yet
        weeks = (reference - began).days / 7 if began and reference and reference >= began else None
        text = since.group(0)
        if not text.lower().startswith("since"):  # 'added in 2013' reads 'since 2013'
            text = f"since {since['part'] or ''}{since['when']}"
        return {"since_text": text, "weeks_of_use": weeks}
    span = _FOR_DURATION.search(segment) or _FOR_DURATION.search(sentence)
    if span:
        bare = (
            "several" if span["unit"].lower().endswith("s") else "a"
        )  # 'for months', 'for a year'
        n = _WORDS.get((span["n"] or bare).lower()) or float(span["n"])
        unit = span["unit"].lower().rstrip("s")
        unit = {"wk": "week", "mo": "month", "yr": "year"}.get(unit, unit)
        return {"since_text": span.group(0), "weeks_of_use": n * _WEEKS_PER[unit]}
    new_start = _NEW_START.search(segment) or _NEW_START.search(sentence)
    if new_start:
        return {"since_text": new_start.group(0), "weeks_of_use": 0.0}
    long_term = _LONG_TERM.search(segment)
    if long_term:
        return {"since_text": long_term.group(0), "weeks_of_use": None}
    return {}


def _since_date(when: str, part: str = "", reference_year: int | None = None) -> dt.date | None:
    """When 'since <when>' began: 'early 2014' from January, 'mid-2014' from July, and a bare
    year from its middle (July), the reading a reviewer gives 'since 2014' in a 2015 note
    (months of use, not two weeks). A bare year that is the note's own year counts from its
    last day, so no duration is read from it."""
    exact = parse_date(when)
    if exact:
        return exact
    year = re.search(r"\d{4}", when)
    if not year:
        return None
    month = re.match(r"(\d{1,2})/\d{4}$", when) or re.match(r"([A-Z][a-z]+)", when)
    if month and month[1].isdigit():
        return dt.date(int(year[0]), int(month[1]), 28)
    if month:
        named = parse_date(f"{month[1]} 28, {year[0]}")
        if named:
            return named
    if re.match(r"early|(?:the )?(?:beginning|start)", part):
        return dt.date(int(year[0]), 1, 1)
    if re.match(r"mid|(?:the )?middle", part):
        return dt.date(int(year[0]), 7, 1)
    if not part and reference_year is not None and int(year[0]) < reference_year:
        return dt.date(int(year[0]), 7, 1)
    return dt.date(int(year[0]), 12, 31)


def _merge(old: MedicationUse | None, new: MedicationUse) -> MedicationUse:
    if old is None:
        return new
    return old.model_copy(
        update={
            "current": old.current or new.current,
            "failed": old.failed or new.failed,
            "strength_mg": old.strength_mg or new.strength_mg,
            "doses_per_day": old.doses_per_day or new.doses_per_day,
            "since_text": old.since_text or new.since_text,
            "weeks_of_use": max(
                (w for w in (old.weeks_of_use, new.weeks_of_use) if w is not None), default=None
            ),
        }
    )


# --- the 4 A's and screens ------------------------------------------------------------------------

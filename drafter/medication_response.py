"""How the worker responds to medication, read from case text: pain with and without it, function
and sleep on it, side effects, urine drug screens and aberrant behaviour (the "4 A's" and their
monitoring). Each fact keeps its sentence as evidence."""

from __future__ import annotations

import re

from drafter.medication_orders import find_drugs
from drafter.medication_text import (
    DATES,
    MED_CONTEXT,
    NOT_ASSESSED,
    PAST_CUE,
    is_request,
    sentence_evidence,
    sentences,
)
from drafter.models import (
    DocumentedFact,
    Evidence,
    MedicationHistory,
    PainWithMedication,
    UrineDrugScreen,
)
from drafter.nlp import Mention

_POOR_FUNCTION = re.compile(
    r"\b(?:difficult|difficulty|unable|limited|limitations?|worse|worsening|declin|decreased "
    r"function|despite)\w*",
    re.IGNORECASE,
)


_SCORE = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:/|out of)\s*10\b|"
    # 'VAS 8 without medications', 'NRS: 4 with them' (a bare number after a named pain scale)
    r"(?<![\w/])(?:VAS|NRS|pain (?:score|level|rating))\s*(?:of|is|was|=|:)?\s*"
    r"(?P<m>10|\d(?:\.\d+)?)(?![\d/.%])|"
    # '8 without medications and 4 with medications' (a bare number before with/without meds)
    r"(?<![\w/.])(?P<k>10|\d(?:\.\d+)?)(?=\s+(?:with|without|w/o|w/|on|off)\s*"
    r"(?:the\s+|his\s+|her\s+|all\s+|any\s+)?(?:pain\s+)?(?:medications?|meds)\b)"
)


_FROM_TO = re.compile(
    r"(?P<a2>10|\d(?:\.\d+)?)\s*/\s*10\b[^.;]{0,40}?\b(?:decreas|reduc|drop|improv|go|come|"
    r"fall|lower)\w*\s+(?:down\s+)?to\s+(?:a\s+|an\s+)?(?P<b2>10|\d(?:\.\d+)?)\s*/\s*10|"
    r"from (?:a |an )?(?P<a>10|\d(?:\.\d+)?)\s*(?:/\s*10)?\s*(?:to|down to)\s*(?:a |an )?"
    r"(?P<b>10|\d(?:\.\d+)?)(?:\s*/\s*10)?(?![\d/]|\.\d)|"
    # '7/10 before amitriptyline, is now 4-5/10' (a range counts at its higher end)
    r"(?P<a3>10|\d(?:\.\d+)?)\s*/\s*10\s+(?:before|prior to|pre-?)\b[^.;]{0,60}?\bnow\s+"
    r"(?:rated\s+|at\s+|about\s+|around\s+)?(?:a\s+)?(?:\d(?:\.\d+)?\s*(?:-|to)\s*)?"
    r"(?P<b3>10|\d(?:\.\d+)?)\s*/\s*10|"
    # 'brings the pain down to 4/10 from 8/10'
    r"\bto\s+(?:a\s+|an\s+)?(?P<b5>10|\d(?:\.\d+)?)\s*/\s*10\s+from\s+(?:a\s+|an\s+)?"
    r"(?P<a5>10|\d(?:\.\d+)?)\s*(?:/\s*10)?|"
    # '8/10 -> 4/10 with medications', '9/10 → 5/10'
    r"(?P<a4>10|\d(?:\.\d+)?)\s*/\s*10\s*(?:-+>|→|=>)\s*(?P<b4>10|\d(?:\.\d+)?)\s*/\s*10",
    re.IGNORECASE,
)


def _first(match: re.Match[str], side: str) -> str:
    """The 'from' (a) or 'to' (b) score of whichever _FROM_TO alternative matched."""
    return next(v for k, v in match.groupdict().items() if v and re.fullmatch(f"{side}\\d?", k))


_PERCENT_RELIEF = re.compile(
    r"(?P<a>\d+)(?:\s*(?:-|to)\s*\d+)?\s*(?:%|percent)\s*(?:of\s+)?(?:pain\s+)?"
    r"(?:relief|reduction|improvement|decrease|less pain|better)|"
    r"(?:relief|reduction|improvement|decrease)\s+(?:in\s+(?:his\s+|her\s+)?pain\s+)?"
    r"(?:of|by)\s+(?P<b>\d+)(?:\s*(?:-|to)\s*\d+)?\s*(?:%|percent)|"
    r"(?P<half>(?:by|in) (?:about |roughly |approximately )?half)|"
    r"(?:decreas|reduc|improv|lower|cut|reliev|drop)\w*\s+(?:\w+\s+){0,4}?by\s+(?:about |"
    r"approximately |roughly |around |over |more than |nearly )?(?P<c>\d+)(?:\s*(?:-|to)\s*\d+)?"
    r"\s*(?:%|percent)",
    re.IGNORECASE,
)


_INCONSISTENT = re.compile(
    r"inconsisten|unexpected|not consistent|"
    r"(?<!negative for )(?<!no )(?<!without )(?<!free of )(?<!absence of )(?<!denies )"
    r"(?:non-?prescribed|not prescribed)|"
    r"(?<!no )(?<!negative for )(?<!without )(?<!free of )illicit|"
    r"positive for (?:\w+ )?(?:methamphetamine|amphetamines?|cocaine|marijuana|THC|cannabis|"
    r"cannabinoids|heroin|alcohol|PCP)|negative for (?:his |her |the )?prescribed",
    re.IGNORECASE,
)


_CONSISTENT = re.compile(
    r"consistent|appropriate|compliant|\bexpected|negative|no illicit|unremarkable|"
    r"only (?:the |his |her )?prescribed|no non-?prescribed|"
    r"as prescribed|only for (?:his |her |the )?prescribed|positive only for|only positive for",
    re.IGNORECASE,
)


_BASELINE = re.compile(
    r"\b(?:without|off|w/o|w/out|before|prior to|pre-?)\s*(?:any\s+|all\s+|his\s+|her\s+|the\s+)?"
    r"(?:pain\s+)?(?:medications?|meds|medicines?|analgesics?)\b",
    re.IGNORECASE,
)


def drugs_named(sentence: str) -> list[str]:
    """Generic (or product) names of the drugs a sentence names: whom a report is about. A
    sentence that also speaks of 'her medications' is about them all (empty list), unless the
    medications are named only as the baseline ('7/10 without medication and 3/10 with
    tramadol' is about tramadol)."""
    if MED_CONTEXT.search(_BASELINE.sub(" ", sentence)):
        return []
    names = []
    for mention in find_drugs(sentence):
        name = mention.drug.generic if mention.drug else getattr(mention.product, "brand", None)
        if name and name not in names:
            names.append(name)
    return names


def pain_reports(body: str, offset: int) -> list[PainWithMedication]:
    """Every report of pain with and without medication ('8/10 without and 4/10 with
    medication', 'from 8/10 to 4/10 with Norco') or of a percent relief, naming its drugs."""
    reports = []
    previous: list[str] = []
    for start, sentence in sentences(body, offset):
        carried = previous
        previous = [] if is_request(sentence) else drugs_named(sentence)
        if not (MED_CONTEXT.search(sentence) or find_drugs(sentence)):
            carried_report = _carried_change(sentence, carried)
            if carried_report is not None:
                carried_report.evidence = Evidence(quote=sentence.strip(), start=start)
                reports.append(carried_report)
            continue
        pain = PainWithMedication()
        from_to = _FROM_TO.search(sentence)
        if from_to and re.search(r"\bpain\b|\bVAS\b|/10", sentence, re.I):
            a = _first(from_to, "a")
            b = _first(from_to, "b")
            pain.without_medication, pain.with_medication = float(a), float(b)
        else:
            _scores_with_without(sentence, pain)
        percent = _PERCENT_RELIEF.search(sentence)
        if percent:
            value = percent["a"] or percent["b"] or percent["c"]
            pain.percent_relief = 50.0 if percent["half"] else float(value)
        if pain.percent_relief is not None or (
            pain.with_medication is not None and pain.without_medication is not None
        ):
            pain.evidence = Evidence(quote=sentence.strip(), start=start)
            pain.drugs = drugs_named(sentence)
            reports.append(pain)
    return reports


_WITHOUT = (
    r"(?:(?:without|off|w/o|w/out|wo|pre-?medications?|before (?:medications?|meds))(?![\w/]))"
)
_WITH = r"(?:(?:with|on|while on|after|post-?medications?)(?![\w/])|w/(?!o\b|out\b))"
"""'9/10 w/o meds and 5/10 w/ meds', 'pre-medication 8/10, post-medication 4/10'."""
_WORDS_BETWEEN = r"(?:(?!and\b|but\b)\w+\s+){0,3}?"
"""Up to three words between a score and its 'with'/'without', not across 'and' or 'but'."""


_OTHER_TREATMENT = re.compile(
    r"\b(?:therapy|PT|injections?|ESI|blocks?|ablation|surgery|surgical|acupuncture|"
    r"chiropractic|manipulation|massage|TENS|program|brace|rest)\b",
    re.IGNORECASE,
)


def _carried_change(sentence: str, drugs: list[str]) -> PainWithMedication | None:
    """'Duloxetine was started in 10-2014. At the next visit her pain had decreased from 8/10 to
    5/10.': a pain change in the sentence right after one about a drug, naming no drug, no
    medication and no other treatment, speaks of that drug."""
    if not drugs or _OTHER_TREATMENT.search(sentence) or is_request(sentence):
        return None
    if PAST_CUE.search(sentence) or not re.search(r"\bpain\b|\bVAS\b|\bNRS\b", sentence, re.I):
        return None
    pain = PainWithMedication(drugs=list(drugs))
    from_to = _FROM_TO.search(sentence)
    percent = _PERCENT_RELIEF.search(sentence)
    if from_to:
        a = _first(from_to, "a")
        b = _first(from_to, "b")
        if float(b) >= float(a):
            return None  # 'increased from 5/10 to 8/10' is no relief report
        pain.without_medication, pain.with_medication = float(a), float(b)
    elif percent:
        value = percent["a"] or percent["b"] or percent["c"]
        pain.percent_relief = 50.0 if percent["half"] else float(value)
    else:
        return None
    return pain


def _scores_with_without(sentence: str, pain: PainWithMedication) -> None:
    scores = list(_SCORE.finditer(sentence))
    for i, score in enumerate(scores):
        after_end = scores[i + 1].start() if i + 1 < len(scores) else len(sentence)
        after = sentence[score.end() : min(after_end, score.end() + 45)]
        before_start = scores[i - 1].end() if i else 0
        before = sentence[max(before_start, score.start() - 45) : score.start()]
        value = float(score["n"] or score["m"] or score["k"])
        if re.match(r"\s*(?:both\s+)?(?:with\s+(?:and|or)\s+without|without\s+(?:and|or)\s+with)"
                    r"\b", after, re.I):  # '9/10 with and without medications': no relief
            pain.without_medication = pain.with_medication = value
            continue
        if re.match(rf"\s*{_WORDS_BETWEEN}{_WITHOUT}", after, re.I):
            pain.without_medication = value
        elif re.match(rf"\s*{_WORDS_BETWEEN}{_WITH}", after, re.I):
            pain.with_medication = value
        else:
            last = list(re.finditer(rf"(?<![\w/])({_WITHOUT}|{_WITH})", before, re.I))
            if last and re.fullmatch(_WITHOUT, last[-1].group(1), re.I):
                pain.without_medication = value
            elif last:
                pain.with_medication = value


def _in_med_context(m: Mention) -> bool:
    return bool(MED_CONTEXT.search(m.sentence) or find_drugs(m.sentence))


def benefit_reports(
    mentions: list[Mention], label: str, poor_function: bool = False
) -> list[DocumentedFact]:
    """Every statement that a medication improves (true) or does not improve (false) function or
    sleep, one per sentence, naming its drugs."""
    reports: dict[int, DocumentedFact] = {}
    for m in mentions:
        if m.label != label or not _in_med_context(m) or is_request(m.sentence):
            continue
        if m.negated:
            if NOT_ASSESSED.search(m.sentence):
                continue
            value = False
        else:
            local = m.start - m.sentence_start
            if poor_function and _POOR_FUNCTION.search(m.sentence[max(0, local - 40) : local]):
                continue
            value = True
        old = reports.get(m.sentence_start)
        if old is None or (old.value and not value):  # a denial in the sentence outweighs
            reports[m.sentence_start] = DocumentedFact(
                value=value, assessed=True, drugs=drugs_named(m.sentence),
                evidence=sentence_evidence(m),
            )  # fmt: skip
    return list(reports.values())


def first_of(reports: list[DocumentedFact]) -> DocumentedFact:
    """The single summary fact: a denial if there is one, else the first assertion."""
    return next((r for r in reports if r.value is False), reports[0] if reports else
                DocumentedFact())  # fmt: skip


_NO_CHANGE = re.compile(
    r"\bno (?:significant |meaningful |real |appreciable )?(?:change|improvement|benefit|relief|"
    r"difference)\b|\b(?:has|have|had|did|does|do) not (?:helped|help|improved|changed)|"
    r"\bnot (?:helping|effective|working)\b|\bineffective\b|\bwithout (?:significant |any )?"
    r"(?:benefit|relief|improvement)",
    re.IGNORECASE,
)


_FUNCTION_WORDS = re.compile(r"\bfunction|\bactivit|\bADLs?\b|tolerance|\bwork", re.I)


def stated_no_change(body: str, offset: int, history: MedicationHistory) -> None:
    """'No change in his pain level or activity tolerance since Cymbalta was started': a stated
    lack of benefit from a medication, added to the pain and function reports."""
    for start, sentence in sentences(body, offset):
        if not (find_drugs(sentence) or MED_CONTEXT.search(sentence)):
            continue
        if is_request(sentence) or NOT_ASSESSED.search(sentence) or PAST_CUE.search(sentence):
            continue  # a failed past trial says nothing of the current regimen
        match = _NO_CHANGE.search(sentence)
        if not match:
            continue
        tail = sentence[match.start() :]
        evidence = Evidence(quote=sentence.strip(), start=start)
        drugs = drugs_named(sentence)
        reported = {r.evidence.start for r in history.pain_reports if r.evidence}
        if re.search(r"\bpain|relief|benefit|help|effective", tail, re.I) and (
            start not in reported
        ):
            history.pain_reports.append(
                PainWithMedication(relief_denied=True, drugs=drugs, evidence=evidence)
            )
        if _FUNCTION_WORDS.search(tail):
            history.function_reports.append(
                DocumentedFact(value=False, assessed=True, drugs=drugs, evidence=evidence)
            )


def relief_denied(history: MedicationHistory, mentions: list[Mention]) -> None:
    """'Without significant relief from medications': a denial of relief, as a pain report."""
    reported = {r.evidence.start for r in history.pain_reports if r.evidence}
    for m in mentions:
        relief = m.label == "MED_RELIEF" and m.negated and _in_med_context(m)
        relief = relief and not PAST_CUE.search(m.sentence) and m.sentence_start not in reported
        if relief and not NOT_ASSESSED.search(m.sentence):
            reported.add(m.sentence_start)
            history.pain_reports.append(
                PainWithMedication(relief_denied=True, drugs=drugs_named(m.sentence),
                                   evidence=sentence_evidence(m))
            )  # fmt: skip


def assessed_fact(mentions: list[Mention], label: str) -> DocumentedFact:
    """Present (true), assessed and denied (false), or not assessed (null)."""
    denied: DocumentedFact | None = None
    for m in mentions:
        if m.label != label or is_request(m.sentence):
            continue
        if not m.negated:
            return DocumentedFact(value=True, assessed=True, evidence=sentence_evidence(m))
        if denied is None and not NOT_ASSESSED.search(m.sentence):
            denied = DocumentedFact(value=False, assessed=True, evidence=sentence_evidence(m))
    return denied or DocumentedFact()


_RESULT_WORDS = r"(?:consistent|inconsistent|appropriate|positive|negative|normal|compliant)"
_RESULT_REPORTED = re.compile(rf"\b(?:was|were|is|came back)\s+(?:\w+\s+)?{_RESULT_WORDS}", re.I)
_RESULT_NEXT = re.compile(rf"\W*(?:[\w/-]+\W+){{0,2}}?:?\s*{_RESULT_WORDS}\b", re.I)
"""'UDS 09/15/2015 appropriate': a result right after the screen, in note shorthand."""


_RESULT_GLOSS = re.compile(
    r"\s*(?:which (?:was|is) |this (?:was|is) )?(?:consistent|inconsistent|appropriate|"
    r"as expected|not consistent)\b",
    re.IGNORECASE,
)


def urine_drug_screens(mentions: list[Mention]) -> list[UrineDrugScreen]:
    screens: list[UrineDrugScreen] = []
    seen: set[int] = set()
    for m in mentions:
        if m.label != "MED_UDS" or m.sentence_start in seen or is_request(m.sentence):
            continue
        seen.add(m.sentence_start)
        date = DATES.search(m.sentence)
        local = m.start - m.sentence_start
        clauses = re.split(r"[,;]|\bbut\b|\bwhile\b", m.sentence[local:])
        clause = clauses[0]
        if len(clauses) > 1 and _RESULT_GLOSS.match(clauses[1]):
            clause += " " + clauses[1]  # 'positive for hydrocodone, consistent with her Rx'

        missing = re.search(r"negative for (?:his |her |the )?(?P<rest>.{0,30})", clause, re.I)
        if missing and find_drugs(missing["rest"]):
            clause += " inconsistent"  # the prescribed drug was not found
        reported = _RESULT_REPORTED.search(clause) or _RESULT_NEXT.match(clause[len(m.text) :])
        if m.negated and not reported:  # 'denies X, his UDS was appropriate': not this one
            screens.append(UrineDrugScreen(performed=False, evidence=sentence_evidence(m)))
            continue
        result = (
            "inconsistent"
            if _INCONSISTENT.search(clause)
            else "consistent"
            if _CONSISTENT.search(clause)
            else "unknown"
        )
        screens.append(
            UrineDrugScreen(
                performed=True,
                result=result,
                date_text=date.group(0) if date else None,
                evidence=sentence_evidence(m),
            )
        )
    return screens


def aberrant_behavior(mentions: list[Mention], screens: list[UrineDrugScreen]) -> DocumentedFact:
    """Aberrant behaviour present (true), monitored and absent (false), or unassessed (null)."""
    for screen in screens:
        if screen.result == "inconsistent":
            return DocumentedFact(value=True, assessed=True, evidence=screen.evidence)
    fact = assessed_fact(mentions, "MED_ABERRANT")
    if fact.value is not None:
        return fact
    for m in mentions:
        if m.label == "MED_MONITORING" and not m.negated and not is_request(m.sentence):
            if _INCONSISTENT.search(m.sentence):
                return DocumentedFact(value=True, assessed=True, evidence=sentence_evidence(m))
            return DocumentedFact(value=False, assessed=True, evidence=sentence_evidence(m))
    consistent = [s for s in screens if s.result == "consistent"]
    if consistent:
        return DocumentedFact(value=False, assessed=True, evidence=consistent[0].evidence)
    return fact

"""How the worker responds to medication, read from case text: pain with and without it, function
and sleep on it, side effects, urine drug screens and aberrant behaviour (the "4 A's" and their
monitoring). Each fact keeps its sentence as evidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from drafter.medication_orders import find_drugs
from drafter.medication_text import (
    DATES,
    MED_CONTEXT,
    NOT_ASSESSED,
    PAST_CUE,
    in_med_context,
    is_request,
    sentence_evidence,
    sentences,
    topical_kind,
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
    r"fall|lower|down)\w*\s+(?:down\s+)?to\s+(?:a\s+|an\s+)?(?P<b2>10|\d(?:\.\d+)?)\s*/\s*10|"
    # 'his average pain is 4/10 compared with 7/10 previously'
    r"(?P<b10>10|\d(?:\.\d+)?)\s*/\s*10\s*,?\s*(?:compared\s+(?:with|to)|versus|vs\.?)\s+"
    r"(?P<a10>10|\d(?:\.\d+)?)\s*/\s*10\s+(?:previously|before|prior|at\s+baseline|pre-?treatment)|"
    # 'from 8/10 to 4/10', and with ranges at their higher ends: 'from 7-8/10 to 3-4/10'
    r"from (?:a |an )?(?:\d(?:\.\d+)?\s*-\s*)?(?P<a>10|\d(?:\.\d+)?)\s*(?:/\s*10)?\s*"
    r"(?:to|down to)\s*(?:a |an )?(?:\d(?:\.\d+)?\s*-\s*(?=\d))?"
    r"(?P<b>10|\d(?:\.\d+)?)(?:\s*/\s*10)?(?![\d/]|\.\d)|"
    # '7/10 before amitriptyline, is now 4-5/10' (a range counts at its higher end)
    r"(?P<a3>10|\d(?:\.\d+)?)\s*/\s*10\s+(?:before|prior to|pre-?)\b[^.;]{0,60}?\bnow\s+"
    r"(?:rated\s+|at\s+|about\s+|around\s+)?(?:a\s+)?(?:\d(?:\.\d+)?\s*(?:-|to)\s*)?"
    r"(?P<b3>10|\d(?:\.\d+)?)\s*/\s*10|"
    # 'brings the pain down to 4/10 from 8/10'
    r"\bto\s+(?:a\s+|an\s+)?(?P<b5>10|\d(?:\.\d+)?)\s*/\s*10\s+from\s+(?:a\s+|an\s+)?"
    r"(?P<a5>10|\d(?:\.\d+)?)\s*(?:/\s*10)?|"
    # '8/10 -> 4/10 with medications', '9/10 → 5/10'
    r"(?P<a4>10|\d(?:\.\d+)?)\s*/\s*10\s*(?:-+>|→|=>)\s*(?P<b4>10|\d(?:\.\d+)?)\s*/\s*10|"
    # 'foot pain is "a 5, used to be an 8 on oxy"'
    r"\b(?:a|an)\s+(?P<b9>10|\d)\s*,?\s*used\s+to\s+be\s+(?:a|an)?\s*(?P<a9>10|\d)\b|"
    # 'pain 3-4/10 (was 7-8/10 on Norco)' (ranges at their higher ends)
    r"(?:\d(?:\.\d+)?\s*-\s*)?(?P<b8>10|\d(?:\.\d+)?)\s*/\s*10\s*\(\s*(?:was|previously|from)\s+"
    r"(?:\d(?:\.\d+)?\s*-\s*)?(?P<a8>10|\d(?:\.\d+)?)\s*/\s*10|"
    # '4-5/10 on buprenorphine vs 8/10 on the prior regimen' (a range at its higher end)
    r"(?:\d(?:\.\d+)?\s*-\s*)?(?P<b7>10|\d(?:\.\d+)?)\s*/\s*10\s+(?:on|with)\s+[\w/-]+(?:\s+[\w/-]+)?"
    r"\s+(?:vs\.?|versus|compared\s+(?:with|to))\s+(?P<a7>10|\d(?:\.\d+)?)\s*/\s*10|"
    # 'the burning, previously 8/10, was "about a 4 most days"' (the later score may be bare)
    r"\b(?:previously|formerly|initially|originally)\s+(?:rated\s+)?(?P<a6>10|\d(?:\.\d+)?)\s*/\s*10"
    r"\b[^.;]{0,30}?\b(?:is|was|are|were)\s+(?:now\s+)?[\"'“]?(?:rated\s+)?(?:about|around|"
    r"approximately|roughly)?\s*(?:a\s+|an\s+)?(?P<b6>10|\d(?:\.\d+)?)(?:\s*/\s*10)?(?![\d/%.])",
    re.IGNORECASE,
)


def _first(match: re.Match[str], side: str) -> str:
    """The 'from' (a) or 'to' (b) score of whichever _FROM_TO alternative matched."""
    return next(v for k, v in match.groupdict().items() if v and re.fullmatch(f"{side}\\d*", k))


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
    drugs = find_drugs(sentence)
    for mention in drugs:
        name = mention.drug.generic if mention.drug else getattr(mention.product, "brand", None)
        if name and name not in names:
            names.append(name)
    for match in _TOPICAL_FORM_REFERENCE.finditer(sentence):
        # a sentence naming drugs is about them ('50% relief with Norco; the cream was not
        # described'); alone, 'the patch' or 'the cream' is the topical of that form
        if drugs:
            break
        name = f"topical {topical_kind(match.group(0))}"
        if name not in names:
            names.append(name)
    return names


_CARRY_SENTENCES = 3
"""How many drug-less sentences a drug's name carries over: 'Gabapentin was started in March.
At the May visit the burning, previously 8/10, was about a 4. She has resumed full shifts.'"""


def _with_carried_drugs(body: str, offset: int) -> Iterator[tuple[int, str, list[str]]]:
    """(start, sentence, drugs of the nearest earlier sentence that named one): a sentence that
    names no drug, no other treatment and no request passes the names on, at most
    `_CARRY_SENTENCES` times."""
    carried: list[str] = []
    hops = 0
    for start, sentence in sentences(body, offset):
        yield start, sentence, carried
        named = [] if is_request(sentence) else drugs_named(sentence)
        if named:
            carried, hops = named, 0
        elif carried and hops < _CARRY_SENTENCES and not (
            is_request(sentence) or _other_treatment(sentence)
        ):
            hops += 1
        else:
            carried, hops = [], 0


def pain_reports(body: str, offset: int) -> list[PainWithMedication]:
    """Every report of pain with and without medication ('8/10 without and 4/10 with
    medication', 'from 8/10 to 4/10 with Norco') or of a percent relief, naming its drugs."""
    reports = []
    for start, quoted, carried in _with_carried_drugs(body, offset):
        sentence = spell_scores(quoted)  # read with spelled-out scores as digits; quote as written
        if not (in_med_context(sentence) or find_drugs(sentence)):
            carried_report = _carried_change(sentence, carried)
            if carried_report is not None:
                carried_report.evidence = Evidence(quote=quoted.strip(), start=start)
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
            if pain.with_medication is None or pain.without_medication is None:
                _scores_on_lapse(sentence, pain)
        percent = _PERCENT_RELIEF.search(sentence)
        if percent:
            value = percent["a"] or percent["b"] or percent["c"]
            pain.percent_relief = 50.0 if percent["half"] else float(value)
        if pain.percent_relief is not None or (
            pain.with_medication is not None and pain.without_medication is not None
        ):
            pain.evidence = Evidence(quote=quoted.strip(), start=start)
            pain.drugs = drugs_named(sentence)
            reports.append(pain)
    return reports


_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_SPELLED_SCORE = re.compile(
    rf"\b(?P<n>{'|'.join(_NUMBER_WORDS)}|\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(?P<hi>{'|'.join(_NUMBER_WORDS)}))?"
    r"\s+(?:out\s+of|on\s+a\s+scale\s+of|over)\s+(?:ten|10)\b",
    re.IGNORECASE,
)


def spell_scores(sentence: str) -> str:
    """'eight out of ten', 'six to seven out of ten', '7 on a scale of 10' read as 'N/10' (a range
    at its higher end)."""

    def digits(match: re.Match[str]) -> str:
        word = (match["hi"] or match["n"]).lower()
        return f"{_NUMBER_WORDS.get(word, word)}/10"

    return _SPELLED_SCORE.sub(digits, sentence)


_DOSE = (
    r"(?:(?:a|the|each|his|her|their|my)\s+)?(?:(?:morning|evening|next|first|usual|"
    r"scheduled|regular|last)\s+)?"
    r"(?:doses?|medications?|meds|pills?)"
)
_WITHOUT = (
    r"(?:(?:without|off|w/o|w/out|wo|pre-?medications?|pre-?dose|"
    rf"(?:before|prior\s+to|until)\s+(?:taking\s+)?{_DOSE}|"
    # '8/10 prior to taking it', '9/10 before starting them'
    r"(?:before|prior\s+to)\s+(?:taking|starting|using)\s+(?:it|them)|"
    # 'VAS 8/10 before and 5/10 after dosing', '7/10 before, 3/10 after application'
    # (the text read here ends where the next score begins)
    r"before(?=\s*(?:,|and)?\s*$)|"
    r"baseline|pre-?treatment|untreated|"
    # 'when he has missed a dose', 'if she skips it', 'on days he does not take it'
    r"(?:when|if|whenever|on\s+days?)\s+(?:\w+\s+){0,3}?(?:miss|skip|forg[eo]t|runs?\s+out|ran\s+out|"
    r"runs?\s+short|ran\s+short|"
    r"(?:does\s*n[o']t|did\s*n[o']t|is\s*n[o']t|has\s*n[o']t|not)\s+(?:tak|us|hav)\w*)\w*)"
    r"(?![\w/]))"
)
_WITH = (
    r"(?:(?:with|on|while on|after|afterwards?|post-?medications?|post-?dose|currently|"
    r"current\s+pain|now|"
    r"with\s+the\s+regimen|on\s+the\s+regimen|"
    r"current\s+(?:meds|medications?)|"
    r"(?:when|while|if)\s+(?:\w+\s+)?(?:tak|us)ing)(?![\w/])|w/(?!o\b|out\b))"
)
"""'9/10 w/o meds and 5/10 w/ meds', 'pre-medication 8/10, post-medication 4/10'."""
_WORDS_BETWEEN = r"(?:(?!and\b|but\b)\w+\s+){0,3}?"
"""Up to three words between a score and its 'with'/'without', not across 'and' or 'but'."""


_OTHER_TREATMENT = re.compile(
    r"\b(?:therapy|PT|injections?|ESI|blocks?|ablation|surgery|surgical|acupuncture|"
    r"chiropractic|manipulation|massage|TENS|program|brace|rest)\b",
    re.IGNORECASE,
)


_DISTANCE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|city)\s+"
    r"(?:city\s+)?blocks?\b",
    re.IGNORECASE,
)


def _other_treatment(sentence: str) -> bool:
    """The sentence names a treatment other than medication (a nerve block, not 'six blocks')."""
    return bool(_OTHER_TREATMENT.search(_DISTANCE.sub(" ", sentence)))


def _carried_change(sentence: str, drugs: list[str]) -> PainWithMedication | None:
    """'Duloxetine was started in 10-2014. At the next visit her pain had decreased from 8/10 to
    5/10.': a pain change in the sentence right after one about a drug, naming no drug, no
    medication and no other treatment, speaks of that drug."""
    if not drugs or _other_treatment(sentence) or is_request(sentence):
        return None
    from_to = _FROM_TO.search(sentence)
    # A past cue inside the score change itself ('previously 8/10, now 4') is its baseline.
    rest = sentence[: from_to.start()] + sentence[from_to.end() :] if from_to else sentence
    if PAST_CUE.search(rest) or not re.search(r"\bpain\b|\bVAS\b|\bNRS\b|/10", sentence, re.I):
        return None
    pain = PainWithMedication(drugs=list(drugs))
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
    elif _scores_on_lapse(sentence, pain):
        pass  # 'when she ran out her pain increased to 9/10; after resuming it returned to 4/10'
    else:
        # '7/10 before a dose and 3/10 an hour after': scores on either side of a dose
        _scores_with_without(sentence, pain)
        if pain.with_medication is None or pain.without_medication is None:
            return None
        if pain.with_medication >= pain.without_medication or not re.search(
            r"\bdos(?:e|es|ing)\b", sentence, re.I
        ):
            return None
    return pain


_COMPARED = re.compile(
    r"\b(?:compared[\s-]+(?:with|to)|versus|vs\.?|as\s+opposed\s+to|instead\s+of)\s",
    re.IGNORECASE,
)
"""'5/10, compared with 8/10 before it was started': a comparison of two scores."""


_TOPICAL_FORM_REFERENCE = re.compile(
    r"\b(?:(?:compound(?:ed)?|topical|lidocaine)\s+)*(?:creams?|gels?|lotions?|ointments?|"
    r"patch(?:es)?|compound)\b",
    re.IGNORECASE,
)


def _as_medication(sentence: str) -> str:
    """The sentence with each drug name read as 'medication' ('3/10 with Ultram ER', '8/10 before
    gabapentin was started'), so that a score's side is found whatever the drug is called."""
    for mention in sorted(find_drugs(sentence), key=lambda m: m.start, reverse=True):
        sentence = f"{sentence[: mention.start]}medication{sentence[mention.end :]}"
    # a topical named by its form reads the same: '3/10 with the patch', '8/10 without the cream'
    sentence = _TOPICAL_FORM_REFERENCE.sub("medication", sentence)
    # 'compared with' and 'consistent with' are no 'with medication'
    return re.sub(r"\b(compared|consistent|along|together)\s+(with|to)\b", r"\1-\2", sentence,
                  flags=re.IGNORECASE)


def _scores_with_without(sentence: str, pain: PainWithMedication) -> None:
    sentence = _as_medication(sentence)
    scores = list(_SCORE.finditer(sentence))
    for i, score in enumerate(scores):
        after_end = scores[i + 1].start() if i + 1 < len(scores) else len(sentence)
        after = sentence[score.end() : min(after_end, score.end() + 45)]
        before_start = scores[i - 1].end() if i else 0
        before = sentence[max(before_start, score.start() - 60) : score.start()]
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
    if len(scores) == 2 and _COMPARED.search(sentence):
        # The baseline named, the other score is on the drug: '4/10, compared with 8/10 before it'
        # (not the reverse: '5/10 on Norco, compared with 8/10 last month' compares two visits)
        values = [float(s["n"] or s["m"] or s["k"]) for s in scores]
        if pain.without_medication is not None and pain.with_medication is None:
            rest = [v for v in values if v != pain.without_medication]
            if rest:
                pain.with_medication = rest[0]


_LAPSE = re.compile(
    r"\b(?:ran out|runs? out|was out of|(?:was|were) (?:denied|not authori[sz]ed|stopped|held)|"
    r"missed (?:a |his |her )?doses?|(?:without|off) (?:it|them|the \w+))\b",
    re.IGNORECASE,
)
_VERSUS_LAPSE = re.compile(
    # 'pain is 4/10 versus 8/10 during a period in 2014 when the patch was unavailable'
    r"(?P<w>10|\d(?:\.\d+)?)\s*/\s*10\s+(?:versus|vs\.?|compared\s+(?:with|to))\s+"
    r"(?P<wo>10|\d(?:\.\d+)?)\s*/\s*10\b[^.;]{0,80}?\b(?:unavailable|not available|ran out|"
    r"was out|lapsed|(?:was|were) (?:denied|stopped|held)|off (?:it|them|the \w+)|"
    r"without (?:it|them|the \w+))",
    re.IGNORECASE,
)
_ROSE_TO = re.compile(
    r"\b(?:increas\w*|went (?:back )?up|goes (?:back )?up|rose|rises|worsen\w*|climb\w*|"
    r"jump\w*|spik\w*)\s+(?:back\s+)?(?:up\s+)?to\s+(?:a\s+|an\s+)?"
    r"(?P<x>10|\d(?:\.\d+)?)(?:\s*/\s*10)?",
    re.IGNORECASE,
)


def _scores_on_lapse(sentence: str, pain: PainWithMedication) -> bool:
    """'When his patches were denied his pain went back up to 8/10; with the patch it is 4/10',
    'when she ran out her pain increased to 9/10; after resuming it returned to 4/10': the score
    while the medication lapsed is the one without it, the other score the one with it."""
    versus = _VERSUS_LAPSE.search(sentence)
    if versus and float(versus["w"]) < float(versus["wo"]):
        pain.without_medication, pain.with_medication = float(versus["wo"]), float(versus["w"])
        return True
    lapse, rose = _LAPSE.search(sentence), _ROSE_TO.search(sentence)
    if not (lapse and rose) or NEGATION_BEFORE.search(sentence[: lapse.start()][-25:]):
        return False
    others = [
        float(s["n"] or s["m"] or s["k"])
        for s in _SCORE.finditer(sentence)
        if not rose.start("x") <= s.start() < rose.end()
    ]
    others += [float(m["y"]) for m in _RETURNED_TO.finditer(sentence)]
    if len(set(others)) != 1 or others[0] >= float(rose["x"]):
        return False
    pain.without_medication, pain.with_medication = float(rose["x"]), others[0]
    return True


_RETURNED_TO = re.compile(
    r"\b(?:returned|came (?:back )?down|went (?:back )?down|dropped|decreased)\s+(?:back\s+)?"
    r"to\s+(?:a\s+|an\s+)?(?P<y>10|\d(?:\.\d+)?)(?!\s*/\s*10)",
    re.IGNORECASE,
)
NEGATION_BEFORE = re.compile(r"\b(?:no|not|never|denies)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _in_med_context(m: Mention) -> bool:
    return bool(in_med_context(m.sentence) or find_drugs(m.sentence))


def carried_drugs(body: str, offset: int) -> Callable[[int], list[str]]:
    """For a position in the case text: the drugs its sentence speaks of by carry-over (see
    `_with_carried_drugs`), empty where none."""
    spans = [(start, start + len(sentence), drugs)
             for start, sentence, drugs in _with_carried_drugs(body, offset)]  # fmt: skip

    def at(position: int) -> list[str]:
        return next((drugs for a, b, drugs in spans if a <= position < b), [])

    return at


def benefit_reports(
    mentions: list[Mention],
    label: str,
    poor_function: bool = False,
    carried: Callable[[int], list[str]] | None = None,
) -> list[DocumentedFact]:
    """Every statement that a medication improves (true) or does not improve (false) function or
    sleep, one per sentence, naming its drugs (or, for a sentence naming none, the drugs
    `carried` over to it: 'On Cymbalta 60 mg. ... Sleeping through the night.')."""
    reports: dict[int, DocumentedFact] = {}
    for m in mentions:
        if m.label != label or is_request(m.sentence):
            continue
        if _in_med_context(m):
            drugs = drugs_named(m.sentence)
        else:
            drugs = carried(m.start) if carried and not _other_treatment(m.sentence) else []
            if not drugs:
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
                value=value, assessed=True, drugs=drugs, evidence=sentence_evidence(m)
            )
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
        if not (find_drugs(sentence) or in_med_context(sentence)):
            continue
        if is_request(sentence) or NOT_ASSESSED.search(sentence) or PAST_CUE.search(sentence):
            continue  # a failed past trial says nothing of the current regimen
        match = _NO_CHANGE.search(sentence)
        if not match:
            continue
        tail = sentence[match.start() :]
        evidence = Evidence(quote=sentence.strip(), start=start)
        drugs = _denied_for(sentence, match.start())
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


_MEDICATION_WORD = re.compile(r"\b(?:medications?|meds|drugs?|pills?|analgesics?)\b", re.I)


def _about_other_treatment(m: Mention) -> bool:
    """The relief statement is nearer another treatment named before it than any drug or
    medication word: 'one L4-L5 ESI (2014, "minimal" relief), HEP, medications'."""
    lead = _DISTANCE.sub(" ", m.sentence[: m.start - m.sentence_start])
    treatments = [t.end() for t in _OTHER_TREATMENT.finditer(lead)]
    medicines = [w.end() for w in _MEDICATION_WORD.finditer(lead)]
    medicines += [d.end for d in find_drugs(lead)]
    return bool(treatments) and max(treatments) > max(medicines, default=-1)


def _denied_for(sentence: str, at: int) -> list[str]:
    """Whom a denial of benefit at `at` is about: the drug right before it ('gabapentin
    (ineffective at 1800 mg/d), NSAIDs, opioids' is about gabapentin), else the sentence's drugs."""
    lead = sentence[:at]
    near = find_drugs(lead)
    if near and len(lead) - near[-1].end <= 30 and ";" not in lead[near[-1].end :]:
        return drugs_named(near[-1].text)
    return drugs_named(sentence)


def relief_denied(history: MedicationHistory, mentions: list[Mention]) -> None:
    """'Without significant relief from medications': a denial of relief, as a pain report."""
    reported = {r.evidence.start for r in history.pain_reports if r.evidence}
    for m in mentions:
        relief = m.label == "MED_RELIEF" and m.negated and _in_med_context(m)
        relief = relief and not PAST_CUE.search(m.sentence) and m.sentence_start not in reported
        if relief and _about_other_treatment(m):
            continue  # 'one L4-L5 ESI (2014, "minimal" relief), HEP, medications'
        if relief and not NOT_ASSESSED.search(m.sentence):
            reported.add(m.sentence_start)
            drugs = _denied_for(m.sentence, m.start - m.sentence_start)
            history.pain_reports.append(
                PainWithMedication(relief_denied=True, drugs=drugs, evidence=sentence_evidence(m))
            )


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


_PAST_EPISODE = re.compile(
    rf"{PAST_CUE.pattern}|\b(?:diagnosed|occurred|identified|documented)\s+(?:in|during)\s+\d{{4}}|"
    r"\bin\s+(?:19|20)\d\d\b[^.;]{0,40}\b(?:led|leading|resulted)\b|"
    r"\b(?:before|prior to)\s+(?:his|her|the)\s+(?:taper|detox\w*|treatment)|"
    # 'History: hydrocodone escalated ... by 2013, with early refills x3'
    r"^\W*(?:past\s+)?history\s*:|\bby\s+(?:19|20)\d\d\b|\bin\s+(?:sustained\s+|early\s+)?remission\b",
    re.IGNORECASE,
)
"""An aberrant episode placed in the past: 'history of early refills', 'diagnosed in 2014'."""


def aberrant_behavior(mentions: list[Mention], screens: list[UrineDrugScreen]) -> DocumentedFact:
    """Aberrant behaviour present (true), monitored and absent (false), or unassessed (null)."""
    for screen in screens:
        if screen.result == "inconsistent":
            return DocumentedFact(value=True, assessed=True, evidence=screen.evidence)
    fact = assessed_fact(mentions, "MED_ABERRANT")
    past = fact.evidence is not None and _PAST_EPISODE.search(fact.evidence.quote)
    if fact.value is True and fact.evidence is not None and past:
        # 'opioid use disorder, diagnosed in 2014 after early refills': a past episode; the
        # current state is what later monitoring shows, when it shows it
        current = [
            m
            for m in mentions
            if m.label == "MED_ABERRANT"
            and not m.negated
            and not _PAST_EPISODE.search(m.sentence)
        ]
        monitoring = [
            m for m in mentions
            if m.label != "MED_ABERRANT" and not _PAST_EPISODE.search(m.sentence)
        ]  # fmt: skip
        later = aberrant_behavior(monitoring, screens)
        after = later.evidence is None or later.evidence.start > fact.evidence.start
        if not current and later.value is False and after:
            return later
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


_GI_SITE = r"(?:epigastri\w*|stomach|gastric|abdominal|abdomen|belly|GI|gastro-?intestinal|gut)"
_GI_SYMPTOM = (
    r"(?:burning|burn|pain|discomfort|upset|irritation|distress|aches?|aching|cramp\w*|"
    r"intolerance|complaints?|symptoms?|sensitivity|bloating|soreness|problems?|side effects?)"
)
_GI_SYMPTOMS = re.compile(
    rf"\b{_GI_SITE}\s+(?:[\w-]+\s+)?{_GI_SYMPTOM}\b|"
    rf"\b{_GI_SYMPTOM}\s+(?:in|of|to)\s+(?:the\s+|his\s+|her\s+)?(?:upper\s+)?{_GI_SITE}\b|"
    r"\b(?:indigestion|heart\s*burn|dyspep\w+|gastropathy|gastritis|esophagitis|acid\s+reflux|"
    r"reflux\s+symptoms|sour\s+stomach)\b",
    re.IGNORECASE,
)
"""A GI symptom, by site and complaint in either order ('epigastric burning', 'burning in her
stomach', 'abdominal discomfort', 'GI intolerance'), or by name ('indigestion')."""
_NEGATION = re.compile(
    r"\b(?:no|denies|denied|without|negative for|free of|never|nor|not)\b", re.IGNORECASE
)
_NEW_CLAUSE = re.compile(
    r"\b(?:but|however|although|though|yet|except|reports?|reported|has|had|developed|"
    r"complains?|complained|notes?|noted|describes?|described|states?|stated|experienc\w*|"
    r"takes?|is|was|were|after|since|gets?|got|causes?|caused|feels?|felt)\b|[;:]",
    re.IGNORECASE,
)


def _denied(lead: str) -> bool:
    """A negation before a phrase reaches it across a list ('no heartburn, abdominal pain or
    nausea'), not across a new clause ('takes no aspirin, and reports stomach upset')."""
    negations = list(_NEGATION.finditer(lead))
    return bool(negations) and not _NEW_CLAUSE.search(lead[negations[-1].end() :])


def gi_symptoms(body: str, offset: int) -> list[Evidence]:
    """Sentences that report a GI symptom (not denied), the NSAID-dyspepsia path of the PPI and
    H2-blocker rule."""
    found = []
    for start, sentence in sentences(body, offset):
        for match in _GI_SYMPTOMS.finditer(sentence):
            if _denied(sentence[: match.start()]) or is_request(sentence):
                continue
            found.append(Evidence(quote=sentence.strip(), start=start))
            break
    return found


_ACTIVITY = (
    r"(?:walk|sleep|sit|stand|driv|drove|lift|carr|work|cook|clean|shop|typ|garden|exercis|"
    r"climb|bend|dress|bath|groom|vacuum|sweep|mow|play|run|jog|swim|hike|bik|read|care|"
    r"tolerat|shift|keyboard|duty|duties|asleep)\w*"
)
_FUNCTION_CHANGE = re.compile(
    # 'walks six blocks instead of one', 'sits 40 minutes compared with 10'
    rf"\b{_ACTIVITY}\s+(?:[\w/-]+,?\s+){{0,6}}?(?:instead\s+of|compared\s+(?:with|to)|up\s+from|"
    r"rather\s+than|versus|vs\.?)\s+(?:about\s+|only\s+|just\s+)?(?:\d|one|two|three|four|five|"
    r"ten|a\s|an\s|half)|"
    # 'walking tolerance increased from 10 to 30 minutes', 'sleep improved to 6 hours'
    rf"\b{_ACTIVITY}\s+(?:tolerance\s+|distance\s+|time\s+|duration\s+|ability\s+)?"
    r"(?:has\s+|have\s+|had\s+)?(?:increased|increasing|improved|improving|doubled|tripled|"
    r"gone\s+up|risen|rose)\b|"
    # 'has resumed cooking', 'is again able to drive', 'now walks 2 miles'
    rf"\b(?:resumed|returned\s+to|gone\s+back\s+to|back\s+to|again\s+able\s+to|now\s+able\s+to|"
    rf"can\s+now|is\s+able\s+again\s+to)\s+(?:[\w-]+\s+){{0,2}}?{_ACTIVITY}|"
    rf"\bnow\s+{_ACTIVITY}\s+(?:about\s+|up\s+to\s+|over\s+)?(?:\d|one|two|three|four|five|"
    r"six|seven|eight|ten|twenty|thirty|a\s+mile|several)|"
    # 'independent transfers where he previously required standby assistance'
    r"\bindependent\s+(?:in\s+|with\s+)?(?:\w+\s+)?(?:transfers?|ADLs?|self-care|dressing|bathing|"
    r"ambulation|walking)\b(?=[^.;]{0,40}?\b(?:previously|formerly|used to|before)\b)|"
    # 'driving himself to job sites again', 'sleep onset now ~25 min'
    rf"\b{_ACTIVITY}\s+(?:[\w/-]+\s+){{0,5}}?again\b|"
    rf"\b{_ACTIVITY}\s+(?:onset\s+|latency\s+|tolerance\s+)?now\s+(?:~\s*|about\s+|around\s+)?\d|"
    # 'she is again cooking for her family'
    rf"\bagain\s+{_ACTIVITY}|"
    # 'she was sleeping 6 hours with it', 'sleeps 7 hours a night on the medication'
    r"\bsleep\w*\s+(?:about\s+|around\s+|roughly\s+)?\d+(?:\.\d)?\s*(?:hours?|hrs?)\s+"
    r"(?:a\s+night\s+|per\s+night\s+|nightly\s+)?(?:with|on)\s+(?:it|them|the\s+\w+|\w+)\b",
    re.IGNORECASE,
)
"""A gain in a named activity: a comparison with before, an increase, or a resumed activity."""


_DISABILITY_SCORE = re.compile(
    # 'Baseline Oswestry 62% (03/2013 when MS Contin started) vs 38% now', 'Insomnia Severity
    # Index from 21 to 11' (lower is better)
    r"\b(?:Oswestry|ODI|NDI|Neck Disability Index|PDI|Pain Disability Index|QuickDASH|DASH|"
    r"Insomnia Severity Index|ISI|PSQI)\b"
    r"[^.;]{0,15}?(?P<a>\d{1,3})\s*%?[^.;]{0,50}?\b(?:vs\.?|versus|to|now|->|→)\s*(?:a\s+)?"
    r"(?P<b>\d{1,3})\s*%?",
    re.IGNORECASE,
)


def _disability_score_fall(sentence: str) -> re.Match[str] | None:
    """The disability or insomnia index in `sentence` when it fell (lower is better)."""
    match = _DISABILITY_SCORE.search(sentence)
    return match if match and float(match["b"]) < float(match["a"]) else None


def function_changes(body: str, offset: int, known: set[int]) -> list[DocumentedFact]:
    """Function gains stated without a function word ('walks six blocks instead of one',
    'has resumed cooking'), naming the drug of the sentence or, for a sentence that names none,
    of the sentence just before (as for pain changes). Sentences in `known` are skipped."""
    found = []
    for start, sentence, carried in _with_carried_drugs(body, offset):
        if start in known or is_request(sentence):
            continue
        match = _FUNCTION_CHANGE.search(sentence) or _disability_score_fall(sentence)
        if not match or _POOR_FUNCTION.search(sentence[: match.start()][-40:]):
            continue
        past = PAST_CUE.search(sentence)
        if past and past.start() < match.end():
            continue  # a past episode; a 'previously' after the gain is only its baseline
        if re.search(r"\b(?:not|n't|never|unable|cannot|no longer)\b", sentence[: match.start()]):
            continue
        named = in_med_context(sentence) or find_drugs(sentence)
        if named:
            drugs = drugs_named(sentence)
        elif carried and not _other_treatment(sentence):
            drugs = list(carried)
        else:
            continue
        evidence = Evidence(quote=sentence.strip(), start=start)
        found.append(DocumentedFact(value=True, assessed=True, drugs=drugs, evidence=evidence))
    return found

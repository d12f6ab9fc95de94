"""Reading medication facts from case text: this domain's phrase lists, its own NLP pass over them,
and the sentence-level helpers the extractors share (is this a plan or a history sentence, is a
denial really a denial).

The phrases are data (`drafter/data/medication_terms.yaml`); drug names come from the drug
catalogue. They run in a medspaCy pass of their own: the shared pass gives each span one label,
so shared phrases ('functional improvement', 'side effects') would be taken from, or lost to,
other domains' labels.
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources

from drafter.medication_orders import catalogue
from drafter.models import Evidence
from drafter.nlp import Mention
from drafter.rulebook import load_yaml

OWN_TERMS: dict[str, list[str]] = load_yaml(
    (resources.files("drafter") / "data" / "medication_terms.yaml").read_text(encoding="utf-8")
)
"""This domain's terms, by label. They run in a pass of their own (see `enrich`): in the shared
pass a span gets one label, so shared phrases ('functional improvement', 'side effects') would
be taken from, or lost to, other domains' labels."""


MED_CONTEXT = re.compile(
    r"\b(?:medications?|meds|medicine|opioids?|narcotics?|analgesics?|regimen|pills?|"
    r"prescriptions?)\b",
    re.IGNORECASE,
)
TOPICAL_CONTEXT = re.compile(
    r"\b(?:creams?|gels?|lotions?|ointments?|patch(?:es)?|topicals?|compounded|"
    r"(?:topical|the) compound)\b",
    re.IGNORECASE,
)
"""A topical product named by its form ('the compounded cream', 'with the patch'): a sentence
about a medication, as MED_CONTEXT, but about that product rather than all of them."""


def topical_kind(name: str) -> str:
    """'patch' for a patch, 'other' for a cream, gel, compound or unspecified topical."""
    return "patch" if re.search(r"\bpatch", name, re.I) else "other"


def in_med_context(sentence: str) -> bool:
    return bool(MED_CONTEXT.search(sentence) or TOPICAL_CONTEXT.search(sentence))


NOT_ASSESSED = re.compile(
    r"\bnot (?:been |clearly |specifically |objectively )?(?:documented|assessed|addressed|"
    r"discussed|reported|noted|described|recorded|provided|evaluated|quantified|measured|"
    r"included)|\bno (?:documentation|assessment|record|mention|discussion|evaluation|screening)|"
    r"\bdo(?:es)? not (?:include|document|address|describe|mention|record|contain|quantify)|"
    r"\bwithout (?:documentation|assessment|an assessment)|\bnot include|\bfailed to (?:document|"
    r"address)|\black(?:s|ing)? (?:of )?(?:documentation|an assessment)|\bunclear|\bunknown",
    re.IGNORECASE,
)


_REQUEST_CUE = re.compile(
    r"\b(?:(?<!refill )request(?:s|ed|ing)?|recommend(?:s|ed)?|treatment plan|"
    r"plan (?:includes|included|"
    r"was|is)|(?<!as )(?<!non-)(?<!non)(?<!not )(?<!the )(?<!his )(?<!her )(?<!only )(?<!with )"
    r"prescribed|to (?:start|begin|obtain)|"
    # 'to continue Norco', not 'allowed her to continue working'
    r"to continue(?!\s+(?:working|to work|work\b|(?:full|modified) duty|at work|(?:his|her) job))|"
    r"will (?:start|begin|obtain|order)|"
    r"ordered|non-?certified|authori[sz]ation|RFA|"
    r"(?<!early )refill(?! requests)|proposed|proposes|plan(?:s|ned)? to|"
    r"plan(?=\s*:)|Rx(?=\s*:)|"  # ('Plan: start Topamax'; the pattern ends in \b)
    r"would like to|(?:physician|provider|doctor|"
    r"clinician|surgeon|PTP)\s+(?:\w+\s+)?(?:continued|started|initiated|added|renewed|"
    r"refilled|dispensed))\b",
    re.IGNORECASE,
)


HISTORY_CUE = re.compile(
    r"\b(?:has (?:been )?(?:taken|taking|used|using|on)|had|has had|since|to date|previously|"
    r"prior|in the past|current(?:ly)?|tried|failed|was taking|takes|performed|results?|dated|"
    r"was (?:consistent|inconsistent|positive|negative)|continues|"
    r"(?:is|was|been) (?:first |initially |originally )?prescribed|"
    r"(?:is|has been|remains|maintained) on|medications? (?:include|included|includes|list)|"
    r"current medications?|medication regimen|regimen (?:of|includes|included)|"
    r"ongoing (?:use|therapy|treatment)|(?:prescribed|refilled) (?:monthly|every month)|"
    r"showed|shows|revealed|demonstrated)\b",
    re.IGNORECASE,
)


PAST_CUE = re.compile(
    r"\b(?:previously|prior|in the past|formerly|discontinued|stopped|failed|tried|trials? of|"
    r"history of|switched from|no longer|had taken|used to|was taking|weaned off|off of|"
    r"(?:tapered|taper|detoxed|detoxified|detoxification)\s+(?:off|from)|"
    r"last (?:took|taken|used|received|had|tried|filled|prescribed)|"
    r"(?:completed|finished) (?:a|an|one|his|her|the) (?:[\w-]+ ){0,3}?(?:course|trial))\b",
    re.IGNORECASE,
)


DATES = re.compile(r"\b\d{1,2}[-/]\d{1,2}[-/]\d{2,4}\b|\b[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}\b")


_REVIEW = re.compile(r"utilization review|\bUR\b|non-?certif|\bIMR\b|\bRFA\b", re.IGNORECASE)


def is_request(sentence: str) -> bool:
    """A plan, prescription or review sentence, not a report of what the worker takes."""
    if _REVIEW.search(sentence):
        return True
    # the history cue counts in the request's own clause: in 'requested topiramate; she has not
    # tried gabapentin', 'tried' is about gabapentin
    clause = next((c for c in sentence.split(";") if _REQUEST_CUE.search(c)), None)
    return clause is not None and not HISTORY_CUE.search(_CONDITION_CLAUSE.sub(" ", clause))


_CONDITION_CLAUSE = re.compile(
    r"\b(?:while|whilst|as long as|for as long as|for the time|during the time)\s+"
    r"(?:he|she|they|the (?:injured )?worker|the patient|the claimant)\s+[^,;.]*",
    re.IGNORECASE,
)
"""'... #30 while she takes naproxen': the condition of a request, not a report of current use."""


# --- which drugs, since when ----------------------------------------------------------------------


def sentences(body: str, offset: int) -> list[tuple[int, str]]:
    found, position = [], 0
    # a sentence ends at . ! ? (or one followed by a closing quote: "... in the morning.' Then")
    for part in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[A-Z\"'(“])|\n+", body):
        index = body.find(part, position)
        position = index + len(part)
        if part.strip():
            found.append((offset + index, part))
    return found


def sentence_evidence(m: Mention) -> Evidence:
    return Evidence(quote=m.sentence, start=m.sentence_start)


def own_mentions(mentions: list[Mention]) -> list[Mention]:
    """This domain's mentions from its own pass (where `find_mentions` already gives a phrase
    every label that lists it), with negation adjusted for pain scores and local cues."""
    own = []
    for m in mentions:
        if m.negated and _score_negation_only(m):
            m = replace(m, negated=False)
        elif not m.negated and (
            _LOCAL_NEGATION.search(m.sentence[: m.start - m.sentence_start])
            or AFTER_NEGATION.match(m.sentence[m.end - m.sentence_start :])
            or (
                m.label in _ABSENT_LABELS
                and _AFTER_ABSENT.match(m.sentence[m.end - m.sentence_start :])
            )
        ):
            m = replace(m, negated=True)
        if m.label.startswith("MED_"):
            own.append(m)
    return own


_WITHOUT_SCORE = re.compile(
    r"\d+(?:\.\d+)?\s*/\s*10\s+without|without\s+(?:the\s+|his\s+|her\s+|any\s+)?"
    r"(?:medications?|meds|them|it|opioids?|pain medications?)\b",
    re.IGNORECASE,
)


_LOCAL_NEGATION = re.compile(
    r"\b(?:no|without|denies|denied|negative for|free of|absence of|not any)\s+(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)
"""A denial right before a term that ConText's rules let through ('no signs of misuse')."""


AFTER_NEGATION = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:has|have|had|was|were|is|are)\s+(?:not|never)\s+(?:been\s+)?"
    r"(?:performed|done|obtained|completed|ordered|conducted|collected|documented|provided|"
    r"reviewed|on file|available|addressed|discussed|assessed|evaluated|recorded|described|"
    r"mentioned|monitored)",
    re.IGNORECASE,
)
"""'A urine drug screen has not been performed': a denial after the term."""


_AFTER_ABSENT = re.compile(
    r"\s*:\s*(?:none|negative|absent)\b|"
    r"\s*(?:(?!and\b|but\b)\w+\s+){0,3}?(?:was|were|is|are)\s+(?:(?:documented|reported|"
    r"noted)\s+as\s+)?(?:negative|absent|none)\b",
    re.IGNORECASE,
)
"""'Aberrant behaviors: none', 'monitoring for aberrant behavior was documented as negative':
for a problem (aberrant behaviour, side effects) 'none' or 'negative' after it denies it; for a
screen or a test ('UDS: negative', 'CURES was negative') it is a result, so it is read only for
the labels in _ABSENT_LABELS."""
_ABSENT_LABELS = {"MED_ABERRANT", "MED_SIDE_EFFECTS"}


_OTHER_NEGATION = re.compile(
    r"\b(?:no|not|denies|denied|never|none|lacks?|lacking|absence|unable|fail\w*)\b|n't\b", re.I
)


def _score_negation_only(m: Mention) -> bool:
    """'8/10 without and 4/10 with Norco, which lets him walk': ConText reads the 'without' of a
    with/without pain comparison as a negation of everything after it; it is not one."""
    prefix = m.sentence[: m.start - m.sentence_start]
    return bool(_WITHOUT_SCORE.search(prefix)) and not _OTHER_NEGATION.search(
        _WITHOUT_SCORE.sub(" ", prefix)
    )


def _drug_terms() -> list[str]:
    data = catalogue()
    names = [n for d in data.drugs for n in [*d.names, *d.brands]]
    return sorted({*names, *(a for p in data.products for a in p.aliases)})


OWN_TERMS["MED_DRUG"] = _drug_terms()

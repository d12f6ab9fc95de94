"""Clinical negation and context with medspaCy's ConText.

Many criteria turn on whether a fact is asserted or denied ("no objective functional improvement",
"has not had physical therapy", "without significant pain relief"). ConText is the clinical-NLP
standard for that; we add the phrasings utilization-review records use that its default rules miss
("was not documented", "failed to show"). The pipeline is built once per process (about a second)
and imported lazily, so `drafter --help` never pays for it.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

# Phrasings of records and UR reports that deny a finding. (phrase, direction)
_DENIED_AFTER = [
    "documented",
    "noted",
    "reported",
    "demonstrated",
    "evident",
    "provided",
    "achieved",
    "shown",
    "described",
    "seen",
    "obtained",
    "appreciated",
]
_EXTRA_NEGATIONS: list[tuple[str, str]] = [
    *(
        (f"{aux}{neg}{adv}{word}", "BACKWARD")
        for aux in ("", "was ", "were ", "is ", "are ", "has ", "have ", "had ")
        for neg in ("not ", "not been ")
        for adv in ("", "clearly ", "specifically ", "objectively ")
        for word in _DENIED_AFTER
        if not (aux in ("was ", "were ", "is ", "are ") and neg == "not been ")
    ),
    *(
        (f"{verb} {what}", "FORWARD")
        for verb in ("failed to", "fails to", "did not", "does not", "do not")
        for what in (
            "show",
            "demonstrate",
            "document",
            "result in",
            "provide",
            "produce",
            "lead to",
            "yield",
            "report",
        )
    ),
    ("without any", "FORWARD"),
    ("negative for", "FORWARD"),
    ("without significant", "FORWARD"),
    ("no significant", "FORWARD"),
    ("no objective", "FORWARD"),
    ("no documentation of", "FORWARD"),
    ("no documented", "FORWARD"),
    ("no record of", "FORWARD"),
    ("lack of", "FORWARD"),
    ("lacks", "FORWARD"),
    ("absence of", "FORWARD"),
    ("minimal", "FORWARD"),
    ("little or no", "FORWARD"),
    ("not yet", "FORWARD"),
    ("has not", "FORWARD"),
    ("have not", "FORWARD"),
    ("had not", "FORWARD"),
    ("unable to", "FORWARD"),
    ("never", "FORWARD"),
    ("refuses", "FORWARD"),
    ("refused", "FORWARD"),
    ("declines", "FORWARD"),
    ("declined", "FORWARD"),
    ("is not indicated", "BACKWARD"),
    ("was not indicated", "BACKWARD"),
    ("not indicated", "BACKWARD"),
]

# Plans, wishes and conditions: a fact that is only intended ("plans to start a home exercise
# program", "will refer for a psychological evaluation", "in case she develops spasms") is not a
# documented fact. ConText's own hypothetical triggers ('if', 'as needed', ...) stay.
_PLANNED = [
    *(
        f"{verb} to"
        for verb in (
            "plans",
            "plan",
            "planning",
            "intends",
            "intend",
            "intending",
            "wishes",
            "would like",
            "wants",
        )
    ),
    *(
        f"{modal} {verb}"
        for modal in ("will", "may", "might", "could")
        for verb in (
            "start",
            "begin",
            "initiate",
            "try",
            "obtain",
            "order",
            "refer",
            "set",
            "check",
            "assess",
            "consider",
            "schedule",
            "establish",
            "perform",
            "request",
            "be started",
            "be referred",
        )
    ),
    "hopes",
    "hoping",
    "in hopes",
    "in case",
    "in the future",
    "at some point",
    "scheduled for",
    "is considering",
    "are considering",
    "was considering",
]

_REQUESTED_AFTER = re.compile(
    # (not a relative clause: 'the ESI that was recommended by Dr. Smith was performed on 1-5')
    r"(?:(?!\band\b|\bbut\b|\bthat\b|\bwhich\b|\bwho\b)[^.;,]){0,40}?\b(?:is|are|was|were|"
    r"has been|have been|is being)\s+(?:requested|"
    r"recommended|pending|proposed)\b(?![^.;]{0,30}\bbut\b[^.;]{0,20}\b(?:not|never)\b)"
    r"(?![^.;]{0,60}\b(?:performed|done|completed|gave|given|administered)\b)",
    re.IGNORECASE,
)
"""What is requested or recommended right after it is named is not done ('a multidisciplinary
evaluation has been requested'); the clause limit keeps earlier facts out."""

# What a plan is for is no longer the plan: 'scheduled for a nephrology consult for her chronic
# kidney disease' plans the consult, not the disease.
_PLAN_ENDS = ["for her", "for his", "for their", "due to", "because of", "given her", "given his"]

# ConText negation triggers that, in these records, introduce a comparison instead: 'walks 4
# blocks rather than 1 and is able to stand for a full shift' denies nothing.
_NOT_NEGATIONS = ["rather than"]

# Clause boundaries that end a negation's scope ("no relief from PT, and chiropractic helped").
_TERMINATORS = [", and", "; ", ", but", "but", "however", "although", "though", "whereas", "while"]


@dataclass(frozen=True)
class Mention:
    """One concept found in the text, with ConText's verdict on it."""

    label: str
    text: str
    start: int
    end: int
    negated: bool
    hypothetical: bool
    sentence: str
    sentence_start: int
    family: bool = False
    """About a relative ('her husband has insomnia'), not the injured worker."""
    uncertain: bool = False
    """Only possible ('possible depression', 'rule out CRPS', 'suspicious for')."""


Targets = tuple[tuple[str, tuple[str, ...]], ...]


_BUILDING = threading.Lock()
"""Concurrent eval workers would otherwise register spaCy components at the same time (E967:
one thread sees the factory before its meta information is set)."""


@lru_cache(maxsize=4)
def _pipeline(targets: Targets) -> Language:
    with _BUILDING:
        return _build_pipeline(targets)


def _build_pipeline(targets: Targets) -> Language:
    for noisy in ("PyRuSH", "medspacy"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # spaCy warns (W036) when a case mentions none of a matcher's patterns; that is normal here.
    warnings.filterwarnings("ignore", message=r".*\[W036\]")
    import spacy
    from medspacy.context import ConText, ConTextRule  # noqa: F401  (registers the factory)
    from medspacy.target_matcher import TargetMatcher, TargetRule  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(_paragraph_breaks_component())
    matcher: Any = nlp.add_pipe("medspacy_target_matcher")
    matcher.add([TargetRule(term, label) for label, terms in targets for term in terms])
    context: Any = nlp.add_pipe("medspacy_context")
    context.add(
        [
            ConTextRule(phrase.strip(), "NEGATED_EXISTENCE", direction=direction)
            for phrase, direction in dict.fromkeys(_EXTRA_NEGATIONS)
        ]
        + [
            ConTextRule(phrase, "HYPOTHETICAL", direction="FORWARD", terminated_by={"PLAN_END"})
            for phrase in _PLANNED
        ]
        # a category with no attribute: it only ends a plan's scope
        + [
            ConTextRule(phrase, "PLAN_END", direction="FORWARD", max_scope=1)
            for phrase in _PLAN_ENDS
        ]
        + [ConTextRule(phrase, "PSEUDO", direction="PSEUDO") for phrase in _NOT_NEGATIONS]
        + [ConTextRule(phrase, "TERMINATE", direction="TERMINATE") for phrase in _TERMINATORS]
    )
    return nlp


def _paragraph_breaks_component() -> str:
    """Register (once) and name the component that starts a sentence after every line break.

    Case text reaches the reader normalized: wrapped lines are joined, so a line break is a
    paragraph or list-item boundary ('- Side effects: none' / '- UDS 6/2016 consistent'). The
    sentencizer only splits on punctuation, which let a list's negations ('without meds') reach
    into the next item."""
    from spacy.language import Language

    name = "drafter_paragraph_breaks"
    if not Language.has_factory(name):

        @Language.component(name)
        def paragraph_breaks(doc: Any) -> Any:
            for token in doc[:-1]:
                if "\n" in token.text_with_ws[len(token.text) :] or (
                    token.is_space and "\n" in token.text
                ):
                    doc[token.i + 1].is_sent_start = True
            return doc

    return name


OTHER_PERSON = re.compile(
    r"\b(?:his|her|their|the (?:patient|injured worker|claimant)['’]s|a|the)\s+(?:[\w-]+\s+)?"
    r"(?:wife|husband|spouse|partner|mother|father|parents?|son|daughter|child|children|brother|"
    r"sister|sibling|grandmother|grandfather|aunt|uncle|cousin|friend|co-?worker|roommate)\b|"
    r"\bfamily history\b",
    re.IGNORECASE,
)
"""Someone else named in the clause before a pattern match ('her mother requires assistance
with ADLs'): the finding is not the injured worker's."""
INNER_NEGATION = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)
"""A negation inside a matched phrase ('her job is not heavy')."""

_RELATIVE = (
    r"(?:husband|wife|spouse|partner|mother|mom|father|dad|parents?|son|daughter|children|child|"
    r"brother|sister|siblings?|aunt|uncle|grand\w+|cousin|relatives?|family)"
)
_RELATIVE_HAS = re.compile(
    # 'her husband has insomnia', "his mother's MS", 'her mother, who lives with her, is
    # homebound', 'family history of depression'; not 'her husband notes that she has ...' nor
    # 'she lives with her husband and has ...'
    rf"\b{_RELATIVE}(?:'s|’s|\s+(?:also\s+)?(?:has|had|have|takes|took|uses|used|is|was|with|"
    rf"suffers|suffered|carries|developed)\b|\s*,\s*who\b[^,]*,\s*(?:is|was|has|had)\b|"
    rf"\s+history\b)[^.;]*$|"
    # the mention right after the relative: 'his wife is motivated', 'her mother requires help'
    rf"\b{_RELATIVE}(?:'s|’s)?\s*$",
    re.IGNORECASE,
)


def _relative_has_it(sentence: str, local: int) -> bool:
    """ConText's family flag covers any mention after a relative; keep it only where the relative
    is the one with the fact (see `_RELATIVE_HAS`)."""
    return bool(_RELATIVE_HAS.search(sentence[:local]))


_NON_PREFIX = re.compile(r"\bnon-?\s?$", re.IGNORECASE)
"""'non-dermatomal', 'non-opioid', 'non-neuropathic': the prefix denies the term after it
(ConText has no trigger inside a word)."""


def find_mentions(text: str, targets: dict[str, list[str]], offset: int = 0) -> list[Mention]:
    """Every occurrence of each target term in `text`, with negation and hypothetical flags.
    Positions are counted from `offset` (where `text` starts in the whole case text).

    The matcher keeps one label per span, so a phrase that is also another label's term ('has
    not worked since' is a functional loss and a work status) is reported under every such
    label, with the same ConText verdict. (Only the same phrase: a term inside a longer one,
    'returned to work' in 'has not returned to work', must not inherit the longer one's
    verdict.)"""
    key: Targets = tuple(sorted((label, tuple(sorted(terms))) for label, terms in targets.items()))
    doc = _pipeline(key)(text)
    mentions = []
    for ent in doc.ents:
        sent = ent.sent
        found = Mention(
            label=ent.label_,
            text=ent.text,
            start=offset + ent.start_char,
            end=offset + ent.end_char,
            negated=bool(ent._.is_negated)
            or _NON_PREFIX.search(text, max(0, ent.start_char - 6), ent.start_char) is not None,
            hypothetical=bool(ent._.is_hypothetical)
            or (not ent._.is_negated and _REQUESTED_AFTER.match(text, ent.end_char) is not None),
            sentence=sent.text,
            sentence_start=offset + sent.start_char,
            family=bool(ent._.is_family)
            and _relative_has_it(sent.text, ent.start_char - sent.start_char),
            uncertain=bool(ent._.is_uncertain),
        )
        mentions.append(found)
        mentions += _other_labels(found, key)
    return mentions


def _other_labels(mention: Mention, targets: Targets) -> list[Mention]:
    """The mention again under each other label that has its phrase as a term."""
    labels = _labels_by_term(targets).get(" ".join(mention.text.lower().split()), ())
    return [replace(mention, label=label) for label in labels if label != mention.label]


@lru_cache(maxsize=4)
def _labels_by_term(targets: Targets) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for label, terms in targets:
        for term in terms:
            index.setdefault(" ".join(term.lower().split()), []).append(label)
    return {term: tuple(labels) for term, labels in index.items()}

"""Guideline knowledge as data: the rule schema and its loader.

Each rule file in `drafter/rules/` is YAML holding one rule: its id, the citation a reviewer writes,
the treatments it covers, its limits, its criteria and the source the parameters came from. The
schema forbids unknown fields, checks that every criterion's limit names a limit the rule defines,
and reports errors with the file's name, so a typo in rule data fails loudly at load time.
A concept several rules use word for word is defined once in `rules/shared/concepts.yaml` and
named in a rule's concepts as `- shared: <label>`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from drafter.errors import RuleDataError, first_validation_error
from drafter.models import BodyRegion, Category, MedicationOrder, Model

Phase = Literal["always", "initial", "continuation"]


class Source(Model):
    """Where the rule's parameters come from, and how sure we are of them."""

    status: Literal["CONFIRMED", "PARTLY CONFIRMED", "UNCONFIRMED"]
    references: list[str] = Field(min_length=1)
    note: str | None = None


class Allowance(Model):
    """A visit allowance that depends on the diagnosis (e.g. myalgia: 9-10 visits over 8 weeks)."""

    id: str
    label: str
    diagnosis_terms: list[str]
    visits_min: int | None = None
    visits: int = Field(gt=0)
    weeks: int = Field(gt=0)


class Limits(Model):
    """Numbers a rule's criteria compare against, by name, plus diagnosis-based allowances."""

    values: dict[str, float] = Field(default_factory=dict)
    allowances: list[Allowance] = Field(default_factory=list)
    default_allowance: str | None = None

    @model_validator(mode="after")
    def _default_exists(self) -> Limits:
        ids = {a.id for a in self.allowances}
        if self.allowances and self.default_allowance not in ids:
            raise ValueError(f"default_allowance must be one of {sorted(ids)}")
        return self


class Concept(Model):
    """A clinical fact found by term matching with negation (e.g. 'reduced weight bearing')."""

    label: str
    terms: list[str] = Field(min_length=1)
    describes: str = Field(description="How the letter names this fact when it is missing.")
    intent: bool = Field(
        default=False,
        description="The fact is itself a plan, wish or suspicion ('considering surgery', 'wants "
        "to return to work'), so a planned or hypothetical mention documents it.",
    )
    possible_counts: bool = Field(
        default=True,
        description="Whether a merely possible mention ('possible depression', 'rule out CRPS') "
        "documents it: false for diagnoses a rule requires to be established.",
    )


class Criterion(Model):
    id: str
    check: str = Field(description="A check kind from drafter.checks.CHECKS.")
    description: str
    when: Phase = "always"
    limit: str | None = Field(
        default=None, description="Name of a value in limits.values, or 'allowance'."
    )
    counts: list[Category] | None = Field(
        default=None,
        description="Prior treatments that count toward a course total; default: the request's.",
    )
    unless_functional_improvement: bool = False
    regions: list[BodyRegion] = Field(default_factory=list)
    drugs: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Applies only to requests for these drugs (generic names): a COX-2 inhibitor's "
        "GI-risk condition inside the NSAID rule.",
    )
    concept: str | None = None
    if_unknown: Literal["against", "neutral"] = Field(
        default="against",
        description="Whether an undocumented fact counts against the request (IMR practice).",
    )
    applies_if_injury_on_or_after: dt.date | None = None
    cite_if_against: str | None = Field(
        default=None,
        description="A guideline section the citation adds when this criterion counts against "
        "the request (e.g. 'Opioids, dosing' when the dose exceeds the morphine-equivalent cap).",
    )
    cite_if_applied: str | None = Field(
        default=None,
        description="A guideline section the citation adds whenever this criterion applies to "
        "the request: a criterion taken from another guideline (ODG's repeat-MRI rule under an "
        "ACOEM citation) is cited to it.",
    )
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="Settings for checks that take them, validated by the check's own schema.",
    )

    @model_validator(mode="after")
    def _known_drugs(self) -> Criterion:
        if self.drugs:
            from drafter.medication_orders import catalogue  # loads drug data; imports models

            unknown = set(self.drugs) - {d.generic for d in catalogue().drugs}
            if unknown:
                raise ValueError(f"criterion {self.id}: unknown drugs {', '.join(sorted(unknown))}")
        return self

    @model_validator(mode="after")
    def _known_check(self) -> Criterion:
        from drafter.checks import CHECKS, PARAMS  # the checks import this module

        if self.check not in CHECKS:
            raise ValueError(f"unknown check {self.check!r}; known: {', '.join(sorted(CHECKS))}")
        schema = PARAMS.get(self.check)
        if schema is not None:
            self.params = schema.model_validate(self.params).model_dump()
        elif self.params:
            raise ValueError(f"check {self.check!r} takes no params")
        return self


class AppliesTo(Model):
    categories: list[Category] = Field(min_length=1)
    regions: list[BodyRegion] | None = None
    excluded_terms: list[str] = Field(
        default_factory=list,
        description="Request wording that takes a request outside this rule (e.g. post-operative).",
    )
    request_terms: list[str] | None = Field(
        default=None,
        min_length=1,
        description="If set, the request must name one of these (whole words, any case), so rules "
        "sharing a category (ESI, facet, trigger point) each take their own requests.",
    )
    drug_classes: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Medication rules: the parsed order must have one of these drug classes "
        "(drafter/data/drugs.yaml), so each drug class gets its own rule.",
    )
    drugs: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Medication rules: the parsed order's generic must be one of these.",
    )
    case_concepts: list[str] = Field(
        default_factory=list,
        description="Concepts (of this rule) the records must document for the rule to take the "
        "request: the weaning rule takes an opioid request only where a taper is planned.",
    )

    @model_validator(mode="after")
    def _known_drugs(self) -> AppliesTo:
        if self.drug_classes is None and self.drugs is None:
            return self
        from drafter.medication_orders import catalogue  # loads drug data; imports models

        if self.categories != [Category.MEDICATION]:
            raise ValueError("drug_classes and drugs apply only to categories [medication]")
        unknown = set(self.drug_classes or []) - catalogue().class_names
        unknown |= set(self.drugs or []) - {d.generic for d in catalogue().drugs}
        if unknown:
            raise ValueError(f"unknown drug classes or drugs: {', '.join(sorted(unknown))}")
        return self

    def covers_medication(self, order: MedicationOrder | None) -> bool:
        """Whether a medication order falls under this rule's drug classes and drugs."""
        if self.drug_classes is None and self.drugs is None:
            return True
        if order is None:
            return False
        if self.drug_classes is not None and not set(order.drug_classes) & set(self.drug_classes):
            return False
        return self.drugs is None or order.generic in self.drugs


class Rule(Model):
    id: str
    title: str
    category: str = Field(description="Coverage group shown by `drafter guidelines`.")
    citation: str
    guideline_version: str
    role: Literal["primary", "supplementary"] = "primary"
    applies_to: AppliesTo
    recommendation: str = Field(description="What the guideline recommends, for the rationale.")
    limits: Limits = Field(default_factory=Limits)
    concepts: list[Concept] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
    drug_sections: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Medication rules: sections the citation adds for a drug (by generic) that "
        "the guideline names in a section of its own ('Gabapentin (Neurontin)' beside "
        "'Antiepilepsy drugs (AEDs)').",
    )
    source: Source

    def citation_for(
        self, generic: str | None, against: list[str], applied: list[str] | None = None
    ) -> str:
        """The citation with the sections this request adds: its drug's own section(s), then
        those of criteria (by id) that applied to it or count against it."""
        extra = list(self.drug_sections.get(generic or "", []))
        extra += [c.cite_if_applied for c in self.criteria
                  if c.cite_if_applied and c.id in (applied or [])]  # fmt: skip
        extra += [c.cite_if_against for c in self.criteria
                  if c.cite_if_against and c.id in against]  # fmt: skip
        extra = [x for x in dict.fromkeys(extra) if x not in self.citation]
        return "; ".join([self.citation, *extra])

    @model_validator(mode="after")
    def _references_resolve(self) -> Rule:
        concepts = {c.label for c in self.concepts}
        unknown_scope = set(self.applies_to.case_concepts) - concepts
        if unknown_scope:
            names = ", ".join(sorted(unknown_scope))
            raise ValueError(f"applies_to.case_concepts: unknown {names}")
        for criterion in self.criteria:
            limit = criterion.limit
            if limit == "allowance" and not self.limits.allowances:
                raise ValueError(f"criterion {criterion.id}: limit 'allowance' but no allowances")
            if limit not in (None, "allowance") and limit not in self.limits.values:
                raise ValueError(f"criterion {criterion.id}: unknown limit {limit!r}")
            needs_limit = criterion.check.endswith("_at_most")
            if needs_limit and limit is None:
                raise ValueError(f"criterion {criterion.id}: {criterion.check} needs a limit")
            if criterion.check.startswith("concept_") and criterion.concept not in concepts:
                raise ValueError(f"criterion {criterion.id}: unknown concept {criterion.concept!r}")
            if criterion.check == "region_not_in" and not criterion.regions:
                raise ValueError(f"criterion {criterion.id}: region_not_in needs regions")
        if self.drug_sections:
            from drafter.medication_orders import catalogue  # loads drug data; imports models

            unknown = set(self.drug_sections) - {d.generic for d in catalogue().drugs}
            if unknown:
                raise ValueError(f"drug_sections: unknown drugs {', '.join(sorted(unknown))}")
        return self

    def allowance_for(self, diagnoses: list[str]) -> Allowance | None:
        """The first allowance whose terms appear in a diagnosis, else the default."""
        text = " ".join(diagnoses).lower()
        for allowance in self.limits.allowances:
            if any(term.lower() in text for term in allowance.diagnosis_terms):
                return allowance
        return next(
            (a for a in self.limits.allowances if a.id == self.limits.default_allowance), None
        )


class RuleBook:
    """All rules, in file order; primary rules are tried in that order."""

    def __init__(self, rules: list[Rule]) -> None:
        ids = [r.id for r in rules]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise RuleDataError(f"duplicate rule ids: {', '.join(duplicated)}")
        self.rules = rules
        self._by_id = {r.id: r for r in rules}
        self._concepts: dict[str, list[str]] | None = None
        self._intent = {c.label for r in rules for c in r.concepts if c.intent}
        self._possible_not_enough = {
            c.label for r in rules for c in r.concepts if not c.possible_counts
        }

    def get(self, rule_id: str) -> Rule:
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise RuleDataError(
                f"no rule {rule_id!r}; `drafter guidelines list` shows the rule ids"
            ) from None

    def concepts(self) -> dict[str, list[str]]:
        """Every concept any rule needs, label to terms, for the extractor (computed once: the
        extractor asks for every case). Callers must not modify the result."""
        if self._concepts is None:
            merged: dict[str, list[str]] = {}
            for rule in self.rules:
                for concept in rule.concepts:
                    known = merged.setdefault(concept.label, [])
                    known += [t for t in concept.terms if t not in known]
            self._concepts = merged
        return self._concepts

    def documented_by_intent(self, label: str) -> bool:
        """A planned or hypothetical mention of this concept documents it (see Concept.intent)."""
        return label in self._intent

    def documented_by_possible(self, label: str) -> bool:
        """A merely possible mention of this concept documents it (Concept.possible_counts)."""
        return label not in self._possible_not_enough


def load_yaml(text: str) -> Any:
    """Safe YAML, with libyaml's C loader when PyYAML has it (the rules load 5x faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


SHARED_CONCEPTS = Path("shared") / "concepts.yaml"
"""Concepts several rules use, defined once, relative to the rules directory."""


def _packaged_rules_dir() -> Path:
    return Path(str(resources.files("drafter") / "rules"))


@lru_cache(maxsize=4)
def load_shared_concepts(path: Path) -> dict[str, dict[str, Any]]:
    """The shared concept definitions in `path`, by label, as rule-file data."""
    try:
        concepts = [Concept.model_validate(c) for c in load_yaml(path.read_text("utf-8")) or []]
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuleDataError(f"shared concepts {path}: cannot be loaded ({exc})") from None
    return {c.label: c.model_dump() for c in concepts}


def _with_shared_concepts(data: Any, path: Path) -> Any:
    """Put each `- shared: <label>` entry's definition in its place in the rule's concepts.
    The definitions come from the rule directory's shared/concepts.yaml, else drafter's own."""
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        return data
    entries = data["concepts"]
    if not any(isinstance(e, dict) and set(e) == {"shared"} for e in entries):
        return data
    library_path = path.parent / SHARED_CONCEPTS
    if not library_path.is_file():
        library_path = _packaged_rules_dir() / SHARED_CONCEPTS
    library = load_shared_concepts(library_path)
    resolved = []
    for entry in entries:
        if isinstance(entry, dict) and set(entry) == {"shared"}:
            if entry["shared"] not in library:
                raise RuleDataError(
                    f"rule file {path.name}: no shared concept {entry['shared']!r} in "
                    f"{SHARED_CONCEPTS}"
                )
            entry = library[entry["shared"]]
        resolved.append(entry)
    return {**data, "concepts": resolved}


def load_rule_file(path: Path) -> Rule:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleDataError(f"rule file {path.name}: not valid YAML ({exc})") from None
    data = _with_shared_concepts(data, path)
    try:
        return Rule.model_validate(data)
    except ValidationError as exc:
        raise RuleDataError(
            f"rule file {path.name}: {first_validation_error(exc)} "
            f"({exc.error_count()} error(s) in this file)"
        ) from None


def load_rules_dir(directory: Path) -> RuleBook:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise RuleDataError(f"no rule files (*.yaml) in {directory}")
    return RuleBook([load_rule_file(f) for f in files])


@lru_cache(maxsize=1)
def load_rulebook() -> RuleBook:
    """The rules shipped with drafter (loaded once per process)."""
    return load_rules_dir(_packaged_rules_dir())

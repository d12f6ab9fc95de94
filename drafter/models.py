"""The pipeline's data: what extraction produces, what the checker decides, what drafting writes.

Facts that a decision depends on carry an `Evidence` quote taken verbatim from the case text, so a
reviewer (and the LLM backend's verifier) can find where each fact came from. Field descriptions
are sent to the model as prompt text by the LLM backend: review them like prompts.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Base for every schema: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Category(StrEnum):
    """What kind of treatment a request or a prior course of treatment is."""

    PHYSICAL_THERAPY = "physical_therapy"
    OCCUPATIONAL_THERAPY = "occupational_therapy"
    CHIROPRACTIC = "chiropractic"
    ACUPUNCTURE = "acupuncture"
    MASSAGE = "massage"
    AQUATIC_THERAPY = "aquatic_therapy"
    MEDICATION = "medication"
    INJECTION = "injection"
    DIAGNOSTIC = "diagnostic"
    DME = "dme"
    PROGRAM = "program"
    SURGERY = "surgery"
    OTHER = "other"


class BodyRegion(StrEnum):
    """Body regions as the MTUS chapters divide them."""

    NECK = "neck"
    THORACIC = "thoracic"
    LOW_BACK = "low_back"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    FOREARM_WRIST_HAND = "forearm_wrist_hand"
    CARPAL_TUNNEL = "carpal_tunnel"
    HIP = "hip"
    KNEE = "knee"
    ANKLE_FOOT = "ankle_foot"
    HEAD = "head"
    OTHER = "other"


class Evidence(Model):
    """A verbatim quote from the case text that supports a fact."""

    quote: str = Field(description="Exact text copied from the case file, without paraphrase.")
    start: int | None = Field(
        default=None, description="Character offset of the quote in the normalized case text."
    )


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Response(StrEnum):
    """The documented response to a prior course of treatment."""

    IMPROVED = "improved"
    NOT_IMPROVED = "not_improved"
    UNKNOWN = "unknown"


class PriorTreatment(Model):
    """A course of treatment the worker already had, with its count and documented response."""

    modality: Category
    sessions_completed: int | None = Field(
        default=None,
        description="Number of sessions completed or approved; null when the records do not say.",
    )
    at_least: bool = Field(
        default=False, description="True when the count is a minimum ('at least 6 sessions')."
    )
    none_documented: bool = Field(
        default=False,
        description="True when the records say the worker has NOT had this treatment.",
    )
    response: Response = Field(
        default=Response.UNKNOWN,
        description=(
            "'improved' only for objective functional improvement from this treatment (measured "
            "gains in daily activities or fewer work restrictions); pain relief alone is not."
        ),
    )
    response_text: str | None = Field(
        default=None, description="The documented response in the record's own words."
    )
    evidence: Evidence | None = None
    response_evidence: Evidence | None = None


class FunctionalImprovement(Model):
    """Objective functional improvement as defined in 8 CCR 9792.20(e): a measured gain in
    activities of daily living or fewer work restrictions, plus less dependence on treatment.
    Pain relief alone is not functional improvement."""

    documented: bool | None = Field(
        default=None,
        description=(
            "True if the records document objective functional improvement from prior treatment; "
            "false if they state there was none; null if they are silent."
        ),
    )
    evidence: Evidence | None = None


class WorkStatus(StrEnum):
    FULL_DUTY = "full_duty"
    MODIFIED_DUTY = "modified_duty"
    NOT_WORKING = "not_working"
    UNKNOWN = "unknown"


class Work(Model):
    status: WorkStatus = WorkStatus.UNKNOWN
    evidence: Evidence | None = None


class UtilizationReview(Model):
    """The UR decision that the worker disputes."""

    decision: Literal["non-certified", "modified", "denied"] | None = None
    date: str | None = Field(default=None, description="The UR date as written in the record.")
    evidence: Evidence | None = None


class Finding(Model):
    """A clinical fact a rule asks about (e.g. 'reduced_weight_bearing'), asserted or denied."""

    concept: str
    present: bool = Field(description="True if the record asserts it, false if it denies it.")
    evidence: Evidence


class TreatmentRequest(Model):
    """One disputed item, as written, with its dose parsed out."""

    text: str = Field(description="The request exactly as written in the case file.")
    category: Category
    body_region: BodyRegion | None = None
    frequency_per_week: float | None = Field(
        default=None, description="Visits per week; the upper bound when a range is given."
    )
    weeks: float | None = None
    total_visits: int | None = Field(
        default=None, description="Visits or sessions requested in all (frequency x weeks)."
    )
    quantity: int | None = Field(
        default=None, description="Units for non-visit requests (tablets, patches, devices)."
    )
    evidence: Evidence | None = None


class CaseFacts(Model):
    """Everything the checker and the drafting stage need from a case file."""

    age: int | None = Field(default=None, ge=0, le=120)
    sex: Sex | None = None
    date_of_injury: dt.date | None = None
    date_of_injury_text: str | None = Field(
        default=None, description="The date of injury as written in the record."
    )
    diagnoses: list[str] = Field(default_factory=list)
    body_regions: list[BodyRegion] = Field(default_factory=list)
    treatment_history: list[PriorTreatment] = Field(default_factory=list)
    functional_improvement: FunctionalImprovement = Field(default_factory=FunctionalImprovement)
    work: Work = Field(default_factory=Work)
    medications: list[str] = Field(default_factory=list)
    exam_findings: list[str] = Field(default_factory=list)
    complaints: str | None = None
    utilization_review: UtilizationReview = Field(default_factory=UtilizationReview)
    findings: list[Finding] = Field(
        default_factory=list, description="Facts that guideline rules ask about, by concept."
    )
    requests: list[TreatmentRequest] = Field(default_factory=list)
    evidence: list[Evidence] = Field(
        default_factory=list, description="Quotes for the demographic facts (age, sex, injury)."
    )

    def history_for(self, modalities: list[Category]) -> list[PriorTreatment]:
        """Prior courses of any of `modalities`."""
        return [t for t in self.treatment_history if t.modality in modalities]


class CriterionResult(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class CriterionOutcome(Model):
    """One guideline criterion applied to one request, with the evidence it rests on."""

    id: str
    description: str
    result: CriterionResult
    counts_against: bool = Field(
        description="Whether this result weighs against medical necessity."
    )
    explanation: str = Field(description="Why: the numbers compared, or what is undocumented.")
    evidence: list[Evidence] = Field(default_factory=list)
    undocumented: str | None = Field(
        default=None, description="The fact the records do not document, when result is unknown."
    )
    rule_id: str
    details: dict[str, str | int | float | bool | list[str] | None] = Field(
        default_factory=dict,
        description="Plain values the check computed (e.g. a dose and its cap), for the prose.",
    )


class Decision(StrEnum):
    UPHELD = "Upheld"
    OVERTURNED = "Overturned"


class ItemDetermination(Model):
    """The checker's decision on one disputed item. `decision` is null only when no rule applies,
    and then `reviewer_must_decide` is true: drafter never guesses."""

    request: TreatmentRequest
    decision: Decision | None
    reviewer_must_decide: bool = False
    rule_id: str | None = None
    citation: str | None = None
    guideline_version: str | None = None
    criteria: list[CriterionOutcome] = Field(default_factory=list)
    note: str | None = None

    @property
    def failing(self) -> list[CriterionOutcome]:
        return [c for c in self.criteria if c.counts_against]


class Reviewer(Model):
    """Credentials printed in the letter; from options or the config file, never built in."""

    licensure: str | None = None
    specialty: str | None = None


class LetterItem(Model):
    determination: ItemDetermination
    rationale: str
    flags: list[str] = Field(default_factory=list)


class DraftLetter(Model):
    reviewer: Reviewer
    case_summary: str
    items: list[LetterItem]
    facts: CaseFacts
    backend: str = "offline"
    model: str | None = None
    drafter_version: str

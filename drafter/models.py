"""The pipeline's data: what extraction produces, what the checker decides, what drafting writes.

Facts that a decision depends on carry an `Evidence` quote taken verbatim from the case text, so a
reviewer (and the LLM backend's verifier) can find where each fact came from. Field descriptions
are sent to the model as prompt text by the LLM backend: review them like prompts.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar, Literal

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


# --- Procedures (issue #6) ---


class ProcedureKind(StrEnum):
    """What an injection, study, device or program request (or a prior one) is."""

    EPIDURAL_STEROID_INJECTION = "epidural_steroid_injection"
    FACET_INJECTION = "facet_injection"
    MEDIAL_BRANCH_BLOCK = "medial_branch_block"
    RADIOFREQUENCY_ABLATION = "radiofrequency_ablation"
    TRIGGER_POINT_INJECTION = "trigger_point_injection"
    SACROILIAC_INJECTION = "sacroiliac_injection"
    OTHER_INJECTION = "other_injection"
    MRI = "mri"
    CT = "ct"
    XRAY = "xray"
    ELECTRODIAGNOSTIC = "electrodiagnostic"
    URINE_DRUG_SCREEN = "urine_drug_screen"
    TENS = "tens"
    INTERFERENTIAL = "interferential"
    H_WAVE = "h_wave"
    FUNCTIONAL_RESTORATION = "functional_restoration"
    WORK_CONDITIONING = "work_conditioning"
    PSYCHOTHERAPY = "psychotherapy"
    PSYCHOLOGICAL_EVALUATION = "psychological_evaluation"
    BIOFEEDBACK = "biofeedback"
    GYM_MEMBERSHIP = "gym_membership"
    HOME_HEALTH = "home_health"
    OTHER = "other"


class ProcedureOrder(Model):
    """The details of an injection, study, device or program request, parsed from its wording."""

    kind: ProcedureKind = Field(description="What is requested (e.g. an epidural injection).")
    levels: list[str] = Field(
        default_factory=list,
        description="Spinal levels to inject, normalized like 'L4-5' or 'L5-S1', in request order.",
    )
    side: Literal["left", "right", "bilateral"] | None = Field(
        default=None, description="The side(s) named in the request; null when not stated."
    )
    approach: Literal["transforaminal", "interlaminar", "caudal"] | None = Field(
        default=None, description="The epidural approach named in the request; null if not stated."
    )
    injections: int | None = Field(
        default=None,
        description="Number of injections requested ('series of three' = 3, 'x2' = 2); null if "
        "not stated.",
    )
    emg: bool = Field(default=False, description="The request includes electromyography (EMG).")
    ncv: bool = Field(
        default=False, description="The request includes nerve conduction studies (NCV/NCS)."
    )
    limb: Literal["upper", "lower"] | None = Field(
        default=None, description="Upper or lower extremities, for electrodiagnostic studies."
    )
    acquisition: Literal["rental", "purchase"] | None = Field(
        default=None,
        description="For a device: 'rental' for a rental or trial, 'purchase' for a purchase; "
        "null when the request does not say.",
    )
    rental_days: int | None = Field(
        default=None, description="Length of a device rental or trial in days ('1 month' = 30)."
    )
    hours: float | None = Field(default=None, description="Program hours requested in all.")
    days: float | None = Field(default=None, description="Program days (sessions) requested.")
    weeks: float | None = Field(default=None, description="Program weeks requested.")
    hours_per_week: float | None = Field(
        default=None, description="Hours per week requested (home health, programs)."
    )


class PriorProcedure(Model):
    """An injection, study, device trial or program the worker already had (or is documented as
    never having had), with the documented response. Quote the record for every value."""

    quote_covers: ClassVar[dict[str, tuple[str, ...]]] = {
        "relief_evidence": (
            "relief_percent", "relief_weeks", "relief_duration_text", "medication_reduced",
            "response",
        ),
    }  # fmt: skip
    """Which facts each named quote supports: the LLM verifier resets them when it fails."""

    kind: ProcedureKind
    none_documented: bool = Field(
        default=False, description="True when the records say the worker has NOT had this."
    )
    date_text: str | None = Field(default=None, description="When it was done, as written.")
    body_region: BodyRegion | None = Field(default=None, description="Region treated or imaged.")
    levels: list[str] = Field(default_factory=list, description="Levels injected, e.g. 'L4-5'.")
    relief_percent: float | None = Field(
        default=None,
        description="Documented pain relief in percent (e.g. 60 for '60% relief'); null if the "
        "records do not give a percentage.",
    )
    relief_weeks: float | None = Field(
        default=None,
        description="How long the documented relief lasted, in weeks ('2 months' = 8.7); null if "
        "not stated.",
    )
    relief_duration_text: str | None = Field(
        default=None, description="How long the relief lasted, as written ('about six hours')."
    )
    medication_reduced: bool | None = Field(
        default=None,
        description="True if the records say medication use fell after it, false if they say it "
        "did not, null if silent.",
    )
    response: Response = Field(
        default=Response.UNKNOWN,
        description="'improved' only when the records document a benefit in function (or, for a "
        "device trial, in pain and function); 'not_improved' when they say it did not help.",
    )
    sessions_completed: int | None = Field(
        default=None, description="Program sessions or visits completed, when stated."
    )
    evidence: Evidence | None = Field(default=None, description="The sentence reporting it.")
    relief_evidence: Evidence | None = Field(
        default=None, description="The sentence reporting its relief or response."
    )


# --- Medications (issue #5) ---


class Ingredient(Model):
    """One active ingredient of a topical or compounded product, as the order names it."""

    name: str = Field(description="The ingredient as written (e.g. 'Flurbiprofen').")
    generic: str | None = Field(
        default=None, description="Its generic name from drafter's drug catalogue; null if unknown."
    )
    drug_class: str | None = Field(default=None, description="Its drug class (e.g. 'nsaid').")
    percent: float | None = Field(
        default=None, description="Its strength in percent (20 for '20%'); null if not stated."
    )


class MedicationOrder(Model):
    """A medication request parsed from its wording: 'Norco 10/325 mg #90', 'cyclobenzaprine
    7.5 mg 1 PO TID PRN, QTY: 60', 'Flurbiprofen 20%/Lidocaine 5% cream 180 g'."""

    drug_text: str = Field(description="The drug name(s) as written in the request.")
    generic: str | None = Field(
        default=None,
        description="Generic name of a single-drug product (e.g. 'hydrocodone/acetaminophen' for "
        "Norco); null for a compound of several ingredients or an unknown drug.",
    )
    brand: str | None = Field(default=None, description="The brand name used, if any.")
    drug_classes: list[str] = Field(
        default_factory=list,
        description="Drug class and subclass (e.g. ['opioid', 'short_acting_opioid']); topical "
        "products are ['topical'], compounds add 'compound', a lidocaine patch 'lidocaine_patch'.",
    )
    route: Literal["oral", "topical", "transdermal", "other"] | None = Field(
        default=None, description="How it is taken; null when the order does not show it."
    )
    form: str | None = Field(default=None, description="Dosage form (tablet, cream, patch ...).")
    strength_text: str | None = Field(
        default=None, description="Strength as written ('10/325 mg')."
    )
    strength_mg: float | None = Field(
        default=None,
        description="The first strength number in mg (the opioid part of '10/325'); mcg/h for a "
        "fentanyl patch.",
    )
    extended_release: bool = Field(default=False, description="ER / XR / CR / SR product.")
    quantity: float | None = Field(
        default=None, description="Units dispensed ('#90', 'QTY: 60' -> 90, 60; '180 g' -> 180)."
    )
    quantity_unit: str | None = Field(default=None, description="Unit of the quantity ('g').")
    units_per_dose: float | None = Field(
        default=None, description="Tablets (or patches) per dose ('1-2 tabs' -> 2)."
    )
    doses_per_day: float | None = Field(
        default=None,
        description="Doses per day from the directions ('TID' -> 3, 'every 8 hours' -> 3; the "
        "upper bound of a range); null when the order gives no directions.",
    )
    prn: bool = Field(default=False, description="Taken as needed (PRN).")
    directions: str | None = Field(default=None, description="The directions as written.")
    refills: int | None = Field(default=None, description="Refills ordered, when stated.")
    directions_evidence: Evidence | None = Field(
        default=None,
        description="When the request itself gives no directions: the case sentence (the plan or "
        "prescription) they were taken from.",
    )
    quote_covers: ClassVar[dict[str, tuple[str, ...]]] = {
        "directions_evidence": ("directions", "doses_per_day", "units_per_dose", "prn"),
    }
    """Which facts each named quote supports: the LLM verifier resets them when it fails."""
    ingredients: list[Ingredient] = Field(
        default_factory=list, description="Ingredients of a topical or compounded product."
    )


class MedicationUse(Model):
    """A medication the records say the worker takes or took (not a request)."""

    name: str = Field(description="The drug as written in the record.")
    generic: str | None = Field(default=None, description="Generic name from the catalogue.")
    drug_classes: list[str] = Field(default_factory=list, description="Its class and subclass.")
    current: bool = Field(
        description="True if the worker is taking it now; false for a past trial or a drug the "
        "records say was stopped."
    )
    strength_mg: float | None = Field(default=None, description="First strength number, in mg.")
    doses_per_day: float | None = Field(default=None, description="Doses per day, if stated.")
    since_text: str | None = Field(
        default=None, description="When use began, as written ('since at least 2013')."
    )
    weeks_of_use: float | None = Field(
        default=None,
        description="How long it has been taken, in weeks, up to the latest visit; null if the "
        "records do not say.",
    )
    failed: bool = Field(
        default=False,
        description="True if the records say it was ineffective, not tolerated or stopped for "
        "lack of benefit.",
    )
    evidence: Evidence = Field(description="The sentence that mentions it.")


class PainWithMedication(Model):
    """Pain with and without medication, or the percent relief medication gives."""

    with_medication: float | None = Field(
        default=None, description="Pain score (0-10) on medication."
    )
    without_medication: float | None = Field(
        default=None, description="Pain score (0-10) without medication."
    )
    percent_relief: float | None = Field(
        default=None, description="Stated relief in percent ('50% relief' -> 50)."
    )
    relief_denied: bool = Field(
        default=False, description="True when the records say medication gives no relief."
    )
    drugs: list[str] = Field(
        default_factory=list,
        description="Generic names of the drugs this report is about ('50% relief with Ultracet'); "
        "empty when it is about the medications in general.",
    )
    evidence: Evidence | None = None


class DocumentedFact(Model):
    """A yes/no fact about medication use: asserted (true), denied (false) or silent (null)."""

    value: bool | None = Field(
        default=None, description="True if the records assert it, false if they deny it."
    )
    assessed: bool = Field(
        default=False,
        description="True when the records show it was assessed at all (a denial such as 'no "
        "side effects' is an assessment; 'side effects were not documented' is not).",
    )
    drugs: list[str] = Field(
        default_factory=list,
        description="Generic names of the drugs the fact is about; empty when it is about the "
        "medications in general.",
    )
    evidence: Evidence | None = None


class UrineDrugScreen(Model):
    """A urine drug screen (or test) the records report, or report as never done."""

    performed: bool = Field(description="False when the records say no screen was done.")
    result: Literal["consistent", "inconsistent", "unknown"] = Field(
        default="unknown",
        description="'consistent' with the prescribed medication, 'inconsistent' (unexpected "
        "drugs, or prescribed drugs missing), or 'unknown' when no result is given.",
    )
    date_text: str | None = Field(default=None, description="Its date as written.")
    evidence: Evidence


class MedicationHistory(Model):
    """What the records say about the worker's medications and how they respond: the facts the
    medication rules decide on. Every value is quoted from the record."""

    medications: list[MedicationUse] = Field(
        default_factory=list, description="Current and past medications, with their evidence."
    )
    pain: PainWithMedication = Field(
        default_factory=PainWithMedication,
        description="Pain with versus without medication (the 'analgesia' of the 4 A's); the "
        "first report when there are several (see pain_reports).",
    )
    pain_reports: list[PainWithMedication] = Field(
        default_factory=list,
        description="Every pain-with-medication report, each naming the drugs it is about, so a "
        "drug is credited only with relief the records attribute to it (or to all medications).",
    )
    functional_benefit: DocumentedFact = Field(
        default_factory=DocumentedFact,
        description="Improved function (activities of daily living, work) attributed to the "
        "medication: true if documented, false if the records say there is none.",
    )
    function_reports: list[DocumentedFact] = Field(
        default_factory=list,
        description="Every statement of function on (or not on) a medication, each naming its "
        "drugs, as pain_reports does for pain.",
    )
    sleep_benefit: DocumentedFact = Field(
        default_factory=DocumentedFact,
        description="Improved sleep attributed to the medication.",
    )
    side_effects: DocumentedFact = Field(
        default_factory=DocumentedFact,
        description="Adverse effects of medication: value true if present, false if denied; "
        "`assessed` true whenever the records address them.",
    )
    aberrant_behavior: DocumentedFact = Field(
        default_factory=DocumentedFact,
        description="Aberrant drug-taking behaviour (early refills, misuse, diversion, "
        "inconsistent screens): value true if present, false if the records say there is none "
        "or monitoring (CURES, opioid agreement, consistent screens) shows none.",
    )
    urine_drug_screens: list[UrineDrugScreen] = Field(
        default_factory=list, description="Urine drug screens reported (or reported as not done)."
    )


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
    procedure: ProcedureOrder | None = Field(default=None, description="Procedure details.")
    medication: MedicationOrder | None = Field(default=None, description="Medication details.")
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
    procedure_history: list[PriorProcedure] = Field(default_factory=list)
    medication_history: MedicationHistory = Field(default_factory=MedicationHistory)
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

    @property
    def applied_rule_ids(self) -> list[str]:
        """The primary rule and every rule a criterion came from (e.g. the Labor Code cap),
        sorted: the rules whose text and numbers a rationale may state."""
        return sorted({r for r in [self.rule_id, *(c.rule_id for c in self.criteria)] if r})


class Reviewer(Model):
    """Credentials printed in the letter; from options or the config file, never built in."""

    licensure: str | None = None
    specialty: str | None = None


PROSE_REPLACED = "llm_prose_replaced"
"""Flag on an item whose model-written rationale failed the guard twice (template prose used)."""


class LetterItem(Model):
    determination: ItemDetermination
    rationale: str
    flags: list[str] = Field(default_factory=list)


class Usage(Model):
    """LLM calls made for a draft (or a run): HTTP calls, cache hits and tokens."""

    llm_calls: int = 0
    cache_hits: int = 0
    tokens_prompt: int = 0
    tokens_completion: int = 0

    def add(self, other: Usage) -> None:
        self.llm_calls += other.llm_calls
        self.cache_hits += other.cache_hits
        self.tokens_prompt += other.tokens_prompt
        self.tokens_completion += other.tokens_completion


class DraftLetter(Model):
    reviewer: Reviewer
    case_summary: str
    items: list[LetterItem]
    facts: CaseFacts
    backend: str = "offline"
    model: str | None = None
    drafter_version: str
    usage: Usage = Field(default_factory=Usage)
    notices: list[str] = Field(
        default_factory=list,
        description=(
            "What the reviewer should know about how the draft was made: facts dropped because "
            "their quote is not in the case file, prose replaced by the offline templates."
        ),
    )

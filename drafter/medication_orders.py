"""Parsing medication orders in the notations reviewers see, against a drug catalogue kept as data.

"Norco 10/325 mg #90", "cyclobenzaprine 7.5 mg 1 PO TID PRN, QTY: 60", "tramadol ER 150 mg every
12 hours with 2 refills", "Flurbiprofen 20%/Lidocaine 5% cream 180 g": brand and generic names
resolve to a generic and its drug class through `drafter/data/drugs.yaml` (validated here when it
loads), so medication rules select by class and the MED cap is computed from data, not code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from drafter.errors import RuleDataError, first_validation_error
from drafter.models import Ingredient, MedicationOrder, Model
from drafter.rulebook import load_yaml

# --- the catalogue -----------------------------------------------------------------------------


class DrugEntry(Model):
    """One drug (or fixed combination) with its names, class and MED conversion."""

    generic: str
    names: list[str] = Field(min_length=1)
    brands: list[str] = Field(default_factory=list)
    drug_class: str
    subclass: str | None = None
    mme_per_mg: float | None = Field(default=None, gt=0)
    mme_tiers: list[tuple[float | None, float]] | None = None
    mme_per_mcg_hour: float | None = Field(default=None, gt=0)
    max_daily_mg: float | None = Field(default=None, gt=0)
    max_daily_mg_extended_release: float | None = Field(default=None, gt=0)
    usual_doses_per_day: float | None = Field(
        default=None, gt=0, description="For a days' supply when directions are missing (hs: 1)."
    )
    form: str | None = None
    brand_forms: dict[str, str] = Field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return [self.drug_class] + ([self.subclass] if self.subclass else [])


class Product(Model):
    """A branded topical product and its ingredients (generic, percent)."""

    brand: str
    aliases: list[str] = Field(min_length=1)
    form: str
    ingredients: list[tuple[str, float]] = Field(min_length=1)


class Catalogue(Model):
    classes: dict[str, str]
    subclasses: dict[str, str]
    drugs: list[DrugEntry]
    products: list[Product] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        generics = {d.generic for d in self.drugs}
        if len(generics) != len(self.drugs):
            raise ValueError("duplicate generic names")
        for drug in self.drugs:
            if drug.drug_class not in self.classes:
                raise ValueError(f"{drug.generic}: unknown drug_class {drug.drug_class!r}")
            if drug.subclass is not None and drug.subclass not in self.subclasses:
                raise ValueError(f"{drug.generic}: unknown subclass {drug.subclass!r}")
        for product in self.products:
            for generic, _ in product.ingredients:
                if generic not in generics:
                    raise ValueError(f"product {product.brand}: unknown ingredient {generic!r}")
        return self

    def drug(self, generic: str) -> DrugEntry | None:
        return next((d for d in self.drugs if d.generic == generic), None)

    @property
    def class_names(self) -> set[str]:
        return set(self.classes) | set(self.subclasses)


def catalogue_path() -> Path:
    return Path(str(resources.files("drafter") / "data" / "drugs.yaml"))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The drug catalogue shipped with drafter (loaded and validated once per process)."""
    path = catalogue_path()
    try:
        return Catalogue.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise RuleDataError(f"drug catalogue {path.name}: {first_validation_error(exc)}") from None


@dataclass(frozen=True)
class DrugMention:
    """A drug or product name found in a text."""

    start: int
    end: int
    text: str
    drug: DrugEntry | None
    product: Product | None


@lru_cache(maxsize=1)
def _name_index() -> tuple[re.Pattern[str], dict[str, DrugEntry | Product]]:
    index: dict[str, DrugEntry | Product] = {}
    for product in catalogue().products:
        for alias in product.aliases:
            index.setdefault(alias.lower(), product)
    for drug in catalogue().drugs:
        for name in [*drug.names, *drug.brands]:
            index.setdefault(name.lower(), drug)
    names = sorted(index, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE
    )
    return pattern, index


def find_drugs(text: str) -> list[DrugMention]:
    """Every drug or product name in `text`, longest name first at each position."""
    pattern, index = _name_index()
    found = []
    for match in pattern.finditer(text):
        entry = index[match.group(0).lower()]
        drug = entry if isinstance(entry, DrugEntry) else None
        product = entry if isinstance(entry, Product) else None
        found.append(DrugMention(match.start(), match.end(), match.group(0), drug, product))
    return found


def names_drug(text: str) -> bool:
    return bool(find_drugs(text))


# --- the order ---------------------------------------------------------------------------------

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "zero": 0, "no": 0}
_STRENGTH = re.compile(
    r"(?P<first>\d+(?:\.\d+)?)(?:\s*/\s*\d+(?:\.\d+)?)*\s*"
    r"(?P<unit>mcg\s*/\s*h(?:ou)?r|mcg/h|mcg|mg|%)(?![a-z])",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"^\s*(?P<pct>\d*\.?\d+)\s*%")
_QUANTITY = re.compile(
    r"(?:#\s*|\bqty\.?\s*:?\s*|\bquantity\s*:?\s*|\bdispense\s*:?\s*)(?P<n>\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_COUNT_UNITS = re.compile(
    r"(?<!take )(?<![\d.-])(?P<n>[1-9]\d{1,3})\s*(?:tablets|tabs|capsules|caps|pills|patches)\b",
    re.IGNORECASE,
)
"""'(90 tablets)': a count of ten or more units is the quantity, not a dose."""
_MASS = re.compile(r"(?<![\d.%])(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>g|gm|gms|grams?|ml)\b", re.I)
_REFILLS = re.compile(
    r"(?:(?P<n>\d+|one|two|three|four|five|no|zero)\s*(?:\(\d+\)\s*)?refills?|"
    r"refills?\s*(?:x|:)?\s*(?P<m>\d+)|\bRF\s*x?\s*(?P<r>\d+))",
    re.IGNORECASE,
)
REFILLS = _REFILLS
"""'with 2 refills', 'refills x 3', 'RF x1': the refills an order authorises."""
_PER_DAY = [
    (re.compile(r"\bq\.?\s*(?P<h>\d+)(?:\s*-\s*\d+)?\s*h(?:rs?|ours?)?\b", re.I), "hours"),
    (re.compile(r"every\s+(?P<h>\d+)(?:\s*(?:-|to)\s*\d+)?\s*hours?", re.I), "hours"),
    (
        re.compile(
            r"(?P<n>\d+|one|two|three|four|five|six)\s*(?:x|times)\s*(?:a|per|/)\s*day", re.I
        ),
        "count",
    ),
    (re.compile(r"\bq\.?i\.?d\.?\b|four times (?:a |per )?da(?:y|ily)", re.I), 4),
    (re.compile(r"\bt\.?i\.?d\.?\b|three times (?:a |per )?da(?:y|ily)|thrice daily", re.I), 3),
    (
        re.compile(
            r"\bb\.?i\.?d\.?\b|twice (?:a |per )?da(?:y|ily)|two times (?:a |per )?day|"
            r"every 12 hours|\bq12h\b",
            re.I,
        ),
        2,
    ),
    (
        re.compile(
            r"\bq\.?d\.?\b|\bdaily\b|once (?:a |per )?day|\bq\.?h\.?s\.?\b|\bh\.?s\.?\b|"
            r"at bedtime|nightly|every night|\bqam\b|\bqpm\b|each day|per day|a day",
            re.I,
        ),
        1,
    ),
]
_UNITS_PER_DOSE = re.compile(
    r"(?:take\s+)?(?P<a>\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(?P<b>\d+(?:\.\d+)?))?\s*"
    r"(?:tabs?|tablets?|caps?|capsules?|pills?|patch(?:es)?|(?=\s*(?:PO|p\.o\.|by mouth)\b))",
    re.IGNORECASE,
)
_PRN = re.compile(r"\bp\.?r\.?n\.?\b|as needed", re.IGNORECASE)
_EXTENDED = re.compile(
    r"\b(?:ER|XR|CR|SR|XL|LA|extended[- ]release|controlled[- ]release|sustained[- ]release)\b",
    re.IGNORECASE,
)
_TOPICAL_FORM = re.compile(
    r"\b(?P<form>cream|gel|ointment|lotion|patch(?:es)?|topical|compound(?:ed)?|liniment|"
    r"spray|rub|balm|solution)\b",
    re.IGNORECASE,
)
_ORAL_FORM = re.compile(r"\b(?P<form>tablets?|tabs?|capsules?|caps?|PO|by mouth|oral)\b", re.I)


def _word_number(token: str) -> float:
    return float(_NUMBER_WORDS.get(token.lower(), token)) if token else 0.0


def doses_per_day(text: str) -> float | None:
    """Doses per day from directions ('TID' 3, 'every 8 hours' 3, 'q4-6h' 6); None if absent."""
    for pattern, kind in _PER_DAY:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "hours":
            hours = float(match["h"])
            return math.floor(24 / hours) if 0 < hours <= 24 else None
        if kind == "count":
            return _word_number(match["n"])
        return float(kind)
    return None


def _units_per_dose(text: str) -> float | None:
    match = _UNITS_PER_DOSE.search(text)
    if not match:
        return None
    return float(match["b"] or match["a"])


def _strength_after(text: str, end: int) -> tuple[str, float, str] | None:
    """The first strength at or after `end` (within the next few words)."""
    match = _STRENGTH.search(text, end)
    if not match or match.start() - end > 25:
        return None
    return match.group(0).strip(), float(match["first"]), match["unit"].lower()


def _ingredient(mention: DrugMention, text: str) -> Ingredient:
    drug = mention.drug
    pct = _PERCENT.match(text[mention.end : mention.end + 12])
    return Ingredient(
        name=mention.text,
        generic=drug.generic if drug else None,
        drug_class=drug.drug_class if drug else None,
        percent=float(pct["pct"]) if pct else None,
    )


def parse_order(text: str) -> MedicationOrder | None:
    """The order in a medication request's wording; None when it names no known drug."""
    mentions = find_drugs(text)
    if not mentions:
        return None
    first = mentions[0]
    topical_form = _TOPICAL_FORM.search(text)
    form = topical_form["form"].lower() if topical_form else None
    oral = _ORAL_FORM.search(text)
    quantity, unit = _quantity(text, mentions)
    common = {
        "directions": _directions(text),
        "doses_per_day": doses_per_day(text),
        "units_per_dose": _units_per_dose(text),
        "prn": bool(_PRN.search(text)),
        "refills": _refills(text),
        "extended_release": bool(_EXTENDED.search(text)),
        "quantity": quantity,
        "quantity_unit": unit,
    }
    product = first.product
    if product is not None:
        return _topical_order(text, [first], product, product.form, common)
    drug = first.drug
    if drug is None:  # guarded by find_drugs; kept for type narrowing
        return None
    percent_strength = any(_PERCENT.match(text[m.end : m.end + 12]) for m in mentions)
    brand_form = next(
        (f for b, f in drug.brand_forms.items() if b.lower() == first.text.lower()), None
    )
    systemic_patch = drug.drug_class == "opioid" and form in {"patch", "patches"}
    if drug.form == "transdermal patch" or systemic_patch:
        return _systemic_order(text, first, drug, "transdermal", "patch", common)
    if brand_form or percent_strength or (form and not oral):
        return _topical_order(text, mentions, None, brand_form or form, common)
    return _systemic_order(text, first, drug, "oral" if oral or drug else None, None, common)


def _systemic_order(
    text: str,
    mention: DrugMention,
    drug: DrugEntry,
    route: str | None,
    form: str | None,
    common: dict,
) -> MedicationOrder:
    strength = _strength_after(text, mention.end) or _strength_after(text, 0)
    oral = _ORAL_FORM.search(text)
    return MedicationOrder(
        drug_text=mention.text,
        generic=drug.generic,
        brand=mention.text if mention.text.lower() in {b.lower() for b in drug.brands} else None,
        drug_classes=drug.classes,
        route=route,  # type: ignore[arg-type]
        form=form or (oral["form"].lower() if oral and oral["form"][0].lower() in "tc" else None),
        strength_text=strength[0] if strength else None,
        strength_mg=strength[1] if strength and strength[2] != "%" else None,
        **common,
    )


def _topical_order(
    text: str,
    mentions: list[DrugMention],
    product: Product | None,
    form: str | None,
    common: dict,
) -> MedicationOrder:
    if product is not None:
        catalogue_ = catalogue()
        ingredients = [
            Ingredient(
                name=generic,
                generic=generic,
                drug_class=getattr(catalogue_.drug(generic), "drug_class", None),
                percent=percent,
            )
            for generic, percent in product.ingredients
        ]
        drug_text = mentions[0].text
    else:
        ingredients = []
        for m in mentions:
            ingredient = _ingredient(m, text)
            same = next(
                (i for i in ingredients if i.generic and i.generic == ingredient.generic), None
            )
            if same is None:
                ingredients.append(ingredient)
            elif same.percent is None:  # 'Diclofenac 1% gel (Voltaren)': one drug named twice
                same.percent = ingredient.percent
        ingredients += _unknown_ingredients(text, mentions)
        drug_text = text[mentions[0].start : mentions[-1].end]
    single = len(ingredients) == 1
    classes = ["topical"] + ([] if single else ["compound"])
    is_patch = (form or "").startswith("patch")
    if single and ingredients[0].generic == "lidocaine" and is_patch:
        classes.append("lidocaine_patch")
    return MedicationOrder(
        drug_text=drug_text,
        generic=ingredients[0].generic if single else None,
        brand=product.brand if product else None,
        drug_classes=classes,
        route="topical",
        form=form,
        strength_text=", ".join(f"{i.name} {i.percent:g}%" for i in ingredients if i.percent)
        or None,
        ingredients=ingredients,
        **common,
    )


_PERCENT_INGREDIENT = re.compile(r"(?P<name>[A-Za-z][A-Za-z-]{3,})\s+(?P<pct>\d*\.?\d+)\s*%")


def _unknown_ingredients(text: str, mentions: list[DrugMention]) -> list[Ingredient]:
    """'Bupivacaine 5%': a percent-strength ingredient the catalogue does not know."""
    return [
        Ingredient(name=m["name"], percent=float(m["pct"]))
        for m in _PERCENT_INGREDIENT.finditer(text)
        if not any(d.start <= m.start() < d.end for d in mentions)
    ]


def _quantity(text: str, mentions: list[DrugMention]) -> tuple[float | None, str | None]:
    for match in _QUANTITY.finditer(text):
        if not any(m.start <= match.start() < m.end for m in mentions):  # 'Tylenol #3'
            return float(match["n"]), None
    count = _COUNT_UNITS.search(text)
    if count:
        return float(count["n"]), None
    mass = _MASS.search(text)
    if mass:
        unit = "ml" if mass["unit"].lower() == "ml" else "g"
        return float(mass["n"]), unit
    return None, None


def _refills(text: str) -> int | None:
    match = _REFILLS.search(text)
    if not match:
        return None
    token = match["n"] or match["m"] or match["r"]
    return int(_word_number(token))


def _directions(text: str) -> str | None:
    """The directions as written: from a unit count or route through the frequency."""
    match = re.search(
        r"(?:(?:take\s+)?\d+(?:\s*-\s*\d+)?\s*(?:tabs?|tablets?|caps?|capsules?|patch(?:es)?)?\s*"
        r"(?:PO|p\.o\.|by mouth)?\s*)?(?:q\.?\s*\d+(?:-\d+)?\s*h\w*|every\s+\d+[^,;#]*?hours?|"
        r"\b(?:[bt]\.?i\.?d|q\.?i\.?d|q\.?d|q\.?h\.?s)\b\.?|(?:once|twice|three times|four times|"
        r"\d+\s*(?:x|times))\s*(?:a|per|/)?\s*da(?:y|ily)|daily|at bedtime|nightly)"
        r"(?:\s*(?:PRN|as needed))?",
        text,
        re.IGNORECASE,
    )
    return match.group(0).strip() if match else None


# --- amounts the rules compare -------------------------------------------------------------------


def days_supply(order: MedicationOrder) -> float | None:
    """Days the quantity lasts at the directed dose (for a bedtime-only drug, one a night when
    no directions are given); None without quantity and directions."""
    drug = catalogue().drug(order.generic) if order.generic else None
    doses = order.doses_per_day or (drug.usual_doses_per_day if drug else None)
    if order.quantity is None or not doses or order.quantity_unit:
        return None
    return order.quantity / ((order.units_per_dose or 1) * doses)


def daily_mg(strength_mg: float | None, units: float | None, doses: float | None) -> float | None:
    if strength_mg is None or not doses:
        return None
    return strength_mg * (units or 1) * doses


def morphine_equivalent(generic: str | None, daily: float | None) -> float | None:
    """Daily oral morphine-equivalent dose (MED) for `daily` mg (mcg/h for fentanyl) of
    `generic`; None when the drug has no conversion factor or the dose is unknown."""
    drug = catalogue().drug(generic) if generic else None
    if drug is None or daily is None:
        return None
    if drug.mme_per_mg is not None:
        return daily * drug.mme_per_mg
    if drug.mme_per_mcg_hour is not None:
        return daily * drug.mme_per_mcg_hour
    if drug.mme_tiers:
        factor = next(f for top, f in drug.mme_tiers if top is None or daily <= top)
        return daily * factor
    return None

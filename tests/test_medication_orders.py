"""Medication order parsing: names to generic and class, strength, quantity, directions, refills,
topical compounds, and the MED arithmetic the opioid rule relies on."""

from __future__ import annotations

import pytest

from drafter.medication_orders import (
    catalogue,
    daily_mg,
    days_supply,
    doses_per_day,
    morphine_equivalent,
    parse_order,
)
from drafter.models import Category
from drafter.requests import parse_request


@pytest.mark.parametrize(
    ("text", "generic", "drug_class"),
    [
        ("Norco 10/325mg #90", "hydrocodone/acetaminophen", "opioid"),
        ("Hydrocodone/APAP 10/325 mg #120", "hydrocodone/acetaminophen", "opioid"),
        ("Percocet 10/325 #60", "oxycodone/acetaminophen", "opioid"),
        ("Ultram 50mg #60", "tramadol", "opioid"),
        ("Flexeril 7.5mg #60", "cyclobenzaprine", "muscle_relaxant"),
        ("Soma 350mg #90", "carisoprodol", "muscle_relaxant"),
        ("Neurontin 600mg #90", "gabapentin", "aed"),
        ("Lyrica 75mg #60", "pregabalin", "aed"),
        ("Prilosec 20mg #30", "omeprazole", "ppi"),
        ("Ambien 10mg #30", "zolpidem", "hypnotic"),
        ("Cymbalta 60mg #30", "duloxetine", "antidepressant"),
        ("Xanax 0.5mg #60", "alprazolam", "benzodiazepine"),
        ("Anaprox DS 550mg #60", "naproxen", "nsaid"),
    ],
)
def test_brand_and_generic_names_resolve_to_generic_and_class(text, generic, drug_class):
    order = parse_order(text)
    assert order is not None
    assert order.generic == generic
    assert drug_class in order.drug_classes


def test_strength_is_the_first_number_of_a_combination():
    order = parse_order("Norco 10/325 mg #90")
    assert order.strength_mg == 10
    assert order.strength_text == "10/325 mg"
    assert order.quantity == 90


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("Norco 10/325mg #90", 90), ("Cyclobenzaprine 7.5 mg QTY: 60", 60),
     ("Tramadol 50 mg quantity 120", 120), ("Norco 10/325mg (90 tablets)", 90),
     ("Tylenol #3 #60", 60)],
)  # fmt: skip
def test_quantity_notations(text, quantity):
    assert parse_order(text).quantity == quantity


@pytest.mark.parametrize(
    ("directions", "per_day"),
    [("1 PO TID PRN", 3), ("one tablet twice daily", 2), ("every 8 hours", 3), ("q4-6h prn", 6),
     ("QID", 4), ("at bedtime", 1), ("every 12 hours", 2), ("3 times a day", 3), ("daily", 1)],
)  # fmt: skip
def test_directions_give_doses_per_day(directions, per_day):
    assert doses_per_day(directions) == per_day


def test_directions_units_prn_and_refills():
    order = parse_order("Percocet 10/325 mg 1-2 tabs q4-6h prn #120 with 2 refills")
    assert (order.units_per_dose, order.doses_per_day, order.prn) == (2, 6, True)
    assert order.refills == 2
    assert days_supply(order) == 10


def test_no_directions_means_no_days_supply():
    assert days_supply(parse_order("Cyclobenzaprine 10mg #30")) is None


def test_bedtime_drug_without_directions_assumes_one_a_night():
    assert days_supply(parse_order("Ambien 10mg #14")) == 14


def test_topical_compound_lists_its_ingredients():
    order = parse_order("Flurbiprofen 20%/Lidocaine 5% cream 180 g")
    assert order.route == "topical"
    assert order.drug_classes == ["topical", "compound"]
    assert [(i.generic, i.percent) for i in order.ingredients] == [
        ("flurbiprofen", 20), ("lidocaine", 5)
    ]  # fmt: skip
    assert (order.quantity, order.quantity_unit) == (180, "g")


def test_unknown_compound_ingredient_is_kept_by_name():
    order = parse_order("Compound: Tramadol 8%/Gabaketo 10% cream")
    assert [(i.name, i.generic) for i in order.ingredients] == [
        ("Tramadol", "tramadol"), ("Gabaketo", None)
    ]  # fmt: skip


def test_branded_topical_products_expand_to_ingredients():
    terocin = parse_order("Terocin lotion 120 ml")
    assert {i.generic for i in terocin.ingredients} == {
        "methyl salicylate", "capsaicin", "menthol", "lidocaine"
    }  # fmt: skip
    assert "lidocaine_patch" in parse_order("Lidoderm 5% patch #30").drug_classes
    assert "lidocaine_patch" in parse_order("Lidocaine 5% patches #30").drug_classes
    assert "lidocaine_patch" not in parse_order("Lidocaine 5% ointment").drug_classes


def test_opioid_patch_is_systemic_not_topical():
    order = parse_order("Fentanyl 25 mcg/hr patch #10")
    assert order.route == "transdermal"
    assert "opioid" in order.drug_classes


@pytest.mark.parametrize(
    ("generic", "daily", "med"),
    [("hydrocodone/acetaminophen", 40, 40), ("oxycodone", 80, 120), ("tramadol", 400, 40),
     ("hydromorphone", 8, 32), ("methadone", 20, 80), ("methadone", 30, 240),
     ("fentanyl", 25, 60), ("buprenorphine", 10, None)],
)  # fmt: skip
def test_morphine_equivalents_from_catalogue_factors(generic, daily, med):
    assert morphine_equivalent(generic, daily) == med


def test_daily_mg_needs_strength_and_frequency():
    assert daily_mg(10, 2, 3) == 60
    assert daily_mg(10, None, None) is None


def test_medication_request_carries_its_order():
    request = parse_request("Norco 10/325mg #90")
    assert request.category == Category.MEDICATION
    assert request.medication.generic == "hydrocodone/acetaminophen"


def test_drug_name_without_units_is_still_a_medication():
    assert parse_request("Ultracet 37.5/325").category == Category.MEDICATION


def test_catalogue_is_consistent():
    data = catalogue()
    assert all(d.drug_class in data.classes for d in data.drugs)
    assert "lidocaine_patch" in data.class_names


def test_rule_data_rejects_unknown_drug_classes_and_non_medication_scope():
    from pydantic import ValidationError

    from drafter.rulebook import AppliesTo

    with pytest.raises(ValidationError, match="unknown drug classes"):
        AppliesTo(categories=[Category.MEDICATION], drug_classes=["opiod"])
    with pytest.raises(ValidationError, match="apply only to categories"):
        AppliesTo(categories=[Category.PHYSICAL_THERAPY], drug_classes=["opioid"])
    assert AppliesTo(categories=[Category.MEDICATION], drugs=["carisoprodol"])


@pytest.mark.slow
def test_wheel_ships_the_drug_catalogue(tmp_path):
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(root)],
        check=True,
    )  # fmt: skip
    names = zipfile.ZipFile(next(tmp_path.glob("drafter-*.whl"))).namelist()
    assert "drafter/data/drugs.yaml" in names
    assert "drafter/data/medication_terms.yaml" in names
    assert "drafter/prompts/offline/checks/med_at_most.j2" in names

"""Medication rules at their boundaries: rule selection by drug, the MED cap, compounds, PPIs,
muscle relaxants, AED response, benzodiazepines, sleep medication, and no-rule requests."""

from __future__ import annotations

import pytest

from drafter.checker import check_request
from drafter.models import (
    CaseFacts,
    Decision,
    DocumentedFact,
    Evidence,
    Finding,
    MedicationHistory,
    MedicationUse,
    PainWithMedication,
    UrineDrugScreen,
    Work,
    WorkStatus,
)
from drafter.requests import parse_request
from drafter.rulebook import load_rulebook

QUOTE = Evidence(quote="as documented")


def _use(name: str, generic: str, classes: list[str], **kw) -> MedicationUse:
    return MedicationUse(name=name, generic=generic, drug_classes=classes, current=True,
                         evidence=QUOTE, **kw)  # fmt: skip


def _decide(text: str, **facts):
    request = parse_request(text)
    case = CaseFacts(requests=[request], **facts)
    return check_request(case, request, load_rulebook())


def _criterion(determination, criterion_id: str):
    return next(c for c in determination.criteria if c.id == criterion_id)


def _monitored_opioid_history(**pain) -> MedicationHistory:
    return MedicationHistory(
        medications=[_use("Norco", "hydrocodone/acetaminophen", ["opioid"])],
        pain=PainWithMedication(with_medication=4, without_medication=8, evidence=QUOTE, **pain),
        functional_benefit=DocumentedFact(value=True, assessed=True, evidence=QUOTE),
        side_effects=DocumentedFact(value=False, assessed=True, evidence=QUOTE),
        aberrant_behavior=DocumentedFact(value=False, assessed=True, evidence=QUOTE),
        urine_drug_screens=[UrineDrugScreen(performed=True, result="consistent", evidence=QUOTE)],
    )


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("Norco 10/325mg #90", "cpmtg-2009-opioids"),
        ("Tramadol 50mg #60", "cpmtg-2009-opioids"),
        ("Naproxen 550mg #60", "cpmtg-2009-nsaids"),
        ("Omeprazole 20mg #30", "cpmtg-2009-ppi"),
        ("Soma 350mg #60", "cpmtg-2009-carisoprodol"),
        ("Cyclobenzaprine 7.5mg #60", "cpmtg-2009-cyclobenzaprine"),
        ("Tizanidine 4mg #30", "cpmtg-2009-muscle-relaxants"),
        ("Gabapentin 600mg #90", "cpmtg-2009-antiepilepsy-drugs"),
        ("Sertraline 50mg #30", "cpmtg-2009-ssri"),
        ("Amitriptyline 25mg #30", "cpmtg-2009-antidepressants"),
        ("Lidoderm 5% patch #30", "cpmtg-2009-lidoderm"),
        ("Cyclobenzaprine 10% cream 120g", "cpmtg-2009-topical-analgesics"),
        ("Xanax 0.5mg #60", "cpmtg-2009-benzodiazepines"),
        ("Ambien 10mg #30", "odg-zolpidem"),
        ("Lunesta 2mg #30", "odg-insomnia-treatment"),
        ("Fioricet #30", "cpmtg-2009-barbiturate-analgesics"),
        ("Colace 100mg #60", "cpmtg-2009-opioid-constipation"),
        ("Zofran 4mg #20", "odg-antiemetics-opioid-nausea"),
    ],
)
def test_each_drug_gets_its_own_rule(text, rule_id):
    assert _decide(text).rule_id == rule_id


def test_a_medication_no_rule_covers_is_left_to_the_reviewer():
    determination = _decide("Theramine #120")
    assert determination.decision is None
    assert determination.reviewer_must_decide


@pytest.mark.parametrize(("strength", "result"), [(119, "met"), (120, "met"), (121, "unmet")])
def test_med_cap_boundary(strength, result):
    determination = _decide(f"Morphine sulfate {strength}mg once daily #30")
    med = _criterion(determination, "med_cap")
    assert med.result.value == result
    assert med.details["med"] == strength


def test_med_adds_other_current_opioids():
    history = MedicationHistory(medications=[
        _use("OxyContin", "oxycodone", ["opioid"], strength_mg=20, doses_per_day=2)
    ])  # fmt: skip
    determination = _decide("Norco 10/325mg 1 every 6 hours #120", medication_history=history)
    med = _criterion(determination, "med_cap")
    assert med.details["med"] == 40 + 60
    assert med.details["other_opioids"] == ["OxyContin"]


def test_ongoing_opioid_with_the_four_as_documented_is_overturned():
    determination = _decide("Norco 10/325mg #120", medication_history=_monitored_opioid_history())
    assert determination.decision == Decision.OVERTURNED


@pytest.mark.parametrize(
    "missing",
    ["functional_benefit", "side_effects", "aberrant_behavior"],
)
def test_each_undocumented_a_counts_against_ongoing_opioids(missing):
    history = _monitored_opioid_history().model_copy(update={missing: DocumentedFact()})
    determination = _decide("Norco 10/325mg #120", medication_history=history)
    assert determination.decision == Decision.UPHELD


def test_working_meets_the_continue_if_returned_to_work_test():
    history = _monitored_opioid_history().model_copy(
        update={"functional_benefit": DocumentedFact()}
    )
    work = Work(status=WorkStatus.FULL_DUTY, evidence=QUOTE)
    determination = _decide("Norco 10/325mg #120", medication_history=history, work=work)
    assert determination.decision == Decision.OVERTURNED


def test_silent_urine_drug_screen_is_neutral_but_a_documented_absence_is_not():
    silent = _monitored_opioid_history().model_copy(update={"urine_drug_screens": []})
    assert _decide("Norco 10/325mg #120", medication_history=silent).decision == "Overturned"
    none_done = silent.model_copy(
        update={"urine_drug_screens": [UrineDrugScreen(performed=False, evidence=QUOTE)]}
    )
    assert _decide("Norco 10/325mg #120", medication_history=none_done).decision == "Upheld"


@pytest.mark.parametrize(("with_", "decision"), [(6.4, "Overturned"), (6.5, "Upheld")])
def test_analgesia_needs_a_meaningful_reduction(with_, decision):
    history = _monitored_opioid_history().model_copy(
        update={
            "pain": PainWithMedication(with_medication=with_, without_medication=8, evidence=QUOTE)
        }
    )
    assert _decide("Norco 10/325mg #120", medication_history=history).decision == decision


def test_tramadol_above_its_daily_maximum_is_upheld():
    determination = _decide(
        "Ultram 50mg 2 tablets every 4 hours #360", medication_history=_monitored_opioid_history()
    )
    assert _criterion(determination, "daily_maximum").result.value == "unmet"
    assert determination.decision == Decision.UPHELD


def test_new_opioid_needs_a_documented_non_opioid_trial():
    assert _decide("Tramadol 50mg #60").decision == Decision.UPHELD
    tried = MedicationHistory(medications=[
        _use("naproxen", "naproxen", ["nsaid"]).model_copy(update={"current": False})
    ])  # fmt: skip
    assert _decide("Tramadol 50mg #60", medication_history=tried).decision == Decision.OVERTURNED


def test_compound_with_one_non_recommended_ingredient_is_not_recommended():
    determination = _decide("Ketoprofen 10%/Menthol 5% cream 120g")
    ingredients = _criterion(determination, "every_ingredient_recommended")
    assert ingredients.result.value == "unmet"
    assert ingredients.details["not_recommended"] == ["ketoprofen"]
    assert determination.decision == Decision.UPHELD


def test_compound_of_recommended_ingredients_passes_the_ingredient_test():
    determination = _decide("Menthoderm gel 120g")
    assert _criterion(determination, "every_ingredient_recommended").result.value == "met"
    assert determination.decision == Decision.OVERTURNED


def test_lidocaine_only_as_a_patch():
    cream = _decide("Lidocaine 5% cream 30g")
    assert _criterion(cream, "every_ingredient_recommended").result.value == "unmet"


def test_topical_nsaid_not_for_the_spine():
    request = parse_request("Voltaren gel 1% 100g for the lumbar spine")
    determination = check_request(CaseFacts(requests=[request]), request, load_rulebook())
    assert _criterion(determination, "topical_nsaid_site").result.value == "unmet"


def _on_nsaid() -> MedicationHistory:
    return MedicationHistory(medications=[_use("naproxen", "naproxen", ["nsaid"])])


@pytest.mark.parametrize(("age", "decision"), [(65, "Upheld"), (66, "Overturned")])
def test_ppi_age_boundary(age, decision):
    assert _decide("Omeprazole 20mg #30", age=age, medication_history=_on_nsaid()).decision == (
        decision
    )


def test_ppi_with_and_without_documented_gi_risk():
    risk = Finding(concept="gi_risk", present=True, evidence=QUOTE)
    with_risk = _decide("Omeprazole 20mg #30", age=40, findings=[risk],
                        medication_history=_on_nsaid())  # fmt: skip
    assert with_risk.decision == Decision.OVERTURNED
    denied = risk.model_copy(update={"present": False})
    without = _decide("Omeprazole 20mg #30", age=40, findings=[denied],
                      medication_history=_on_nsaid())  # fmt: skip
    assert without.decision == Decision.UPHELD


def test_ppi_without_an_nsaid_is_upheld_even_with_risk():
    risk = Finding(concept="gi_risk", present=True, evidence=QUOTE)
    assert _decide("Omeprazole 20mg #30", age=70, findings=[risk]).decision == Decision.UPHELD


def test_carisoprodol_is_never_recommended():
    determination = _decide("Soma 350mg #60")
    assert determination.decision == Decision.UPHELD
    assert "meprobamate" in determination.criteria[0].explanation


SPASM = [Finding(concept="spasm_or_exacerbation", present=True, evidence=QUOTE)]


@pytest.mark.parametrize(("quantity", "decision"), [(21, "Overturned"), (22, "Upheld")])
def test_new_muscle_relaxant_supply_boundary(quantity, decision):
    assert _decide(f"Cyclobenzaprine 10mg 1 tablet daily #{quantity}", findings=SPASM).decision == (
        decision
    )


def test_long_term_muscle_relaxant_is_upheld():
    history = MedicationHistory(medications=[
        _use("Flexeril", "cyclobenzaprine", ["muscle_relaxant"], weeks_of_use=10)
    ])  # fmt: skip
    determination = _decide("Flexeril 10mg #30", findings=SPASM, medication_history=history)
    assert determination.decision == Decision.UPHELD
    assert _criterion(determination, "short_course").details["weeks_of_use"] == 10


@pytest.mark.parametrize(("percent", "decision"), [(30, "Overturned"), (29, "Upheld")])
def test_aed_response_threshold(percent, decision):
    history = MedicationHistory(
        medications=[_use("gabapentin", "gabapentin", ["aed"])],
        pain=PainWithMedication(percent_relief=percent, evidence=QUOTE),
        functional_benefit=DocumentedFact(value=True, assessed=True, evidence=QUOTE),
    )
    neuropathic = [Finding(concept="neuropathic_pain", present=True, evidence=QUOTE)]
    determination = _decide("Gabapentin 600mg #90", findings=neuropathic,
                            medication_history=history)  # fmt: skip
    assert determination.decision == decision


@pytest.mark.parametrize(("weeks", "decision"), [(3, "Overturned"), (5, "Upheld")])
def test_benzodiazepine_four_week_limit(weeks, decision):
    history = MedicationHistory(medications=[
        _use("Xanax", "alprazolam", ["benzodiazepine"], weeks_of_use=weeks)
    ])  # fmt: skip
    # a refill adds its own supply (#7 at bedtime: 1 week) to the weeks already taken
    determination = _decide("Xanax 0.5mg at bedtime #7", medication_history=history)
    assert determination.decision == decision


def test_zolpidem_short_course_needs_documented_insomnia():
    insomnia = [Finding(concept="insomnia", present=True, evidence=QUOTE)]
    assert _decide("Ambien 5mg #14", findings=insomnia).decision == Decision.OVERTURNED
    assert _decide("Ambien 5mg #14").decision == Decision.UPHELD
    assert _decide("Ambien 5mg #60", findings=insomnia).decision == Decision.UPHELD


def test_lidoderm_needs_neuropathic_pain_and_a_first_line_trial():
    neuro = [Finding(concept="localized_neuropathic_pain", present=True, evidence=QUOTE)]
    tried = MedicationHistory(medications=[
        _use("gabapentin", "gabapentin", ["aed"]).model_copy(update={"current": False})
    ])  # fmt: skip
    assert _decide("Lidoderm 5% patch #30", findings=neuro).decision == Decision.UPHELD
    assert _decide("Lidoderm 5% patch #30", findings=neuro, medication_history=tried).decision == (
        Decision.OVERTURNED
    )


def test_laxative_only_with_opioid_therapy():
    on_opioid = MedicationHistory(
        medications=[_use("Norco", "hydrocodone/acetaminophen", ["opioid"])]
    )
    assert _decide("Colace 100mg #60", medication_history=on_opioid).decision == Decision.OVERTURNED
    assert _decide("Colace 100mg #60").decision == Decision.UPHELD


def test_post_operative_antiemetic_is_left_to_the_reviewer():
    assert _decide("Ondansetron 4mg #10 post-operative").reviewer_must_decide


def test_relief_named_for_one_drug_is_not_credited_to_another():
    ultracet = PainWithMedication(
        percent_relief=50, drugs=["tramadol/acetaminophen"], evidence=QUOTE
    )
    history = MedicationHistory(
        medications=[_use("naproxen", "naproxen", ["nsaid"])],
        pain=ultracet,
        pain_reports=[ultracet],
    )
    naproxen = _decide("Naproxen 550mg #60", medication_history=history)
    assert _criterion(naproxen, "documented_benefit").result.value == "unknown"
    general = ultracet.model_copy(update={"drugs": []})
    history = history.model_copy(update={"pain": general, "pain_reports": [general]})
    assert _decide("Naproxen 550mg #60", medication_history=history).decision == Decision.OVERTURNED

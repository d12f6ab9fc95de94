"""Recognizers added while widening what the offline reader takes from medication statements
(measured by evals/phrasings/medications-*.yaml). The phrasings here are our own, positive and
negative, not copied from the corpus."""

from __future__ import annotations

from drafter.medication_orders import parse_order
from drafter.medication_response import pain_reports
from drafter.medication_text import OWN_TERMS, is_request, own_mentions
from drafter.nlp import find_mentions
from drafter.pipeline import decide, extract_facts
from drafter.rulebook import load_rulebook


def _case(body: str, request: str) -> str:
    return f"CLINICAL CASE SUMMARY\n\n{body}\n\nDISPUTED ITEMS\n{request}\n"


def _criterion(body: str, request: str, rule: str, criterion: str):
    rulebook = load_rulebook()
    facts = extract_facts(_case(body, request), rulebook)
    for determination in decide(facts, rulebook):
        if determination.rule_id == rule:
            found = [c for c in determination.criteria if c.id == criterion]
            return found[0] if found else None
    raise AssertionError(f"{rule} not applied")


def _uses(body: str, request: str = "Naproxen 500mg BID #60"):
    return extract_facts(_case(body, request)).medication_history.medications


# --- a topical named only by its form ---------------------------------------------------------

COMPOUND = "Compound cream: ketoprofen 10%, lidocaine 2% 120 gm"


def test_a_topical_named_by_its_form_is_ongoing_use_of_the_requested_topical():
    uses = _uses("He has rubbed the compounded cream on his elbow since 2014.", COMPOUND)
    assert [(u.name, u.current) for u in uses] == [("topical other", True)]
    benefit = _criterion(
        "He has rubbed the compounded cream on his elbow since 2014. The cream brings his elbow "
        "pain down from 6/10 to 2/10.",
        COMPOUND, "cpmtg-2009-topical-analgesics", "benefit",
    )
    assert benefit is not None and not benefit.counts_against


def test_a_denied_or_named_topical_is_no_form_reference():
    assert _uses("She has never used any cream for the pain.", COMPOUND) == []
    named = _uses("She applies Voltaren gel to the knee.", COMPOUND)
    assert [u.name for u in named] == ["Voltaren gel"]


def test_a_relief_report_naming_another_drug_does_not_speak_for_the_cream():
    benefit = _criterion(
        "He has used the compounded cream since 2014. Oxycodone gives him 60% relief; nothing was "
        "said about the cream's effect.",
        COMPOUND, "cpmtg-2009-topical-analgesics", "benefit",
    )
    assert benefit is not None and benefit.counts_against


def test_the_site_of_a_topical_nsaid_is_read_after_the_product_or_treatment_area():
    request = "Diclofenac 1% gel (Voltaren) 100gm"
    elbow = _criterion("She rubs the gel into the left elbow for epicondylitis.", request,
                       "cpmtg-2009-topical-analgesics", "topical_nsaid_site")
    assert elbow is not None and not elbow.counts_against
    back = _criterion("Area to be treated: lumbar spine.", request,
                      "cpmtg-2009-topical-analgesics", "topical_nsaid_site")
    assert back is not None and back.counts_against


def test_one_drug_named_twice_in_an_order_is_one_ingredient():
    order = parse_order("Diclofenac sodium 1% gel (Voltaren) 50gm")
    assert order is not None and order.generic == "diclofenac"
    assert [i.generic for i in order.ingredients] == ["diclofenac"]


# --- when use began ---------------------------------------------------------------------------


def test_a_start_some_time_ago_is_weeks_of_use():
    (use,) = _uses("He started naproxen 2 weeks ago for the flare.")
    assert use.current and round(use.weeks_of_use or 0) == 2
    (other,) = _uses("Naproxen was given to her ten days ago at urgent care.")
    assert round((other.weeks_of_use or 0) * 7) == 10


def test_a_new_start_has_no_weeks_of_use_and_is_not_ongoing():
    (use,) = _uses("Naproxen was started on 2-3-2016 for the flare.")
    assert use.weeks_of_use == 0
    goals = _criterion(
        "Oxycodone was started on 2-3-2016. No functional goals were set for the trial.",
        "Oxycodone 5mg q6h prn #60", "cpmtg-2009-opioids", "trial_goals",
    )
    assert goals is not None and goals.counts_against


def test_a_drug_said_to_be_naive_is_no_use():
    assert _uses("She is naproxen naive.") == []


def test_a_plan_sentence_with_a_report_of_use_keeps_the_use():
    (use,) = _uses("He began naproxen 3 weeks ago and the doctor intends to continue it.")
    assert use.current and round(use.weeks_of_use or 0) == 3
    # the physician starting it now is the plan, not a report of use
    assert _uses("The physician started naproxen 500 mg #60 today for the flare.") == []


def test_allowed_to_continue_working_is_no_request():
    assert not is_request("The medication has allowed him to continue working full duty.")
    assert is_request("The physician requested to continue naproxen.")


def test_no_improvement_with_a_drug_still_reports_its_use():
    (use,) = _uses("She reports no real improvement in her mood with naproxen.")
    assert use.current
    assert _uses("She denies taking naproxen.") == []


# --- response -------------------------------------------------------------------------------


def test_pain_while_the_medication_lapsed_is_pain_without_it():
    (report,) = pain_reports(
        "When her naproxen ran out last month her pain climbed to 8/10; back on it, 3/10.", 0
    )
    assert (report.without_medication, report.with_medication) == (8, 3)
    assert pain_reports("Her pain climbed to 8/10 after a fall; naproxen was refilled.", 0) == []


def test_improved_mood_is_a_benefit_of_an_ssri():
    body = "He has taken sertraline since 2014. His mood has improved and he is less tearful."
    met = _criterion(body, "Sertraline 50mg #30", "cpmtg-2009-ssri", "benefit")
    assert met is not None and not met.counts_against
    denied = _criterion(
        "He has taken sertraline since 2014. There has been no improvement in mood.",
        "Sertraline 50mg #30", "cpmtg-2009-ssri", "benefit",
    )
    assert denied is not None and denied.counts_against


def test_an_antiemetic_for_nausea_with_another_cause_and_no_opioid():
    other = _criterion(
        "Nausea began with her vertigo spells. She takes meclizine and no opioids.",
        "Ondansetron 4mg #20", "odg-antiemetics-opioid-nausea", "not_for_opioid_nausea",
    )
    assert other is not None and not other.counts_against
    opioid = _criterion(
        "She takes oxycodone 10 mg three times daily and has nausea from it.",
        "Ondansetron 4mg #20", "odg-antiemetics-opioid-nausea", "not_for_opioid_nausea",
    )
    assert opioid is not None and opioid.counts_against


def test_a_drug_not_yet_taken_or_about_to_start_is_no_use():
    assert _uses("Naproxen was prescribed on 3-3-2016; he has not yet taken it.") == []
    assert _uses("Before starting naproxen, his grip strength was measured.") == []
    (use,) = _uses("Naproxen was prescribed on 3-3-2015 and he has taken it daily since.")
    assert use.current


def test_scores_before_and_after_a_dose_in_shorthand():
    (report,) = pain_reports("Ibuprofen 600 mg: NRS 6/10 before, 2/10 after a dose.", 0)
    assert (report.without_medication, report.with_medication) == (6, 2)
    (current,) = pain_reports("With current medications (ibuprofen) pain is 4/10; without 7/10.", 0)
    assert (current.without_medication, current.with_medication) == (7, 4)


def test_refills_count_in_the_supply_of_a_short_term_drug():
    single = _criterion("She reports poor sleep.", "Zolpidem 5mg qHS #14",
                        "odg-zolpidem", "short_term")
    refilled = _criterion("She reports poor sleep.", "Zolpidem 5mg qHS #14 x4 refills",
                          "odg-zolpidem", "short_term")
    assert single is not None and not single.counts_against
    assert refilled is not None and refilled.counts_against


def test_a_fentanyl_patch_in_the_history_adds_its_rate_to_the_med():
    med = _criterion(
        "She wears a fentanyl patch 75 mcg/hr, changed every 72 hours.",
        "Oxycodone 10mg q6h prn #120", "cpmtg-2009-opioids", "med_cap",
    )
    assert med is not None and med.counts_against  # 180 + 60 mg MED


def test_a_denial_after_a_medication_concept_term():
    screen = _criterion(
        "Oxycodone 5 mg was started on 5-5-2016. Addiction risk was never evaluated.",
        "Oxycodone 5mg q6h prn #60", "cpmtg-2009-opioids", "trial_misuse_screen",
    )
    assert screen is not None and screen.counts_against
    facts = extract_facts(_case(
        "He has taken Percocet 5/325 mg twice daily since 2013. Aberrant behaviors: none noted.",
        "Percocet 5/325mg BID #60"))
    assert facts.medication_history.aberrant_behavior.value is False


def test_no_early_refill_requests_is_a_report_not_a_plan():
    assert not is_request("Pharmacy records showed no early refill requests.")
    assert is_request("A refill of naproxen was requested.")


def test_none_or_negative_after_a_screen_is_its_result_not_a_denial():
    def negated(sentence: str, label: str) -> bool:
        mentions = own_mentions(find_mentions(sentence, OWN_TERMS))
        return next(m.negated for m in mentions if m.label == label)

    assert negated("Aberrant behaviors: none.", "MED_ABERRANT")
    assert negated("Side effects were reported as none.", "MED_SIDE_EFFECTS")
    assert not negated("PDMP: negative for other prescribers.", "MED_MONITORING")

"""An opioid request that supplies a documented taper is decided by the weaning rule; a UR's
recommendation to wean, a denied plan or a finished taper leave it to the opioid rule."""

from __future__ import annotations

import pytest

from drafter.pipeline import decide, extract_facts

BASE = (
    "The injured worker has taken OxyContin 20 mg twice daily since 2013 for chronic low back "
    "pain. Pain stays 8/10 with or without it and no functional gains are documented. {extra}"
)


def _decide(extra: str):
    case = (
        f"CLINICAL CASE SUMMARY\n\n{BASE.format(extra=extra)}\n\nDISPUTED ITEMS\n"
        "OxyContin 10 mg #60\n"
    )
    (determination,) = decide(extract_facts(case))
    return determination


@pytest.mark.parametrize(
    "extra",
    [
        "The physician outlined a taper schedule: 10 mg twice daily for a month, then stop.",
        "She agreed to come off the medication; the dose will drop by half each month.",
        "The plan is to wean him off OxyContin over three months.",
    ],
)
def test_a_documented_taper_is_certified_under_the_weaning_rule(extra):
    determination = _decide(extra)
    assert determination.rule_id == "cpmtg-2009-opioid-weaning"
    assert determination.decision == "Overturned"
    assert "Weaning of Medications" in determination.citation


@pytest.mark.parametrize(
    "extra",
    [
        "Utilization Review modified the prior request to #30 for weaning.",
        "There is no plan to taper the opioid.",
        "He completed a supervised taper off hydrocodone in 2012.",
        "",
    ],
)
def test_without_a_taper_plan_the_opioid_rule_decides(extra):
    determination = _decide(extra)
    assert determination.rule_id == "cpmtg-2009-opioids"
    assert determination.decision == "Upheld"


def test_a_full_dose_refill_beside_a_taper_is_not_the_taper():
    summary = (
        "CLINICAL CASE SUMMARY\n\nHe takes OxyContin 20 mg twice daily and Opana IR 10 mg four "
        "times a day since 2012, without functional gains. Plan: taper off Opana; begin reducing "
        "OxyContin.\n\nDISPUTED ITEMS\nOpana IR 10 mg #120\nOxyContin 10 mg #60\n"
    )
    opana, oxycontin = decide(extract_facts(summary))
    assert opana.rule_id == oxycontin.rule_id == "cpmtg-2009-opioid-weaning"
    assert (opana.decision, oxycontin.decision) == ("Upheld", "Overturned")


BASE_NORCO = (
    "He has taken Norco 10/325 four times daily since 2013. No functional improvement. No UDS. "
)


@pytest.mark.parametrize(
    "extra",
    [
        "The patient refuses a taper plan.",
        "Utilization review recommended a taper plan.",
        "A taper plan is not indicated.",
        "Xanax: taper plan discussed with psychiatry.",
    ],
)
def test_a_refused_reviewers_or_other_drugs_taper_is_not_a_plan(extra):
    case = f"CLINICAL CASE SUMMARY\n\n{BASE_NORCO}{extra}\n\nDISPUTED ITEMS\nNorco 10/325 mg #90\n"
    (determination,) = decide(extract_facts(case))
    assert determination.rule_id == "cpmtg-2009-opioids"


@pytest.mark.parametrize(
    "item",
    ["Norco 10/325 mg 1 tab four times daily #90", "Norco 10/325 mg #120 - patient declines taper"],
)
def test_a_request_at_the_current_daily_dose_is_not_the_taper(item):
    plan = "The physician outlined a taper schedule for Norco."
    case = f"CLINICAL CASE SUMMARY\n\n{BASE_NORCO}{plan}\n\nDISPUTED ITEMS\n{item}\n"
    (determination,) = decide(extract_facts(case))
    assert determination.decision == "Upheld"

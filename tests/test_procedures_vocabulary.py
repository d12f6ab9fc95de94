"""Vocabulary a new writer may use for procedures (error analysis of the second blind procedure
set, evals/holdout2/procedures/ANALYSIS.md): abbreviations in requests, all-capitals item lines,
failed care and motivation in the writer's own words, relief as a fraction, a duration stated a
sentence after the percent, a procedure named after 'following'. Every sentence here is written
for the test, not copied from a letter."""

import pytest

from drafter.models import Category, ProcedureKind, Response
from drafter.requests import detect_category, parse_request
from drafter.sections import disputed_item_lines
from tests.procedure_cases import concepts, history

K = ProcedureKind


# --- abbreviations in a request ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "category", "kind"),
    [
        ("Right L5-S1 TFESI", Category.INJECTION, K.EPIDURAL_STEROID_INJECTION),
        ("C6-7 CESI x1", Category.INJECTION, K.EPIDURAL_STEROID_INJECTION),
        ("L4-5 ILESI", Category.INJECTION, K.EPIDURAL_STEROID_INJECTION),
        ("LESI left L4-5", Category.INJECTION, K.EPIDURAL_STEROID_INJECTION),
        ("Bilateral L5 SNRBs", Category.INJECTION, K.EPIDURAL_STEROID_INJECTION),
        ("RFA left L4-5 and L5-S1", Category.INJECTION, K.RADIOFREQUENCY_ABLATION),
        ("RFTC bilateral C4-5, C5-6", Category.INJECTION, K.RADIOFREQUENCY_ABLATION),
        ("RF neurotomy right L3-L5", Category.INJECTION, K.RADIOFREQUENCY_ABLATION),
        ("Bilateral L3-4 MBNB", Category.INJECTION, K.MEDIAL_BRANCH_BLOCK),
        ("TPI x2 rhomboids", Category.INJECTION, K.TRIGGER_POINT_INJECTION),
        ("EDX RLE", Category.DIAGNOSTIC, K.ELECTRODIAGNOSTIC),
        ("UDT quarterly", Category.DIAGNOSTIC, K.URINE_DRUG_SCREEN),
        ("UA tox screen", Category.DIAGNOSTIC, K.URINE_DRUG_SCREEN),
        ("HWT 30 day trial", Category.DME, K.H_WAVE),
        ("IF stim unit rental", Category.DME, K.INTERFERENTIAL),
        ("HELP program 2 weeks", Category.PROGRAM, K.FUNCTIONAL_RESTORATION),
    ],
)
def test_abbreviated_requests_get_a_category_and_kind(request_text, category, kind):
    parsed = parse_request(request_text)
    assert parsed.category == category
    assert parsed.procedure is not None and parsed.procedure.kind == kind


def test_help_in_lower_case_is_not_a_program_name():
    assert parse_request("Home health aide to help with bathing").procedure.kind == K.HOME_HEALTH


def test_an_abbreviation_keeps_levels_and_side():
    order = parse_request("RFTC left L3-L4, L4-L5").procedure
    assert (order.levels, order.side) == (["L3-4", "L4-5"], "left")


@pytest.mark.parametrize(
    ("request_text", "limb", "side"),
    [
        ("NCV/EMG BUE", "upper", "bilateral"),
        ("EMG LLE", "lower", "left"),
        ("NCS right RUE", "upper", "right"),
        ("EMG/NCS of the LUE", "upper", "left"),
    ],
)
def test_limb_abbreviations(request_text, limb, side):
    order = parse_request(request_text).procedure
    assert (order.limb, order.side) == (limb, side)


def test_an_unknown_word_is_still_other():
    assert detect_category("Consultation with a specialist") == Category.OTHER


# --- item lines in capitals ----------------------------------------------------------------------


def test_an_all_capitals_item_is_an_item_not_a_heading():
    text = (
        "DISPUTED ITEMS\n\nLeft L4-5 TFESI\n\nEMG/NCV BLE\n\nH-WAVE UNIT\n\nDOCUMENTS REVIEWED\n\nx"
    )
    items = [line for _, line in disputed_item_lines(text)]
    assert items == ["Left L4-5 TFESI", "EMG/NCV BLE", "H-WAVE UNIT"]


# --- failed conservative care and motivation, in a writer's own words ---------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Leg pain continues despite finishing a course of therapy and a trial of meloxicam.",
        "Eight chiropractic visits were completed without durable benefit.",
        "She tried naproxen and a home program, with little to no relief.",
        "Physical therapy did not help, and the anti-inflammatories only gave short-lived relief.",
        "Her symptoms have persisted through therapy, stretching and NSAIDs.",
        "Acupuncture proved ineffective.",
        "A prior lumbar injection was of no benefit.",
    ],
)
def test_failed_conservative_care_in_own_words(sentence):
    facts, _ = history(f"He has chronic low back pain. {sentence}")
    assert True in concepts(facts, "conservative_care_failed")


@pytest.mark.parametrize(
    "sentence",
    [
        "There is no documentation that physical therapy did not help.",
        "He has not had physical therapy, and no medications have been tried.",
        "Physical therapy gave lasting relief and he is back at work.",
    ],
)
def test_no_failed_care_is_read_where_none_is_stated(sentence):
    facts, _ = history(f"He has chronic low back pain. {sentence}")
    assert True not in concepts(facts, "conservative_care_failed")


@pytest.mark.parametrize(
    "sentence",
    [
        "He is eager to get back to his job as a forklift driver.",
        "She signed a participation contract with the program.",
        "He said he would give up his disability payments to return to work.",
        "She expressed a willingness to change how she manages her pain.",
    ],
)
def test_motivation_in_own_words(sentence):
    facts, _ = history(f"She has chronic pain. {sentence}", "Functional restoration x 10 days")
    assert True in concepts(facts, "motivation_to_change")


# --- relief: fractions, a duration in a later sentence, a procedure after 'following' ------------


def test_relief_as_a_fraction():
    _, h = history("He had a right L5 transforaminal ESI in May 2015. It cut his leg pain by about "
                   "half for roughly eight weeks.")  # fmt: skip
    esi = h[K.EPIDURAL_STEROID_INJECTION]
    assert (esi.relief_percent, esi.relief_weeks) == (50, 8)


def test_duration_stated_a_sentence_after_the_percent():
    _, h = history(
        "A caudal epidural injection was given on 02-02-2015. At follow-up she described 65% "
        "improvement in radiating pain. Her physician later noted that the relief lasted about "
        "ten weeks."
    )
    esi = h[K.EPIDURAL_STEROID_INJECTION]
    assert (esi.relief_percent, esi.relief_weeks) == (65, 10)


def test_duration_in_abbreviated_units():
    _, h = history("He had a lumbar ESI last year with 60% relief for 3 mos.")
    assert h[K.EPIDURAL_STEROID_INJECTION].relief_weeks == pytest.approx(3 * 4.35)


def test_relief_after_following_the_procedure_belongs_to_it():
    _, h = history(
        "She underwent radiofrequency ablation at right L4-5 and L5-S1 in 2014. Following the "
        "ablation she had approximately 75% relief for about nine months.",
        "Repeat RFA right L4-5 and L5-S1",
    )
    rfa = h[K.RADIOFREQUENCY_ABLATION]
    assert (rfa.relief_percent, rfa.relief_weeks) == (75, pytest.approx(9 * 4.35))
    assert rfa.response == Response.IMPROVED


def test_an_injection_requested_using_an_anesthetic_is_not_history():
    _, h = history(
        "She has never had trigger point injections. The doctor requested trigger point "
        "injections using 0.5% bupivacaine to two sites.",
        "Trigger point injections x2",
    )
    assert K.TRIGGER_POINT_INJECTION not in h


def test_a_device_she_is_using_is_history():
    _, h = history("She is using a TENS unit daily with 40% less pain.", "TENS unit purchase")
    assert K.TENS in h

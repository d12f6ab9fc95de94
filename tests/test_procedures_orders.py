"""Parsing injection, study, device and program requests (drafter.procedure_orders)."""

import pytest

from drafter.models import BodyRegion, Category, ProcedureKind
from drafter.procedure_orders import parse_levels, parse_procedure
from drafter.requests import parse_request

K = ProcedureKind


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("L4-5 transforaminal ESI", ["L4-5"]),
        ("bilateral L4-5 and L5-S1 medial branch blocks", ["L4-5", "L5-S1"]),
        ("ESI at L4-L5 and L5/S1", ["L4-5", "L5-S1"]),
        ("C5-6, C6-7 facet injections", ["C5-6", "C6-7"]),
        ("RFA L3-4, L4-5, L5-S1", ["L3-4", "L4-5", "L5-S1"]),
        ("T12-L1 injection", ["T12-L1"]),
        ("L4-S1 transforaminal ESI", ["L4-5", "L5-S1"]),
        ("RFA L3-S1", ["L3-4", "L4-5", "L5-S1"]),
        ("C5-C7 facet injections", ["C5-6", "C6-7"]),
        ("medial branch blocks at L3, L4 and L5", ["L3", "L4", "L5"]),
        ("right L5 selective nerve root block", ["L5"]),
        ("lumbar epidural steroid injection", []),
    ],
)
def test_levels(text, levels):
    assert parse_levels(text) == levels


@pytest.mark.parametrize(
    ("text", "kind", "side", "approach", "injections"),
    [
        (
            "Right L4-5 transforaminal epidural steroid injection",
            K.EPIDURAL_STEROID_INJECTION,
            "right",
            "transforaminal",
            None,
        ),
        (
            "Cervical interlaminar ESI at C6-7",
            K.EPIDURAL_STEROID_INJECTION,
            None,
            "interlaminar",
            None,
        ),
        (
            "Lumbar epidural steroid injections, series of three",
            K.EPIDURAL_STEROID_INJECTION,
            None,
            None,
            3,
        ),
        ("Caudal epidural injection x2", K.EPIDURAL_STEROID_INJECTION, None, "caudal", 2),
        (
            "Bilateral L4-5 and L5-S1 medial branch blocks",
            K.MEDIAL_BRANCH_BLOCK,
            "bilateral",
            None,
            None,
        ),
        ("Left and right L5-S1 facet joint injections", K.FACET_INJECTION, "bilateral", None, None),
        (
            "Radiofrequency ablation following positive medial branch blocks at L4-5",
            K.RADIOFREQUENCY_ABLATION,
            None,
            None,
            None,
        ),
        ("Trigger point injections x 4 to the trapezius", K.TRIGGER_POINT_INJECTION, None, None, 4),
        ("Four trigger point injections", K.TRIGGER_POINT_INJECTION, None, None, 4),
        ("Right C6-7 facet joint injections", K.FACET_INJECTION, "right", None, None),
    ],
)
def test_injection_details(text, kind, side, approach, injections):
    order = parse_procedure(text)
    assert (order.kind, order.side, order.approach) == (kind, side, approach)
    assert order.injections == injections


@pytest.mark.parametrize(
    ("text", "emg", "ncv", "limb", "region"),
    [
        ("EMG/NCV of the bilateral lower extremities", True, True, "lower", BodyRegion.LOW_BACK),
        ("EMG of the left lower extremity", True, False, "lower", BodyRegion.LOW_BACK),
        ("NCS bilateral upper extremities", False, True, "upper", BodyRegion.NECK),
        ("Electrodiagnostic studies of the arms", True, True, "upper", BodyRegion.NECK),
    ],
)
def test_electrodiagnostic_requests_name_their_limb(text, emg, ncv, limb, region):
    request = parse_request(text, default_region=BodyRegion.SHOULDER)
    assert request.category == Category.DIAGNOSTIC
    order = request.procedure
    assert (order.emg, order.ncv, order.limb) == (emg, ncv, limb)
    assert request.body_region == region


def test_a_named_region_wins_over_the_limb():
    request = parse_request("EMG/NCV upper extremities for the cervical spine")
    assert request.body_region == BodyRegion.NECK


@pytest.mark.parametrize(
    ("text", "kind", "acquisition", "days"),
    [
        ("TENS unit 30-day rental", K.TENS, "rental", 30),
        ("TENS unit one month home trial", K.TENS, "rental", 30),
        ("Purchase of TENS unit", K.TENS, "purchase", None),
        ("TENS unit", K.TENS, None, None),
        ("H-wave unit purchase", K.H_WAVE, "purchase", None),
        ("Interferential unit 2 week rental", K.INTERFERENTIAL, "rental", 14),
    ],
)
def test_devices_rental_or_purchase(text, kind, acquisition, days):
    request = parse_request(text)
    assert request.category == Category.DME
    assert (request.procedure.kind, request.procedure.acquisition) == (kind, acquisition)
    assert request.procedure.rental_days == days


@pytest.mark.parametrize(
    ("text", "kind", "hours", "days", "weeks", "per_week", "visits"),
    [
        (
            "Functional restoration program x 160 hours",
            K.FUNCTIONAL_RESTORATION,
            160,
            None,
            None,
            None,
            None,
        ),
        ("FRP 10 days", K.FUNCTIONAL_RESTORATION, None, 10, None, None, None),
        (
            "Functional restoration program for 2 weeks",
            K.FUNCTIONAL_RESTORATION,
            None,
            None,
            2,
            None,
            None,
        ),
        ("Home health aide 4 hours/day, 7 days/week", K.HOME_HEALTH, None, None, None, 28, None),
        ("Home health 8 hours a day, 5 days a week", K.HOME_HEALTH, None, None, None, 40, None),
        ("Home health services 20 hours per week", K.HOME_HEALTH, None, None, None, 20, None),
        ("Cognitive behavioral therapy 6 sessions", K.PSYCHOTHERAPY, None, None, None, None, 6),
        ("CBT 1x6", K.PSYCHOTHERAPY, None, None, None, None, 6),
        ("Work conditioning 12 visits", K.WORK_CONDITIONING, None, None, None, None, 12),
        ("Biofeedback x 4", K.BIOFEEDBACK, None, None, None, None, 4),
        ("Gym membership for 6 months", K.GYM_MEMBERSHIP, None, None, None, None, None),
        (
            "Chronic pain management program 10 days",
            K.FUNCTIONAL_RESTORATION,
            None,
            10,
            None,
            None,
            None,
        ),
    ],
)
def test_programs(text, kind, hours, days, weeks, per_week, visits):
    request = parse_request(text)
    assert request.category == Category.PROGRAM
    order = request.procedure
    assert order.kind == kind
    assert (order.hours, order.days, order.weeks) == (hours, days, weeks)
    assert order.hours_per_week == per_week
    assert request.total_visits == visits


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Work hardening 10 sessions", Category.PROGRAM),
        ("Cognitive behavioral therapy sessions x 4", Category.PROGRAM),
        ("Physical therapy sessions x 6", Category.PHYSICAL_THERAPY),
        ("Urine toxicology screen", Category.DIAGNOSTIC),
        ("Trigger point injection with lidocaine", Category.INJECTION),
    ],
)
def test_categories(text, category):
    assert parse_request(text).category == category


def test_non_procedure_requests_have_no_procedure():
    assert parse_request("Physical therapy 2x4 for the lumbar spine").procedure is None

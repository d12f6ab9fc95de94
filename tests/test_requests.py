import pytest

from drafter.extract_offline import split_items
from drafter.models import BodyRegion, Category
from drafter.requests import parse_request


@pytest.mark.parametrize(
    ("text", "category", "region", "per_week", "weeks", "total"),
    [
        ("Physical therapy 3x a week for 4 weeks for the cervical spine",
         Category.PHYSICAL_THERAPY, BodyRegion.NECK, 3, 4, 12),
        ("Chiropractic 3x6 cervical", Category.CHIROPRACTIC, BodyRegion.NECK, 3, 6, 18),
        ("physical therapy for the cervical spine, 3x4",
         Category.PHYSICAL_THERAPY, BodyRegion.NECK, 3, 4, 12),
        ("PT 2 times a week for 4 weeks lumbar", Category.PHYSICAL_THERAPY, BodyRegion.LOW_BACK,
         2, 4, 8),
        ("Acupuncture twice weekly for 3 weeks", Category.ACUPUNCTURE, None, 2, 3, 6),
        ("12 sessions of acupuncture for the low back", Category.ACUPUNCTURE, BodyRegion.LOW_BACK,
         None, None, 12),
        ("Massage therapy (8) sessions", Category.MASSAGE, None, None, None, 8),
        ("Chiropractic x 6 for the right knee", Category.CHIROPRACTIC, BodyRegion.KNEE,
         None, None, 6),
        ("Physical therapy 1-2 times per week for 6 weeks, right shoulder",
         Category.PHYSICAL_THERAPY, BodyRegion.SHOULDER, 2, 6, 12),
        ("Occupational therapy 2x/week x 4 weeks for the left wrist",
         Category.OCCUPATIONAL_THERAPY, BodyRegion.FOREARM_WRIST_HAND, 2, 4, 8),
        ("Aquatic therapy 6 visits", Category.AQUATIC_THERAPY, None, None, None, 6),
        ("Physical therapy three times a week for four weeks", Category.PHYSICAL_THERAPY, None,
         3, 4, 12),
    ],
)  # fmt: skip
def test_request_notations(text, category, region, per_week, weeks, total):
    request = parse_request(text)
    assert request.text == text
    assert request.category == category
    assert request.body_region == region
    assert request.frequency_per_week == per_week
    assert request.weeks == weeks
    assert request.total_visits == total


def test_medication_quantity_is_not_a_visit_count():
    request = parse_request("Norco 10/325mg #90")
    assert request.category == Category.MEDICATION
    assert request.quantity == 90
    assert request.total_visits is None


def test_default_region_fills_a_request_without_one():
    request = parse_request("Acupuncture 6 visits", default_region=BodyRegion.LOW_BACK)
    assert request.body_region == BodyRegion.LOW_BACK


def test_treatment_plan_is_split_into_verbatim_items():
    span = (
        "physical therapy for the cervical spine, 3x4, and chiropractic therapy for the "
        "cervical spine, 3x6"
    )
    assert split_items(span) == [
        "physical therapy for the cervical spine, 3x4",
        "chiropractic therapy for the cervical spine, 3x6",
    ]

"""绩效评价: the rubric score (weights from fixtures/carrier_rubric.json, editable), grades, indicators
filled from records where they exist, the ranking."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from carriers import rules, selectors, services
from carriers.models import PerformanceReview, RubricIndicator
from carriers.reference import load_rubric
from carriers.tests.factories import CarrierFactory, TenancyFactory

pytestmark = pytest.mark.django_db


def test_rubric_score_by_hand():
    rubric = [("a", Decimal("60"), Decimal("10")), ("b", Decimal("40"), Decimal("100"))]
    # a: 5/10 of 60; b: capped at full marks, 40 → (30 + 40) / 100 × 100
    assert rules.rubric_score({"a": 5, "b": 250}, rubric) == Decimal("70.0")
    assert rules.rubric_score({"a": None, "b": 50}, rubric) == Decimal("20.0")
    assert rules.rubric_score({}, []) == Decimal("0")
    assert [rules.grade_of(s) for s in (90, Decimal("89.9"), 75, 60, Decimal("59.9"))] == [
        "excellent", "good", "good", "pass", "fail",
    ]  # fmt: skip


def test_rubric_fixture_loads_once_and_keeps_admin_edits():
    RubricIndicator.objects.all().delete()
    assert load_rubric() == 7
    RubricIndicator.objects.filter(code="tenants").update(weight=Decimal("50"))
    assert load_rubric() == 0
    assert RubricIndicator.objects.get(code="tenants").weight == Decimal("50")
    load_rubric(overwrite=True)
    assert RubricIndicator.objects.get(code="tenants").weight == Decimal("20")


def test_review_fills_tenants_from_records_and_scores_with_current_weights(changle, staff_user):
    RubricIndicator.objects.all().delete()
    RubricIndicator.objects.create(code="tenants", name="在孵企业数", weight=50, full_mark=4)
    RubricIndicator.objects.create(code="financing", name="融资额", weight=50, full_mark=1000)
    carrier = CarrierFactory(town=changle)
    TenancyFactory.create_batch(2, carrier=carrier, enterprise__town=changle, moved_in_on=dt.date(2023, 2, 1))
    TenancyFactory(carrier=carrier, enterprise__town=changle, moved_in_on=dt.date(2024, 2, 1))  # after 2023
    review = services.review_save(
        instance=PerformanceReview(carrier=carrier, year=2023, financing=Decimal("1000")), user=staff_user
    )
    assert review.tenants == 2  # from the records: in the carrier on 31 December 2023
    assert review.score == Decimal("75.0") and review.grade == "good"
    typed = services.review_save(instance=PerformanceReview(carrier=CarrierFactory(town=changle), year=2023, tenants=4,
                                                            financing=0), user=staff_user)  # fmt: skip
    assert typed.tenants == 4 and typed.score == Decimal("50.0")  # a typed figure is kept
    RubricIndicator.objects.filter(code="financing").update(weight=0)  # an admin changes a weight
    review = services.review_save(instance=review, user=staff_user)
    assert review.score == Decimal("50.0")  # 2/4 of the only weighted indicator


def test_review_once_a_year_and_percent_range(changle, staff_user):
    carrier = CarrierFactory(town=changle)
    services.review_save(instance=PerformanceReview(carrier=carrier, year=2023), user=staff_user)
    with pytest.raises(ValidationError) as exc:
        services.review_save(instance=PerformanceReview(carrier=carrier, year=2023), user=staff_user)
    assert "2023年的绩效评价已录入" in str(exc.value.message_dict["year"])
    with pytest.raises(ValidationError) as exc:
        services.review_save(
            instance=PerformanceReview(carrier=carrier, year=2022, occupancy_pct=Decimal("120")), user=staff_user
        )
    assert "occupancy_pct" in exc.value.message_dict
    assert PerformanceReview.objects.count() == 1


def test_ranking_within_each_year(changle, staff_user):
    load_rubric()
    for tenants in (10, 30, 20):
        services.review_save(
            instance=PerformanceReview(carrier=CarrierFactory(town=changle), year=2023, tenants=tenants),
            user=staff_user,
        )
    ranked = sorted(selectors.review_list(staff_user), key=lambda r: r.rank)
    assert [(r.rank, r.tenants) for r in ranked] == [(1, 30), (2, 20), (3, 10)]

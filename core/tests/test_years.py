"""One range of working years for every app: forms, filters, models, imports and KPI periods read core/years.py."""

import pytest
from django.core.exceptions import ValidationError

from core.years import YEAR_MAX, YEAR_MIN, year_error


def test_the_range_and_its_message():
    assert year_error(YEAR_MIN) is None and year_error(YEAR_MAX) is None
    assert "年度应在2000–2100之间" in year_error(YEAR_MAX + 1)
    assert year_error(None)


@pytest.mark.django_db
def test_a_carrier_report_of_a_year_outside_the_range_is_refused_on_its_field(changle):
    from carriers.models import ConstructionReport
    from carriers.tests.factories import CarrierFactory

    report = ConstructionReport(
        carrier=CarrierFactory(town=changle), year=9999, quarter=1, planned_pct=10, actual_pct=5
    )
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert "年度应在2000–2100之间" in " ".join(refused.value.message_dict["year"])


def test_kpi_periods_and_enterprise_rules_read_the_same_range():
    from enterprises import rules
    from reports.periods import PeriodError, make_period

    assert (rules.YEAR_MIN, rules.YEAR_MAX) == (YEAR_MIN, YEAR_MAX)
    with pytest.raises(PeriodError):
        make_period(YEAR_MAX + 1, "Y")

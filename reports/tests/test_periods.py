"""Periods: their days in Asia/Shanghai, the codes the command takes, and 时序进度."""

import datetime as dt

import pytest

from reports.periods import PERIOD_CODES, PeriodError, make_period

D = dt.date


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("Y", D(2023, 1, 1), D(2023, 12, 31)),
        ("H1", D(2023, 1, 1), D(2023, 6, 30)),
        ("H2", D(2023, 7, 1), D(2023, 12, 31)),
        ("Q1", D(2023, 1, 1), D(2023, 3, 31)),
        ("Q2", D(2023, 4, 1), D(2023, 6, 30)),
        ("Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("Q4", D(2023, 10, 1), D(2023, 12, 31)),
        ("M02", D(2023, 2, 1), D(2023, 2, 28)),
        ("M12", D(2023, 12, 1), D(2023, 12, 31)),
    ],
)
def test_period_days(code, start, end):
    period = make_period(2023, code)
    assert (period.start, period.end) == (start, end)
    assert period.dates == (start, end)


def test_every_code_of_the_spec_is_known():
    assert ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"] + [f"M{m:02d}" for m in range(1, 13)] == PERIOD_CODES
    assert make_period(2024, "M02").end == D(2024, 2, 29)  # a leap year
    assert make_period(2023, "m5").code == "M05"  # lenient about case and the leading zero
    assert make_period(2023, "h1").code == "H1"


@pytest.mark.parametrize("code", ["H3", "Q5", "M13", "M00", "2023", "上半年", "HY"])
def test_unknown_period_is_a_chinese_message(code):
    with pytest.raises(PeriodError, match="不认识的期间"):
        make_period(2023, code)


def test_moments_are_shanghai_midnights():
    start, after = make_period(2023, "H1").moments
    assert start.isoformat() == "2023-01-01T00:00:00+08:00"
    assert after.isoformat() == "2023-07-01T00:00:00+08:00"
    # 30 June 23:59 in Haimen is 15:59 UTC and inside H1; 1 July 00:00 is 16:00 UTC and is not.
    utc = dt.UTC
    assert start <= dt.datetime(2023, 6, 30, 15, 59, tzinfo=utc) < after
    assert not dt.datetime(2023, 6, 30, 16, 0, tzinfo=utc) < after


def test_time_progress():
    h1 = make_period(2023, "H1")
    assert h1.time_progress(today=D(2024, 3, 1)) == pytest.approx(181 / 365)  # past: at the period's end
    assert make_period(2023, "Y").time_progress(today=D(2024, 1, 5)) == 1.0
    assert make_period(2023, "Q1").time_progress(today=D(2023, 5, 1)) == pytest.approx(90 / 365)
    # The running period: today (15 May is the 135th day).
    assert h1.time_progress(today=D(2023, 5, 15)) == pytest.approx(135 / 365)
    assert make_period(2024, "H1").time_progress(today=D(2025, 1, 1)) == pytest.approx(182 / 366)  # leap year
    # A year that has not begun: nothing elapsed.
    assert make_period(2027, "H2").time_progress(today=D(2026, 11, 27)) == 0.0
    assert h1.label == "2023年上半年" and make_period(2023, "Q3").label == "2023年第三季度"
    assert make_period(2023, "M05").label == "2023年5月"


def test_pages_open_on_the_current_half_unless_a_default_period_is_set(settings):
    import datetime as dt

    from reports.periods import default_period

    settings.KPI_DEFAULT_PERIOD = ""
    assert (default_period(dt.date(2026, 11, 30)).year, default_period(dt.date(2026, 11, 30)).code) == (2026, "H2")
    assert default_period(dt.date(2026, 3, 1)).code == "H1"
    settings.KPI_DEFAULT_PERIOD = "2023-H1"
    opening = default_period(dt.date(2026, 11, 30))
    assert (opening.year, opening.code, opening.end) == (2023, "H1", dt.date(2023, 6, 30))
    settings.KPI_DEFAULT_PERIOD = "二〇二三上半年"  # not a period: logged, the current half instead
    assert default_period(dt.date(2026, 11, 30)).year == 2026


@pytest.mark.django_db
def test_the_kpi_pages_open_on_the_default_period(client, settings, staff_user):
    settings.KPI_DEFAULT_PERIOD = "2023-H1"
    client.force_login(staff_user)
    page = client.get("/kpis/").content.decode()
    assert "2023年上半年" in page

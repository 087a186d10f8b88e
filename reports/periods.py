"""Reporting periods: a year, its halves, quarters and months, in Asia/Shanghai.

A period is a closed range of calendar days (H1 = 1 January – 30 June). Records dated by a
DateField are in the period when their date is in `dates`; records dated by a DateTimeField
when their moment is in `moments` (from 00:00 of the first day to 00:00 of the day after the
last, in the project's time zone), so 30 June 23:59 in Haimen is H1 and 1 July 00:00 is H2
whatever the server's clock zone.
"""

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.years import YEAR_MAX, YEAR_MIN

# The codes the `kpi` command and the pages take (docs/domain.md §5), in the order pages offer them.
PERIOD_CODES = ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"] + [f"M{m:02d}" for m in range(1, 13)]

_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


logger = logging.getLogger(__name__)


class PeriodError(ValueError):
    """An unknown period code; the message is the Chinese one shown to the user."""


@dataclass(frozen=True)
class Period:
    year: int
    code: str  # one of PERIOD_CODES
    start: dt.date
    end: dt.date  # the last day, inclusive

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        """For `field__range=period.dates` on a DateField."""
        return (self.start, self.end)

    @property
    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes in the project's zone, for `field__gte`/`field__lt`."""
        zone = timezone.get_default_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return (start, after)

    @property
    def label(self) -> str:
        if self.code == "Y":
            return _("%(year)s年全年") % {"year": self.year}
        if self.code == "H1":
            return _("%(year)s年上半年") % {"year": self.year}
        if self.code == "H2":
            return _("%(year)s年下半年") % {"year": self.year}
        if self.code.startswith("Q"):
            return _("%(year)s年第%(q)s季度") % {"year": self.year, "q": _QUARTER_NAMES[int(self.code[1])]}
        return _("%(year)s年%(month)s月") % {"year": self.year, "month": int(self.code[1:])}

    @property
    def short_label(self) -> str:
        return {"Y": _("全年"), "H1": _("上半年"), "H2": _("下半年")}.get(self.code) or (
            _("第%(q)s季度") % {"q": _QUARTER_NAMES[int(self.code[1])]}
            if self.code.startswith("Q")
            else _("%(month)s月") % {"month": int(self.code[1:])}
        )

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def time_progress(self, today: dt.date | None = None) -> float:
        """时序进度: the share of the year elapsed at the period's end, or today for a running period.

        A day counts once it has begun to be worked: on 30 June, 181 of 365 days (49.6%).
        A period that has not begun yet is measured at today too (0 before the year starts).
        """
        today = today or timezone.localdate()
        as_of = min(self.end, today)
        first = dt.date(self.year, 1, 1)
        days = 366 if calendar.isleap(self.year) else 365
        elapsed = (as_of - first).days + 1
        return max(0.0, min(1.0, elapsed / days))


def make_period(year: int, code: str = "Y") -> Period:
    """The period `code` of `year`; PeriodError (with a Chinese message) for anything else."""
    raw = code
    code = (code or "Y").strip().upper()
    match = re.fullmatch(r"M(\d{1,2})", code)
    if match:
        code = f"M{int(match.group(1)):02d}"
    if code not in PERIOD_CODES:
        raise PeriodError(
            _("不认识的期间“%(code)s”：可用 Y（全年）、H1/H2（上/下半年）、Q1–Q4（季度）、M01–M12（月份）。")
            % {"code": raw}
        )
    if not YEAR_MIN <= int(year) <= YEAR_MAX:
        raise PeriodError(
            _("年度“%(year)s”超出范围（%(min)s–%(max)s）。") % {"year": year, "min": YEAR_MIN, "max": YEAR_MAX}
        )
    year = int(year)
    if code == "Y":
        first, last = 1, 12
    elif code.startswith("H"):
        first = 1 if code == "H1" else 7
        last = first + 5
    elif code.startswith("Q"):
        first = (int(code[1]) - 1) * 3 + 1
        last = first + 2
    else:
        first = last = int(code[1:])
    start = dt.date(year, first, 1)
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return Period(year=year, code=code, start=start, end=end)


def year_periods(year: int) -> list[Period]:
    """全年, the halves and the quarters of a year: the rows of a KPI's "by period" table."""
    return [make_period(year, code) for code in ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]]


def default_period(today: dt.date | None = None) -> Period:
    """The period the KPI pages, the dashboard and a leader's home open on.

    This year's current half, unless settings.KPI_DEFAULT_PERIOD names one ("2023-H1"): a demo or
    training installation whose records are of a past half-year opens on that half instead of on
    an empty present (`make run` sets it to the seed's 2023-H1; production leaves it unset).
    """
    from django.conf import settings

    configured = (getattr(settings, "KPI_DEFAULT_PERIOD", "") or "").strip()
    if configured:
        year, _sep, code = configured.replace("-", " ").partition(" ")
        try:
            return make_period(int(year), code.strip() or "Y")
        except (ValueError, PeriodError):
            logger.warning("KPI_DEFAULT_PERIOD=%r is not a period like 2023-H1; using the current half", configured)
    today = today or timezone.localdate()
    return make_period(today.year, current_period_code(today))


def current_period_code(today: dt.date | None = None) -> str:
    """The half-year we are in: the period pages open on."""
    today = today or timezone.localdate()
    return "H1" if today.month <= 6 else "H2"

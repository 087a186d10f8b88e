"""The investment rules read by every layer (model clean, services, importer, forms)."""

import datetime as dt

from django.utils.translation import gettext as _

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================

# The stages at which a project counts as signed (签约 and after it on the path): the KPIs, the
# recognition rule and the list's 签约日期 filter read this one list.
SIGNED_OR_LATER = ("signed", "landed")
# 南通市科创项目 are recognised among signed projects; a project dropped after signing keeps its date.
RECOGNISABLE_STAGES = ("signed", "landed", "dropped")


def future_date_error(on, *, today: dt.date, label) -> str | None:
    """A stage is reached, a project recognised, on a day that has happened."""
    if on is not None and on > today:
        return _("%(label)s%(on)s晚于今天（%(today)s），不能填写将来的日期。") % {
            "label": label,
            "on": on.isoformat(),
            "today": today.isoformat(),
        }
    return None


def recognition_error(stage, nt_recognized_on) -> str | None:
    """南通市科创项目认定 is for signed projects: a 线索/在谈 project cannot carry the date."""
    if nt_recognized_on is not None and stage not in RECOGNISABLE_STAGES:
        return _("项目尚未签约，不能登记南通市科创项目认定日期（请先将项目推进到“签约”）。")
    return None


# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================

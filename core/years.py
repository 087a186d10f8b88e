"""The working years every app's records may carry, defined once (forms, filters, models, imports, KPIs).

The portal starts with the 2020s' records; 2000 leaves room for old certificates and founding years.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

YEAR_MIN = 2000
YEAR_MAX = 2100


def year_error(year) -> str | None:
    """Why `year` is not a working year, or None."""
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return str(_("年度应在%(min)s–%(max)s之间。") % {"min": YEAR_MIN, "max": YEAR_MAX})
    return None


def year_validators():
    """For a model's 年度 field: the same range with the same Chinese message."""
    message = _("年度应在%(min)s–%(max)s之间。") % {"min": YEAR_MIN, "max": YEAR_MAX}
    return [MinValueValidator(YEAR_MIN, message), MaxValueValidator(YEAR_MAX, message)]

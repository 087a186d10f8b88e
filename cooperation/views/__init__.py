"""The cooperation pages, one module per section (views only configure core's generic views)."""

from .finance import *  # noqa: F403
from .intermediaries import *  # noqa: F403

"""Enterprise pages: configuration of core's generic views; the rules live in services/selectors."""

from .enterprises import *  # noqa: F403
from .pools import *  # noqa: F403
from .search import EnterpriseJumpView  # noqa: F401
from .visits import *  # noqa: F403
from .warnings import *  # noqa: F403

"""seed_demo's investment data (core/management/commands/seed_demo.py finds `seed` here).

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B): investment/demo_activity.py
# =============================================================================================
The pipeline's demo (part A) adds its own counts here; the activity half runs after it, so the
roadshows can present the demo projects.
"""

from . import demo_activity


def seed(*, users, towns, year=2023) -> dict:
    counts = {}
    counts.update(demo_activity.seed(users=users, towns=towns, year=year))
    return counts

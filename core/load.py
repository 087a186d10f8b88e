"""generate_load's shared context: what every app's load generator is given.

Each app may have `load.py` with `generate(ctx: LoadContext) -> dict` (counts it created). The
enterprises app runs first and creates the enterprises; it records their ids in
`ctx.new_enterprise_ids`, and every later app adds its own rows *in proportion to those*
(so a top-up from 50,000 to 60,000 enterprises adds the other tables for the 10,000 new
ones only, and a re-run with nothing new adds nothing anywhere).

Load data is for measuring speed, not for reading: it is written with bulk_create in
batches, without change-log entries (a change log of half a million synthetic creations
would only double the time and the database), and it is recognisable by its credit-code
serials (see enterprises.load.LOAD_SERIAL_BASE).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoadContext:
    enterprises: int  # how many load enterprises there should be in the end
    towns: list  # core.Town, in their order
    officers: dict  # town id -> the town's grid officers (accounts.User), first one is the main one
    batch_size: int = 5000
    new_enterprise_ids: list[int] = field(default_factory=list)
    progress: Callable[[str], None] = print
    seed: int = 2023

    def rng(self, salt: int) -> random.Random:
        """A generator for one chunk: the same chunk always gets the same rows."""
        return random.Random(self.seed * 1_000_003 + salt)


def ensure_officers(towns) -> dict:
    """One grid officer per town at least: the demo's own if seed_demo ran, else a load officer."""
    from accounts.models import User

    officers = {}
    existing = User.objects.filter(role=User.Role.TOWN_OFFICER, is_active=True, town__isnull=False)
    for user in existing.order_by("town_id", "date_joined", "id"):
        officers.setdefault(user.town_id, []).append(user)
    for town in towns:
        if town.pk not in officers:
            user = User(username=f"load_grid_{town.order:02d}", role=User.Role.TOWN_OFFICER, town=town)
            user.last_name, user.first_name = "压测", f"网格员{town.order:02d}"
            user.set_unusable_password()
            user.save()
            officers[town.pk] = [user]
    return officers

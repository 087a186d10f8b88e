"""The enterprise demo for seed_demo: `plan` is the data (pure Python), `write` puts it in the database.

seed_demo discovers `seed(users=..., towns=..., year=...)` here, as in every app's demo.
"""

from .write import seed

__all__ = ["seed"]

"""The demo's plan is data: built without a database, the same on every run."""

import ast
from pathlib import Path

from enterprises.demo import plan


def test_the_plan_needs_no_database():
    # No django_db mark: any query here would fail the test.
    companies = plan.build_plan()
    again = plan.build_plan()
    assert [c.credit_code for c in companies] == [c.credit_code for c in again]
    assert len({c.credit_code for c in companies}) == len(companies)


def test_the_plan_does_not_write():
    tree = ast.parse(Path(plan.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {m for m in imported if m and (m.startswith("django.db") or m.startswith("core.changelog"))}

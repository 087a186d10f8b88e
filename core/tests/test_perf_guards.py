"""Guards of the performance layer (core/perf/README.md): each override that leans on a
library's internals fails here, loudly, when the library changes underneath it.

A failure is not a bug in the portal yet: it says "re-check this override against the new
version". Read the library's changed code, adjust the override (or delete it if the library
now does the fast thing itself), re-run its benchmark, then update the pin below.
"""

import hashlib
import inspect
from importlib.metadata import version
from pathlib import Path

import django.forms
import django_tables2
import pytest
from django.db import models
from django_tables2 import rows, utils

from core.perf.renderers import INPUT_WIDGETS, WIDGETS, PortalFormRenderer


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _tables2_template(name: str) -> str:
    return (Path(django_tables2.__file__).parent / "templates" / "django_tables2" / name).read_text(encoding="utf-8")


# (what, the library code it depends on, its hash when the override was written, what to re-check)
PINS = [
    (
        "core.perf.signatures (django-tables2 utils.signature)",
        lambda: inspect.getsource(utils.signature.original),
        "448d922c8dcc0c9e",
        "the memo must return what utils.signature returns for the same function",
    ),
    (
        "core.perf.signatures (django-tables2 utils.call_with_appropriate)",
        lambda: inspect.getsource(utils.call_with_appropriate),
        "bcb1f2a3c2418a70",
        "call_with_appropriate must still call the module global `signature` per cell",
    ),
    (
        "core.perf.tables (django-tables2 table.html, the tbody portal.html replaces)",
        lambda: _tables2_template("table.html"),
        "1246fe13c5f99299",
        "table_rows_html must write the <tr>/<td> markup of the stock tbody block",
    ),
    (
        "core.perf.tables (django-tables2 bootstrap5-responsive.html, which portal.html extends)",
        lambda: _tables2_template("bootstrap5-responsive.html"),
        "5c44fe10417b9a32",
        "portal.html's {% block table.tbody %} must still be the block that writes the rows",
    ),
    (
        "core.perf.tables (django-tables2 BoundRow.items)",
        lambda: inspect.getsource(rows.BoundRow.items),
        "8739896e98aa6db5",
        "table_rows_html takes every cell's value from BoundRow.items()",
    ),
    (
        "core.perf.display (Django Model._get_FIELD_display)",
        lambda: inspect.getsource(models.Model._get_FIELD_display),
        "b8fb444217edb131",
        "choice_display must return exactly what Django's get_FOO_display returns",
    ),
]


@pytest.mark.parametrize("what,source,pinned,recheck", PINS, ids=[p[0] for p in PINS])
def test_library_code_under_an_override_is_unchanged(what, source, pinned, recheck):
    assert _hash(source()) == pinned, (
        f"{what} changed in the installed library. Re-check: {recheck}. "
        "Then run its benchmark (core/perf/README.md) and update the hash in core/tests/test_perf_guards.py."
    )


@pytest.mark.parametrize(
    "package,pinned",
    [("django-tables2", "3.0.1"), ("Django", "5.2.19"), ("django-filter", "26.2")],
)
def test_overridden_libraries_are_the_pinned_versions(package, pinned):
    assert version(package) == pinned, (
        f"{package} is {version(package)}, the overrides in core/perf were checked against {pinned}: "
        "run core/tests/test_perf_guards.py, core/tests/test_tables.py, core/tests/test_renderers.py and the "
        "benchmarks named in core/perf/README.md, then update this pin and requirements.txt together."
    )


def test_the_signature_memo_is_the_one_django_tables2_calls():
    assert getattr(utils.signature, "remembered", False), "core.apps.ready() must install the memo"
    assert "signature" in utils.call_with_appropriate.__code__.co_names, (
        "django-tables2 no longer calls utils.signature through the module global: the memo is dead code"
    )

    def render_cell(value, record):
        return value

    utils.call_with_appropriate(render_cell, {"value": 1, "record": None})
    assert (render_cell, False) in utils.signature.known


def test_every_plain_widget_template_is_written_in_python():
    """Django's widget templates are checked at start; a changed one silently falls back to the
    templates (correct, but the list pages lose a fifth of their speed): say so here instead."""
    fast = PortalFormRenderer().fast
    expected = {f"{WIDGETS}{name}.html" for name in INPUT_WIDGETS} | {
        f"{WIDGETS}select.html",
        f"{WIDGETS}textarea.html",
    }
    missing = sorted(expected - set(fast))
    assert not missing, (
        f"Django's templates changed for {missing} (in {Path(django.forms.__file__).parent / 'templates'}): "
        "update the *_SOURCE strings and the Python in core/perf/renderers.py, then run test_renderers.py"
    )

"""`get_FOO_display()` with each field's value → label dict built once (BusinessModel uses it).

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on every
call, and hashing each (value, lazy label) pair translates every label: a 50-row list showing
one choice column translated 400 labels. The dict here keeps the labels lazy, so the one
returned is still translated into the active language; callable (dynamic) choices are not kept.

Reproduces Django 5.2's `Model._get_FIELD_display` (pinned 5.2.19);
core/tests/test_perf_guards.py fails when Django's source of it changes.
"""

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def choice_display(instance, field):
    """What `models.Model._get_FIELD_display(instance, field)` returns, without rebuilding the dict."""
    choices = field.choices
    if isinstance(choices, CallableChoiceIterator):
        return models.Model._get_FIELD_display(instance, field)
    known = field.__dict__.get("_display_labels")
    if known is None or known[0] is not choices:
        known = (choices, dict(make_hashable(field.flatchoices)))
        field._display_labels = known
    value = getattr(instance, field.attname)
    return force_str(known[1].get(make_hashable(value), value), strings_only=True)

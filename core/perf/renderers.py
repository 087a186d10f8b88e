"""The portal's form renderer (settings.FORM_RENDERER): Django's, with its plainest widget
templates written in Python.

Django renders every widget through templates: a <select> includes one template per <option>,
and each of those includes attrs.html. A list page has a filter form and the bulk-action forms,
some thirty widgets and a few hundred options, which made up a fifth of its server time.

`PortalFormRenderer` writes `input.html` (and the widgets that only include it: text, number,
date, hidden, checkbox, …), `select.html` with `select_option.html`, and `textarea.html`
directly, byte for byte as those templates do (core/tests/test_renderers.py compares them).
It only does so while Django's template sources are the ones written here: `_FAST` checks them
once, and any other template, a changed Django template or an unusual widget context (a
callable attribute, another option template) is rendered by the templates as before. The
renderer's engine puts Django's own form templates first, so no project template can be
shadowed by this.
"""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"

# The template sources the Python below reproduces (Django 4.1–5.2).
ATTRS_SOURCE = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
)
INPUT_SOURCE = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
    "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n'
)
INCLUDE_INPUT_SOURCE = '{% include "django/forms/widgets/input.html" %}\n'
SELECT_SOURCE = (
    '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}\n"
    "</select>\n"
)
OPTION_SOURCE = (
    "<option value=\"{{ widget.value|stringformat:'s' }}\""
    '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
)
TEXTAREA_SOURCE = (
    '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
)
INPUT_WIDGETS = [
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "search",
    "tel",
    "date",
    "time",
    "datetime",
    "color",
    "hidden",
    "checkbox",
]

# The engine renders widget templates with autoescape on and no l10n/tz override.
_CONTEXT = Context(autoescape=True)


class _Unusual(Exception):
    """The widget context has something the Python below does not reproduce: use the template."""


def _out(value):
    """`{{ value }}`"""
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        raise _Unusual
    return render_value_in_context(value, _CONTEXT)


def _out_s(value):
    """`{{ value|stringformat:'s' }}`"""
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        raise _Unusual
    result = stringformat(value, "s")
    return _out(mark_safe(result) if isinstance(value, SafeData) else result)


def _attrs(attrs):
    """`{% include "django/forms/widgets/attrs.html" %}`"""
    parts = []
    for name, value in attrs.items():
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            raise _Unusual
        if value is not False:
            parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_out_s(value)}"')
    return "".join(parts)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_out_s(widget["value"])}"'
    return f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _select(widget):
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != WIDGETS + "select_option.html":
                raise _Unusual
            parts.append(
                f'\n  <option value="{_out_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_out(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget):
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


def _source(name):
    path = Path(django.forms.__file__).parent / "templates" / WIDGETS / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


class PortalFormRenderer(DjangoTemplates):
    @cached_property
    def fast(self):
        """Template name → Python function, for the templates whose source is as written above."""
        if _source("attrs.html") != ATTRS_SOURCE:
            return {}
        fast = {}
        if _source("input.html") == INPUT_SOURCE:
            for name in INPUT_WIDGETS:
                if name == "input" or _source(f"{name}.html") == INCLUDE_INPUT_SOURCE:
                    fast[f"{WIDGETS}{name}.html"] = _input
        if _source("select.html") == SELECT_SOURCE and _source("select_option.html") == OPTION_SOURCE:
            fast[WIDGETS + "select.html"] = _select
        if _source("textarea.html") == TEXTAREA_SOURCE:
            fast[WIDGETS + "textarea.html"] = _textarea
        return fast

    def render(self, template_name, context, request=None):
        write = self.fast.get(template_name)
        widget = context.get("widget") if write is not None else None
        if isinstance(widget, dict):
            try:
                return mark_safe(write(widget).strip())  # noqa: S308 -- every value went through _out
            except (_Unusual, KeyError):
                pass
        return super().render(template_name, context, request=request)

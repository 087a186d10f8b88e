"""core.perf.renderers writes the plain widget templates in Python, byte for byte as Django's templates."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.perf.renderers import PortalFormRenderer

TEMPLATES = DjangoTemplates()
PORTAL = PortalFormRenderer()


class Shiny(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


WIDGETS = [
    (forms.TextInput(attrs={"class": "form-control", "placeholder": 'a "quoted" <b>'}), "x&y"),
    (forms.TextInput(attrs={"required": True, "disabled": False, "data-x": None}), None),
    (forms.TextInput(), mark_safe("<i>safe</i>")),
    (forms.NumberInput(attrs={"min": 1, "max": Decimal("3.5")}), 1234567),
    (forms.NumberInput(), 0.5),
    (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), dt.date(2024, 5, 1)),
    (forms.HiddenInput(), "h"),
    (forms.EmailInput(), "a@b.c"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 3, "placeholder": gettext_lazy("每行")}), "line 1\n<line 2>"),
    (forms.Textarea(), ""),
    (forms.Select(choices=[("", "全部"), ("a", "甲 & 乙"), (1, 2024), ("q", gettext_lazy("阶段"))]), "a"),
    (forms.Select(choices=[("", "---")]), None),
    (forms.Select(attrs={"class": "form-select"}, choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]), "y"),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
    (forms.NullBooleanSelect(), None),
    (Shiny(choices=[("a", "A")]), "a"),  # another option template: rendered by the templates
    (forms.RadioSelect(choices=[("a", "A")]), "a"),
    (forms.SplitDateTimeWidget(), dt.datetime(2024, 5, 1, 8, 30)),
]


IDS = [f"{i}-{type(w).__name__}" for i, (w, _) in enumerate(WIDGETS)]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=IDS)
def test_widget_renders_as_the_templates_do(widget, value):
    attrs = {"id": "id_f", "aria-describedby": "help"}
    expected = widget.render("f", value, attrs=attrs, renderer=TEMPLATES)
    assert widget.render("f", value, attrs=attrs, renderer=PORTAL) == expected


def test_plain_widgets_are_written_in_python():
    fast = PORTAL.fast
    for name in ["text", "number", "date", "hidden", "checkbox", "select", "textarea"]:
        assert f"django/forms/widgets/{name}.html" in fast, name


def test_callable_attribute_falls_back_to_the_template():
    widget = forms.TextInput(attrs={"data-v": lambda: "called"})
    assert widget.render("f", "v", renderer=PORTAL) == widget.render("f", "v", renderer=TEMPLATES)
    assert 'data-v="called"' in widget.render("f", "v", renderer=PORTAL)


def test_settings_use_the_portal_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortalFormRenderer)


def test_plain_widgets_do_not_reach_the_templates(monkeypatch):
    from django.forms import renderers

    def no_template(*args, **kwargs):
        raise AssertionError("rendered by a template")

    monkeypatch.setattr(renderers.BaseRenderer, "render", no_template)
    for widget, value in WIDGETS[:18]:
        widget.render("f", value, renderer=PORTAL)

"""django-tables2 signatures are remembered per function (core.perf.signatures) and still right."""

from django_tables2 import utils


class Column:
    def render(self, value, record):
        return value

    def render_kwargs(self, value, **kwargs):
        return value


def test_remembered_signatures_match_inspect():
    assert getattr(utils.signature, "remembered", False)
    column = Column()
    assert utils.signature(column.render) == (("value", "record"), None)
    assert utils.signature(Column().render) == (("value", "record"), None)  # another instance, same answer
    assert utils.signature(Column.render) == (("self", "value", "record"), None)  # unbound keeps self
    assert utils.signature(column.render_kwargs) == (("value",), "kwargs")
    assert utils.signature(lambda record: record) == (("record",), None)
    assert utils.call_with_appropriate(column.render, {"value": 1, "record": 2, "table": 3}) == 1


# ---- table rows written in Python (core.perf.tables, templates/django_tables2/portal.html) -------

import re  # noqa: E402

import django_tables2 as tables  # noqa: E402
import pytest  # noqa: E402
from django.db import models  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402


def _render(table, template):
    request = RequestFactory().get("/list/", {"sort": "name"})
    tables.RequestConfig(request, paginate={"per_page": 3}).configure(table)
    source = '{% load django_tables2 %}{% render_table table "' + template + '" %}'
    html = engines["django"].from_string(source).render({"table": table, "request": request}, request)
    return re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", html)).replace(" >", ">")


class Rows(tables.Table):
    name = tables.Column(attrs={"td": {"class": "wrap"}})
    amount = tables.Column(localize=True)
    raw = tables.Column(localize=False, accessor="amount", verbose_name="raw")
    html = tables.Column(empty_values=(), orderable=False)
    flag = tables.BooleanColumn()
    score = tables.Column(attrs={"td": {"data-v": lambda value: f"v{value}", "class": lambda record: record["cls"]}})
    missing = tables.Column(default="—")

    def render_html(self, record):
        return mark_safe("<b>safe</b>") if record["name"].startswith("a") else "<b>escaped</b>"


class PinnedRows(Rows):
    def get_top_pinned_data(self):
        return [{"name": "合计", "amount": 99, "flag": True, "score": 1, "cls": "sum", "missing": None}]


class RowClassRows(Rows):
    def get_column_class_names(self, classes_set, bound_column):
        record = getattr(bound_column, "current_record", None)
        return classes_set | ({f"c-{record['cls']}"} if record and record["cls"] else set())


ROWS = [
    {"name": "a&b", "amount": 1234567.5, "flag": True, "score": 3, "cls": "hot", "missing": None},
    {"name": "c<d>", "amount": 2, "flag": False, "score": None, "cls": "", "missing": "x"},
    {"name": "e", "amount": 0, "flag": None, "score": 0, "cls": "cold", "missing": ""},
    {"name": "f", "amount": 9, "flag": True, "score": 1, "cls": "x", "missing": None},
]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Rows(ROWS),
        lambda: Rows(ROWS, row_attrs={"data-id": lambda record: record["name"], "class": "r"}),
        lambda: Rows([], empty_text="没有 <记录>"),
        lambda: Rows(ROWS, attrs={"class": "table", "td": {"class": "cell"}}),
        lambda: Rows(ROWS, exclude=["score"], attrs={"td": {"class": lambda record: record["cls"]}}),
        lambda: PinnedRows(ROWS),
        lambda: RowClassRows(ROWS),
    ],
)
def test_portal_rows_are_the_stock_template_rows(make, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    stock = _render(make(), "django_tables2/bootstrap5-responsive.html")
    assert "<td" in stock or "没有" in stock
    assert _render(make(), "django_tables2/portal.html") == stock


@pytest.mark.django_db
def test_enterprise_list_rows_are_the_stock_template_rows(staff_user):
    from enterprises.tables import EnterpriseTable
    from enterprises.tests.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(4, tech_field="electronics")
    EnterpriseFactory(tech_field="")
    from enterprises.models import Enterprise

    queryset = Enterprise.objects.select_related("town", "grid_officer")
    stock = _render(EnterpriseTable(queryset), "django_tables2/bootstrap5-responsive.html")
    assert "电子信息" in stock
    assert _render(EnterpriseTable(queryset), "django_tables2/portal.html") == stock


def test_choice_labels_are_django_s_and_follow_the_language():
    from django.utils import translation

    from enterprises.models import Enterprise, TechField

    field = Enterprise._meta.get_field("tech_field")
    for value in [*TechField.values, "", "unknown", None]:
        enterprise = Enterprise(tech_field=value)
        assert enterprise.get_tech_field_display() == models.Model._get_FIELD_display(enterprise, field)
    assert Enterprise(tech_field="electronics").get_tech_field_display() == "电子信息"
    with translation.override("en"):
        assert Enterprise(tech_field="electronics").get_tech_field_display() == str(TechField.ELECTRONICS.label)

"""django-tables2 signatures are remembered per function (core.apps) and still right."""

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

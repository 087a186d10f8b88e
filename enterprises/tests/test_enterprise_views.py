import pytest
from django.urls import reverse

from core.testing import assert_queries, export_rows
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_list_query_count_is_pinned_and_independent_of_rows(client, staff_user, changle, make_user):
    grid = make_user("grid", "town_officer", changle)
    client.force_login(staff_user)
    EnterpriseFactory.create_batch(3, town=changle, grid_officer=grid)
    assert_queries(client, "enterprises:enterprise_list", reverse("enterprises:enterprise_list"))
    EnterpriseFactory.create_batch(60, town=changle, grid_officer=grid)
    assert_queries(client, "enterprises:enterprise_list", reverse("enterprises:enterprise_list"))


def test_filters_and_search(client, staff_user, changle, sanxing):
    EnterpriseFactory(name="江苏澳斯康生物医药股份有限公司", town=changle, is_key=True)
    EnterpriseFactory(name="南通嘉兆电子有限公司", town=sanxing)
    EnterpriseFactory(name="无区镇企业", town=None)
    client.force_login(staff_user)
    url = reverse("enterprises:enterprise_list")

    def names(query):
        return [row.record.name for row in client.get(url + query).context["table"].page.object_list]

    assert names("?q=澳斯康") == ["江苏澳斯康生物医药股份有限公司"]
    assert names(f"?town={sanxing.pk}") == ["南通嘉兆电子有限公司"]
    assert names("?town=none") == ["无区镇企业"]
    assert names("?is_key=true") == ["江苏澳斯康生物医药股份有限公司"]


def test_export_is_the_filtered_rows_with_formulas_escaped(client, staff_user, changle):
    EnterpriseFactory(name='=HYPERLINK("http://x")', town=changle)
    EnterpriseFactory(name="正常企业", town=None)
    client.force_login(staff_user)
    rows = export_rows(client, reverse("enterprises:enterprise_list"), f"town={changle.pk}")
    assert len(rows) == 1
    assert rows[0][0] == '\'=HYPERLINK("http://x")'
    assert rows[0][2] == "常乐镇"


def test_csv_export_has_bom_and_chinese(client, staff_user, changle):
    EnterpriseFactory(name="南通复亚智能科技有限公司", town=changle)
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:enterprise_list") + "?export=csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff企业名称")
    assert "南通复亚智能科技有限公司" in content


def test_invalid_credit_code_is_refused_with_a_chinese_message(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("enterprises:enterprise_add"), {"name": "某公司", "credit_code": "91320614MA1O000000"}
    )
    assert response.status_code == 200
    assert "统一社会信用代码" in str(response.context["form"].errors["credit_code"])


def test_rd_staff_above_employees_is_refused(client, staff_user):
    from enterprises.tests.factories import valid_credit_code

    client.force_login(staff_user)
    response = client.post(
        reverse("enterprises:enterprise_add"),
        {"name": "某公司", "credit_code": valid_credit_code(7), "employees": 10, "rd_staff": 12},
    )
    assert response.status_code == 200
    assert "不能多于职工总数" in str(response.context["form"].errors)

"""`diagnose CREDIT_CODE --json` (docs/domain.md §5): from the models to exactly the JSON shape of the spec."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from enterprises import services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory

pytestmark = pytest.mark.django_db

CODES = [
    "registered_1y",
    "core_ip",
    "tech_field",
    "rd_staff_ratio",
    "rd_ratio",
    "rd_domestic",
    "hitech_revenue_ratio",
    "innovation_score",
    "no_violation",
]


def _json(capsys, *args):
    call_command("diagnose", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def qualifying(staff_user):
    e = EnterpriseFactory(founded_on=dt.date(2015, 4, 1), tech_field="new_materials", no_major_incident=True)
    for year, revenue, net in ((2020, 3000, 1000), (2021, 4200, 1400), (2022, 5000, 1960)):
        EnterpriseYearFactory(
            enterprise=e,
            year=year,
            revenue=revenue,
            rd_expense=revenue * 0.06,
            rd_expense_domestic=revenue * 0.05,
            hitech_revenue=revenue * 0.7,
            net_assets=net,
            ip_class1=2,
            conversions=5,
        )
    m = services.pool_enter(enterprise=e, pool=Pool.QIANGJI, year=2023, stage=Stage.EXPERT_REVIEW, user=staff_user)
    m.expert_scores = {"ip_advanced": 7, "ip_core_support": 7, "ip_acquisition": 5, "rd_management": 16}
    services.membership_update(instance=m, user=staff_user)
    return e


def test_json_is_exactly_the_spec_shape(capsys, qualifying):
    out = _json(capsys, qualifying.credit_code, "--as-of", "2023-06-30")
    assert set(out) == {"credit_code", "hte", "tech_sme"}
    assert out["credit_code"] == qualifying.credit_code
    assert set(out["hte"]) == {"eligible", "score_min", "score_max", "conditions"}
    assert [c["code"] for c in out["hte"]["conditions"]] == CODES
    for condition in out["hte"]["conditions"]:
        assert set(condition) == {"code", "status", "value", "required", "gap"}
        assert condition["status"] in {"pass", "fail", "unknown"}
    assert set(out["tech_sme"]) == {"eligible", "score", "direct"}
    # Expert scores from the 强基 membership make the innovation score provable: all eight hold.
    assert out["hte"]["eligible"] is True
    assert out["hte"]["score_min"] >= 71
    rd = next(c for c in out["hte"]["conditions"] if c["code"] == "rd_ratio")
    assert rd["required"] == 0.05 and rd["value"] == 0.06 and rd["gap"] == 0  # ratios as fractions


def test_money_gap_in_wan_and_null_eligibility_while_unknown(capsys, staff_user):
    e = EnterpriseFactory(founded_on=dt.date(2015, 4, 1), tech_field="electronics")  # incident not confirmed
    for year in (2020, 2021, 2022):
        EnterpriseYearFactory(enterprise=e, year=year, revenue=3000, rd_expense=96)  # 3.2% of 9000万
    out = _json(capsys, e.credit_code, "--as-of", "2023-06-30")
    rd = next(c for c in out["hte"]["conditions"] if c["code"] == "rd_ratio")
    assert (rd["status"], rd["value"], rd["required"], rd["gap"]) == ("fail", 0.032, 0.05, 162.0)
    assert out["hte"]["eligible"] is False
    e.years.all().update(rd_expense=200, rd_expense_domestic=200)
    out = _json(capsys, e.credit_code, "--as-of", "2023-06-30")
    statuses = {c["code"]: c["status"] for c in out["hte"]["conditions"]}
    assert statuses["no_violation"] == "unknown" and "fail" not in statuses.values()
    assert out["hte"]["eligible"] is None


def test_valid_certificate_qualifies_directly_as_tech_sme(capsys, staff_user):
    e = EnterpriseFactory(founded_on=dt.date(2010, 1, 1))
    services.pool_enter(
        enterprise=e,
        pool=Pool.QIANGJI,
        year=2021,
        stage=Stage.RECOGNIZED,
        user=staff_user,
        certificate_no="GR202132000001",
        certified_on=dt.date(2021, 11, 30),
    )
    assert _json(capsys, e.credit_code, "--as-of", "2023-06-30")["tech_sme"]["direct"] == "有效期内高新技术企业"
    # Three years after issue the certificate has lapsed.
    assert _json(capsys, e.credit_code, "--as-of", "2024-11-30")["tech_sme"]["direct"] is None


def test_spreadsheet_spelling_of_the_code_is_accepted(capsys, qualifying):
    messy = " " + qualifying.credit_code.lower() + " "
    assert _json(capsys, messy)["credit_code"] == qualifying.credit_code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91320614MA1O000000", "统一社会信用代码“91320614MA1O000000”"),
        ("123", "长度为3位"),
        (None, "未找到统一社会信用代码为"),
    ],
)
def test_invalid_or_unknown_code_exits_non_zero_in_chinese(code, message):
    from enterprises.tests.factories import valid_credit_code

    with pytest.raises(CommandError) as failed:
        call_command("diagnose", code or valid_credit_code(999), "--json")
    assert message in str(failed.value)


def test_human_readable_output(capsys, qualifying):
    call_command("diagnose", qualifying.credit_code, "--as-of", "2023-06-30")
    out = capsys.readouterr().out
    assert "高新技术企业：符合" in out and "[符合] 研究开发费用占销售收入比例" in out and "科技型中小企业" in out


def test_exit_status_from_the_shell():
    # The failure path end to end: exit 1 and the Chinese reason on stderr (it needs no data).
    result = subprocess.run(
        [sys.executable, "manage.py", "diagnose", "123", "--json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "长度为3位" in result.stderr

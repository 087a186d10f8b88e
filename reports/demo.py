"""seed_demo's statistical indicators: the two the H1 2023 summary quotes (1–5月, 南通全市 for comparison).

"1-5月科学研究和技术服务业营业收入增幅达48.3%，列全市第一 … （南通全市16.5%），
重点企业1-5月研发经费支出增幅超20%，列全市第一（南通全市2.56%）。"
Matched on (year, month, name), so a second run changes nothing.
"""

from decimal import Decimal

from django.db import transaction

from .models import ReportNote, StatIndicator
from .registry import Group

SOURCE = "区科技局2023年上半年工作总结"

INDICATORS = [
    {
        "name": "科学研究和技术服务业营业收入增幅",
        "group": Group.CLUSTERS,
        "qualifier": StatIndicator.Qualifier.EQUAL,
        "value": Decimal("48.3"),
        "benchmark_value": Decimal("16.5"),
        "rank": 1,
    },
    {
        "name": "重点企业研发经费支出增幅",
        "group": Group.ENTERPRISES,
        "qualifier": StatIndicator.Qualifier.OVER,
        "value": Decimal("20"),
        "benchmark_value": Decimal("2.56"),
        "rank": 1,
    },
]


@transaction.atomic
def seed(*, users, towns, year=2023) -> dict:
    created = 0
    for row in INDICATORS:
        values = {**row, "unit": "%", "benchmark_name": "南通全市", "source": SOURCE}
        name = values.pop("name")
        existing = StatIndicator.objects.filter(year=year, through_month=5, name=name).first()
        if existing is None:
            indicator = StatIndicator(year=year, through_month=5, name=name, entered_by=users.get("staff"), **values)
            indicator.full_clean()
            indicator.save()
            created += 1
    notes = seed_report_notes(user=users.get("staff"), year=year)
    return {"stat_indicators": len(INDICATORS), "created": created, "report_notes": notes}


# The words of the H1 2023 summary that no record can produce (issue 15): the headline
# achievements, a line of how each battle was fought, and the next half's approach. Matched on
# (year, period, section, order): a second run changes nothing.
REPORT_NOTES = [
    ("opening", 1, "召开了全区科技创新大会，进一步理清工作思路，压实工作责任"),
    ("opening", 2, "成功获批江苏省创新型示范区建设"),
    ("opening", 3, "澳斯康上榜中国独角兽企业榜单，实现南通市中国独角兽企业零的突破"),
    ("opening", 4, "沈化测试和海赛未来成功列统省新型研发机构，实现省新型研发机构零的突破"),
    (
        "clusters",
        1,
        "将科技招商纳入到全区“1+8”招商体系中来，结合海门实际研究细化科技招商实施方案，有序推进区级科创母基金、"
        "南通东布洲新兴产业科创投资基金、海望东洲股权投资基金组建设立工作，夯实科技招商的基金基础。",
    ),
    (
        "enterprises",
        1,
        "常态化推进科技型中小企业“繁星计划”，重点推进高新技术企业“强基计划”，持续推进创新型企业“攀高计划”。",
    ),
    (
        "parks",
        1,
        "沿江科创带科创集聚度、显示度显著提升，謇公湖科教城核心区规划设计已进入城市设计阶段，长三角药物创新中心完成竣工验收。",
    ),
    (
        "ecosystem",
        1,
        "产学研对接精准高效，技术合同交易提质扩面，与海门农商行探索设立“科技支行”，开发了“人才贷”“园区贷”等科技金融产品。",
    ),
    (
        "plans",
        1,
        "提高科技招商体系化水平，构建“队伍-载体-基金-服务-人才”五位一体科技招商体系；提高服务企业精细化水平，"
        "建立服务企业“大数据+网格化+铁脚板”工作机制；提高载体运营实体化水平和平台建设高端化水平，"
        "全面提升创新要素聚合度；提高创新生态协同化水平，优化基础、技术、金融和服务供给。",
    ),
]


def seed_report_notes(*, user, year=2023) -> int:
    created = 0
    for section, order, text in REPORT_NOTES:
        _note, made = ReportNote.objects.get_or_create(
            year=year,
            period=ReportNote.Period.H1,
            section=section,
            order=order,
            defaults={"text": text, "author": user},
        )
        created += made
    return created

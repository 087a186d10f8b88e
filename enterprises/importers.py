"""The enterprise list import and export (docs/domain.md §5): columns, cell parsers, row rules, writes.

One row is one enterprise, matched on its normalised 统一社会信用代码. Besides the
enterprise's own fields a row may carry the figures of the year before 年度 (EnterpriseYear)
and a cultivation-pool membership for 年度 (培育库 + 阶段, dated 发证日期 or the import day).
The engine (core.importing) does the reading, the pass over the rows and the bulk writes;
this module says what a row means. The export writes the same columns, so that an export
imported again reports every row unchanged.

Rules decided here (docs/importing.md explains them to users):
- An empty cell never clears a stored value; an absent column leaves its field alone.
- Company names keep the official （） brackets (core.spreadsheets.to_name).
- A town officer imports only their own town: a row naming another town, or an existing
  enterprise outside their town, is an error; an empty town means their own town.
- A pool stage on an existing membership may move forward any number of steps along the
  pool's path (the import records a state someone reported, e.g. the province's 已认定
  list) or to 未通过 from an open stage; a move backwards or out of a final stage is refused
  with a message, so an old list imported again never undoes later progress.
- A row is one change-log entry, on its enterprise; the figures and the membership it
  changes are listed there under keys naming the year and the pool.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter

from core.changelog import change_value, changes_for_update
from core.importing import ImportColumn, ImportContext, ImportSpec, RowRejected, Write, parsers, register
from core.importing.parsers import (
    did_you_mean,
    parse_count,
    parse_credit_code,
    parse_money,
    parse_name,
    town_lookup,
)
from core.models import Town
from core.perf.bulk import filter_in
from core.spreadsheets import to_int, to_text
from core.workflow import Refusal

from . import rules
from .models import (
    Enterprise,
    EnterpriseYear,
    Pool,
    PoolMembership,
    PoolStageChange,
    Stage,
    TechField,
    pool_workflow,
)

# ---------------------------------------------------------------- cell parsers
# The generic ones live in core.importing.parsers (every importer shares them); the names
# below are kept for this module's readers (the admin resource).

_past_date = parsers.past_date
_text = parsers.text
_key = parsers.key
_choice_parser = parsers.choice_parser


def parse_year(value):
    if isinstance(value, datetime | date):
        return value.year
    text = to_text(value) or ""
    text = re.sub(r"年度?$", "", text)
    try:
        year = to_int(text)
    except ValueError:
        year = None
    if year is None or rules.year_error(year):
        raise ValueError("不是有效的年度，应为四位年份，如 2023")
    return year


_TECH_FIELDS = {_key(label): value for value, label in TechField.choices} | {
    _key(value): value for value in TechField.values
}
_TECH_FIELDS |= {
    _key(alias): TechField(value)
    for alias, value in {
        "生物医药": "biomedicine",
        "新能源": "new_energy",
        "节能": "new_energy",
        "资源环境": "environment",
        "先进制造": "advanced_manufacturing",
        "高技术服务业": "hitech_services",
    }.items()
}
_TECH_FIELDS = {k: TechField(v) for k, v in _TECH_FIELDS.items()}

_POOLS = {}
for _pool in Pool:
    short = str(_pool.label).removesuffix("计划")
    for spelling in (_pool.value, _pool.label, short, f"{short}库"):
        _POOLS[_key(spelling)] = _pool
_POOLS |= {
    _key("科技型中小企业"): Pool.FANXING,
    _key("高新技术企业"): Pool.QIANGJI,
    _key("高企"): Pool.QIANGJI,
    _key("高企培育库"): Pool.QIANGJI,
}

_POOL_LABELS = {value: str(label) for value, label in Pool.choices}  # translated once, not per row
_STAGE_LABELS = {value: str(label) for value, label in Stage.choices}
_STAGES = {_key(label): Stage(value) for value, label in Stage.choices} | {_key(v): Stage(v) for v in Stage.values}
_STAGES.setdefault(_key("培育库"), Stage.POOL)  # the first 强基 stage's former label, still in the bureau's files

parse_tech_field = _choice_parser(
    _TECH_FIELDS, "不是国家重点支持的高新技术领域，应为：" + "、".join(map(str, TechField.labels))
)
parse_pool = _choice_parser(_POOLS, "不是培育库，应为：繁星计划、强基计划、攀高计划")
parse_stage = _choice_parser(_STAGES, "不是培育库的阶段，应为：" + "、".join(dict.fromkeys(map(str, Stage.labels))))


# ---------------------------------------------------------------- columns (docs/domain.md §5)

ENTERPRISE_COLUMNS = [
    ImportColumn(
        "name",
        "企业名称",
        ("单位名称", "企业全称", "名称", "公司名称"),
        required=True,
        parse=parse_name,
        help="营业执照上的全称；括号统一保存为中文括号（）",
        example="江苏海门示例科技有限公司",
        width=34,
    ),
    ImportColumn(
        "credit_code",
        "统一社会信用代码",
        ("社会信用代码", "信用代码", "统一代码"),
        required=True,
        parse=parse_credit_code,
        help="18位，按 GB 32100 校验；全角、空格、小写会自动纠正。旧版15位注册号不能使用",
        example="91320684MA1XXXXXXX",
        width=22,
    ),
    ImportColumn(
        "town",
        "所属区镇",
        ("区镇", "所在区镇", "镇(街道、园区)", "属地"),
        help="从下拉列表选择，也可写简称（如“常乐”）；留空为“未分配区镇”（区镇网格员留空为本区镇）",
        example="常乐镇",
    ),
    ImportColumn(
        "founded_on",
        "成立日期",
        ("注册日期", "成立时间"),
        parse=_past_date,
        kind="date",
        help="如 2019-05-01、2019/5/1、2019年5月1日",
        example="2019-05-01",
        width=12,
    ),
    ImportColumn(
        "registered_capital",
        "注册资本(万元)",
        ("注册资本",),
        parse=parse_money,
        kind="decimal",
        help="万元；写“500万元”“5000000元”也可以，会换算成万元",
        example="500",
    ),
    ImportColumn(
        "industry", "所属行业", ("行业",), parse=_text(100), help="国民经济行业分类名称", example="专用设备制造业"
    ),
    ImportColumn(
        "tech_field",
        "技术领域",
        ("高新技术领域",),
        parse=parse_tech_field,
        help="国家重点支持的高新技术领域（8个之一）",
        example="先进制造与自动化",
        width=16,
    ),
    ImportColumn(
        "employees",
        "职工总数",
        ("从业人员", "员工人数", "职工人数"),
        parse=parse_count,
        kind="integer",
        help="人，整数",
        example="120",
        width=10,
    ),
    ImportColumn(
        "rd_staff",
        "科技人员数",
        ("研发人员数", "科技人员"),
        parse=parse_count,
        kind="integer",
        help="人，整数，不能多于职工总数",
        example="25",
        width=10,
    ),
    ImportColumn(
        "revenue",
        "上年营业收入(万元)",
        ("营业收入", "销售收入"),
        parse=parse_money,
        kind="decimal",
        help="万元；计入“年度”的上一年（年度留空时为去年）",
        example="3200",
        width=12,
    ),
    ImportColumn(
        "rd_expense",
        "上年研发费用(万元)",
        ("研发投入", "研发费用"),
        parse=parse_money,
        kind="decimal",
        help="万元；计入“年度”的上一年",
        example="180",
        width=12,
    ),
    ImportColumn(
        "hitech_revenue",
        "高新技术产品收入(万元)",
        ("高新收入",),
        parse=parse_money,
        kind="decimal",
        help="万元；不能多于上年营业收入",
        example="2500",
        width=12,
    ),
    ImportColumn(
        "ip_class1",
        "Ⅰ类知识产权",
        ("一类知识产权", "I类知识产权"),
        parse=parse_count,
        kind="integer",
        help="件：发明专利、植物新品种、集成电路布图设计等",
        example="2",
        width=10,
    ),
    ImportColumn(
        "ip_class2",
        "Ⅱ类知识产权",
        ("二类知识产权", "II类知识产权"),
        parse=parse_count,
        kind="integer",
        help="件：实用新型、外观设计、软件著作权",
        example="8",
        width=10,
    ),
    ImportColumn("contact_name", "联系人", (), parse=_text(50), help="", example="张三", width=10),
    ImportColumn(
        "contact_phone", "联系电话", ("手机", "电话"), parse=_text(50), help="手机或座机", example="13800000000"
    ),
    ImportColumn(
        "pool",
        "培育库",
        ("计划",),
        parse=parse_pool,
        help="繁星计划、强基计划或攀高计划；填写后企业进入该年度的培育库",
        example="强基计划",
        width=10,
    ),
    ImportColumn(
        "stage",
        "阶段",
        ("状态",),
        parse=parse_stage,
        help="该培育库的阶段名称；留空为该库的第一个阶段。已有的企业只能向后推进或记为未通过",
        example="拟申报",
        width=12,
    ),
    ImportColumn(
        "year",
        "年度",
        ("入库年度", "年份"),
        parse=parse_year,
        kind="integer",
        help="培育库的年度，四位年份；留空为今年",
        example="2023",
        width=8,
    ),
    ImportColumn(
        "certificate_no",
        "证书编号",
        ("入库登记编号", "登记编号"),
        parse=_text(60),
        help="已认定（高企证书编号）或已入库（入库登记编号）时必填",
        example="GR202332001234",
        width=18,
    ),
    ImportColumn(
        "certified_on",
        "发证日期",
        ("发证时间", "认定日期", "入库日期"),
        parse=_past_date,
        kind="date",
        help="已认定或已入库时必填；培育库的日期按此记录（留空为导入当天）",
        example="2023-11-06",
        width=12,
    ),
]

ENTERPRISE_FIELDS = [
    "name",
    "credit_code",
    "town",
    "founded_on",
    "registered_capital",
    "industry",
    "tech_field",
    "employees",
    "rd_staff",
    "contact_name",
    "contact_phone",
]
YEAR_FIELDS = ["revenue", "rd_expense", "hitech_revenue", "ip_class1", "ip_class2"]
_YEAR_LABELS = {name: str(EnterpriseYear._meta.get_field(name).verbose_name) for name in YEAR_FIELDS}

# A note or total under the table: no code, and a "name" that is really a remark.
_FOOTER = re.compile(
    r"^(注|备注|说明|填表说明)\s*\d*\s*[:：.、]|^(合计|总计|小计|共计)|^(填表人|制表人|制表|审核人|负责人|数据来源|统计时间|截至)"
)


@dataclass
class Existing:
    enterprise: Enterprise
    years: dict = field(default_factory=dict)  # year -> EnterpriseYear
    memberships: dict = field(default_factory=dict)  # (pool, year) -> PoolMembership


class EnterpriseImport(ImportSpec):
    kind = "enterprises"
    title = "企业名单"
    model = Enterprise
    key = "credit_code"
    batch_filter = "batch"  # enterprises.filters.EnterpriseFilterSet.batch
    columns = ENTERPRISE_COLUMNS
    write_order = [Enterprise, EnterpriseYear, PoolMembership, PoolStageChange]
    instructions = [
        "“企业名单”工作表第1行是表头，从第2行起每行一家企业；表头上方可以有标题行，列的顺序不限，不需要的列可以删除。",
        "红色表头的列必须填写。企业按统一社会信用代码识别：平台中已有的企业更新，没有的新增，内容相同的不做改动。",
        "空白单元格不会清除平台中已有的数据；需要清除时请在企业页面修改。",
        "所属区镇可写全称、简称或别名（如“常乐”）；留空时企业进入“未分配区镇”。区镇网格员只能导入本区镇的企业，留空视为本区镇。",
        "金额单位为万元，可带千位分隔符，也可写“5000元”“1.2亿元”（自动换算为万元）。",
        "日期可写 2019-05-01、2019/5/1、2019.5.1 或 2019年5月1日。",
        "上年营业收入、上年研发费用、高新技术产品收入和知识产权数计入“年度”的上一年（年度留空时为去年）。",
        "填写培育库后，企业进入该年度的培育库（阶段留空为第一个阶段）；阶段为“已认定”“已入库”时须填写证书编号和发证日期。",
        "同一信用代码在表中出现两次时，后一行报错。有错误时请下载错误报告（含全部行，出错的单元格已标出），改正后上传这个报告，它代替原文件。",
    ]

    # -- reading ---------------------------------------------------------------------------

    def begin(self, ctx: ImportContext) -> None:
        towns = list(Town.objects.all())
        ctx.lookups["find_town"] = town_lookup(towns)
        ctx.lookups["town_names"] = [t.name for t in towns]
        officer_town_id = ctx.officer_town_id
        ctx.lookups["officer_town"] = next((t for t in towns if t.pk == officer_town_id), None)

    def parsers(self, ctx: ImportContext) -> dict:
        parsers = super().parsers(ctx)
        find = ctx.lookups["find_town"]
        own = ctx.lookups.get("officer_town")
        if own is not None:  # an officer can use one town only: say that, not all fifteen
            hint = f"不是海门区的区镇；您只能导入{own.name}的企业（所属区镇可留空）"
        else:
            hint = "不是海门区的区镇，可填：" + "、".join(ctx.lookups["town_names"]) + "（也可写简称，如“常乐”）"

        def parse_town(value):
            town = find(value)
            if town is None:
                # A typo or a homophone (三兴镇): name the nearest town rather than all fifteen.
                nearest = find.nearest(value)
                if own is not None:
                    nearest = [t for t in nearest if t.pk == own.pk]
                raise ValueError(f"不是海门区的区镇；{did_you_mean(nearest)}" if nearest else hint)
            return town

        parsers["town"] = parse_town
        # The import day once, not a time-zone conversion per cell.
        parsers["founded_on"] = parsers["certified_on"] = functools.partial(_past_date, today=ctx.today)
        return parsers

    def is_blank(self, cells: dict) -> bool:
        if cells.get("credit_code") is not None:
            return False
        name = cells.get("name")
        return name is None or bool(_FOOTER.match(to_text(name) or ""))

    def check(self, values: dict, ctx: ImportContext) -> list:
        problems = []
        own = ctx.lookups.get("officer_town")
        town = values.get("town")
        if ctx.officer_town_id and town is not None and town.pk != ctx.officer_town_id:
            name = own.name if own else ""
            problems.append(("town", f"只能导入本区镇（{name}）的企业，该行是“{town.name}”"))
        # Both figures in the row: say so now, even if the row has other problems. (With one
        # of them stored in the portal, build() compares against the stored one.)
        problems += [(field, _too_many(field, values)) for field in rules.not_more_than_errors(values)]
        pool, stage = values.get("pool"), values.get("stage")
        if pool is None:
            for key, label in (("stage", "阶段"), ("certificate_no", "证书编号"), ("certified_on", "发证日期")):
                if values.get(key) is not None:
                    problems.append((key, f"填写了{label}，但没有填写培育库"))
        elif stage is not None and stage not in pool_workflow(pool).stages:
            allowed = "、".join(str(label) for _, label in pool_workflow(pool).choices())
            problems.append(("stage", f"“{stage.label}”不是{pool.label}的阶段，应为：{allowed}"))
        return problems

    # -- the database ----------------------------------------------------------------------

    def taken_candidates(self, column_key, candidates, file_keys, ctx) -> dict:
        """Another row's code, or a stored enterprise's (by its name): never suggested for a
        broken code (one query for the whole file; the holder's name is never shown)."""
        taken = super().taken_candidates(column_key, candidates, file_keys, ctx)
        if column_key == "credit_code" and candidates - set(taken):
            stored = Enterprise.objects.filter(credit_code__in=list(candidates - set(taken)))
            taken |= dict(stored.values_list("credit_code", "name"))
        return taken

    def holder_is_row(self, values, holder) -> bool:
        # The row names the enterprise that has the code: the row's own code, mistyped.
        name = values.get("name")
        return name is not None and _key(name) == _key(holder)

    def fetch(self, keys: list, ctx: ImportContext) -> dict:
        # Only the fields a row can change or needs to compare: fewer columns, faster objects.
        enterprises = {
            e.pk: e for e in filter_in(Enterprise.objects.only("pk", *ENTERPRISE_FIELDS), "credit_code", keys)
        }
        existing = {e.pk: Existing(e) for e in enterprises.values()}
        if enterprises:
            ids = list(enterprises)
            years = EnterpriseYear.objects.only("pk", "enterprise", "year", *YEAR_FIELDS)
            for year in filter_in(years, "enterprise", ids):
                year.enterprise = enterprises[year.enterprise_id]  # str() for the change log, no query
                existing[year.enterprise_id].years[year.year] = year
            memberships = PoolMembership.objects.only(
                "pk", "enterprise", "pool", "year", "stage", "stage_on", "certificate_no", "certified_on"
            )
            for membership in filter_in(memberships, "enterprise", ids):
                membership.enterprise = enterprises[membership.enterprise_id]
                existing[membership.enterprise_id].memberships[(membership.pool, membership.year)] = membership
        return {state.enterprise.credit_code: state for state in existing.values()}

    def build(self, values: dict, existing: Existing | None, ctx: ImportContext) -> list[Write]:
        problems: list[tuple[str, str]] = []
        writes: list[Write] = []
        enterprise = existing.enterprise if existing else None
        fields = {k: values[k] for k in ENTERPRISE_FIELDS if values.get(k) is not None}

        if ctx.officer_town_id:
            own = ctx.lookups["officer_town"]
            if enterprise is not None and enterprise.town_id != ctx.officer_town_id:
                # Says no more than it must: the code is taken, not by whom.
                raise RowRejected(
                    [("credit_code", f"该企业不属于{own.name}，不能由本区镇导入；如需划转请联系区科技局")]
                )
            fields.setdefault("town", own)

        problems += _too_many_with_stored(fields, enterprise)

        name = fields.get("name") or enterprise.name
        parent = Write(Enterprise, fields, label=name) if enterprise is None else None

        def owned(new_fields: dict) -> tuple[dict, dict]:
            """Point a new related record at the enterprise (saved, or created in this row)."""
            if parent is None:
                return {**new_fields, "enterprise": enterprise}, {}
            return new_fields, {"enterprise": parent}

        # The row's change-log entry is on the enterprise; what it changes in the yearly figures
        # and the pool membership is listed there too, under keys naming the year and the pool.
        related = {}
        year = values.get("year") or ctx.today.year
        self._year_figures(values, existing, year, owned, writes, related, problems)
        if values.get("pool") is not None:
            self._membership(values, existing, year, owned, ctx, writes, related, problems)
        if problems:
            raise RowRejected(problems)

        if parent is not None:
            parent.extra_changes = related
            return [parent, *writes]
        diff = changes_for_update(enterprise, fields)
        if diff or related:
            update = {k: fields[k] for k in diff}  # empty when only figures or the pool changed
            writes.insert(
                0, Write(Enterprise, update, instance=enterprise, changes=diff, extra_changes=related, label=name)
            )
        return writes

    def _year_figures(self, values, existing, year, owned, writes, related, problems):
        figures = {k: values[k] for k in YEAR_FIELDS if values.get(k) is not None}
        if not figures:
            return
        data_year = year - 1
        current = existing.years.get(data_year) if existing else None
        problems += _too_many_with_stored(figures, current, year=data_year)
        if current is None:
            new_fields, links = owned({"year": data_year, **figures})
            writes.append(Write(EnterpriseYear, new_fields, links=links, logged=False))
            related.update({f"{data_year}年{_YEAR_LABELS[k]}": ["None", change_value(v)] for k, v in figures.items()})
        else:
            diff = changes_for_update(current, figures)
            if diff:
                update = {k: figures[k] for k in diff}
                writes.append(Write(EnterpriseYear, update, instance=current, changes=diff, logged=False))
                related.update({f"{data_year}年{_YEAR_LABELS[k]}": v for k, v in diff.items()})

    def _membership(self, values, existing, year, owned, ctx, writes, related, problems):
        pool = values["pool"]
        stage = values.get("stage")
        certificate_no = values.get("certificate_no")
        certified_on = values.get("certified_on")
        current = existing.memberships.get((pool, year)) if existing else None
        note = f"导入《{ctx.source_name}》" if ctx.source_name else "导入"
        on = certified_on or ctx.today
        key = f"{year}年{_POOL_LABELS[pool]}"

        workflow = pool_workflow(pool)
        if current is None:
            stage = stage or workflow.first
            self._need_certificate(workflow, stage, certificate_no, certified_on, problems)
            new = {"pool": pool, "year": year, "stage": stage, "stage_on": on}
            related[key] = ["None", _STAGE_LABELS[stage]]
            if certificate_no:
                new["certificate_no"] = certificate_no
                related[f"{key}·证书编号"] = ["None", certificate_no]
            if certified_on:
                new["certified_on"] = certified_on
                related[f"{key}·发证日期"] = ["None", change_value(certified_on)]
            new_fields, links = owned(new)
            membership = Write(PoolMembership, new_fields, links=links, logged=False)
            change = {"from_stage": "", "to_stage": stage, "on": on, "changed_by": ctx.user, "note": note}
            writes += [membership, Write(PoolStageChange, change, links={"membership": membership}, logged=False)]
            return

        changed = {}
        if certificate_no and certificate_no != current.certificate_no:
            changed["certificate_no"] = certificate_no
            related[f"{key}·证书编号"] = [current.certificate_no or "None", certificate_no]
        if certified_on and certified_on != current.certified_on:
            changed["certified_on"] = certified_on
            related[f"{key}·发证日期"] = [change_value(current.certified_on), change_value(certified_on)]
        final_stage = current.stage
        if stage is not None and stage != current.stage:
            refusal = workflow.report_refusal(current.stage, stage, on=on, previous_on=current.stage_on)
            if refusal == Refusal.EARLY:
                column = "certified_on" if certified_on else "stage"
                problems.append(
                    (column, f"日期{on}早于该企业进入“{current.get_stage_display()}”的日期{current.stage_on}")
                )
            elif refusal:
                problems.append(("stage", _move_refusal(current, stage, refusal)))
            else:
                final_stage = stage
                changed.update(stage=stage, stage_on=on)
                related[key] = [_STAGE_LABELS[current.stage], _STAGE_LABELS[stage]]
                jumped = workflow.jumped(current.stage, stage)
                change = {
                    "membership": current,
                    "from_stage": current.stage,
                    "to_stage": stage,
                    "on": on,
                    "changed_by": ctx.user,
                    "note": note + ("：按导入的状态记录，跳过了中间阶段" if jumped else ""),
                }
                writes.append(Write(PoolStageChange, change, logged=False))
        self._need_certificate(
            workflow,
            final_stage,
            changed.get("certificate_no", current.certificate_no),
            changed.get("certified_on", current.certified_on),
            problems,
        )
        if changed:
            diff = changes_for_update(current, changed)
            writes.append(Write(PoolMembership, changed, instance=current, changes=diff, logged=False))

    @staticmethod
    def _need_certificate(workflow, stage, certificate_no, certified_on, problems):
        if workflow.needs_certificate(stage):
            label = Stage(stage).label
            if not certificate_no:
                problems.append(("certificate_no", f"阶段为“{label}”时须填写证书编号（入库登记编号）"))
            if not certified_on:
                problems.append(("certified_on", f"阶段为“{label}”时须填写发证日期"))

    # -- template and export ---------------------------------------------------------------

    def choices(self, ctx: ImportContext) -> dict:
        own = ctx.lookups.get("officer_town")
        return {
            "town": [own.name] if own else ctx.lookups["town_names"],
            "tech_field": [str(label) for label in TechField.labels],
            "pool": [str(label) for label in Pool.labels],
            "stage": list(dict.fromkeys(str(label) for label in Stage.labels)),
        }

    def export_rows(self, queryset):
        """One row per enterprise (by id), its latest year: 年度 Y, the pool membership of Y
        (攀高 before 强基 before 繁星 when it is in several) and the figures of Y−1.

        Three streamed queries merged on the enterprise id, so 50,000 enterprises never sit in
        memory at once and no query runs per row.
        """
        ids = queryset.values("pk")
        enterprises = (
            Enterprise.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list(
                "pk",
                "name",
                "credit_code",
                "town__name",
                "founded_on",
                "registered_capital",
                "industry",
                "tech_field",
                "employees",
                "rd_staff",
                "contact_name",
                "contact_phone",
            )
        )
        years = (
            EnterpriseYear.objects.filter(enterprise_id__in=ids)
            .order_by("enterprise_id", "-year")
            .values_list("enterprise_id", "year", *YEAR_FIELDS)
        )
        memberships = (
            PoolMembership.objects.filter(enterprise_id__in=ids)
            .order_by("enterprise_id", "-year")
            .values_list("enterprise_id", "year", "pool", "stage", "certificate_no", "certified_on")
        )
        tech_labels = dict(TechField.choices)
        pool_labels = dict(Pool.choices)
        stage_labels = dict(Stage.choices)
        pool_rank = {Pool.PANGAO: 0, Pool.QIANGJI: 1, Pool.FANXING: 2}
        year_groups = _Groups(years.iterator(chunk_size=5000))
        membership_groups = _Groups(memberships.iterator(chunk_size=5000))
        for row in enterprises.iterator(chunk_size=5000):
            pk = row[0]
            figures = {y[1]: y for y in year_groups.take(pk)}
            held = membership_groups.take(pk)
            export_year = max([m[1] for m in held] + [y + 1 for y in figures], default=None)
            membership = min(
                (m for m in held if m[1] == export_year), key=lambda m: pool_rank.get(m[2], 9), default=None
            )
            figure = figures.get(export_year - 1) if export_year else None
            yield [
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                tech_labels.get(row[7], row[7]) if row[7] else None,
                row[8],
                row[9],
                *(figure[2:] if figure else [None] * len(YEAR_FIELDS)),
                row[10],
                row[11],
                pool_labels[membership[2]] if membership else None,
                stage_labels[membership[3]] if membership else None,
                export_year,
                membership[4] if membership else None,
                membership[5] if membership else None,
            ]


class _Groups:
    """Rows of an iterator ordered by their first item, handed out one key at a time."""

    def __init__(self, rows):
        self._groups = itertools.groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def take(self, key) -> list:
        while self._next is not None and self._next[0] < key:
            self._next = next(self._groups, None)
        if self._next is not None and self._next[0] == key:
            found = list(self._next[1])
            self._next = next(self._groups, None)
            return found
        return []


def _move_refusal(membership, to_stage, refusal: Refusal) -> str:
    """The importer's words for a reported stage the pool's workflow refuses (core.workflow.report_refusal)."""
    pool = Pool(membership.pool)
    here = f"{membership.year}年{pool.label}中该企业当前为“{membership.get_stage_display()}”"
    target = Stage(to_stage).label
    if refusal == Refusal.TERMINAL:
        return f"{here}，已是最终阶段，不能由导入改为“{target}”；如需更正请在企业的培育库页面操作"
    if refusal == Refusal.ENTRY_ONLY:
        return f"{here}，“{target}”只能在首次入库时填写"
    return f"{here}，表中为“{target}”：导入只能向后推进阶段，不能退回；如需更正请在企业的培育库页面操作"


# The importer's words for a NOT_MORE_THAN pair (rules.py): its figures, in the units of the sheet.
_TOO_MANY = {
    "rd_staff": "科技人员数（{value}）多于职工总数（{limit}）",
    "hitech_revenue": "高新技术产品收入（{value}万元）多于{year}营业收入（{limit}万元）",
    "rd_expense_domestic": "境内研发费用（{value}万元）多于{year}研发费用总额（{limit}万元）",
}


def _too_many(name, values, year=None) -> str:
    limit_name = next(limit for f, limit, _ in rules.NOT_MORE_THAN if f == name)
    when = f"{year}年" if year else "上年"
    return _TOO_MANY[name].format(value=values[name], limit=values[limit_name], year=when)


def _too_many_with_stored(fields: dict, stored, year=None) -> list:
    """NOT_MORE_THAN with the row's figures over the stored ones; the column named is one the row filled."""
    problems = []
    pairs = {f: limit for f, limit, _ in rules.NOT_MORE_THAN}
    loaded = vars(stored) if stored is not None else {}  # fields fetched for the row; never a query
    merged = {name: fields.get(name, loaded.get(name)) for pair in pairs.items() for name in pair}
    for name in rules.not_more_than_errors(merged):
        column = name if name in fields else pairs[name]
        problems.append((column, _too_many(name, merged, year)))
    return problems


ENTERPRISE_IMPORT = register(EnterpriseImport())


from .rd_importer import RD_IMPORT  # noqa: E402, F401  (this module is what core.importing discovers)

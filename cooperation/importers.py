"""The cooperation imports on core's framework (docs/importing.md).

- `ia_projects` 产学研合作项目: an ordinary upsert (ModelImportSpec) on enterprise (credit code),
  institution (name) and title.
- `tech_contracts` 技术合同: the technology-contract registry's export as staff receive it
  (合同登记编号, 合同名称, 卖方, 买方, 合同成交额, 技术交易额, 登记日期 …). A row names the
  parties, not "our enterprise": the Haimen enterprise is whichever of 卖方/买方 the portal knows
  (卖方 → 输出, 买方 → 吸纳) unless a credit code and 方向 say it outright, and the other party
  becomes the 对方单位. Rows are matched on the registration number.
"""

from core.importing import ImportColumn, ModelImportSpec, register
from core.importing.model_spec import Found, Reference
from core.importing.parsers import choice_parser, choices_lookup, key, parse_credit_code, parse_name, past_date
from core.importing.spec import RowRejected
from core.perf.bulk import filter_in
from core.spreadsheets import to_text

from . import rules
from .models import (
    Bank,
    ContractKind,
    Direction,
    Financing,
    FinancingKind,
    IACooperation,
    Product,
    Registration,
    TechContract,
)

# ============================================================================================
# Industry–academia cooperation (IA projects, technology contracts)
# ============================================================================================


class LabelledChoices:
    """The preview shows a choice as its label (技术开发), not the stored value (development)."""

    def display(self, key, value):
        field = self.model._meta.get_field(key) if key in {f.name for f in self.model._meta.fields} else None
        if field is not None and field.choices and value is not None:
            return str(dict(field.choices).get(value, value))
        return super().display(key, value)


class IACooperationImport(LabelledChoices, ModelImportSpec):
    kind = "ia_projects"
    title = "产学研合作项目"
    model = IACooperation
    fields = ["enterprise", "institution", "title", "kind", "amount", "signed_on", "status", "note"]
    natural_key = ("enterprise", "institution", "title")
    references = {
        "enterprise": Reference("credit_code", parse=parse_credit_code),
        "institution": Reference("name", scoped=False),
    }
    aliases = {
        "enterprise": ("统一社会信用代码", "社会信用代码", "信用代码", "企业信用代码"),
        "institution": ("合作院校", "高校院所", "合作单位", "高校名称", "院校名称", "合作高校"),
        "title": ("合作项目名称", "项目", "合作内容"),
        "kind": ("合作类型", "合作形式", "项目类型"),
        "amount": ("金额", "合同金额", "合作金额", "合同金额（万元）", "合作经费(万元)", "经费"),
        "signed_on": ("签约时间", "签订日期", "签订时间", "合同签订日期"),
        "status": ("项目状态", "进展"),
    }
    overrides = {
        "enterprise": {"help": "企业须已在平台中", "example": "91320684MA1XXXXXXX"},
        "institution": {
            "label": "合作院校",
            "help": "须已在“高校院所”中（按名称查找）",
            "example": "同济大学",
            "width": 20,
        },
        "title": {"example": "船舶焊接工艺联合开发"},
        "amount": {"example": "50"},
        "signed_on": {"parse": past_date, "example": "2023-03-15"},
    }
    instructions = [
        "每行一个产学研合作项目。企业按统一社会信用代码、合作院校按名称查找，都须已在平台中；企业、院校和项目名称都相同的视为同一项目（更新），否则新增。",
        "签约日期不能晚于今天；金额单位为万元，也可写“50万元”“500000元”。空白单元格不会清除平台中已有的数据。",
    ]

    def reference_missing(self, name, value, ctx):
        if name == "institution":
            return f"平台中没有名为“{value}”的高校院所，请先在“高校院所”中添加或核对名称"
        return super().reference_missing(name, value, ctx)


def parse_reg_number(value):
    """合同登记编号 as the registry prints it: full-width digits, spaces and case do not matter."""
    import unicodedata

    text = "".join(unicodedata.normalize("NFKC", to_text(value) or "").split()).upper().lstrip("'")
    if not text:
        return None
    if len(text) > 40:
        raise ValueError("超过40个字符")
    return text


class PartyKey(str):
    """A contract's row key: its registration number (duplicates and updates are judged on it alone),
    carrying the row's party cells so that fetch() can find the chunk's enterprises in a few queries
    (the engine hands fetch() keys, not rows)."""

    parties: tuple = ()


def short_kinds(choices):
    """技术开发 … and the registry's short forms 开发, 转让, 许可, 咨询, 服务."""
    return choices_lookup(choices) | {key(str(label).removeprefix("技术")): value for value, label in choices}


CONTRACT_KINDS = short_kinds(ContractKind.choices)
DIRECTIONS = choices_lookup(Direction.choices) | {key("卖方"): Direction.OUTPUT, key("买方"): Direction.ABSORB}


class TechContractImport(LabelledChoices, ModelImportSpec):
    kind = "tech_contracts"
    title = "技术合同"
    model = TechContract
    fields = [
        "reg_number", "title", "enterprise", "counterpart", "direction", "kind", "contract_amount", "tech_amount",
        "signed_on", "registered_on", "status", "rectify_reason",
    ]  # fmt: skip
    natural_key = ("reg_number",)
    batch_filter = "batch"
    aliases = {
        "reg_number": ("登记编号", "合同编号", "登记号", "技术合同登记号", "合同登记号"),
        "title": ("项目名称", "合同项目名称"),
        "kind": ("合同类型", "技术合同类别", "合同类别（开发/转让/许可/咨询/服务）"),
        "contract_amount": (
            "合同成交额",
            "成交额",
            "合同金额",
            "合同总金额",
            "合同成交金额",
            "成交金额(万元)",
            "合同成交额（万元）",
        ),
        "tech_amount": ("技术交易额", "技术交易金额", "技术性收入", "技术交易额（万元）", "核定技术交易额"),
        "signed_on": ("签订时间", "合同签订日期"),
        "registered_on": ("登记时间", "认定登记日期", "登记认定日期"),
        "status": ("状态", "审核状态", "登记情况"),
        "rectify_reason": ("退回原因", "审核意见", "整改意见"),
    }
    overrides = {
        "reg_number": {"parse": parse_reg_number, "example": "2023320614000123", "width": 20},
        "title": {"example": "船体分段智能焊接技术开发"},
        "contract_amount": {"example": "1200"},
        "tech_amount": {"example": "1000"},
        "signed_on": {"parse": past_date},
        "registered_on": {"parse": past_date},
        "status": {"required": False, "help": "待登记、已登记、需整改；留空时有登记日期为已登记，否则待登记"},
        "kind": {
            "required": False,
            "parse": choice_parser(CONTRACT_KINDS, "应为：开发、转让、许可、咨询、服务"),
            "help": "技术开发、技术转让、技术许可、技术咨询、技术服务（也认“开发”“服务”…）；留空为技术开发",
        },
    }
    instructions = [
        "可直接导入技术合同登记系统导出的合同清单：每行一份合同，按合同登记编号识别（编号相同的更新，否则新增；同一文件中编号重复是错误）。",
        "卖方、买方填单位全称：平台中的海门企业是卖方即为“输出”、是买方即为“吸纳”；也可直接填写海门企业的统一社会信用代码和方向。两方都不是平台中的企业时该行报错。",
        "技术交易额不能大于合同成交额；金额单位为万元，也可写“500000元”。登记日期不能晚于今天。需整改的合同须写明整改原因。",
    ]

    def __init__(self):
        super().__init__()
        # The parties as the registry writes them, and the portal's own two columns, replace the
        # model's enterprise / counterpart columns (the export writes them back the same way).
        extra = [
            ImportColumn(
                "seller", "卖方", ("卖方名称", "卖方单位", "让与人", "受托方", "技术卖方"), parse=parse_name,
                help="卖方单位全称", example="招商局重工（江苏）有限公司", width=30,
            ),
            ImportColumn(
                "buyer", "买方", ("买方名称", "买方单位", "受让人", "委托方", "技术买方"), parse=parse_name,
                help="买方单位全称", example="上海船舶研究设计院", width=30,
            ),
            ImportColumn(
                "credit_code", "海门企业统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码"),
                parse=parse_credit_code, help="可不填：按卖方/买方名称查找海门企业", example="", width=22,
            ),
        ]  # fmt: skip
        columns = {c.key: c for c in self.columns}
        columns["direction"] = ImportColumn(
            "direction", "方向", ("技术流向", "合同方向", "输出/吸纳"),
            parse=choice_parser(DIRECTIONS, "应为：输出 或 吸纳"),
            help="可不填：由海门企业是卖方还是买方确定", example="输出", width=8,
        )  # fmt: skip
        order = ["reg_number", "title", "seller", "buyer", "credit_code", "direction", "kind", "contract_amount",
                 "tech_amount", "signed_on", "registered_on", "status", "rectify_reason"]  # fmt: skip
        columns |= {c.key: c for c in extra}
        self.columns = [columns[name] for name in order]

    def row_key_getter(self):
        def row_key(values):
            number = values.get("reg_number")
            if number is None:
                return None
            found = PartyKey(number)
            found.parties = (values.get("credit_code"), values.get("seller"), values.get("buyer"))
            return found

        return row_key

    def is_blank(self, cells):
        return all(cells.get(k) is None for k in ("reg_number", "title", "seller", "buyer"))

    def check(self, values, ctx):
        problems = []
        if not (values.get("seller") or values.get("buyer") or values.get("credit_code")):
            problems.append(("seller", "缺少卖方和买方"))
        problems += list(rules.amount_errors(values.get("contract_amount"), values.get("tech_amount")).items())
        status = self._status(values)
        problems += list(
            rules.registration_errors(status, values.get("registered_on"), values.get("rectify_reason")).items()
        )
        return problems

    @staticmethod
    def _status(values):
        if values.get("status"):
            return values["status"]
        return Registration.REGISTERED if values.get("registered_on") else Registration.PENDING

    def fetch(self, keys, ctx):
        """The chunk's stored contracts (by number) and enterprises (by credit code or name), in
        three queries, within what the importing user may see."""
        from enterprises.models import Enterprise

        codes, names = set(), set()
        for k in keys:
            code, seller, buyer = getattr(k, "parties", (None, None, None))
            codes.add(code) if code else None
            names.update(n for n in (seller, buyer) if n)
        scoped = Enterprise.objects.for_user(ctx.user) if ctx.user is not None else Enterprise.objects
        fields = ("pk", "name", "credit_code", "town_id")
        by_code = (
            {e.credit_code: e for e in filter_in(scoped.only(*fields), "credit_code", list(codes))} if codes else {}
        )
        by_name = {key(e.name): e for e in filter_in(scoped.only(*fields), "name", list(names))} if names else {}
        stored = {
            key(c.reg_number): c for c in filter_in(TechContract.objects.all(), "reg_number", [str(k) for k in keys])
        }
        return {k: Found(instance=stored.get(str(k)), refs={"by_code": by_code, "by_name": by_name}) for k in keys}

    def _party(self, values, refs):
        """(enterprise, direction, counterpart) of a row, or RowRejected saying why not."""
        code, seller, buyer = values.get("credit_code"), values.get("seller"), values.get("buyer")
        direction = values.get("direction")
        if code:
            enterprise = refs["by_code"].get(code)
            if enterprise is None:
                raise RowRejected([("credit_code", f"平台中没有统一社会信用代码为“{code}”的企业（或不属于您的区镇）")])
            if direction is None:
                direction = (
                    Direction.OUTPUT if seller and key(seller) == key(enterprise.name)
                    else Direction.ABSORB if buyer and key(buyer) == key(enterprise.name)
                    else None
                )  # fmt: skip
            if direction is None:
                raise RowRejected(
                    [("direction", "填写了信用代码时须写明方向（输出 或 吸纳），或让卖方/买方之一为该企业")]
                )
        else:
            as_seller = refs["by_name"].get(key(seller)) if seller else None
            as_buyer = refs["by_name"].get(key(buyer)) if buyer else None
            if direction == Direction.OUTPUT or (direction is None and as_seller and not as_buyer):
                enterprise, direction = as_seller, Direction.OUTPUT
            elif direction == Direction.ABSORB or (direction is None and as_buyer and not as_seller):
                enterprise, direction = as_buyer, Direction.ABSORB
            elif as_seller and as_buyer:
                raise RowRejected([("direction", "卖方和买方都是平台中的企业，请写明方向（输出 或 吸纳）")])
            else:
                enterprise = None
            if enterprise is None:
                named = "、".join(f"“{n}”" for n in (seller, buyer) if n) or "（空）"
                column = "seller" if direction != Direction.ABSORB else "buyer"
                raise RowRejected(
                    [
                        (
                            column,
                            f"卖方/买方 {named} 不是平台中的企业（或不属于您的区镇）："
                            "请核对企业全称，或填写海门企业的统一社会信用代码",
                        )
                    ]
                )
        counterpart = buyer if direction == Direction.OUTPUT else seller
        return enterprise, direction, counterpart

    def build(self, values, existing, ctx):
        existing = existing or Found(refs={"by_code": {}, "by_name": {}})
        enterprise, direction, counterpart = self._party(values, existing.refs)
        row = dict(values)
        row.update(enterprise=enterprise, direction=direction, counterpart=counterpart or None)
        row["status"] = self._status(values)
        instance = existing.instance
        if (
            instance is not None
            and instance.status != row["status"]
            and not rules.may_move(instance.status, row["status"])
        ):
            raise RowRejected(
                [("status", f"该合同已于 {instance.registered_on} 登记，不能改为“{Registration(row['status']).label}”")]
            )
        if instance is None and not row.get("kind"):
            row["kind"] = TechContract._meta.get_field("kind").default
        if instance is None and row.get("tech_amount") is None:
            row["tech_amount"] = row.get("contract_amount")
        if instance is not None:
            merged_contract = row.get("contract_amount") or instance.contract_amount
            merged_tech = row.get("tech_amount") if row.get("tech_amount") is not None else instance.tech_amount
            errors = rules.amount_errors(merged_contract, merged_tech)
            if errors:
                raise RowRejected(list(errors.items()))
        return super().build(row, Found(instance=instance, refs={}), ctx)

    def export_rows(self, queryset):
        """The registry's layout: 卖方/买方 from the direction, plus the enterprise's credit code."""
        labels = {"kind": dict(TechContract._meta.get_field("kind").choices), "status": dict(Registration.choices)}
        rows = queryset.order_by("pk").values_list(
            "reg_number", "title", "enterprise__name", "counterpart", "enterprise__credit_code", "direction",
            "kind", "contract_amount", "tech_amount", "signed_on", "registered_on", "status", "rectify_reason",
        )  # fmt: skip
        for (
            number,
            title,
            name,
            other,
            code,
            direction,
            kind,
            amount,
            tech,
            signed,
            registered,
            status,
            reason,
        ) in rows.iterator(chunk_size=5000):
            seller, buyer = (name, other) if direction == Direction.OUTPUT else (other, name)
            yield [
                number, title, seller or None, buyer or None, code, Direction(direction).label,
                str(labels["kind"].get(kind, kind)), amount, tech, signed, registered,
                str(labels["status"].get(status, status)), reason or None,
            ]  # fmt: skip

    def choices(self, ctx):
        return {
            "direction": ["输出", "吸纳"],
            "kind": [str(label) for _, label in TechContract._meta.get_field("kind").choices],
            "status": [str(label) for _, label in Registration.choices],
        }


IA_IMPORT = register(IACooperationImport())
CONTRACT_IMPORT = register(TechContractImport())


# ============================================================================================
# Science finance and intermediaries
# ============================================================================================


class FinancingImport(ModelImportSpec):
    """科技金融: one 对接/授信/放款 per row, matched on enterprise, bank, product, kind and date.

    The bank may be written as its full name, short name or any alias (fixtures/banks.json); a
    loan is checked against the enterprise's credit line at that bank — stored, or given by an
    earlier row of the same file — as the page checks it (rules.loan_over_credit_error).
    """

    kind = "financing"
    title = "科技金融"
    model = Financing
    fields = ["enterprise", "bank", "product", "product_name", "kind", "amount", "on", "note"]
    natural_key = ("enterprise", "bank", "product", "kind", "on")
    references = {
        "enterprise": Reference("credit_code", parse=parse_credit_code),
        "bank": Reference("name", scoped=False),
    }
    aliases = {
        "enterprise": ("社会信用代码", "信用代码", "统一代码"),
        "bank": ("银行名称", "合作银行", "金融机构", "贷款银行"),
        "product": ("产品", "产品名称", "贷款品种", "金融产品名称"),
        "kind": ("对接类型", "业务类型", "环节"),
        "amount": ("金额", "授信额度", "贷款金额", "放款金额", "额度(万元)", "额度"),
        "on": ("日期", "对接日期", "授信日期", "放款日期", "时间"),
        "note": ("说明",),
    }
    overrides = {
        "enterprise": {"help": "企业须已在平台中", "example": "91320614MA1XXXXXXX"},
        "bank": {"label": "银行", "help": "全称、简称均可，如 海门农商行", "example": "海门农商行"},
        "on": {"parse": past_date, "label": "日期"},
        "amount": {"help": "万元；授信、放款必填，对接可填融资需求", "example": "500"},
        "kind": {"example": "授信"},
    }
    instructions = [
        "每行一条科技金融记录：对接、授信或放款。企业按统一社会信用代码查找，须已在平台中；银行写全称或简称。",
        "企业、银行、产品、类型、日期都相同的视为同一条（更新），空白单元格不会清除平台中已有的数据。",
        "放款金额超过该企业在该银行最近一次授信额度的，须在备注中说明原因，否则该行不导入。",
        "授信额度低于其覆盖的放款（该授信日期起、下一次授信之前的放款）且该放款未在备注中说明的，该行不导入。",
        "日期不能晚于今天；授信、放款须填金额（大于0）。",
    ]

    def begin(self, ctx):
        super().begin(ctx)
        banks = list(Bank.objects.all())
        spellings = {}
        for bank in banks:
            for spelling in bank.spellings():
                spellings.setdefault(spelling.replace(" ", ""), bank)
        ctx.lookups["bank_spellings"] = spellings
        ctx.lookups["bank_by_name"] = {b.name: b for b in banks}
        ctx.lookups["stored_credits"] = {}  # (enterprise id, bank id) → {date: amount}
        ctx.lookups["file_credits"] = {}  # the same from this file's rows, read in row order
        # (enterprise id, bank id) → {(product, date): (date, amount, note)}: stored loans, replaced
        # by this file's rows of the same natural key as they are read
        ctx.lookups["loans"] = {}

    def parsers(self, ctx):
        parsers = super().parsers(ctx)
        spellings = ctx.lookups["bank_spellings"]

        def parse_bank(value):
            text = str(value or "").strip().replace(" ", "")
            bank = spellings.get(text)
            if bank is None:
                raise ValueError("不是平台中的银行（银行名单由区科技局维护）")
            return bank.name

        parsers["bank"] = parse_bank
        return parsers

    def fetch(self, keys, ctx):
        found = super().fetch(keys, ctx)
        enterprise_ids = {state.refs["enterprise"].pk for state in found.values() if state.refs.get("enterprise")}
        credits = ctx.lookups["stored_credits"]
        stored = Financing.objects.filter(kind=FinancingKind.CREDIT, enterprise_id__in=enterprise_ids)
        for enterprise_id, bank_id, on, amount in stored.values_list("enterprise_id", "bank_id", "on", "amount"):
            credits.setdefault((enterprise_id, bank_id), {})[on] = amount
        loans = ctx.lookups["loans"]
        stored_loans = Financing.objects.filter(kind=FinancingKind.LOAN, enterprise_id__in=enterprise_ids)
        for enterprise_id, bank_id, product, on, amount, note in stored_loans.values_list(
            "enterprise_id", "bank_id", "product", "on", "amount", "note"
        ):
            loans.setdefault((enterprise_id, bank_id), {}).setdefault((product, on), (on, amount, note))
        return found

    def build(self, values, existing, ctx):
        refs = (existing.refs or {}) if existing else {}
        enterprise, bank = refs.get("enterprise"), refs.get("bank")
        instance = existing.instance if existing else None
        amount = values.get("amount") if values.get("amount") is not None else getattr(instance, "amount", None)
        note = values.get("note") or getattr(instance, "note", "")
        kind = values.get("kind")
        problems = list(
            rules.financing_errors(
                kind, amount, values.get("product") or Product.SUKEDAI, values.get("product_name")
            ).items()
        )
        error = rules.bank_open_error(bank, kind, values.get("on"))
        if error:
            problems.append(("bank", error))
        if enterprise is not None and bank is not None and not problems:
            key = (enterprise.pk, bank.pk)
            lines = {**ctx.lookups["stored_credits"].get(key, {}), **ctx.lookups["file_credits"].get(key, {})}
            if kind == FinancingKind.LOAN:
                error = rules.loan_over_credit_error(amount, rules.credit_line(lines.items(), values.get("on")), note)
            elif kind == FinancingKind.CREDIT:  # a new or re-imported line below a loan it covers
                loans = ctx.lookups["loans"].get(key, {}).values()
                error = rules.line_below_loans_error(values.get("on"), amount, loans, list(lines))
            else:
                error = None
            if error:
                problems.append(("amount", error))
        try:
            writes = super().build(values, existing, ctx)  # unknown enterprise, permission, …
        except RowRejected as exc:
            raise RowRejected(exc.problems + problems) from None
        if problems:
            raise RowRejected(problems)
        key = (enterprise.pk, bank.pk)
        if kind == FinancingKind.CREDIT and amount is not None:  # a line for this file's later loans
            ctx.lookups["file_credits"].setdefault(key, {})[values.get("on")] = amount
        if kind == FinancingKind.LOAN:  # a loan for this file's later lines
            product = values.get("product") or getattr(instance, "product", None) or Product.SUKEDAI
            ctx.lookups["loans"].setdefault(key, {})[(product, values.get("on"))] = (values.get("on"), amount, note)
        return writes


FINANCING_IMPORT = register(FinancingImport())

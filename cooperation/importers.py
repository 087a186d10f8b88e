"""The cooperation app's imports on core's framework (docs/importing.md).

Columns derive from the models (ModelImportSpec); the rules a row breaks are the model's own
(cooperation/rules.py), asked per row because the import writes in bulk, not through full_clean().
"""

from core.importing import ModelImportSpec, register
from core.importing.model_spec import Reference
from core.importing.parsers import parse_credit_code, past_date
from core.importing.spec import RowRejected

from . import rules
from .models import Bank, Financing, FinancingKind, Product

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
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
        if enterprise is not None and bank is not None:
            key = (enterprise.pk, bank.pk)
            if kind == FinancingKind.LOAN and not problems:
                lines = {**ctx.lookups["stored_credits"].get(key, {}), **ctx.lookups["file_credits"].get(key, {})}
                line = rules.credit_line(lines.items(), values.get("on"))
                error = rules.loan_over_credit_error(amount, line, note)
                if error:
                    problems.append(("amount", error))
        try:
            writes = super().build(values, existing, ctx)  # unknown enterprise, permission, …
        except RowRejected as exc:
            raise RowRejected(exc.problems + problems) from None
        if problems:
            raise RowRejected(problems)
        if kind == FinancingKind.CREDIT and amount is not None:  # a line for this file's later loans
            ctx.lookups["file_credits"].setdefault((enterprise.pk, bank.pk), {})[values.get("on")] = amount
        return writes


FINANCING_IMPORT = register(FinancingImport())

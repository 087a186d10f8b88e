"""diagnose CREDIT_CODE [--json] [--as-of YYYY-MM-DD]: 高企 and 科小 diagnosis of one enterprise (docs/domain.md §5)."""

import datetime as dt
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from core.credit_code import CreditCodeError, normalize_credit_code, validate_credit_code
from enterprises.diagnosis import Status
from enterprises.models import Enterprise
from enterprises.selectors import enterprise_diagnosis


class Command(BaseCommand):
    help = "诊断一家企业是否符合高新技术企业认定和科技型中小企业评价条件。"

    def add_arguments(self, parser):
        parser.add_argument("credit_code", help="统一社会信用代码")
        parser.add_argument("--json", action="store_true", help="按 docs/domain.md §5 的结构输出 JSON")
        parser.add_argument("--as-of", dest="as_of", help="诊断日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, credit_code, json=False, as_of=None, **options):
        code = normalize_credit_code(credit_code)
        try:
            validate_credit_code(code)
        except CreditCodeError as exc:
            raise CommandError(f"统一社会信用代码“{credit_code}”{exc.message}") from exc
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(f"诊断日期“{as_of}”不是有效日期，应为 YYYY-MM-DD。") from exc
        enterprise = Enterprise.objects.filter(credit_code=code).prefetch_related("years", "memberships").first()
        if enterprise is None:
            raise CommandError(f"未找到统一社会信用代码为 {code} 的企业。")
        result = enterprise_diagnosis(enterprise, day)
        if json:
            # Exactly the JSON of docs/domain.md §5: the page shows more (messages, score parts), tools get this.
            self.stdout.write(jsonlib.dumps(result.as_json(), ensure_ascii=False))
            return
        self._print(enterprise, result)

    def _print(self, enterprise, result):
        labels = {Status.PASS: "符合", Status.FAIL: "不符合", Status.UNKNOWN: "待核实"}
        verdict = {True: "符合", False: "不符合", None: "待核实"}
        hte, sme = result.hte, result.tech_sme
        self.stdout.write(f"{enterprise.name}（{enterprise.credit_code}），诊断日期 {result.as_of.isoformat()}")
        self.stdout.write(
            f"高新技术企业：{verdict[hte.eligible]}；创新能力评价可证明得分 {hte.score_min}–{hte.score_max} 分"
        )
        for c in hte.conditions:
            line = f"  [{labels[c.status]}] {c.name}：{c.message}"
            self.stdout.write(line + (f"（{c.collect}）" if c.collect else ""))
        score = sme.score if sme.score is not None else "—"
        direct = f"；直接确认：{sme.direct}" if sme.direct else ""
        self.stdout.write(f"科技型中小企业：{verdict[sme.eligible]}；评价得分 {score}{direct}")

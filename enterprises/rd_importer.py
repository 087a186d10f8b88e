"""The 研发项目备案 list import (import_data rd_projects): one row is one filing of an enterprise.

A filing is the same filing when enterprise (by credit code), year and title match: such a row
updates it, any other row adds one. As on the pages (docs/decisions.md "Yearly figures and
filings"), the bureau adds and reviews filings; a town officer corrects their town's filings
(ModelImportSpec refuses what core.scope refuses) and may not set or change 已审查.
备案日期 may be left empty: a new filing is then dated the import day (the model requires a date).
The rest — columns, parsers, fetch, build, export — comes from the model (ModelImportSpec).
"""

from core.importing import ModelImportSpec, register
from core.importing.model_spec import Reference
from core.importing.parsers import parse_credit_code, parse_year_number, past_date

from .models import RDProject
from .rules import year_error


class RDProjectImport(ModelImportSpec):
    kind = "rd_projects"
    title = "研发项目备案"
    model = RDProject
    fields = ["enterprise", "year", "title", "budget", "reviewed", "filed_on"]
    natural_key = ("enterprise", "year", "title")
    references = {"enterprise": Reference("credit_code", parse=parse_credit_code)}
    aliases = {
        "enterprise": ("社会信用代码", "信用代码", "统一代码"),
        "year": ("备案年度", "年份"),
        "title": ("研发项目名称", "项目名称（研发活动）", "研发活动名称"),
        "budget": ("预算", "项目预算(万元)", "预算金额(万元)", "研发预算(万元)"),
        "reviewed": ("审查", "是否审查", "审查情况"),
        "filed_on": ("备案时间",),
    }
    overrides = {
        "enterprise": {"help": "企业须已在平台中（区镇网格员：本区镇的企业）", "example": "91320684MA1XXXXXXX"},
        "year": {"parse": parse_year_number, "help": "四位年份，如 2023", "example": "2023", "width": 8},
        "title": {"example": "新型节能电机控制系统研发"},
        "budget": {"example": "120"},
        "reviewed": {"help": "是 或 否；由区科技局填写，区镇网格员留空", "width": 8},
        "filed_on": {"required": False, "parse": past_date, "help": "留空为导入当天"},
    }
    instructions = [
        "每行一个研发项目备案。企业按统一社会信用代码查找，须已在平台中；企业、年度和项目名称都相同的视为同一备案（更新），否则新增。",
        "空白单元格不会清除平台中已有的数据。预算单位为万元，也可写“50万元”“500000元”。",
        "备案由区科技局录入和审查；区镇网格员只能更正本区镇企业已有的备案，不能新增，也不能填写或更改“已审查”。",
    ]

    def check(self, values, ctx):
        error = year_error(values.get("year")) if values.get("year") is not None else None
        return [("year", error)] if error else []

    def check_existing(self, values, instance, ctx):
        reviewed = values.get("reviewed")
        stored = instance.reviewed if instance is not None else False
        if ctx.officer_town_id and reviewed is not None and reviewed != stored:
            return [("reviewed", "备案由区科技局审查，区镇网格员不能填写或更改“已审查”（请留空）")]
        return []

    def defaults(self, values, ctx):
        return {"filed_on": ctx.today}  # the model requires a date: a list without one is filed today


RD_IMPORT = register(RDProjectImport())

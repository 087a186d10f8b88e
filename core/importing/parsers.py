"""Cell parsers every importer shares: each turns a non-empty cell into a value or raises
``ValueError`` with a short Chinese reason (the engine adds the row, column and value).

They build on the normalisers of ``core.spreadsheets`` (NFKC, Excel's apostrophe, thousands
separators, 万元/元/亿元, Excel serial and text dates) and add the limits of the columns they
fill (two decimals, not negative, not too large for the database, not in the future).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ..credit_code import normalize_credit_code, validate_credit_code
from ..spreadsheets import to_date, to_decimal, to_int, to_name, to_text

MONEY_LIMIT = Decimal(10) ** 14  # DecimalField(max_digits=16, decimal_places=2)
COUNT_LIMIT = 2_147_483_647  # PositiveIntegerField on PostgreSQL
_CENT = Decimal("0.01")


def key(text) -> str:
    """A spelling reduced for lookups: NFKC, no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def parse_name(value):
    """A company name with the official （） (to_name), at most 200 characters."""
    name = to_name(value)
    if name is not None and len(name) > 200:
        raise ValueError("超过200个字符")
    return name


def parse_credit_code(value):
    """An 18-character 统一社会信用代码, normalised and checked (GB 32100).

    A failing code raises ``CreditCodeError`` (a ValueError) with the codes the user may
    have meant; the engine drops those another row or another record already has
    (``ImportSpec.taken_candidates``) before the message is shown.
    """
    code = normalize_credit_code(value)
    validate_credit_code(code)
    return code


def parse_money(value):
    """万元, two decimals (as stored, so a re-import compares equal); 元/亿元 suffixes converted."""
    number = to_decimal(value, unit="万元")
    if number is None:
        return None
    if number < 0:
        raise ValueError("不能为负数")
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    if number >= MONEY_LIMIT:
        raise ValueError("数值过大")
    return number


def parse_count(value):
    """A whole, non-negative number (人, 件 … suffixes allowed)."""
    number = to_int(value, unit=None)
    if number is None:
        return None
    if number < 0:
        raise ValueError("不能为负数")
    if number > COUNT_LIMIT:
        raise ValueError("数值过大")
    return number


def text(limit):
    """A parser of text of at most ``limit`` characters."""

    def parse(value):
        found = to_text(value)
        if found is not None and len(found) > limit:
            raise ValueError(f"超过{limit}个字符")
        return found

    return parse


# Full-width letters and digits become ASCII; Chinese punctuation (：，（）) stays as typed.
_WIDE_ALNUM = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
    | {"\u3000": " "}
)


def plain_text(limit):
    """A parser of free text (a project title) of at most ``limit`` characters: spaces tidied,
    Excel's apostrophe removed, full-width letters and digits made ASCII, Chinese punctuation
    kept (to_text's NFKC would turn “：” into “:”)."""

    def parse(value):
        if not isinstance(value, str):
            return text(limit)(value)
        found = " ".join(value.translate(_WIDE_ALNUM).split())
        found = found[1:].strip() if found.startswith("'") else found
        if len(found) > limit:
            raise ValueError(f"超过{limit}个字符")
        return found or None

    return parse


def past_date(value, *, today=None):
    """A date not later than today (成立日期, 发证日期, 备案日期)."""
    day = to_date(value)
    if day is not None and day > (today or timezone.localdate()):
        raise ValueError("晚于今天")
    return day


def parse_year_number(value):
    """A four-digit year as written: 2023, 2023年, 2023年度 or a date in it (range: the app's rule)."""
    if isinstance(value, date):
        return value.year
    found = re.sub(r"年度?$", "", to_text(value) or "")
    try:
        year = to_int(found)
    except ValueError:
        year = None
    if year is None or not 1000 <= year <= 9999:
        raise ValueError("不是有效的年度，应为四位年份，如 2023")
    return year


_TRUE = {"是", "有", "已", "√", "✓", "✔", "y", "yes", "true", "1", "对", "已审查", "已审核", "通过", "审查通过"}
_FALSE = {"否", "无", "未", "×", "✗", "x", "n", "no", "false", "0", "未审查", "未审核", "不通过"}


def parse_bool(value):
    """是/否, √/×, 已审查/未审查, yes/no, 1/0 (a bool cell as is)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    found = key(to_text(value) or "")
    if found in _TRUE:
        return True
    if found in _FALSE:
        return False
    raise ValueError("应为“是”或“否”")


def choice_parser(mapping: dict, message: str):
    """A parser looking a cell up in ``mapping`` (keys made with ``key``), ``message`` if absent."""

    def parse(value):
        found = mapping.get(key(to_text(value) or ""))
        if found is None:
            raise ValueError(message)
        return found

    return parse


def choices_lookup(choices) -> dict:
    """{key(spelling): value} for a model field's choices, by label and by stored value."""
    return {key(label): value for value, label in choices} | {key(value): value for value, _ in choices}


_DISTRICT_PREFIX = re.compile(r"^(江苏省)?(南通市)?(海门区|海门市)")
_TOWN_SUFFIX = re.compile(r"(街道办事处|街道|镇|新区)$")


def _stem(spelling: str) -> str:
    """A town's distinctive part: "三星镇" → "三星" (kept whole if nothing would remain)."""
    return _TOWN_SUFFIX.sub("", spelling) or spelling


def _close(typed: str, spelling: str) -> bool:
    """One character mistyped (三兴 for 三星: a homophone from the input method), or most
    characters shared ("海门经济开发区"); "上海" and "海门" share one character and are not."""
    if len(typed) == len(spelling) >= 2 and sum(a != b for a, b in zip(typed, spelling, strict=True)) == 1:
        return True
    return difflib.SequenceMatcher(None, typed, spelling).ratio() >= 0.67


def town_lookup(towns):
    """A function finding a town by name, short name or alias, in memory (no query per row).

    Spaces and full-width forms do not matter, and a "海门区"/"南通市海门区" prefix is ignored.
    ``find.nearest(value)`` lists the towns whose spelling is closest to an unknown one (for
    "您是否要填…"; several only when equally close), empty when nothing is close.
    """
    lookup = {}
    for town in towns:
        for spelling in town.spellings():
            lookup.setdefault(key(spelling), town)
    # Spellings for the nearest match, each with a weight: on equal similarity the official
    # name wins over a short name, and that over an alias (an old or informal name), so
    # "三兴镇" is "三星镇" (a town's name) rather than "三厂镇" (an old name of 三厂街道).
    weighted = []
    for town in towns:
        names = [(town.name, 1.0), (town.short_name, 0.98), *((alias, 0.95) for alias in town.aliases)]
        weighted += [(key(spelling), weight, town) for spelling, weight in names if spelling]

    def find(value):
        found_key = key(to_text(value) or "")
        town = lookup.get(found_key)
        if town is None:
            stripped = _DISTRICT_PREFIX.sub("", found_key)
            town = lookup.get(stripped) if stripped and stripped != found_key else None
        return town

    def nearest(value) -> list:
        """The closest towns (several only when equally close), [] when none is close."""
        typed = key(to_text(value) or "")
        typed = _DISTRICT_PREFIX.sub("", typed) or typed
        scores: dict = {}  # id(town) -> (score, town)
        for spelling, weight, town in weighted:
            if _close(_stem(typed), _stem(spelling)):
                score = round(difflib.SequenceMatcher(None, typed, spelling).ratio() * weight, 6)
                if score > scores.get(id(town), (0, None))[0]:
                    scores[id(town)] = (score, town)
        if not scores:
            return []
        best = max(score for score, _ in scores.values())
        return [town for score, town in scores.values() if score == best]

    find.nearest = nearest
    return find


def did_you_mean(towns) -> str:
    """“您是否要填“三星镇”？” for the towns ``town_lookup(...).nearest`` found ("" for none)."""
    if not towns:
        return ""
    return "您是否要填" + "或".join(f"“{town.name}”" for town in towns) + "？"

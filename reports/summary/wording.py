"""The bureau's sentences (wording.toml) filled with figures.

A sentence names its figures by KPI code ({invest.signed}, {invest.signed:completion}); a part
in [ ] is left out when one of its figures is missing, and a sentence whose own figure is missing
is left out whole — so a KPI not registered yet, without data, without a target or without last
year's figure never prints as a blank. The file is data: the bureau edits the words, and
settings.REPORT_WORDING_FILE may point at its own copy.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from .facts import Facts, fmt_number, fmt_percent

DEFAULT_FILE = Path(__file__).with_name("wording.toml")
TOKEN = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_]+)?)(?::([a-z_]+))?\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


class Missing(Exception):
    """A figure the sentence needs is not there."""


def load(path=None) -> dict:
    path = Path(path or getattr(settings, "REPORT_WORDING_FILE", "") or DEFAULT_FILE)
    with path.open("rb") as handle:
        return tomllib.load(handle)


class Filler:
    """Looks up {name} and {code:attr} for one build; `extra` adds plain names ({min}, {name})."""

    def __init__(self, facts: Facts, words: dict, extra: dict | None = None):
        self.facts = facts
        self.vars = {
            "year": str(facts.period.year),
            **{k: v for k, v in words.get("periods", {}).get(facts.period.code, {}).items() if isinstance(v, str)},
            **(extra or {}),
        }
        self.used: list[tuple[str, str, str]] = []  # (code, attr, text) of every figure printed

    def with_vars(self, **extra) -> Filler:
        other = Filler.__new__(Filler)
        other.facts, other.used = self.facts, self.used
        other.vars = {**self.vars, **{k: str(v) for k, v in extra.items()}}
        return other

    def value(self, name: str, attr: str | None) -> str:
        if "." not in name:
            if not self.vars.get(name) or attr:
                raise Missing(name)
            return self.vars[name]
        text = self._kpi(name, attr or "")
        self.used.append((name, attr or "", text))
        return text

    def _kpi(self, code: str, attr: str) -> str:
        figure = self.facts.figures.get(code)
        if figure is None or figure.actual is None:
            raise Missing(code)
        actual = figure.actual
        if attr == "":
            if not actual:
                raise Missing(code)  # no data for the period: say nothing rather than "0"
            return fmt_number(actual)
        if attr == "target":
            return _need(fmt_number(figure.target) if figure.target else "")
        if attr == "completion":
            return _need(fmt_percent(figure.completion) if figure.completion is not None else "")
        if attr == "progress":
            return fmt_percent(figure.time_progress)
        if attr == "remaining":
            if not figure.target or Decimal(actual) >= figure.target:
                raise Missing(code)
            return fmt_number(figure.target - Decimal(actual))
        last = self.facts.last_year.get(code)
        last_actual = last.actual if last is not None else None
        if attr == "last_year":
            return _need(fmt_number(last_actual) if last_actual else "")
        if attr == "change":
            if not last_actual:
                raise Missing(code)
            change = (Decimal(actual) - Decimal(last_actual)) * 100 / Decimal(last_actual)
            if abs(change) < Decimal("0.05"):
                return "持平"
            return f"{'增长' if change > 0 else '下降'}{abs(change):.1f}%"
        if attr in {"top_town", "top_value"}:
            top = self.facts.top_town(code)
            if top is None:
                raise Missing(code)
            return top.town.name if attr == "top_town" else fmt_number(top.figure.actual)
        raise Missing(f"{code}:{attr}")

    def fill(self, template: str) -> str | None:
        """The sentence with its figures, or None when a figure outside [ ] is missing."""
        used_before = len(self.used)
        parts = []
        position = 0
        try:
            for match in OPTIONAL.finditer(template):
                parts.append(self._fill_plain(template[position : match.start()]))
                mark = len(self.used)
                try:
                    parts.append(self._fill_plain(match.group(1)))
                except Missing:
                    del self.used[mark:]
                position = match.end()
            parts.append(self._fill_plain(template[position:]))
        except Missing:
            del self.used[used_before:]
            return None
        return "".join(parts)

    def _fill_plain(self, text: str) -> str:
        return TOKEN.sub(lambda m: self.value(m.group(1), m.group(2)), text)

    def clauses(self, templates) -> list[str]:
        return [text for text in (self.fill(t) for t in templates) if text]


def _need(text: str) -> str:
    if not text:
        raise Missing("")
    return text


def sentence(clauses: list[str]) -> str:
    """Clauses joined the bureau's way and closed with "。" (nothing when there are none): with "，",
    or with "；" when a clause has commas of its own, so the parts stay readable."""
    if not clauses:
        return ""
    joiner = "；" if any("，" in c for c in clauses) else "，"
    return joiner.join(clauses) + "。"

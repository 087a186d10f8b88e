"""What the summary says, as a list of blocks (title, headings, paragraphs of runs), before any
layout: document.py lays them out; the tests read them back from the .docx."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..registry import Group
from .facts import Facts, fmt_number, fmt_percent
from .wording import Filler, sentence


@dataclass
class Block:
    kind: str  # title | author | h1 | h2 | body
    runs: list[tuple[str, str]] = field(default_factory=list)  # (text, "" | "kai" | "bold")

    @property
    def text(self) -> str:
        return "".join(text for text, _style in self.runs)


def _body(*runs) -> Block:
    return Block("body", [r for r in runs if r[0]])


def summary_blocks(facts: Facts, words: dict) -> tuple[list[Block], Filler]:
    period_words = words["periods"][facts.period.code]
    filler = Filler(facts, words)
    blocks = [Block("title", [(period_words["title"], "")]), Block("author", [(words["author"], "")])]

    opening = words["opening"]
    # The lead, the staff's headline achievements and the headline figures: one paragraph.
    lead = filler.fill(opening.get("lead", "")) or ""
    parts = [n.strip().rstrip("。；，") for n in facts.notes.get("opening", []) if n.strip()]
    parts += filler.clauses(opening.get("clauses", []))
    blocks.append(_body((lead + ("；".join(parts) + "。" if parts else ""), "")))
    stats = [
        filler.with_vars(
            label=s.period_label,
            name=s.name,
            # "超过20%" as the bureau writes it, not ">20%"
            value=(s.get_qualifier_display() if s.qualifier else "") + fmt_number(s.value) + s.unit,
            rank=chinese_number(s.rank) if s.rank else "",
            benchmark=s.benchmark_display.replace(" ", ""),
        )
        for s in facts.stats
    ]
    stat_text = [t for t in (f.fill(opening["stat"]) for f in stats) if t]
    if stat_text:
        blocks.append(_body((opening.get("stat_lead", "") + "；".join(stat_text) + "。", "")))

    blocks.append(Block("h1", [(period_words["done_heading"], "")]))
    groups = [value for value, _label in Group.choices]
    for battle in sorted(words.get("battles", []), key=lambda b: groups.index(b["group"])):
        text = sentence(filler.clauses(battle.get("clauses", [])))
        staff = facts.notes.get(battle["group"], [])
        if not text and not staff:
            continue
        body = " ".join(n.strip() for n in staff)
        if body and not body.endswith(("。", "！", "；")):
            body += "。"
        blocks.append(_body((battle["heading"], "kai"), (body, ""), (text, "")))

    plans = words["plans"]
    blocks.append(Block("h1", [(period_words["plan_heading"], "")]))
    blocks.append(_body((filler.fill(plans.get("lead", "")) or "", "")))
    for note in facts.notes.get("plans", []):
        blocks.append(_body((note.strip(), "")))
    remaining = target_sentences(facts, filler, plans)
    if remaining:
        blocks.append(Block("h2", [(plans["targets_heading"], "")]))
        blocks.append(_body(("；".join(remaining) + "。", "")))
    rules = filler.clauses([rule["text"].replace("{min}", str(rule.get("min", ""))) for rule in plans.get("rules", [])])
    if rules:
        blocks.append(Block("h2", [(plans["rules_heading"], "")]))
        blocks.append(_body(("；".join(rules) + "。", "")))
    return [b for b in blocks if b.runs], filler


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (ranks as the bureau writes them: 列全市第一)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
    return str(n)


def target_sentences(facts: Facts, filler: Filler, plans: dict) -> list[str]:
    """What remains of each annual target: one sentence per KPI that has a target."""
    out = []
    for code, figure in facts.figures.items():
        if not figure.target or figure.actual is None or not figure.kpi.paced:
            continue
        done = figure.completion is not None and figure.completion >= 1
        template = plans["target_done"] if done else plans["target_remaining"]
        local = filler.with_vars(
            name=str(figure.kpi.name),
            unit=str(figure.kpi.unit),
            target=fmt_number(figure.target),
            actual=fmt_number(figure.actual),
            completion=fmt_percent(figure.completion or 0),
            remaining=fmt_number(figure.target - figure.actual) if not done else "",
        )
        text = local.fill(template)
        if text:
            filler.used.append((code, "target", fmt_number(figure.target)))
            out.append(text)
    return out

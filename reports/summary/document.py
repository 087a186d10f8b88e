"""The .docx in the official layout (GB/T 9704-2012 党政机关公文格式, as the bureau's documents):
A4, margins 37/35/28/26 mm, title in 方正小标宋 二号, first-level headings 黑体 三号, second-level
楷体 三号, body 仿宋_GB2312 三号 at a fixed 28.95 pt line, first lines indented two characters,
page numbers "— 1 —" in 宋体 四号 at the foot.

Fonts come from wording.toml [fonts]: the first name of each list is written into the document;
the next installed one is recorded as its alternative in the font table, which LibreOffice and
WPS use where the official font is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .content import Block

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_5 = Pt(10.5)  # 五号
SIZE_SMALL_5 = Pt(9)  # 小五
LINE = Pt(28.95)
DEFAULT_FONTS = {
    "title": ["方正小标宋简体", "Noto Serif CJK SC"],
    "heading": ["黑体", "Noto Sans CJK SC"],
    "kai": ["楷体_GB2312", "Noto Serif CJK SC"],
    "body": ["仿宋_GB2312", "Noto Serif CJK SC"],
    "page_number": ["宋体", "Noto Serif CJK SC"],
}


@cache
def installed_fonts() -> frozenset[str]:
    """Font family names this machine has (fc-list), empty when fontconfig is not installed."""
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


class Fonts:
    def __init__(self, config: dict | None):
        self.lists = {**DEFAULT_FONTS, **(config or {})}

    def name(self, role: str) -> str:
        return self.lists[role][0]

    def alternative(self, role: str) -> str | None:
        names = self.lists[role][1:]
        have = installed_fonts()
        return next((n for n in names if n in have), names[-1] if names else None)


def _font(run, name: str, size=None, bold=None):
    run.font.name = name
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attr), name)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _style_font(style, name, size, bold=False):
    style.font.name = name
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    r_pr = style.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(attr), None)


def _paragraph_format(fmt, *, indent=True, align=None):
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32) if indent else Pt(0)
    if align is not None:
        fmt.alignment = align


def new_document(fonts: Fonts, *, landscape=False):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    styles = doc.styles
    _style_font(styles["Normal"], fonts.name("body"), SIZE_3)
    _paragraph_format(styles["Normal"].paragraph_format, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style_font(styles["Title"], fonts.name("title"), SIZE_2)
    _paragraph_format(styles["Title"].paragraph_format, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    styles["Title"].paragraph_format.line_spacing = Pt(36)
    # python-docx's default Title has a bottom border: an official title has none.
    p_pr = styles["Title"].element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):
        p_pr.remove(border)
    _style_font(styles["Heading 1"], fonts.name("heading"), SIZE_3)
    _paragraph_format(styles["Heading 1"].paragraph_format)
    _style_font(styles["Heading 2"], fonts.name("kai"), SIZE_3)
    _paragraph_format(styles["Heading 2"].paragraph_format)
    _page_number(section, fonts)
    _font_alternatives(doc, fonts)
    doc.core_properties.author = ""
    return doc


def _page_number(section, fonts: Fonts):
    """ "— 1 —" centred at the foot of every page."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    for text in ("— ", None, " —"):
        if text is None:
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE")
            inner = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = "1"
            inner.append(t)
            field.append(inner)
            paragraph._p.append(field)
            run = paragraph.add_run("")
            _font(run, fonts.name("page_number"), SIZE_4)
            continue
        run = paragraph.add_run(text)
        _font(run, fonts.name("page_number"), SIZE_4)


def _font_alternatives(doc, fonts: Fonts):
    font_table = next((p for p in doc.part.package.parts if p.partname == "/word/fontTable.xml"), None)
    if font_table is None:
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    for role in fonts.lists:
        name, alt = fonts.name(role), fonts.alternative(role)
        if not alt or root.find(f"{{*}}font[@{{{root.nsmap['w']}}}name='{name}']") is not None:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt_name = etree.SubElement(font, qn("w:altName"))
        alt_name.set(qn("w:val"), alt)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_blocks(doc, blocks: list[Block], fonts: Fonts):
    for block in blocks:
        if block.kind == "title":
            doc.add_paragraph(block.text, style="Title")
            continue
        if block.kind == "author":
            p = doc.add_paragraph()
            _paragraph_format(p.paragraph_format, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.space_after = LINE
            _font(p.add_run(block.text), fonts.name("kai"), SIZE_3)
            continue
        if block.kind in {"h1", "h2"}:
            doc.add_paragraph(block.text, style="Heading 1" if block.kind == "h1" else "Heading 2")
            continue
        p = doc.add_paragraph()
        for text, style in block.runs:
            run = p.add_run(text)  # text, never markup: python-docx escapes it
            if style == "kai":
                _font(run, fonts.name("kai"))
            elif style == "bold":
                run.font.bold = True


def add_table(doc, header: list[str], rows: list[list[str]], fonts: Fonts, *, widths_mm=None):
    """A plain bordered table in 五号 仿宋 (the monthly brief's figures)."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, fonts.name("heading"), bold=False)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, fonts.name("body"), align_left=i == 0)
    if widths_mm:
        # Word reads the grid, LibreOffice the cells: set both, with autofit off.
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=False):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
    return table


def _cell(cell, text, font, bold=False, align_left=False):
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT if align_left else WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(str(text)), font, SIZE_SMALL_5, bold)


def write_summary(path, blocks: list[Block], font_config: dict | None):
    fonts = Fonts(font_config)
    doc = new_document(fonts)
    write_blocks(doc, blocks, fonts)
    doc.save(path)

"""统一社会信用代码 (GB 32100-2015): normalisation, validation and likely-fix hints.

Pure Python, no Django.  Messages are Chinese fragments meant to follow the code in an
error report, e.g. ``f"统一社会信用代码“{code}”{err.message}"``.

Structure of a code (positions are 1-based)::

    1     登记管理部门码  (1 机构编制, 5 民政, 9 工商, Y 其他 ...)
    2     机构类别码
    3-8   登记管理机关行政区划码 (海门 320614, 320684 before 2020)
    9-17  主体标识码 = 组织机构代码 (GB 11714, with its own mod-11 check at position 17)
    18    校验码

Why the structure matters for hints: the check character is a weighted sum mod 31 and 31
is prime, so for *any* wrong code every one of the 18 positions has exactly one
replacement that makes the check pass.  "Exactly one single-character fix" is therefore
meaningless on the checksum alone; we only count fixes that also leave the code
structurally plausible (valid 登记管理部门码, numeric division code, valid GB 11714
check).  On the 4,275 valid codes of the Shandong sample every one passes these rules.
"""

from __future__ import annotations

import re
import unicodedata

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

HAIMEN_DIVISION_CODES = ("320614", "320684")

# Letters that are not in the charset but are typed for the digit they resemble.
LOOK_ALIKES = {"O": "0", "I": "1", "Z": "2", "S": "5"}

_ILLEGAL_HINT = "（统一社会信用代码不使用 I、O、S、V、Z）"
_OLD_REG_NO = "是旧版15位工商注册号，不是统一社会信用代码，请向企业索取18位统一社会信用代码"
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E[+-]?\d+$")

# Structural plausibility (see module docstring).
_DEPARTMENTS = set("123456789ANY")
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class CreditCodeError(ValueError):
    """An invalid code; ``message`` is Chinese.

    ``candidates`` are codes the user may have meant, most likely first (the check-character
    fix, then look-alike characters, each one valid): hints to check against the 营业执照,
    never an automatic fix. A caller that knows codes which cannot be meant (another row's,
    another enterprise's) drops them and words the rest with ``message_for``.
    ``suggestion`` is the one code a single typo certainly came from, if there is one.
    """

    def __init__(self, message: str, suggestion: str | None = None, *, code="", problem="", candidates=()):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion
        self.code = code
        self.problem = problem or message
        self.candidates = list(candidates)

    def message_for(self, candidates) -> str:
        """The message listing only ``candidates`` (a subset of ``self.candidates``)."""
        return _hinted(self.problem, self.code, list(candidates))


def _hinted(problem: str, code: str, candidates: list[str]) -> str:
    if not candidates:
        return f"{problem}，请核对营业执照"
    listed = " 或 ".join(f"{c}（{_changes(code, c)}）" for c in candidates)
    return f"{problem}，请核对营业执照；可能是 {listed}"


def normalize_credit_code(raw) -> str:
    """Undo what spreadsheets do to codes: full-width chars, spaces, lower case, a leading '.

    A float such as 9.13206E+17 has already lost digits and cannot be repaired; it is just
    turned into text so validation reports it.  Whole floats that are exactly representable
    (a 15-digit 注册号 stored as a number) are written without the ".0".
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(text.split())  # str.split() also splits on \u3000 and \xa0
    return text.lstrip("'‘’`").upper()


def _check_char(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=False))
    return CHARSET[(31 - total % 31) % 31]


def compute_check_char(first17: str) -> str:
    """The 18th character for the given first 17 (handy for demo data and tests)."""
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError("需要17位合法字符")
    return _check_char(first17)


def _checksum_ok(code: str) -> bool:
    return len(code) == 18 and all(ch in _VALUE for ch in code) and _check_char(code[:17]) == code[17]


def _org_code_ok(code: str) -> bool:
    """GB 11714 check of positions 9-17 (letters count A=10 ... Z=35, check 0-9 or X)."""
    body, check = code[8:16], code[16]
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    expected = 11 - total % 11
    return check == {10: "X", 11: "0"}.get(expected, str(expected))


def _plausible(code: str) -> bool:
    return (
        code[0] in _DEPARTMENTS
        and code[1] in "123456789"
        and code[2:8].isdigit()
        and code[2] in "12345678"
        and _org_code_ok(code)
    )


def _changes(original: str, fixed: str) -> str:
    return "，".join(
        f"第{i}位“{a}”改为“{b}”" for i, (a, b) in enumerate(zip(original, fixed, strict=True), 1) if a != b
    )


# Characters of the charset read or typed for one another (print, handwriting, input).
CONFUSIONS = {
    "0": "DQ",
    "D": "0",
    "Q": "0",
    "1": "7L",
    "7": "1T",
    "L": "1",
    "T": "7",
    "8": "B3",
    "B": "8",
    "3": "8",
    "6": "G",
    "G": "6",
    "M": "N",
    "N": "M",
}
MAX_CANDIDATES = 3


def _single_fixes(code: str) -> list[str]:
    """Every single-character change that passes the check and looks plausible.

    Solved per position rather than by trying all 31 characters: the weighted sum must be
    congruent to -check (mod 31), and each weight has an inverse mod 31.
    """
    values = [_VALUE[ch] for ch in code]
    total = sum(v * w for v, w in zip(values, WEIGHTS, strict=False))
    target = -values[17] % 31
    candidates = [code[:17] + _check_char(code[:17])]
    for i, weight in enumerate(WEIGHTS):
        value = (target - total + weight * values[i]) * pow(weight, -1, 31) % 31
        candidates.append(code[:i] + CHARSET[value] + code[i + 1 :])
    return [c for c in candidates if c != code and _plausible(c)]


def _confusion_fixes(code: str) -> list[str]:
    """Valid, plausible codes one look-alike character away (8 read as B, 0 as D …)."""
    found = []
    for i, ch in enumerate(code):
        for other in CONFUSIONS.get(ch, ""):
            fixed = code[:i] + other + code[i + 1 :]
            if _checksum_ok(fixed) and _plausible(fixed):
                found.append(fixed)
    return found


def check_candidates(code: str, fixes: list[str] | None = None) -> list[str]:
    """What a code failing its check may have been, most likely first: the check character
    recomputed (a mistyped last character), then look-alike characters, then — when only one
    single-character change is plausible at all — that change. Each passes the check."""
    fixes = _single_fixes(code) if fixes is None else fixes
    check_fix = code[:17] + _check_char(code[:17])
    found = [check_fix] if check_fix in fixes else []
    found += _confusion_fixes(code)
    if len(fixes) == 1:
        found += fixes
    return list(dict.fromkeys(found))


def _is_old_registration_number(code: str) -> bool:
    """A 15-character 工商注册号: 15 digits, or (个体工商户 in some provinces, e.g. 370681NA000276X)
    a 6-digit division code of a province (11-82) followed by letters and digits.

    The province test keeps a truncated credit code (which starts 91, 92, 93, Y1 ...) from
    being mistaken for an old number.
    """
    if len(code) != 15:
        return False
    if code.isdigit():
        return True
    return code.isalnum() and code[:6].isdigit() and 11 <= int(code[:2]) <= 82


def validate_credit_code(code) -> None:
    """Raise CreditCodeError unless ``code`` (normalised first) is a valid 18-character code."""
    code = normalize_credit_code(code)
    if not code:
        raise CreditCodeError("为空")
    if _is_old_registration_number(code):
        raise CreditCodeError(_OLD_REG_NO)
    if len(code) != 18:
        message = f"长度为{len(code)}位，应为18位"
        if _SCIENTIFIC.match(code):
            message += "（单元格被Excel存成了科学计数法数字，后几位已丢失，请把该列设为文本后重新录入）"
        raise CreditCodeError(message)

    illegal = [(i, ch) for i, ch in enumerate(code, 1) if ch not in _VALUE]
    if illegal:
        pos, ch = illegal[0]
        message = f"第{pos}位字符“{ch}”不允许{_ILLEGAL_HINT}"
        if all(c in LOOK_ALIKES for _, c in illegal):
            fixed = "".join(LOOK_ALIKES.get(c, c) for c in code)
            if _checksum_ok(fixed):
                raise CreditCodeError(
                    _hinted(message, code, [fixed]), fixed, code=code, problem=message, candidates=[fixed]
                )
            raise CreditCodeError(f"{message}；按形近数字改正后校验位仍不符，请核对营业执照")
        raise CreditCodeError(message)

    if _check_char(code[:17]) != code[17]:
        fixes = _single_fixes(code)
        candidates = check_candidates(code, fixes)
        suggestion = fixes[0] if len(fixes) == 1 else None  # a single typo certainly came from it
        problem = "校验位错误"
        raise CreditCodeError(
            _hinted(problem, code, candidates[:MAX_CANDIDATES]),
            suggestion,
            code=code,
            problem=problem,
            candidates=candidates,
        )


def is_valid_credit_code(code) -> bool:
    try:
        validate_credit_code(code)
    except CreditCodeError:
        return False
    return True

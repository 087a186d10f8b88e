"""Synthetic but valid 统一社会信用代码 for demo data, load tests and test factories."""

from .credit_code import CHARSET, compute_check_char

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code(serial: int) -> str:
    """A 9-character 组织机构代码 (GB 11714) with its check character, from a serial number."""
    body = ""
    n = serial
    for _ in range(8):
        body = _ORG_ALPHABET[n % 10] + body  # digits only: always a valid GB 11714 body
        n //= 10
    total = sum(int(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(serial: int, division: str = "320614", kind: str = "91") -> str:
    """An 18-character code for 企业 (91) registered in `division` (海门 320614 by default)."""
    first17 = kind + division + _org_code(serial)
    assert all(ch in CHARSET for ch in first17)
    return first17 + compute_check_char(first17)

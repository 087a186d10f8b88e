"""统一社会信用代码: normalisation, GB 32100-2015 check and the likely-fix hints (no Django)."""

import pytest

from core.credit_code import (
    CHARSET,
    HAIMEN_DIVISION_CODES,
    CreditCodeError,
    compute_check_char,
    is_valid_credit_code,
    normalize_credit_code,
    validate_credit_code,
)


def make_code(first17: str) -> str:
    return first17 + compute_check_char(first17)


# Known-good codes published on business licences (they also pass GB 11714 on 9-17).
REAL = "91370784MA3N03685C"


def error_of(code) -> CreditCodeError:
    with pytest.raises(CreditCodeError) as info:
        validate_credit_code(code)
    return info.value


def test_compute_check_char_matches_published_codes():
    for code in (REAL, "91370784081759843R", "91371626MA3N0LHN7H"):
        assert compute_check_char(code[:17]) == code[17]
        assert is_valid_credit_code(code)


def test_compute_check_char_refuses_bad_input():
    with pytest.raises(ValueError):
        compute_check_char("1234")
    with pytest.raises(ValueError):
        compute_check_char("9132061400000000O")


def test_generated_codes_are_valid():
    for division in HAIMEN_DIVISION_CODES:
        code = make_code(f"91{division}MA1M9XQ3B")
        assert len(code) == 18 and code[2:8] == division
        validate_credit_code(code)


@pytest.mark.parametrize(
    "raw",
    [
        "91370784ma3n03685c",  # lower case
        "９１３７０７８４ＭＡ３Ｎ０３６８５Ｃ",  # full-width
        " 9137 0784\u3000MA3N\xa003685C\n",  # spaces, ideographic space, nbsp
        "'91370784MA3N03685C",  # Excel's text apostrophe
    ],
)
def test_normalisation(raw):
    assert normalize_credit_code(raw) == REAL
    assert is_valid_credit_code(raw)


def test_normalise_numbers_and_none():
    assert normalize_credit_code(None) == ""
    assert normalize_credit_code(320684000123456.0) == "320684000123456"  # 注册号 stored as a number
    assert normalize_credit_code(9.13206e17) == "9.13206E+17"  # digits lost, cannot be repaired


def test_old_15_digit_registration_number():
    err = error_of("320684000123456")
    assert err.message == "是旧版15位工商注册号，不是统一社会信用代码，请向企业索取18位统一社会信用代码"
    assert err.suggestion is None


@pytest.mark.parametrize("code", ["370681NA000276X", "370903NA000714X"])
def test_old_registration_number_of_a_sole_trader(code):
    # 个体工商户 numbers in the Shandong sample carry letters; they are still old 注册号.
    assert error_of(code).message.startswith("是旧版15位工商注册号")


def test_truncated_credit_code_is_not_an_old_number():
    assert error_of("91370784MA3N036").message == "长度为15位，应为18位"


@pytest.mark.parametrize("code, length", [("9137078", 7), (REAL + "1", 19), ("32068400012345", 14)])
def test_wrong_length(code, length):
    assert error_of(code).message == f"长度为{length}位，应为18位"


def test_scientific_notation_explained():
    err = error_of("9.13206E+17")
    assert err.message.startswith("长度为11位，应为18位")
    assert "科学计数法" in err.message


def test_empty():
    assert error_of("  ").message == "为空"


def test_letter_o_typed_for_zero_is_fixed():
    # From the Shandong list: row 3243 has the letter O where the licence has 0.
    err = error_of("91371626MA3NOLHN7H")
    assert err.message == (
        "第13位字符“O”不允许（统一社会信用代码不使用 I、O、S、V、Z），"
        "请核对营业执照；可能是 91371626MA3N0LHN7H（第13位“O”改为“0”）"
    )
    assert err.suggestion == "91371626MA3N0LHN7H"


@pytest.mark.parametrize("letter, digit", [("I", "1"), ("Z", "2"), ("S", "5")])
def test_other_look_alikes(letter, digit):
    good = make_code(f"91320614MA1{digit}X7Q8B")
    typo = good[:11] + letter + good[12:]
    err = error_of(typo)
    assert err.message.startswith(f"第12位字符“{letter}”不允许")
    assert err.suggestion == good
    assert err.message.endswith(f"可能是 {good}（第12位“{letter}”改为“{digit}”）")


def test_two_look_alikes_fixed_together():
    err = error_of("9137O784MA3NO3685C")
    assert err.suggestion == REAL
    assert "第5位“O”改为“0”，第13位“O”改为“0”" in err.message


def test_look_alike_that_does_not_fix_the_code():
    # Shandong row 2418: O -> 0 still fails the check, so no suggestion is made.
    err = error_of("91371923MA3COKJY73")
    assert err.message.startswith("第13位字符“O”不允许（统一社会信用代码不使用 I、O、S、V、Z）")
    assert err.message.endswith("按形近数字改正后校验位仍不符，请核对营业执照") and err.candidates == []
    assert err.suggestion is None


def test_illegal_character_without_look_alike():
    err = error_of("91370784MA3N0368VC")
    assert err.message == "第17位字符“V”不允许（统一社会信用代码不使用 I、O、S、V、Z）"
    assert err.suggestion is None


def test_single_typo_with_unique_plausible_fix():
    err = error_of("91370784MA3N23685C")
    assert err.suggestion == REAL
    assert err.message == f"校验位错误，请核对营业执照；可能是 {REAL}（第13位“2”改为“0”）"


def test_wrong_check_character_itself_is_ambiguous():
    # Every position has one replacement that satisfies mod 31; a new check character is
    # no more plausible than a changed division digit, so no guess is offered.
    # It is still the first code to check against the licence: listed first, never applied.
    err = error_of(REAL[:17] + "D")
    assert err.candidates[0] == REAL
    assert err.message.startswith(f"校验位错误，请核对营业执照；可能是 {REAL}（第18位“D”改为“C”）")
    assert err.suggestion is None


def test_check_error_inside_organisation_code_has_unique_fix():
    # Shandong row 3781: only position 13 repairs both the GB 11714 and GB 32100 checks.
    err = error_of("91371421785011768Y")
    assert err.suggestion == "91371421785041768Y"
    assert err.message == "校验位错误，请核对营业执照；可能是 91371421785041768Y（第13位“1”改为“4”）"
    assert is_valid_credit_code(err.suggestion)


def test_ambiguous_check_error_suggests_nothing():
    # Shandong row 3223: several single changes would be valid and plausible.
    err = error_of("91371626MA3DJEAL1T")
    assert err.suggestion is None
    # Only the check-character fix and look-alikes are offered, as candidates to verify.
    assert err.candidates == ["91371626MA3DJEAL1X"]
    assert err.message == "校验位错误，请核对营业执照；可能是 91371626MA3DJEAL1X（第18位“T”改为“X”）"


def test_suggestions_are_never_wrong_for_single_typos():
    """Every suggestion made for a one-character typo of a valid code is that code."""
    good = [REAL, "91370784081759843R", "91371626MA3N0LHN7H", "91371421785041768Y"]
    for code in good:
        for position in range(18):
            for ch in CHARSET[::7]:
                if ch == code[position]:
                    continue
                typo = code[:position] + ch + code[position + 1 :]
                err = error_of(typo)
                assert err.suggestion in (None, code)


def test_error_is_a_value_error():
    assert issubclass(CreditCodeError, ValueError)
    assert not is_valid_credit_code("abc")


def test_candidates_check_character_first_then_look_alikes():
    # REAL with its 13th character "0" read as "D": the look-alike is offered, after the
    # check-character fix of the code as typed (which comes first whenever it is plausible).
    typo = REAL[:12] + "D" + REAL[13:]
    err = error_of(typo)
    check_fix = typo[:17] + compute_check_char(typo[:17])
    assert REAL in err.candidates
    assert err.candidates.index(REAL) > 0 if check_fix in err.candidates else True
    if check_fix in err.candidates:
        assert err.candidates[0] == check_fix
    assert all(is_valid_credit_code(c) for c in err.candidates)
    assert f"{REAL}（第13位“D”改为“0”）" in err.message


def test_message_for_lists_only_the_kept_candidates():
    err = error_of(REAL[:17] + "D")
    assert err.message_for([]) == "校验位错误，请核对营业执照"
    assert err.message_for(err.candidates[1:2]).count("可能是") == (1 if len(err.candidates) > 1 else 0)

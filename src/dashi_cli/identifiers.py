"""Identifier formats: resident ID numbers (GB 11643), unified social credit
codes (GB 32100-2015), phone numbers, e-mail, postal codes, bank accounts.

The check characters are the standards' own arithmetic (ISO 7064 MOD 11-2
for GB 11643, a weighted sum modulo 31 for GB 32100), a few lines each; the
tests compare them with python-stdnum's. Its ``validate`` functions would not
do: ``stdnum.cn.ric.validate`` rejects an ID whose region code was created
after the holder's birth year, but a region code is the one in force when the
number was *issued* (a person born in 1978 can hold a 440204 number; 浈江区
dates from 2004); and ``stdnum.cn.uscc.validate`` requires the first eight
characters to be digits, while GB 32100 allows letters for the registration
authority (N, Y, …).

Every function here is pure and returns a verdict; the rules decide what to
report and the pack supplies any list (valid province codes).
"""

from __future__ import annotations

import operator
import re
from datetime import date
from typing import NamedTuple

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ｘＸＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ",
    "0123456789XXABCDEFGHJKLMNPQRTUWY",
)


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11


def id_check_character(body: str) -> str:
    """GB 11643's check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    total = sum(map(operator.mul, map(int, body[:17]), _ID_WEIGHTS))
    return "10X98765432"[total % 11]


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^i mod 31


def credit_check_character(body: str) -> str:
    """GB 32100's check character of the first 17 characters (all in its alphabet)."""
    total = sum(
        _USCC_ALPHABET.index(c) * weight for c, weight in zip(body[:17], _USCC_WEIGHTS, strict=True)
    )
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_id(value: str) -> str:
    """Remove spaces, make the check character upper-case and digits half-width."""
    return "".join(value.translate(_FULLWIDTH).split()).upper()


class IdVerdict(NamedTuple):
    """``problem`` is None for a valid number, else one of: length, characters,
    province, birth_date, checksum. (A named tuple: made a dozen times a dossier.)"""

    number: str
    problem: str | None
    birth: date | None = None
    male: bool | None = None


def check_id_number(value: str, provinces: frozenset[int], latest: date | None = None) -> IdVerdict:
    """Check an ID number; a birth date before 1900 or after ``latest`` is not real."""
    number = normalise_id(value)
    if len(number) != 18:
        return IdVerdict(number, "length")
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in "0123456789X":
        return IdVerdict(number, "characters")
    if int(number[:2]) not in provinces:
        return IdVerdict(number, "province")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return IdVerdict(number, "birth_date")
    if birth.year < 1900 or (latest is not None and birth > latest):
        return IdVerdict(number, "birth_date")
    if id_check_character(number) != number[17]:
        return IdVerdict(number, "checksum")
    return IdVerdict(number, None, birth=birth, male=int(number[16]) % 2 == 1)


def check_credit_code(value: str) -> str | None:
    """None when valid, else "format" or "checksum"."""
    code = re.sub(r"[\s-]+", "", value.translate(_FULLWIDTH)).upper()
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return "format"
    if not code[2:8].isdigit():  # the administrative region code
        return "format"
    if credit_check_character(code) != code[17]:
        return "checksum"
    return None


_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:\(?0\d{2,3}\)?)?[2-9]\d{6,7}(?:(?:转|#|ext\.?|-)\d{1,6})?$")


def _compact_phone(value: str) -> str:
    compact = re.sub(r"[\s\-‐－—]+", "", value.translate(_FULLWIDTH))
    return compact.replace("（", "(").replace("）", ")")


def is_mobile(value: str) -> bool:
    return bool(_MOBILE.match(_compact_phone(value)))


def is_phone(value: str) -> bool:
    """A landline (area code optional, extension allowed) or a mobile number."""
    compact = _compact_phone(value)
    if _MOBILE.match(compact):
        return True
    # keep the separator before an extension: 0751-8123456-802
    with_ext = re.sub(r"[\s‐－—]+", "", value.translate(_FULLWIDTH))
    return bool(_LANDLINE.match(compact)) or bool(
        re.match(r"^\(?0\d{2,3}\)?-?[2-9]\d{6,7}-\d{1,6}$", with_ext)
    )


_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def postal_problem(value: str, prefixes: tuple[str, ...]) -> str | None:
    """None when valid, else "format" or "region"."""
    code = "".join(value.translate(_FULLWIDTH).split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return "format"
    if not code.startswith(prefixes):
        return "region"
    return None


def bank_account_ok(value: str, min_digits: int, max_digits: int) -> bool:
    digits = re.sub(r"[\s\-－]+", "", value.translate(_FULLWIDTH))
    return digits.isascii() and digits.isdigit() and min_digits <= len(digits) <= max_digits

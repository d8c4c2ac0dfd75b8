"""Masking of personal identifiers (ID numbers, phone numbers, bank accounts)."""

from __future__ import annotations

import re
import unicodedata

from dashi_cli.findings import PiiKind


def mask(kind: PiiKind, value: str) -> str:
    text = value.strip()
    if kind == "id_number":
        if len(text) <= 10:
            return "*" * len(text)
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if kind == "bank_account":
        digits = re.sub(r"[\s\-]+", "", text)
        return "****" + digits[-4:] if len(digits) > 4 else "****"
    # phone: 3 + **** + 4 (a mobile's standard mask; landlines likewise)
    compact = re.sub(r"[\s\-()（）]+", "", text)
    return compact[:3] + "****" + compact[-4:] if len(compact) > 7 else "****"


# A safety net over every text dashi writes (messages, studio names, paths,
# fields): whatever a rule or a schema error quotes, no identifier leaves
# unmasked. Sensitive parameters are masked already; this catches a number
# quoted as an ordinary value, typed with spaces, dashes, brackets or
# full-width digits ("440201 19800315 2313", "139-2630-0001", "１３９…").
_DIGIT = "0-9０-９"
_RUN = re.compile(rf"(?:\+\s*86[\s\-]*)?[{_DIGIT}](?:[\s\-－()（）]{{0,2}}[{_DIGIT}XxＸｘ]){{7,}}")
_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")


def _digits(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).upper()
    return re.sub(r"[^0-9X]", "", normal.removeprefix("+").strip())


def _mask_run(match: re.Match[str]) -> str:
    text = match.group(0)
    if _DATE_LIKE.match(unicodedata.normalize("NFKC", text).strip()):
        return text  # 2026-11-26 is a date, not an account
    digits = _digits(text)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 18 and digits[:17].isdigit():
        return mask("id_number", digits)
    if not digits.isdigit():
        return text
    if len(digits) == 11 and digits.startswith("1"):
        return mask("phone", digits)  # a mobile
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        return mask("phone", digits)  # a landline with its area code
    if len(digits) >= 12:
        return mask("bank_account", digits)
    return text  # a standard's number (GB 32100-2015), a code, a count


def mask_text(text: str) -> str:
    return _RUN.sub(_mask_run, text)

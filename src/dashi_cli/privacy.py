"""Masking of personal identifiers (ID numbers, phone numbers, bank accounts)."""

from __future__ import annotations

import re

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


# A safety net over every rendered message: whatever a rule or a schema error
# quotes, no identifier leaves unmasked. (Sensitive values are masked already;
# this catches a number quoted as an ordinary value, say a Y002 "invalid value".)
_ID = re.compile(r"(?<![0-9０-９])[1-9]\d{5}(?:18|19|20)\d{9}[\dXx](?![0-9０-９])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])")
_LONG_DIGITS = re.compile(r"(?<![0-9])\d{12,30}(?![0-9])")


def mask_text(text: str) -> str:
    text = _ID.sub(lambda m: mask("id_number", m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask("phone", m.group(0)), text)
    return _LONG_DIGITS.sub(lambda m: mask("bank_account", m.group(0)), text)

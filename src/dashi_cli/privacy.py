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

"""The statuses `dashi renewals` gives a studio, and how `--status` names them: in
English or in Chinese (有效, 即将到期, 已过期, 不再保留称号), as comma lists. A module
of its own, light to import: the config file's values are checked with it too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from dashi_cli.errors import DashiError
from dashi_cli.i18n import ui

RenewalStatus = Literal["valid", "expiring", "expired", "lost"]
STATUSES: tuple[RenewalStatus, ...] = ("valid", "expiring", "expired", "lost")


def parse_statuses(values: Iterable[str]) -> tuple[RenewalStatus, ...]:
    """``--status`` values: each may be a comma list (``,``、``，``、``、``), of the
    statuses' English names or their Chinese ones (即将到期, 不再保留称号, …)."""
    by_name: dict[str, RenewalStatus] = {}
    for status in STATUSES:
        by_name[status] = status
        by_name[ui(status, "zh")] = status
    by_name.update(_STATUS_ALIASES)
    found: list[RenewalStatus] = []
    for value in values:
        for part in re.split(r"[,，、;；\s]+", value):
            if not part:
                continue
            named = by_name.get(part.lower())
            if named is None:
                allowed = ", ".join(f"{s} ({ui(s, 'zh')})" for s in STATUSES)
                raise DashiError(f"unknown status {part!r}; allowed: {allowed}")
            if named not in found:
                found.append(named)
    return tuple(found)


_STATUS_ALIASES: dict[str, RenewalStatus] = {
    "过期": "expired",
    "到期": "expiring",
    "将到期": "expiring",
    "不再保留": "lost",
    "撤销": "lost",
}

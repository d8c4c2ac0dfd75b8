"""Findings: frozen plain data produced by the checks, stamped by the engine.

A check yields an :class:`Issue` (which rule, where, and the values its message
needs). The engine turns it into a :class:`Finding` by adding the severity and
clause from the rules pack and the line and column from the loaded file.
Reporters format findings; they never decide anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Literal


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)

PiiKind = Literal["id_number", "phone", "bank_account"]


@dataclass(frozen=True)
class Sensitive:
    """A personal identifier inside a message parameter; reporters mask it."""

    kind: PiiKind
    value: str


@dataclass(frozen=True)
class Localized:
    """A message value with a Chinese and an English form, chosen when rendered."""

    zh: str
    en: str


# What message parameters usually hold; a renderer shows anything else with str().
ParamScalar = str | int | float | date | Sensitive | Localized | None
ParamValue = ParamScalar | tuple[ParamScalar, ...]


def freeze(params: Mapping[str, object] | None) -> Mapping[str, object]:
    return MappingProxyType(dict(params or {}))


@dataclass(frozen=True)
class Issue:
    """What a check reports: the rule, the field (dotted path) and message values."""

    code: str
    field: str | None = None
    params: Mapping[str, object] = dataclasses.field(default_factory=lambda: freeze(None))
    variant: str = "default"

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", freeze(self.params))


@dataclass(frozen=True)
class Waiver:
    """An officer's recorded decision to accept a finding (the dossier's ``waivers``)."""

    reason: str
    approved_by: str
    approved_on: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    clause: str
    field: str | None
    line: int | None
    column: int | None
    variant: str
    params: Mapping[str, object]
    # set when a waiver in the dossier accepts this finding: it is still reported,
    # marked as waived, and does not count toward the verdict or the exit code
    waiver: Waiver | None = None
    # for a dossier read from an application form (.docx): the box of the form the
    # finding is about, in place of a line and column
    box: Localized | None = None

    @property
    def counts(self) -> bool:
        return self.waiver is None


CalendarStatus = Literal["official", "override", "estimated"]


@dataclass(frozen=True)
class DossierResult:
    path: str
    studio: str | None
    findings: tuple[Finding, ...]
    # the working-day calendar's years this dossier's checks used, and their source
    calendar: Mapping[int, CalendarStatus] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )

    def count(self, severity: Severity) -> int:
        """Findings of that severity that count (waived ones do not)."""
        return sum(1 for f in self.findings if f.severity is severity and f.waiver is None)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waiver is not None)

    @property
    def eligible(self) -> bool:
        return self.count(Severity.ERROR) == 0

    @property
    def unreadable(self) -> bool:
        """The file could not be read as a dossier (a Y001): nothing was judged."""
        return any(f.code == "Y001" for f in self.findings)

    @property
    def verdict(self) -> str:
        """``eligible``, ``not_eligible``, or ``unreadable`` when nothing could be judged."""
        if self.unreadable:
            return "unreadable"
        return "eligible" if self.eligible else "not_eligible"

    def passes(self, *, strict: bool) -> bool:
        """Eligible, and with --strict free of warnings too."""
        return self.eligible and not (strict and self.count(Severity.WARNING))


@dataclass
class Totals:
    """What a batch adds up to, gathered one dossier at a time (nothing else is kept)."""

    dossiers: int = 0
    eligible: int = 0
    passing_strict: int = 0
    severities: dict[Severity, int] = dataclasses.field(
        default_factory=lambda: dict.fromkeys(Severity, 0)
    )
    codes: dict[str, int] = dataclasses.field(default_factory=dict)
    calendar: dict[int, CalendarStatus] = dataclasses.field(default_factory=dict)
    waived: int = 0  # findings a waiver accepted: reported, not counted above

    def add(self, result: DossierResult) -> None:
        self.dossiers += 1
        self.eligible += result.eligible
        self.passing_strict += result.passes(strict=True)
        for finding in result.findings:
            if finding.waiver is not None:
                self.waived += 1
                continue
            self.severities[finding.severity] += 1
            self.codes[finding.code] = self.codes.get(finding.code, 0) + 1
        self.calendar.update(result.calendar)

    @property
    def estimated_years(self) -> tuple[int, ...]:
        return tuple(sorted(y for y, status in self.calendar.items() if status == "estimated"))

    def exit_code(self, *, strict: bool) -> int:
        """The one place that decides the exit code of `dashi check`."""
        if strict:
            fine = self.passing_strict == self.dossiers and not self.estimated_years
        else:
            fine = self.eligible == self.dossiers
        return 0 if fine else 1


@dataclass(frozen=True)
class CheckReport:
    """A whole batch's results, for callers of the Python API."""

    as_of: date
    dossiers: tuple[DossierResult, ...]

    def count(self, severity: Severity) -> int:
        return sum(d.count(severity) for d in self.dossiers)

    @property
    def totals(self) -> Totals:
        totals = Totals()
        for result in self.dossiers:
            totals.add(result)
        return totals

    @property
    def calendar(self) -> dict[int, CalendarStatus]:
        return dict(sorted(self.totals.calendar.items()))

    @property
    def estimated_years(self) -> tuple[int, ...]:
        return self.totals.estimated_years

    def exit_code(self, *, strict: bool) -> int:
        return self.totals.exit_code(strict=strict)

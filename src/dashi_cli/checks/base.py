"""What every rule receives (:class:`Context`) and how a rule declares its code."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dashi_cli.dates import WorkCalendar
from dashi_cli.findings import Issue, Localized
from dashi_cli.model.dossier import Certificate, Dossier
from dashi_cli.pack import Pack
from dashi_cli.paths import parse

if TYPE_CHECKING:
    from dashi_cli.checks.batch import BatchIndex


@dataclass(frozen=True)
class Context:
    dossier: Dossier
    pack: Pack
    as_of: date
    base_dir: Path | None  # the dossier's folder, for material files (M007)
    invalid: frozenset[str]  # dotted paths Y002 rejected
    calendar: WorkCalendar  # China's working days; loaded only when a rule asks
    batch: BatchIndex | None = None  # the dossiers checked before this one, in a batch

    @property
    def weekend_names(self) -> tuple[Localized, Localized]:
        return self.pack.localized("saturday"), self.pack.localized("sunday")

    def rejected(self, path: str) -> bool:
        """True when Y002 already reported this path or something inside it."""
        return any(_within(p, path) for p in self.invalid)

    def follows_from_rejected(self, path: str) -> bool:
        """True when the path lies inside, or holds, a value Y002 rejected: what a
        rule says of it would only repeat that problem (a rejected date reported
        again as a missing one)."""
        return any(_within(p, path) or _within(path, p) for p in self.invalid)


def _within(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith((outer + ".", outer + "["))


class Rule(Protocol):
    code: str
    __name__: str
    __doc__: str | None

    def __call__(self, ctx: Context) -> Iterable[Issue]: ...


def rule(code: str) -> Callable[[Callable[[Context], Iterator[Issue]]], Rule]:
    """Mark a function as the check of one rule code."""

    def mark(func: Callable[[Context], Iterator[Issue]]) -> Rule:
        func.code = code  # type: ignore[attr-defined]
        return func  # type: ignore[return-value]

    return mark


@dataclass(frozen=True)
class Person:
    """The leader or a main member, with the path it stands at."""

    path: str
    name: str | None
    id_number: str | None
    gender: str | None
    skill_level: str | None
    certificate: Certificate | None


def people(dossier: Dossier) -> list[Person]:
    found: list[Person] = []
    if dossier.leader is not None:
        lead = dossier.leader
        found.append(
            Person(
                "leader", lead.name, lead.id_number, lead.gender, lead.skill_level, lead.certificate
            )
        )
    for index, m in enumerate(dossier.members or []):
        found.append(
            Person(f"members[{index}]", m.name, m.id_number, m.gender, m.skill_level, m.certificate)
        )
    return found


def blank(value: Any) -> bool:
    """Absent, empty text or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(blank(v) for v in value)
    return False


def value_at(root: Any, path: str) -> Any:
    """The model's value at a dotted path (``applicant.contact.email``), None if absent."""
    value = root
    for part in parse(path):
        if value is None:
            return None
        value = value[part] if isinstance(part, int) else getattr(value, part, None)
    return value

"""What every rule receives (:class:`Context`) and how a rule declares its code."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from dashi_cli.dates import WorkCalendar
from dashi_cli.findings import Issue, Localized
from dashi_cli.loading import MAX_OF_A_KIND
from dashi_cli.model.dossier import Certificate, Dossier
from dashi_cli.pack import Pack
from dashi_cli.paths import parse

if TYPE_CHECKING:
    from dashi_cli.checks.batch import BatchIndex

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    dossier: Dossier
    pack: Pack
    as_of: date
    base_dir: Path | None  # the dossier's folder, for material files (M007)
    invalid: frozenset[str]  # dotted paths Y002 rejected
    calendar: WorkCalendar  # China's working days; loaded only when a rule asks
    batch: BatchIndex | None = None  # the dossiers checked before this one, in a batch
    # what several rules derive from the dossier, made once for this dossier (:meth:`once`)
    _made: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """``make()`` the first time a rule asks for ``key`` in this context, then the
        same value: what several rules read (the people, the ID-number verdicts) is
        derived once per dossier."""
        if key not in self._made:
            self._made[key] = make()
        made: T = self._made[key]
        return made

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
    """Mark a function as the check of one rule code.

    A check reports at most :data:`MAX_OF_A_KIND` issues for one dossier; past that it
    counts the rest, and one more issue of its code (variant ``too_many``, with
    ``count``, all it found, and ``listed``) says so, as Y002 does for schema problems.
    """

    def mark(func: Callable[[Context], Iterator[Issue]]) -> Rule:
        @functools.wraps(func)
        def check(ctx: Context) -> list[Issue]:
            issues = iter(func(ctx))
            first = next(issues, None)  # most checks of a dossier find nothing:
            if first is None:  # for them no slice or list is made
                return []
            return capped(code, itertools.chain((first,), issues))

        check.code = code  # type: ignore[attr-defined]
        return check  # type: ignore[return-value]

    return mark


def capped(code: str, issues: Iterable[Issue]) -> list[Issue]:
    """The first :data:`MAX_OF_A_KIND` issues, then one ``too_many`` counting them all
    (the rest are only counted, never kept).

    The summary carries the first unlisted issue's values too, so that a rules pack
    without a ``too_many`` message still renders its default one sensibly."""
    found = iter(issues)
    head = list(itertools.islice(found, MAX_OF_A_KIND + 1))
    if len(head) <= MAX_OF_A_KIND:
        return head
    count = len(head) + sum(1 for _ in found)
    first_unlisted = head[MAX_OF_A_KIND]
    params = {**first_unlisted.params, "count": count, "listed": MAX_OF_A_KIND}
    return [*head[:MAX_OF_A_KIND], Issue(code, None, params, "too_many")]


class Person(NamedTuple):
    """The leader or a main member, with the path it stands at (a named tuple: made
    for each person of each dossier)."""

    path: str
    name: str | None
    id_number: str | None
    gender: str | None
    skill_level: str | None
    certificate: Certificate | None


def people(dossier: Dossier) -> list[Person]:
    """The leader, then the members."""
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


def people_in(ctx: Context) -> tuple[Person, ...]:
    """:func:`people` of the context's dossier, made once for all the checks that ask."""
    return ctx.once("people", lambda: tuple(people(ctx.dossier)))


def blank(value: Any) -> bool:
    """Absent, empty text or an empty list."""
    if value is None:
        return True
    if value.__class__ is str:  # the common case, first
        return not value.strip()
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
        value = value[part] if part.__class__ is int else getattr(value, part, None)  # type: ignore[arg-type]
    return value

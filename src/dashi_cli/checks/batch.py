"""Across the dossiers of one batch — no clause; a batch of applications must not
name one person as leader twice, nor two studios alike.

Within a batch, each dossier is compared with the ones checked before it, so
a finding stands on the later dossier and names the earlier one; a dossier
checked alone never gets one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue, Sensitive
from dashi_cli.identifiers import normalise_id
from dashi_cli.model.dossier import Dossier


@dataclass
class BatchIndex:
    """What the earlier dossiers of a batch showed: leaders' ID numbers, studio names."""

    leaders: dict[str, str] = field(default_factory=dict)
    studios: dict[str, str] = field(default_factory=dict)

    def record(self, path: str, dossier: Dossier) -> None:
        leader_id = _leader_id(dossier)
        if leader_id:
            self.leaders.setdefault(leader_id, path)
        name = _studio_name(dossier)
        if name:
            self.studios.setdefault(name, path)


def _leader_id(dossier: Dossier) -> str | None:
    leader = dossier.leader
    if leader is None or blank(leader.id_number):
        return None
    assert leader.id_number is not None
    return normalise_id(leader.id_number)


def _studio_name(dossier: Dossier) -> str | None:
    studio = dossier.studio
    if studio is None or blank(studio.name):
        return None
    assert studio.name is not None
    return "".join(studio.name.split())


@rule("X001")
def leader_twice(ctx: Context) -> Iterator[Issue]:
    """One person (ID number) leads studios in more than one dossier of a batch.

    Passing::

        # a.yaml: leader: {id_number: "440204197805121310"}
        # b.yaml: leader: {id_number: "440201198003152313"}

    Failing::

        # a.yaml and b.yaml: leader: {id_number: "440204197805121310"}
    """
    number = _leader_id(ctx.dossier)
    if ctx.batch is None or number is None:
        return
    earlier = ctx.batch.leaders.get(number)
    if earlier is not None:
        params = {"id_number": Sensitive("id_number", number), "other": earlier}
        yield Issue("X001", "leader.id_number", params)


@rule("X002")
def name_twice(ctx: Context) -> Iterator[Issue]:
    """Two dossiers of a batch share a studio name (white space ignored).

    Passing::

        # a.yaml: studio: {name: 张建华数控加工技能大师工作室}
        # b.yaml: studio: {name: 李卫东电工技能大师工作室}

    Failing (warning)::

        # a.yaml and b.yaml: studio: {name: 张建华数控加工技能大师工作室}
    """
    name = _studio_name(ctx.dossier)
    if ctx.batch is None or name is None:
        return
    earlier = ctx.batch.studios.get(name)
    if earlier is not None:
        yield Issue("X002", "studio.name", {"name": ctx.dossier.studio.name, "other": earlier})  # type: ignore[union-attr]


RULES = (leader_twice, name_twice)

"""Across the dossiers of one batch — no clause; a batch of applications that names one
person as leader twice, or two studios alike, is worth a second look (the policy does not
forbid it).

Within a batch, each dossier is compared with the ones checked before it, so
a finding stands on the later dossier and names the earlier one; a dossier
checked alone never gets one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue, Sensitive
from dashi_cli.identifiers import normalise_id
from dashi_cli.model.dossier import Dossier


class BatchFacts(NamedTuple):
    """What the batch rules compare of one dossier (all a parallel worker sends back)."""

    path: str
    leader_id: str | None  # normalised
    studio_key: str | None  # the name without white space
    studio_name: str | None  # as written

    @classmethod
    def of(cls, path: str, dossier: Dossier) -> BatchFacts:
        studio = dossier.studio.name if dossier.studio is not None else None
        return cls(path, _leader_id(dossier), _studio_name(dossier), studio)


@dataclass
class BatchIndex:
    """What the earlier dossiers of a batch showed: leaders' ID numbers, studio names."""

    leaders: dict[str, str] = field(default_factory=dict)
    studios: dict[str, str] = field(default_factory=dict)

    def record(self, path: str, dossier: Dossier) -> None:
        self.record_facts(BatchFacts.of(path, dossier))

    def record_facts(self, facts: BatchFacts) -> None:
        if facts.leader_id:
            self.leaders.setdefault(facts.leader_id, facts.path)
        if facts.studio_key:
            self.studios.setdefault(facts.studio_key, facts.path)

    def issues(self, facts: BatchFacts) -> Iterator[Issue]:
        """X001 and X002 for a dossier checked after the ones recorded."""
        yield from _leader_twice(facts, self)
        yield from _name_twice(facts, self)


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


def _leader_twice(facts: BatchFacts, batch: BatchIndex) -> Iterator[Issue]:
    earlier = batch.leaders.get(facts.leader_id) if facts.leader_id else None
    if earlier is not None:
        params = {"id_number": Sensitive("id_number", facts.leader_id or ""), "other": earlier}
        yield Issue("X001", "leader.id_number", params)


def _name_twice(facts: BatchFacts, batch: BatchIndex) -> Iterator[Issue]:
    earlier = batch.studios.get(facts.studio_key) if facts.studio_key else None
    if earlier is not None:
        yield Issue("X002", "studio.name", {"name": facts.studio_name, "other": earlier})


@rule("X001")
def leader_twice(ctx: Context) -> Iterator[Issue]:
    """One person (same ID number) leading the studios of two dossiers in one batch is
    flagged for a second look: the policy does not forbid it. The later dossier reports it
    and names the earlier one; a dossier checked alone is never compared.

    同一批次的材料中，同一人（身份证号相同）在两份以上材料中担任领办人的，予以警告
    （政策并未禁止，请核实）。由后核查的材料报告此问题，并指明在先的材料；单独核查一份
    材料时不作比较。

    Passing::

        leader: {id_number: "440204197805121310"}    # a.yaml
        leader: {id_number: "440201198003152313"}    # b.yaml

    Failing (warning)::

        leader: {id_number: "440204197805121310"}    # a.yaml
        leader: {id_number: "440204197805121310"}    # b.yaml：同一人 | b.yaml: the same person
    """
    if ctx.batch is not None:
        yield from _leader_twice(BatchFacts.of("", ctx.dossier), ctx.batch)


@rule("X002")
def name_twice(ctx: Context) -> Iterator[Issue]:
    """Two dossiers of a batch sharing a studio name (white space ignored) are flagged. The
    later dossier reports it and names the earlier one.

    同一批次的材料中，工作室名称重复的（比较时忽略空白字符），予以警告。由后核查的材料
    报告此问题，并指明在先的材料。

    Passing::

        studio: {name: 张建华数控加工技能大师工作室}    # a.yaml
        studio: {name: 李卫东电工技能大师工作室}        # b.yaml

    Failing (warning)::

        studio: {name: 张建华数控加工技能大师工作室}    # a.yaml
        studio: {name: 张建华数控加工技能大师工作室}    # b.yaml：名称相同 | b.yaml: the same name
    """
    if ctx.batch is not None:
        yield from _name_twice(BatchFacts.of("", ctx.dossier), ctx.batch)


RULES = (leader_twice, name_twice)

"""Carrier and jurisdiction — clause 一.

依托韶关市辖区内的企业、行业协会、技工（职业）院校和高技能公共实训基地为载体领办和创办。
The carrier kinds and the ten counties and districts are lists of the rules pack.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, rule
from dashi_cli.findings import Issue


@rule("C001")
def carrier_kind(ctx: Context) -> Iterator[Issue]:
    """The applicant unit is one of the four carrier kinds.

    Passing::

        applicant: {kind: enterprise}      # or 企业, 行业协会, 技工院校, …

    Failing::

        applicant: {kind: 个体工商户}
    """
    applicant = ctx.dossier.applicant
    if applicant is None or applicant.kind is None or not applicant.kind.strip():
        return
    if ctx.pack.carrier_key(applicant.kind.strip()) is None:
        allowed = tuple(kind.names[0] for kind in ctx.pack.carrier_kinds)
        yield Issue("C001", "applicant.kind", {"value": applicant.kind, "allowed": allowed})


@rule("C002")
def jurisdiction(ctx: Context) -> Iterator[Issue]:
    """The applicant unit lies within Shaoguan (one of its ten counties and districts).

    Passing::

        applicant: {district: 浈江区}        # or 韶关市浈江区

    Failing::

        applicant: {district: 天河区}
    """
    applicant = ctx.dossier.applicant
    if applicant is None or applicant.district is None or not applicant.district.strip():
        return
    if ctx.pack.district(applicant.district) is None:
        allowed = tuple(d.name for d in ctx.pack.jurisdiction.districts)
        yield Issue("C002", "applicant.district", {"value": applicant.district, "allowed": allowed})


RULES = (carrier_kind, jurisdiction)

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
    """The applicant unit is one of the four carrier kinds: an enterprise (企业), an industry
    association (行业协会), a technical or vocational school (技工（职业）院校) or a public
    training base for highly skilled workers (高技能公共实训基地). The kind may be written as
    its key (such as `enterprise`) or as any of its Chinese names.

    申报单位应为认定条件所列四类载体之一：企业、行业协会、技工（职业）院校或高技能公共实训基地。
    载体类型可填写其代码（如 `enterprise`），也可填写任一中文名称。

    Passing::

        applicant: {kind: enterprise}
        # 也可写中文名称，如 企业、行业协会、技工院校 | or its Chinese name (企业, 行业协会, …)

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
    """The applicant unit lies within Shaoguan: its county or district is one of the city's
    ten counties, county-level cities and districts (县（市、区）). It may be written in full,
    by its short name, or with the province and city before it.

    申报单位应位于韶关市辖区内，即所在县（市、区）为韶关市所辖十个县（市、区）之一。
    可填写全称或简称（如“乳源”），也可冠以省、市名称（如“韶关市浈江区”）。

    Passing::

        applicant: {district: 浈江区}        # 也可写 韶关市浈江区 | or with the city (韶关市浈江区)

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

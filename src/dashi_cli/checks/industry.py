"""The “3+3” industry clusters — clause 一.

以面向全市先进材料、先进装备制造、现代轻工产业、电子信息制造、生物医药、大数据及软件信息服务等
“3+3”战略性新兴产业集群类专业为重点. A focus, not a bar: a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, rule
from dashi_cli.findings import Issue


@rule("I001")
def focus_industry(ctx: Context) -> Iterator[Issue]:
    """The studio's industry is one of the “3+3” strategic emerging industry clusters: it
    equals a cluster's name or contains it. The clusters are the policy's focus, not a bar,
    so an industry outside them is only a warning.

    工作室所属行业应为“3+3”战略性新兴产业集群之一，即与某一集群名称相同或包含该名称
    （如“先进装备制造业”包含“先进装备制造”）。上述产业集群是政策的重点方向，并非硬性条件，
    不属于的仅给出警告。

    Passing::

        studio: {industry: 先进装备制造}

    Failing (warning)::

        studio: {industry: 餐饮服务}
    """
    studio = ctx.dossier.studio
    if studio is None or studio.industry is None or not studio.industry.strip():
        return
    value = studio.industry.strip()
    if not any(cluster in value for cluster in ctx.pack.industries):
        yield Issue("I001", "studio.industry", {"value": value, "allowed": ctx.pack.industries})


RULES = (focus_industry,)

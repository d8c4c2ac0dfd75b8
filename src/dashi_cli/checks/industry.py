"""The “3+3” industry clusters — clause 一.

以面向全市先进材料、先进装备制造、现代轻工产业、电子信息制造、生物医药、大数据及软件信息服务等
“3+3”战略性新兴产业集群类专业为重点. A focus, not a bar: a warning. The clusters and the
words that name each are lists of the rules pack; the form has no industry box, so a
missing industry is a warning of its own (I002), never an incomplete form.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue


def _industry(ctx: Context) -> str | None:
    studio = ctx.dossier.studio
    return None if studio is None or blank(studio.industry) else studio.industry


@rule("I001")
def focus_industry(ctx: Context) -> Iterator[Issue]:
    """The studio's industry is one of the “3+3” strategic emerging industry clusters,
    matched by meaning: it contains a cluster's name (先进装备制造业) or one of the words
    that name the cluster in the rules pack, so the short names officers write (电子信息,
    现代轻工, 大数据, 装备制造) are the clusters too. The clusters are the policy's focus,
    not a bar, so an industry outside them is only a warning; no industry at all is I002.

    工作室所属行业应为“3+3”战略性新兴产业集群之一，按意思判断：包含某一集群名称（如
    “先进装备制造业”），或包含规则包所列指称该集群的关键词的，即属该集群，因此“电子信息”
    “现代轻工”“大数据”“装备制造”等常用简称均属“3+3”。上述产业集群是政策的重点方向，并非
    硬性条件，不属于的仅给出警告；未填写行业的见 I002。

    Passing::

        studio: {industry: 装备制造}          # 先进装备制造的简称 | a short name (先进装备制造)

    Failing (warning)::

        studio: {industry: 餐饮服务}
    """
    value = _industry(ctx)
    if value is not None and ctx.pack.cluster(value.strip()) is None:
        params = {"value": value.strip(), "allowed": ctx.pack.industries}
        yield Issue("I001", "studio.industry", params)


@rule("I002")
def industry_given(ctx: Context) -> Iterator[Issue]:
    """The studio's industry is given, so that whether it is one of the “3+3” clusters the
    policy focuses on can be judged. The application form has no industry box, so a
    missing industry is this warning, never an incomplete form (F001).

    应填写工作室所属行业，以便判断是否属于政策重点的“3+3”产业集群。申请表没有“行业”一栏，
    未填写的只给出此项警告，不算申请表漏填（不报 F001）。

    Passing::

        studio: {industry: 电子信息制造}

    Failing (warning)::

        studio: {name: 李卫东电工技能大师工作室}   # 未填所属行业 | no industry given
    """
    if _industry(ctx) is None and not ctx.rejected("studio.industry"):
        yield Issue("I002", "studio.industry")


RULES = (focus_industry, industry_given)

"""Venue and projects — clauses 一.2 and 一.3.

一.2 具备进行技术攻关，技术创新、技术交流、传授技艺的工作场地和设施、设备等。
一.3 有企业或行业需要解决的技术工艺难题、技术改进或创新项目……
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue


@rule("S001")
def work_venue(ctx: Context) -> Iterator[Issue]:
    """The studio has a work venue: a positive area (in square metres) and at least one
    facility or piece of equipment listed.

    工作室应具备工作场地：面积（平方米）为正数，且至少列出一项设施、设备。

    Passing::

        studio: {area_m2: 260, facilities: [数控车床 8 台]}

    Failing::

        studio: {area_m2: 0, facilities: []}
    """
    studio = ctx.dossier.studio
    area = studio.area_m2 if studio else None
    if area is None:
        if not ctx.rejected("studio.area_m2"):
            yield Issue("S001", "studio.area_m2", variant="no_area")
    elif not math.isfinite(area) or area <= 0:
        yield Issue("S001", "studio.area_m2", {"area": area}, variant="bad_area")
    if blank(studio.facilities if studio else None) and not ctx.rejected("studio.facilities"):
        yield Issue("S001", "studio.facilities", variant="no_facilities")


def named_projects(ctx: Context) -> int:
    """How many listed projects have a name (an unnamed entry is no project)."""
    return sum(1 for p in ctx.dossier.projects or [] if not blank(p.name))


@rule("S002")
def technical_project(ctx: Context) -> Iterator[Issue]:
    """At least one technical project is listed, with its name (an entry without a name
    is no project). A project's kind and level are open text, as the policy's words are
    open (“技术工艺难题、技术改进或创新项目”, key projects of the province or the city,
    technical development): any kind (技术攻关, 技术改进, 技术开发, 技艺传承…) and any
    level (国家级, 国家重点, 省级 … 企业级) counts, and an unknown one is never an error.

    应至少列出一个技术项目，并填写项目名称（未填名称的条目不计为项目）。项目类型和级别是
    开放的文字，与政策原文“技术工艺难题、技术改进或创新项目……技术开发项目”一样不设限：
    任何类型（技术攻关、技术改进、技术开发、技艺传承等）和任何级别（国家级、国家重点、
    省级直至企业级）均可计入，未列出的写法也从不报错。

    Passing::

        projects:
          - {name: 大型齿轮箱壳体精密加工工艺改进, kind: 技术改进, level: 国家重点}

    Failing::

        projects: [{kind: 技术攻关}]          # 未填名称，不计为项目 | no name: no project
    """
    if not named_projects(ctx):
        yield Issue("S002", "projects")


RULES = (work_venue, technical_project)

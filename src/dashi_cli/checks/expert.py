"""What only the experts can judge — clauses 一.1, 一.2, 一.3 (severity info).

The tool cannot judge skill, innovation, health, a team's capability, a
venue's fitness or a project's value; it lists each so that nobody forgets
the expert review (三: 考察、专业评审和答辩). Each fires when there is
something for the experts to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, rule
from dashi_cli.checks.venue import named_projects
from dashi_cli.findings import Issue


@rule("R001")
def review_leader(ctx: Context) -> Iterator[Issue]:
    """Reminder: the experts judge the leader (clause 一.1): skill, innovation, experience
    in training apprentices and health. Fires when a leader is given.

    提示：领办人的技能水平、创新能力、带徒经验和身体状况（一.1）须由专家考察评审。
    材料中填写了领办人的，列出此提示。

    Fires::

        leader: {name: 张建华}

    Does not fire::

        # 未填写领办人部分（由 F001 报告） | no leader section (F001 reports it)
    """
    leader = ctx.dossier.leader
    if leader is not None:
        yield Issue("R001", "leader", {"name": leader.name or "—"})


@rule("R002")
def review_team(ctx: Context) -> Iterator[Issue]:
    """Reminder: the experts judge the team's capability and the fitness of the venue and
    facilities (clause 一.2). Fires when members or a studio section are given.

    提示：技能人才团队的能力及工作场地、设施是否适合（一.2）须由专家考察评审。
    材料中列有主要成员或工作室部分的，列出此提示。

    Fires::

        members: [{name: 刘洋}]

    Does not fire::

        # 既无主要成员，也无工作室部分 | neither members nor a studio section
    """
    if ctx.dossier.members or ctx.dossier.studio is not None:
        yield Issue("R002", "members" if ctx.dossier.members else "studio")


@rule("R003")
def review_projects(ctx: Context) -> Iterator[Issue]:
    """Reminder: the experts judge the value of the listed projects (clause 一.3). Fires when
    at least one project with a name is listed.

    提示：所列技术项目的价值（一.3）须由专家评审。材料中列有至少一个有名称的项目的，
    列出此提示。

    Fires::

        projects: [{name: 齿轮箱壳体加工工艺改进, kind: 技术攻关}]

    Does not fire::

        projects: []          # 改由 S002 报告 | S002 reports it instead
    """
    count = named_projects(ctx)
    if count:
        yield Issue("R003", "projects", {"count": count})


RULES = (review_leader, review_team, review_projects)

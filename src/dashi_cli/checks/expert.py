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
    """Reminder: the experts judge the leader (一.1). Fires when a leader is given.

    Fires::

        leader: {name: 张建华}

    Does not fire::

        # no leader section (F001 reports it)
    """
    leader = ctx.dossier.leader
    if leader is not None:
        yield Issue("R001", "leader", {"name": leader.name or "—"})


@rule("R002")
def review_team(ctx: Context) -> Iterator[Issue]:
    """Reminder: the experts judge the team and the venue (一.2).

    Fires::

        members: [{name: 刘洋}]

    Does not fire::

        # neither members nor a studio section
    """
    if ctx.dossier.members or ctx.dossier.studio is not None:
        yield Issue("R002", "members" if ctx.dossier.members else "studio")


@rule("R003")
def review_projects(ctx: Context) -> Iterator[Issue]:
    """Reminder: the experts judge the listed projects (一.3).

    Fires::

        projects: [{name: 齿轮箱壳体加工工艺改进, kind: 技术攻关}]

    Does not fire::

        projects: []          # S002 reports it instead
    """
    count = named_projects(ctx)
    if count:
        yield Issue("R003", "projects", {"count": count})


RULES = (review_leader, review_team, review_projects)

"""The team's qualifications — clause 一 (and 四.3 for the certificates).

领办人及主要成员有3名均具备国家职业资格技师以上资质. The number (3) and the
level (技师) are parameters of the rules pack; "以上" includes the level itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, Person, blank, people, rule
from dashi_cli.findings import Issue, Sensitive
from dashi_cli.identifiers import normalise_id


def _qualified(ctx: Context, person: Person) -> bool:
    minimum = ctx.pack.level_rank(ctx.pack.parameters.min_qualified_level.value)
    rank = ctx.pack.level_rank(person.skill_level) if person.skill_level else None
    return rank is not None and minimum is not None and rank >= minimum


def _identity(person: Person) -> str:
    if person.id_number and person.id_number.strip():
        return "id:" + normalise_id(person.id_number)
    if person.name and person.name.strip():
        return "name:" + person.name.strip()
    return "path:" + person.path


@rule("Q001")
def leader_level(ctx: Context) -> Iterator[Issue]:
    """The leader holds `min_leader_level` (technician, 技师) or above.

    领办人的职业技能等级应为 `min_leader_level`（技师）或以上。

    Passing::

        leader: {name: 张建华, skill_level: 高级技师}

    Failing::

        leader: {name: 张建华, skill_level: 高级工}    # 低于技师 | below technician (技师)
    """
    leader = ctx.dossier.leader
    if leader is None or leader.skill_level is None:
        return
    minimum = ctx.pack.parameters.min_leader_level.value
    rank, needed = ctx.pack.level_rank(leader.skill_level), ctx.pack.level_rank(minimum)
    if rank is not None and needed is not None and rank < needed:
        params = {"name": leader.name, "level": leader.skill_level, "minimum": minimum}
        yield Issue("Q001", "leader.skill_level", params)


@rule("Q002")
def enough_technicians(ctx: Context) -> Iterator[Issue]:
    """At least `min_qualified_persons` (3) distinct persons among the leader and main
    members hold `min_qualified_level` (technician, 技师) or above. Persons are told apart
    by ID number (by name where none is given); one person listed twice counts once; the
    leader counts.

    领办人及主要成员中，具备 `min_qualified_level`（技师）或以上等级的
    不同人员应不少于 `min_qualified_persons`（3）名。按身份证号区分不同人员
    （未填身份证号的按姓名），同一人列出两次只计一次；领办人本人计入。

    Passing::

        leader: {name: 张建华, skill_level: 高级技师}
        members:
          - {name: 刘洋, skill_level: 技师}
          - {name: 陈明, skill_level: 二级}    # 二级即技师 | grade 2 (二级) is technician (技师)

    Failing::

        leader: {name: 张建华, skill_level: 高级技师}
        members:
          - {name: 刘洋, skill_level: 技师}
          - {name: 陈明, skill_level: 高级工}    # 仅 2 人达到技师 | only 2 reach technician (技师)
    """
    params = ctx.pack.parameters
    qualified: dict[str, str] = {}
    for person in people(ctx.dossier):
        if _qualified(ctx, person):
            qualified.setdefault(_identity(person), person.name or person.path)
    if len(qualified) < params.min_qualified_persons.value:
        yield Issue(
            "Q002",
            "members",
            {
                "count": len(qualified),
                "minimum": params.min_qualified_persons.value,
                "level": params.min_qualified_level.value,
                "names": tuple(qualified.values()) or ("—",),
            },
        )


@rule("Q003")
def listed_twice(ctx: Context) -> Iterator[Issue]:
    """No person (same ID number) is listed twice among the leader and members.

    领办人及主要成员中，同一人员（身份证号相同）不得重复列出。

    Passing::

        leader: {id_number: "440204197805121310"}
        members: [{id_number: "440203198509232524"}]

    Failing::

        leader: {id_number: "440204197805121310"}
        members: [{id_number: "440204197805121310"}]
    """
    first: dict[str, str] = {}
    for person in people(ctx.dossier):
        if blank(person.id_number):
            continue
        assert person.id_number is not None
        number = normalise_id(person.id_number)
        if number in first:
            yield Issue(
                "Q003",
                f"{person.path}.id_number",
                {
                    "id_number": Sensitive("id_number", number),
                    "name": person.name,
                    "first": first[number],
                },
            )
        else:
            first[number] = person.path


@rule("Q004")
def certificate_details(ctx: Context) -> Iterator[Issue]:
    """Each person counted for Q002, holding `min_qualified_level` (technician, 技师) or
    above, gives the number and the issue date of their certificate.

    计入 Q002 人数、具备 `min_qualified_level`（技师）或以上等级的每名人员，
    均应填写证书编号和发证日期。

    Passing::

        members:
          - {name: 刘洋, skill_level: 技师,
             certificate: {kind: 职业技能等级证书, number: "Y0002", issued_on: 2019-12-20}}

    Failing (warning)::

        members:
          - {name: 刘洋, skill_level: 技师}
    """
    for person in people(ctx.dossier):
        if not _qualified(ctx, person):
            continue
        cert = person.certificate
        if cert is None or blank(cert.number) or cert.issued_on is None:
            where = f"{person.path}.certificate" if cert is not None else person.path
            yield Issue("Q004", where, {"name": person.name or person.path})


@rule("Q005")
def certificate_dates(ctx: Context) -> Iterator[Issue]:
    """No certificate is issued after the application date, or after the as-of date when no
    application date is given.

    证书的发证日期不得晚于申请日期；未填写申请日期的，不得晚于核查日期。

    Passing::

        review: {applied_on: 2025-03-10}
        leader: {certificate: {issued_on: 2015-06-30}}

    Failing (warning)::

        review: {applied_on: 2025-03-10}
        leader: {certificate: {issued_on: 2025-06-30}}  # 晚于申请日期 | after the application date
    """
    review = ctx.dossier.review
    if review is not None and review.applied_on is not None:
        reference, term = review.applied_on, "application_date"
    else:
        reference, term = ctx.as_of, "as_of_date"
    for person in people(ctx.dossier):
        cert = person.certificate
        if cert is not None and cert.issued_on is not None and cert.issued_on > reference:
            yield Issue(
                "Q005",
                f"{person.path}.certificate.issued_on",
                {
                    "name": person.name or person.path,
                    "issued_on": cert.issued_on,
                    "reference": ctx.pack.localized(term),
                    "reference_date": reference,
                },
            )


RULES = (leader_level, enough_technicians, listed_twice, certificate_details, certificate_dates)

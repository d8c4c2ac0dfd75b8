"""The team's qualifications — clause 一 (and 四.3 for the certificates; 一.1 and
六.3 for the leader's own occupation and employer).

领办人及主要成员有3名均具备国家职业资格技师以上资质. The number (3) and the
level (技师) are parameters of the rules pack; "以上" includes the level itself. The
team is judged as it stood when the unit applied (a certificate issued later does
not count).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dashi_cli.checks.base import Context, Person, blank, people_in, rule
from dashi_cli.checks.training import related_occupation
from dashi_cli.findings import Issue, Sensitive
from dashi_cli.identifiers import normalise_id


def _qualified(ctx: Context, person: Person) -> bool:
    minimum = ctx.pack.level_rank(ctx.pack.parameters.min_qualified_level.value)
    rank = ctx.pack.level_rank(person.skill_level) if person.skill_level else None
    return rank is not None and minimum is not None and rank >= minimum


def _reference(ctx: Context) -> tuple[date, str]:
    """The date the team is judged at: the application date, else the as-of date."""
    review = ctx.dossier.review
    if review is not None and review.applied_on is not None:
        return review.applied_on, "application_date"
    return ctx.as_of, "as_of_date"


def _issued_late(ctx: Context, person: Person) -> bool:
    """The certificate was issued after the reference date (Q005)."""
    cert = person.certificate
    return cert is not None and cert.issued_on is not None and cert.issued_on > _reference(ctx)[0]


def _counted(ctx: Context, person: Person) -> bool:
    """Counted toward Q002: at the level, and holding it when the unit applied."""
    return _qualified(ctx, person) and not _issued_late(ctx, person)


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
    leader counts. The team is judged as it stood when the unit applied: a person whose
    certificate was issued after the application date (or after the as-of date when there
    is none) is not counted (Q005). A person whose level could not be read (a misspelt
    key, reported by Y002) might count: when counting them would reach the minimum, Q002
    says nothing and the Y002 is the one finding for that mistake.

    领办人及主要成员中，具备 `min_qualified_level`（技师）或以上等级的
    不同人员应不少于 `min_qualified_persons`（3）名。按身份证号区分不同人员
    （未填身份证号的按姓名），同一人列出两次只计一次；领办人本人计入。
    按申报时的情况判断：证书发证日期晚于申请日期（未填申请日期的，晚于核查日期）的人员不计入（Q005）。
    职业技能等级因字段名拼错等原因无法读取的人员（由 Y002 报告）可能符合条件：计入这些人员即可达到
    人数要求时，Q002 不再报告，该错误只由 Y002 报告一次。

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

    Failing::

        review: {applied_on: 2025-03-10}
        leader: {name: 张建华, skill_level: 高级技师}
        members:
          - {name: 刘洋, skill_level: 技师}
          - name: 陈明
            skill_level: 技师
            certificate: {issued_on: 2025-06-30}  # 申请后取证，不计入 | not counted: after applying
    """
    params = ctx.pack.parameters
    qualified: dict[str, str] = {}
    unread: set[str] = set()  # a level Y002 could not read (a misspelt key): it may count
    for person in people_in(ctx):
        if _counted(ctx, person):
            qualified.setdefault(_identity(person), person.name or person.path)
        elif ctx.invalid and ctx.rejected(f"{person.path}.skill_level"):
            unread.add(_identity(person))
    if len(qualified) + len(unread - set(qualified)) < params.min_qualified_persons.value:
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
    for person in people_in(ctx):
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
    above, gives the number and the issue date of their certificate. A person whose
    certificate was issued after the application date is not counted (Q005 says so).

    计入 Q002 人数、具备 `min_qualified_level`（技师）或以上等级的每名人员，
    均应填写证书编号和发证日期。发证日期晚于申请日期的人员不计入（由 Q005 提示）。

    Passing::

        members:
          - {name: 刘洋, skill_level: 技师,
             certificate: {kind: 职业技能等级证书, number: "Y0002", issued_on: 2019-12-20}}

    Failing (warning)::

        members:
          - {name: 刘洋, skill_level: 技师}
    """
    for person in people_in(ctx):
        if not _counted(ctx, person):
            continue
        cert = person.certificate
        if cert is None or blank(cert.number) or cert.issued_on is None:
            where = f"{person.path}.certificate" if cert is not None else person.path
            yield Issue("Q004", where, {"name": person.name or person.path})


@rule("Q005")
def certificate_dates(ctx: Context) -> Iterator[Issue]:
    """No certificate is issued after the application date, or after the as-of date when no
    application date is given. Such a person is not counted among the technicians (Q002),
    which judges the team as it stood when the unit applied.

    证书的发证日期不得晚于申请日期；未填写申请日期的，不得晚于核查日期。
    发证日期晚于上述日期的人员不计入技师以上人数（Q002 按申报时的情况判断）。

    Passing::

        review: {applied_on: 2025-03-10}
        leader: {certificate: {issued_on: 2015-06-30}}

    Failing (warning)::

        review: {applied_on: 2025-03-10}
        leader: {certificate: {issued_on: 2025-06-30}}  # 晚于申请日期 | after the application date
    """
    reference, term = _reference(ctx)
    for person in people_in(ctx):
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


@rule("Q006")
def leader_occupation(ctx: Context) -> Iterator[Issue]:
    """The leader's occupation is the same as or similar to the studio's (any of them, when
    it names several), judged as for trainees (T004): same name, same minor group (小类)
    of the occupation code, or one similarity group of the rules pack. The leader is to
    excel in the trade applied for (clause 一.1); when the occupations are unrelated the
    experts are asked to look, it is not a failure. Nothing is compared when either
    occupation is not given.

    领办人的职业应与工作室申报职业（列有多个的，其中任一）相同或相近，判断方法与学员相同（T004）：
    名称相同、职业分类大典小类相同或同属规则包所列同一相近职业组。第一条第1项要求领办人在申报的
    行业（领域）技能拔尖；不相近时提示专家核实，不作为不符合。任一方未填写职业的，不作比较。

    Passing::

        studio: {occupation: 电工}
        leader: {name: 李卫东, occupation: 维修电工}   # 同一相近职业组 | one similarity group

    Failing (warning)::

        studio: {occupation: 电工}
        leader: {name: 李卫东, occupation: 中式烹调师}
    """
    studio, leader = ctx.dossier.studio, ctx.dossier.leader
    if studio is None or leader is None or blank(leader.occupation):
        return
    if blank(studio.occupation) and blank(studio.occupation_code):
        return
    related = related_occupation(
        ctx, leader.occupation, None, studio.occupation, studio.occupation_code
    )
    if related is False:
        yield Issue(
            "Q006",
            "leader.occupation",
            {
                "name": leader.name or "leader",
                "occupation": leader.occupation,
                "studio": studio.occupation or studio.occupation_code,
            },
        )


_BRACKETS = str.maketrans("()（）【】[]", "（）（）（）（）")


def _unit_name(ctx: Context, name: str) -> str:
    """A unit's name for comparison: no white space, one kind of brackets, without the
    province and city before it (广东省, 韶关市) or the legal form after it (有限公司)."""
    text = "".join(name.split()).translate(_BRACKETS)
    for prefix in ctx.pack.jurisdiction.prefixes:
        text = text.removeprefix("".join(prefix.split()))
    for form in ctx.pack.legal_forms:
        if text.endswith(form) and len(text) > len(form):
            return text.removesuffix(form)
    return text


def _same_unit(ctx: Context, one: str, other: str) -> bool:
    """Names of one unit: equal once normalised, or one within the other (a short name,
    a branch, or the box 工作单位及职务 holding the post as well)."""
    first, second = _unit_name(ctx, one), _unit_name(ctx, other)
    if not first or not second:
        return True
    return first in second or second in first


@rule("Q007")
def leader_employer(ctx: Context) -> Iterator[Issue]:
    """For an enterprise carrier, the leader's employer is the applicant unit: the title
    ends when the leader leaves the applicant unit (clause 六.3), so the leader is expected
    to work there. Names are compared leniently: white space and full- or half-width brackets
    are ignored, as are the province and city before a name and the legal form after it,
    and two names are one unit when one contains the other (a short name or a branch).
    Nothing is compared when either name is not given, or for other carriers.

    载体为企业的，领办人的工作单位应为申报单位：第六条第3项规定领办人离开申报单位的不再保留称号，
    即领办人应在申报单位工作。名称宽松比较：不计空白和全角、半角括号，不计名称前的省、市和名称后的
    公司组织形式；一方包含另一方的（简称或分支机构），视为同一单位。任一方未填写的，或载体不是企业的，
    不作比较。

    Passing::

        applicant: {name: 韶关市示例精密机械有限公司, kind: enterprise}
        leader: {name: 张建华, employer: 示例精密机械}   # 简称 | a short name

    Failing (warning)::

        applicant: {name: 韶关市示例精密机械有限公司, kind: enterprise}
        leader: {name: 张建华, employer: 韶关市另一机电设备有限公司}
    """
    applicant, leader = ctx.dossier.applicant, ctx.dossier.leader
    if applicant is None or leader is None or blank(applicant.kind):
        return
    if blank(applicant.name) or blank(leader.employer):
        return
    assert applicant.kind is not None and applicant.name is not None
    assert leader.employer is not None
    if ctx.pack.carrier_family(applicant.kind) != "enterprise":
        return
    if not _same_unit(ctx, leader.employer, applicant.name):
        yield Issue(
            "Q007",
            "leader.employer",
            {
                "name": leader.name or "leader",
                "employer": leader.employer,
                "applicant": applicant.name,
            },
        )


RULES = (
    leader_level,
    enough_technicians,
    listed_twice,
    certificate_details,
    certificate_dates,
    leader_occupation,
    leader_employer,
)

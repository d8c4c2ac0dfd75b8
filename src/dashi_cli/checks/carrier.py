"""Carrier and jurisdiction — clause 一.

依托韶关市辖区内的企业、行业协会、技工（职业）院校和高技能公共实训基地为载体领办和创办。
The four carrier categories (with the words that place a specific kind in one, and
those that place it outside all four), the ten counties and districts, the city-level
units and the zones the city administers are lists of the rules pack.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, rule
from dashi_cli.findings import Issue


def _kind(ctx: Context) -> tuple[str, str | None] | None:
    """The carrier kind as written and its category (a key, "refused" or None); None
    when no kind is given (F001 reports that)."""
    applicant = ctx.dossier.applicant
    if applicant is None or applicant.kind is None or not applicant.kind.strip():
        return None
    return applicant.kind, ctx.pack.carrier_family(applicant.kind.strip())


def _allowed(ctx: Context) -> tuple[str, ...]:
    return tuple(kind.names[0] for kind in ctx.pack.carrier_kinds)


@rule("C001")
def carrier_kind(ctx: Context) -> Iterator[Issue]:
    """The applicant unit is not clearly outside the four carrier categories of clause 1
    (一): enterprises (企业), industry associations (行业协会), technical or vocational
    schools (技工（职业）院校) and public training bases for highly skilled workers
    (高技能公共实训基地). These are categories, not four fixed spellings: every specific
    kind of one belongs to it, whether written as the category's key, one of its names, or
    a name containing one of its words in the rules pack (a school of any level, such as
    a vocational college (职业技术学院) or a senior technical school (高级技工学校); an
    enterprise of any ownership or legal form, such as a state-owned enterprise (国有企业)
    or a joint-stock company (股份有限公司); any association; a public training base).
    Only a kind that is clearly none of the four, such as an organ of government (政府机关),
    a hospital (医院) or a person (个人), is an error; a kind that cannot be placed is
    left to the experts (C003).

    认定条件所列“企业、行业协会、技工（职业）院校和高技能公共实训基地”是四类载体，不是四种
    固定写法：各类的具体形式均属该类，可填写类别代码、类别名称，或含有规则包所列该类关键词
    的名称，如各级各类学校（职业技术学院、高级技工学校等）、各种所有制和组织形式的企业
    （国有企业、股份有限公司等）、各类协会和公共实训基地。只有明显不属于四类的（政府机关、
    医院、个人等）才不符合；无法归类的由专家认定（见 C003）。

    Passing::

        applicant: {kind: 职业技术学院}       # 技工（职业）院校 | a vocational school

    Passing::

        applicant: {kind: 国有企业}           # 企业 | an enterprise

    Failing::

        applicant: {kind: 县人民政府}         # 政府机关，不是载体 | an organ of government
    """
    found = _kind(ctx)
    if found is not None and found[1] == "refused":
        yield Issue("C001", "applicant.kind", {"value": found[0], "allowed": _allowed(ctx)})


@rule("C003")
def carrier_unplaced(ctx: Context) -> Iterator[Issue]:
    """The carrier kind can be placed in one of the four categories of clause 1 (一). A kind
    that neither names nor contains a word of any category, nor is clearly outside them,
    such as a public institution (事业单位) or a university whose name does not say it is
    vocational (韶关学院), may or may not be a carrier: a warning, for the experts to
    decide, never an error.

    载体类型应能归入认定条件所列四类载体之一。既不属于任何一类、也不明显在四类之外的写法
    （如“事业单位”，或名称中未表明是技工、职业院校的“韶关学院”），可能是也可能不是载体：
    给出警告，由专家认定，不作为错误。

    Passing::

        applicant: {kind: 高级技工学校}

    Failing (warning)::

        applicant: {kind: 事业单位}     # 请专家认定 | for the experts to place
    """
    found = _kind(ctx)
    if found is not None and found[1] is None:
        yield Issue("C003", "applicant.kind", {"value": found[0], "allowed": _allowed(ctx)})


@rule("C002")
def jurisdiction(ctx: Context) -> Iterator[Issue]:
    """The applicant unit lies within Shaoguan (韶关市辖区内): its county or district is
    one of the city's ten counties, county-level cities and districts (县（市、区）), written
    in full, by its short name, or with the province and city before it; or it is a
    city-level unit (市直, 市本级, or the city itself: 韶关市), a zone the city administers
    (韶关高新区…), or any place named after the city (韶关…). The lists are the rules
    pack's.

    申报单位应位于韶关市辖区内：所在县（市、区）为韶关市所辖十个县（市、区）之一，可填写
    全称、简称（如“乳源”），也可冠以省、市名称（如“韶关市浈江区”）；市直单位（市直、
    市本级，或填写“韶关市”）、市管辖的园区（如韶关高新区）以及以“韶关”命名的地点，均属
    辖区内。上述名单由规则包规定。

    Passing::

        applicant: {district: 浈江区}        # 也可写 韶关市浈江区 | or with the city (韶关市浈江区)

    Passing::

        applicant: {district: 市直}          # 市直单位 | a city-level unit

    Passing::

        applicant: {district: 韶关高新区}    # 市管辖的园区 | a zone the city administers

    Failing::

        applicant: {district: 清城区}        # 清远市 | in Qingyuan
    """
    applicant = ctx.dossier.applicant
    if applicant is None or applicant.district is None or not applicant.district.strip():
        return
    if ctx.pack.district(applicant.district) is None:
        allowed = tuple(d.name for d in ctx.pack.jurisdiction.districts)
        yield Issue("C002", "applicant.district", {"value": applicant.district, "allowed": allowed})


RULES = (carrier_kind, carrier_unplaced, jurisdiction)

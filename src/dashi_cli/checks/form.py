"""The application form's fields — 附件《韶关市技能大师工作室申请表》.

Which fields must be filled in is a list of the rules pack (with its
interpretation: 传真 and 技术能手称号 may stay empty). Identifier formats
are checked by :mod:`dashi_cli.identifiers`; messages never show an ID,
phone or account number unmasked (reporters mask :class:`Sensitive` values).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from dashi_cli.checks.base import Context, blank, people_in, rule, value_at
from dashi_cli.findings import Issue, Localized, Sensitive
from dashi_cli.identifiers import (
    IdVerdict,
    bank_account_ok,
    check_credit_code,
    check_id_number,
    is_email,
    is_mobile,
    is_phone,
    postal_problem,
)
from dashi_cli.model.dossier import YearMonth

_Verdicts = tuple[tuple[str, str | None, str | None, IdVerdict], ...]


def _id_verdicts(ctx: Context) -> _Verdicts:
    """Each person's ID-number verdict; F002, F003 and F004 all read them, made once."""
    return ctx.once("id_verdicts", lambda: _make_id_verdicts(ctx))


def _make_id_verdicts(ctx: Context) -> _Verdicts:
    provinces = frozenset(ctx.pack.id_number_provinces)
    known: dict[str, IdVerdict] = {}  # a number listed many times is checked once
    found = []
    for person in people_in(ctx):
        if person.id_number is None or blank(person.id_number):
            continue
        verdict = known.get(person.id_number)
        if verdict is None:
            verdict = check_id_number(person.id_number, provinces, latest=ctx.as_of)
            known[person.id_number] = verdict
        found.append((person.path, person.name, person.gender, verdict))
    return tuple(found)


@lru_cache(maxsize=256)
def _alternatives(path: str) -> tuple[str, ...]:
    return tuple(path.split("|"))


@rule("F001")
def required_fields(ctx: Context) -> Iterator[Issue]:
    """Every required box of the application form is filled in; one finding lists all the
    missing ones. The list is the rules pack's: every box of the form except fax (传真) and
    the technical expert title (获何种技术能手称号), plus the carrier kind, the district and
    the yearly training target, which are not on the form but clauses 1 (一) and 2.3 (二.3)
    are judged on them. Only boxes the form has are required: employer and position
    (工作单位及职务) is one box, filled when either is given, so a leader without a post
    title is fine; the industry is not a box of the form (a missing one is I002). A field
    Y002 has already rejected is not reported again.

    申请表各必填栏目均应填写；所有未填写的栏目在一条结果中列出。必填项清单由规则包规定：
    除“传真”和“获何种技术能手称号”可空外，申请表各栏均须填写；载体类型、所在县（市、区）
    和年度培养目标虽不在表上，但第一条和第二条第3项据此判断，也须填写。只要求申请表上有的
    栏目：“工作单位及职务”是一栏，填写工作单位或职务之一即可，领办人没有职务的不算漏填；
    行业不是申请表的栏目，未填写的见 I002。已由 Y002 报告的字段不再重复报告。

    Passing::

        leader: {employer: 韶关市示例技工学校}     # 未填职务也可 | no post title is fine

    Failing::

        applicant: {nature: 民营企业}          # 缺少申报单位名称 | unit name (申报单位名称) missing
    """
    missing: list[tuple[Localized, tuple[str, ...]]] = []
    dossier = ctx.dossier
    for required in ctx.pack.required_fields.fields:
        paths = _alternatives(required.path)  # "a|b": one box, filled when either is
        if ctx.invalid and any(ctx.rejected(path) for path in paths):
            continue
        if len(paths) == 1:
            empty = blank(value_at(dossier, paths[0]))
        else:
            empty = all(blank(value_at(dossier, path)) for path in paths)
        if empty:
            item = Localized(
                zh=f"{required.zh}（{'、'.join(paths)}）",
                en=f"{required.en} ({', '.join(paths)})",
            )
            missing.append((item, paths))
    # a box an officer's waiver of F001 names is a finding of its own, which the waiver
    # then accepts; the rest stay listed together
    waived = _waived_boxes(ctx) if dossier.waivers else ()
    rest: list[Localized] = []
    for item, paths in missing:
        box = next((p for p in paths if any(_inside(p, w) for w in waived)), None)
        if box is None:
            rest.append(item)
        else:
            yield Issue("F001", box, {"count": 1, "fields": (item,)})
    if rest:
        yield Issue("F001", None, {"count": len(rest), "fields": tuple(rest)})


def _waived_boxes(ctx: Context) -> tuple[str, ...]:
    from dashi_cli.checks.waivers import standing

    return tuple(w.field for w in standing(ctx) if w.code == "F001" and w.field)


def _inside(path: str, outer: str) -> bool:
    return path == outer or path.startswith((outer + ".", outer + "["))


@rule("F002")
def id_numbers(ctx: Context) -> Iterator[Issue]:
    """The ID numbers of the leader and the members are valid (GB 11643): 18 characters, the
    first 17 digits and the last a digit or X, an existing province code, a real birth date
    (not before 1900 nor after the as-of date), and the right check character. Of the region
    code only the province is checked: the code is the one in force when the number was
    issued, so it is not checked against the birth year.

    领办人和工作室成员的身份证号应有效（GB 11643）：共 18 位，前 17 位为数字，末位为数字
    或 X；省级代码存在；出生日期真实（不早于 1900 年，不晚于核查日期）；校验码正确。行政
    区划代码只检查省级部分：该代码为发证时施行的代码，故不与出生年份对照。

    Passing::

        # 浈江区代码，1978 年出生：有效 | Zhenjiang District (浈江区) code, born 1978: valid
        leader: {id_number: "440204197805121310"}

    Failing::

        leader: {id_number: "440204197805121311"}     # 校验码错误 | wrong check character
    """
    for path, _name, _gender, verdict in _id_verdicts(ctx):
        if verdict.problem is not None:
            params = {
                "id_number": Sensitive("id_number", verdict.number),
                "province": verdict.number[:2],
            }
            yield Issue("F002", f"{path}.id_number", params, verdict.problem)


@rule("F003")
def birth_matches_id(ctx: Context) -> Iterator[Issue]:
    """The leader's birth month (`leader.birth`) agrees with the birth date in the ID number,
    compared by year and month.

    领办人的出生年月（`leader.birth`）应与身份证号中的出生日期一致，按年、月比较。

    Passing::

        leader: {birth: 1978-05, id_number: "440204197805121310"}

    Failing::

        leader: {birth: 1979-05, id_number: "440204197805121310"}
    """
    leader = ctx.dossier.leader
    if leader is None or leader.birth is None:
        return
    for path, _name, _gender, verdict in _id_verdicts(ctx):
        if path == "leader" and verdict.birth is not None:
            from_id = YearMonth(verdict.birth.year, verdict.birth.month)
            if from_id != leader.birth:
                yield Issue(
                    "F003", "leader.birth", {"birth": str(leader.birth), "id_birth": str(from_id)}
                )


@rule("F004")
def gender_matches_id(ctx: Context) -> Iterator[Issue]:
    """The gender of the leader and of each member agrees with the ID number: an odd 17th
    digit means male (男), an even one female (女).

    领办人和工作室成员的性别应与身份证号一致：第 17 位为奇数的为男性，为偶数的为女性。

    Passing::

        members: [{name: 刘洋, gender: 女, id_number: "440203198509232524"}]

    Failing::

        members: [{name: 刘洋, gender: 男, id_number: "440203198509232524"}]
    """
    by_id = ctx.pack.vocabularies.id_gender
    for path, name, gender, verdict in _id_verdicts(ctx):
        if verdict.male is None or gender is None:
            continue
        expected = by_id.odd if verdict.male else by_id.even
        if gender != expected:
            params = {"name": name or path, "gender": gender, "id_gender": expected}
            yield Issue("F004", f"{path}.gender", params)


_PHONES = (
    ("applicant.head.office_phone", "phone"),
    ("applicant.contact.office_phone", "phone"),
    ("applicant.contact.mobile", "mobile"),
    ("applicant.contact.fax", "phone"),
    ("leader.phone", "phone"),
)


@rule("F005")
def phone_numbers(ctx: Context) -> Iterator[Issue]:
    """Phone, mobile and fax numbers are well formed. The office phones of the unit's head and
    contact person, the fax and the leader's phone are landlines (area code optional,
    extension allowed) or mobile numbers; the contact person's mobile has 11 digits and
    starts with 1.

    电话、手机、传真号码格式应正确。负责人和联系人的办公电话、传真及领办人联系电话应为
    固定电话（区号可省略，可带分机号）或手机号码；联系人手机应为以 1 开头的 11 位号码。

    Passing::

        contact: {office_phone: 0751-8123457, mobile: "13800138000"}

    Failing (warning)::

        contact: {mobile: "1380013800"}
    """
    for path, kind in _PHONES:
        value = value_at(ctx.dossier, path)
        if blank(value):
            continue
        ok = is_mobile(value) if kind == "mobile" else is_phone(value)
        if not ok:
            yield Issue("F005", path, {"value": Sensitive("phone", value)}, kind)


@rule("F006")
def postal_code(ctx: Context) -> Iterator[Issue]:
    """The postal code has six digits and starts with one of `jurisdiction.postal_prefixes`:
    512, or 5111 for Xinfeng County (新丰县).

    邮政编码应为 6 位数字，并以 `jurisdiction.postal_prefixes` 之一开头：韶关市一般为 512，
    新丰县为 5111。

    Passing::

        applicant: {postal_code: "512000"}

    Failing (warning)::

        applicant: {postal_code: "510000"}       # 广州 | Guangzhou
    """
    value = value_at(ctx.dossier, "applicant.postal_code")
    if blank(value):
        return
    prefixes = ctx.pack.jurisdiction.postal_prefixes
    problem = postal_problem(value, prefixes)
    if problem:
        params = {"value": value, "prefixes": prefixes}
        yield Issue("F006", "applicant.postal_code", params, problem)


@rule("F007")
def email(ctx: Context) -> Iterator[Issue]:
    """The e-mail address is well formed.

    电子邮箱地址格式应正确。

    Passing::

        contact: {email: hr@example.cn}

    Failing (warning)::

        contact: {email: hr@example}
    """
    value = value_at(ctx.dossier, "applicant.contact.email")
    if not blank(value) and not is_email(value):
        yield Issue("F007", "applicant.contact.email", {"value": value})


@rule("F008")
def work_start(ctx: Context) -> Iterator[Issue]:
    """The leader started work (`leader.work_start`) at `min_work_start_age` (16) or older, and
    not after the as-of date; both are compared by month.

    领办人参加工作时间（`leader.work_start`）应不早于年满 `min_work_start_age`（16）周岁的
    当月，且不晚于核查日期所在月份；均按月比较。

    Passing::

        leader: {birth: 1978-05, work_start: 1997-07}

    Failing (warning)::

        leader: {birth: 1978-05, work_start: 1990-07}
    """
    leader = ctx.dossier.leader
    if leader is None or leader.work_start is None:
        return
    start = leader.work_start
    if leader.birth is not None:
        age = ctx.pack.parameters.min_work_start_age.value
        if start < YearMonth(leader.birth.year + age, leader.birth.month):
            params = {"work_start": str(start), "birth": str(leader.birth), "age": age}
            yield Issue("F008", "leader.work_start", params, "too_young")
    if start > YearMonth(ctx.as_of.year, ctx.as_of.month):
        params = {"work_start": str(start), "as_of": ctx.as_of}
        yield Issue("F008", "leader.work_start", params, "future")


@rule("F009")
def bank_account(ctx: Context) -> Iterator[Issue]:
    """The bank account has `bank_account_digits` (8 to 30) digits; spaces and dashes are
    allowed.

    银行账号去掉空格和连字符后，应为 `bank_account_digits`（8 至 30）位数字。

    Passing::

        bank: {account: "6222020000000000000"}

    Failing (warning)::

        bank: {account: "6222-ABC"}
    """
    value = value_at(ctx.dossier, "applicant.bank.account")
    low, high = ctx.pack.parameters.bank_account_digits.value
    if not blank(value) and not bank_account_ok(value, low, high):
        params = {"value": Sensitive("bank_account", value), "min_digits": low, "max_digits": high}
        yield Issue("F009", "applicant.bank.account", params)


@rule("F010")
def credit_code(ctx: Context) -> Iterator[Issue]:
    """The unified social credit code (统一社会信用代码) is optional; if given, it is well formed
    (18 characters without I, O, Z, S, V; characters 3 to 8 a region code) and has the right
    check character (GB 32100-2015).

    统一社会信用代码可不填写；填写的，格式应正确（共 18 位，不含 I、O、Z、S、V，第 3 至 8 位
    为行政区划代码），且校验码正确（GB 32100-2015）。

    Passing::

        applicant: {credit_code: "91440200MA4W00000D"}

    Failing::

        applicant: {credit_code: "91440200MA4W00000E"}
    """
    value = value_at(ctx.dossier, "applicant.credit_code")
    if blank(value):
        return
    problem = check_credit_code(value)
    if problem:
        yield Issue("F010", "applicant.credit_code", {"value": value}, problem)


RULES = (
    required_fields,
    id_numbers,
    birth_matches_id,
    gender_matches_id,
    phone_numbers,
    postal_code,
    email,
    work_start,
    bank_account,
    credit_code,
)

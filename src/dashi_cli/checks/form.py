"""The application form's fields — 附件《韶关市技能大师工作室申请表》.

Which fields must be filled in is a list of the rules pack (with its
interpretation: 传真 and 技术能手称号 may stay empty). Identifier formats
are checked by :mod:`dashi_cli.identifiers`; messages never show an ID,
phone or account number unmasked (reporters mask :class:`Sensitive` values).
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, blank, people, rule, value_at
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


def _id_verdicts(ctx: Context) -> Iterator[tuple[str, str | None, str | None, IdVerdict]]:
    provinces = frozenset(ctx.pack.id_number_provinces)
    for person in people(ctx.dossier):
        if not blank(person.id_number):
            assert person.id_number is not None
            verdict = check_id_number(person.id_number, provinces, latest=ctx.as_of)
            yield person.path, person.name, person.gender, verdict


@rule("F001")
def required_fields(ctx: Context) -> Iterator[Issue]:
    """Every required field of the form is filled in; one finding lists all missing ones.

    Passing::

        applicant: {name: 韶关市示例精密机械有限公司, nature: 民营企业, …}

    Failing::

        applicant: {nature: 民营企业}          # 申报单位名称 missing
    """
    missing: list[Localized] = []
    for required in ctx.pack.required_fields.fields:
        if ctx.rejected(required.path):
            continue
        if blank(value_at(ctx.dossier, required.path)):
            missing.append(
                Localized(
                    zh=f"{required.zh}（{required.path}）", en=f"{required.en} ({required.path})"
                )
            )
    if missing:
        yield Issue("F001", None, {"count": len(missing), "fields": tuple(missing)})


@rule("F002")
def id_numbers(ctx: Context) -> Iterator[Issue]:
    """ID numbers are valid: 18 characters, province, birth date, check character (GB 11643).
    The region code is the one in force at issuance, so it is not checked against the birth year.

    Passing::

        leader: {id_number: "440204197805121310"}     # 浈江区 code, born 1978: valid

    Failing::

        leader: {id_number: "440204197805121311"}     # wrong check character
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
    """The leader's birth month agrees with the ID number.

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
    """A gender agrees with the ID number (17th digit odd = 男, even = 女).

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
    """Phone, mobile and fax numbers are well formed.

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
    """The postal code has six digits and starts with one of `jurisdiction.postal_prefixes`.

    Passing::

        applicant: {postal_code: "512000"}

    Failing (warning)::

        applicant: {postal_code: "510000"}       # Guangzhou
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
    """The leader started work at `min_work_start_age` (16) or older, and not after the
    as-of date.

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
    """The bank account has `bank_account_digits` (8 to 30) digits; spaces and dashes
    are allowed.

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
    """The unified social credit code (optional) is well formed with the right check character.

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

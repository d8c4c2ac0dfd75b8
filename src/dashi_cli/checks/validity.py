"""Validity of the certification and of the policy — clauses 六.3 and 七.

六.3 市级技能大师工作室认定有效期为5年，期满后可以申请延续。工作室领办人不再从事技能、
技术岗位的，或离开申报单位的，不再保留技能大师工作室称号。
七 自颁布之日起实施，有效期 5 年。
Periods follow the pack's `validity_convention` (Civil Code arts. 201–202 by default).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dashi_cli.checks.base import Context, rule
from dashi_cli.dates import period_start, valid_through
from dashi_cli.findings import Issue


def _validity(ctx: Context) -> tuple[str, date] | None:
    """(field, valid-through date) of the period in force on the as-of date."""
    review = ctx.dossier.review
    if review is None or review.certified_on is None:
        return None
    renewals = [r.approved_on for r in review.renewals or [] if r.approved_on is not None]
    start = period_start(review.certified_on, renewals, ctx.as_of)
    field = "review.certified_on"
    for index, renewal in enumerate(review.renewals or []):
        if renewal.approved_on == start and start != review.certified_on:
            field = f"review.renewals[{index}].approved_on"
    params = ctx.pack.parameters
    end = valid_through(
        start, params.certification_valid_years.value, params.validity_convention.value
    )
    return field, end


@rule("V001")
def not_expired(ctx: Context) -> Iterator[Issue]:
    """The certification has not expired on the as-of date. It is valid for
    `certification_valid_years` (5) years, counted by `validity_convention`, from the
    certification date or, if a renewal was approved by the as-of date, from the latest
    such approval (a renewal starts a new period).

    核查日期时，认定应仍在有效期内。认定有效期为 `certification_valid_years`（5）年，
    按 `validity_convention` 计算，自认定之日起算；核查日期前已批准延续的，自最近一次延续
    批准之日起重新计算。

    Passing (as of 2027-04-27)::

        review: {certified_on: 2022-04-27}     # 有效期至 2027-04-27 | valid through 2027-04-27

    Failing (as of 2027-04-28)::

        review: {certified_on: 2022-04-27}
    """
    found = _validity(ctx)
    if found is None:
        return
    field, end = found
    if ctx.as_of > end:
        days = (ctx.as_of - end).days
        yield Issue("V001", field, {"valid_through": end, "as_of": ctx.as_of, "days": days})


@rule("V002")
def expiring_soon(ctx: Context) -> Iterator[Issue]:
    """The certification does not expire within `expiry_warning_days` (180) days of the as-of
    date (that day included), so that renewal is applied for in time. An expired
    certification is left to V001.

    认定有效期不应在核查日期起 `expiry_warning_days`（180）天内（含当日）届满；即将届满的
    予以提示，以便及时申请延续。已过期的由 V001 报告。

    Passing (as of 2026-01-01)::

        review: {certified_on: 2022-04-27}          # 剩余 481 天 | 481 days left

    Failing (warning, as of 2027-04-27)::

        review: {certified_on: 2022-04-27}          # 剩余 0 天 | 0 days left
    """
    found = _validity(ctx)
    if found is None:
        return
    field, end = found
    days = (end - ctx.as_of).days
    if 0 <= days <= ctx.pack.parameters.expiry_warning_days.value:
        yield Issue("V002", field, {"valid_through": end, "days": days})


@rule("V003")
def title_retained(ctx: Context) -> Iterator[Issue]:
    """The leader is still with the applicant unit and in a skill or technical post; otherwise
    the studio no longer keeps its title, as clause 6.3 (六.3) provides. Reported when
    `leader.left_unit_on` is on or before the as-of date, or `leader.in_skill_post` is
    false; a value not given is not reported.

    领办人应仍在申报单位工作，且仍从事技能、技术岗位；否则不再保留技能大师工作室称号
    （第六条第3项）。离开申报单位日期（`leader.left_unit_on`）不晚于核查日期的，或是否
    仍从事技能、技术岗位（`leader.in_skill_post`）为 `false` 的，报告此项；未填写的不报告。

    Passing::

        leader: {in_skill_post: true, left_unit_on: null}

    Failing::

        leader: {left_unit_on: 2026-03-01}
    """
    leader = ctx.dossier.leader
    if leader is None:
        return
    if leader.left_unit_on is not None and leader.left_unit_on <= ctx.as_of:
        yield Issue("V003", "leader.left_unit_on", {"reason": ctx.pack.localized("left_unit")})
    if leader.in_skill_post is False:
        yield Issue(
            "V003", "leader.in_skill_post", {"reason": ctx.pack.localized("left_skill_post")}
        )


@rule("V004")
def policy_in_force(ctx: Context) -> Iterator[Issue]:
    """The as-of date lies within the policy's own validity: 5 years from its issue on
    2022-04-27, as clause 7 (七) provides, counted by `validity_convention`.

    核查日期应在政策本身的有效期内：政策自 2022-04-27 颁布之日起实施，有效期 5 年
    （第七条），按 `validity_convention` 计算。

    Passing (as of 2026-11-26)::

        # 任意材料 | any dossier

    Failing (warning, as of 2027-04-28)::

        # 任意材料；政策有效期至 2027-04-27 | any dossier: the policy was valid through 2027-04-27
    """
    start, end = _plan_validity(ctx)
    if not start <= ctx.as_of <= end:
        yield Issue(
            "V004",
            None,
            {"as_of": ctx.as_of, "document": ctx.pack.document.number, "start": start, "end": end},
        )


@rule("V005")
def certified_under_plan(ctx: Context) -> Iterator[Issue]:
    """The certification date lies within the plan's own validity: from its issue on
    2022-04-27 for 5 years, as clause 7 (七) provides, counted by `validity_convention` as
    for V004. A studio certified before the plan was issued, or after it ceased, was not
    certified under this plan. V004 judges the as-of date, this rule the certification
    date; a renewal is not judged here.

    认定日期应在本方案本身的有效期内：自 2022-04-27 颁布之日起 5 年（第七条），按
    `validity_convention` 计算，与 V004 相同。认定日期早于方案颁布日或晚于方案失效日的，
    不是依本方案作出的认定。V004 判断核查日期，本项判断认定日期；延续不在此判断。

    Passing::

        review: {certified_on: 2025-05-20}

    Failing (warning)::

        # 方案颁布前认定 | certified before the plan was issued
        review: {certified_on: 2021-06-01}
    """
    review = ctx.dossier.review
    if review is None or review.certified_on is None:
        return
    start, end = _plan_validity(ctx)
    if not start <= review.certified_on <= end:
        yield Issue(
            "V005",
            "review.certified_on",
            {
                "certified_on": review.certified_on,
                "document": ctx.pack.document.number,
                "start": start,
                "end": end,
            },
        )


def _plan_validity(ctx: Context) -> tuple[date, date]:
    """The first and last day of the plan's own validity (七)."""
    doc = ctx.pack.document
    convention = ctx.pack.parameters.validity_convention.value
    return doc.issued_on, valid_through(doc.issued_on, doc.valid_years, convention)


RULES = (not_expired, expiring_soon, title_retained, policy_in_force, certified_under_plan)

"""The review procedure — clause 三.

由项目负责人申请，经所在单位推荐……经组织有关专家……考察，专业评审和答辩……
并通过市人力资源社会保障网向社会公示5个工作日，经公示无异议后……授予铭牌。
Working days follow China's official calendar, 调休 included
(:mod:`dashi_cli.dates`); the number of days is the pack's `notice_working_days`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dashi_cli.checks.base import Context, rule
from dashi_cli.dates import count_working_days, notice_end
from dashi_cli.findings import Issue

_ORDER = (
    "applied_on",
    "recommended_on",
    "expert_review_on",
    "notice_start",
    "notice_end",
    "certified_on",
)


def _required_end(ctx: Context, start: date) -> date:
    days = ctx.pack.parameters.notice_working_days.value
    return notice_end(ctx.calendar, start, days, ctx.weekend_names).end


@rule("P001")
def dates_in_order(ctx: Context) -> Iterator[Issue]:
    """Review dates are in order: applied ≤ recommended ≤ expert review ≤ notice start
    ≤ notice end < certified. Dates not given are skipped.

    Passing::

        review: {applied_on: 2025-03-10, notice_start: 2025-05-06, notice_end: 2025-05-12,
                 certified_on: 2025-05-20}

    Failing::

        review: {notice_start: 2025-05-06, notice_end: 2025-05-12, certified_on: 2025-05-12}
    """
    review = ctx.dossier.review
    if review is None:
        return
    previous: tuple[str, date] | None = None
    for name in _ORDER:
        day = getattr(review, name)
        if day is None:
            continue
        if previous is not None:
            earlier, earlier_day = previous
            strict = name == "certified_on"
            if day < earlier_day or (strict and day == earlier_day):
                yield Issue(
                    "P001",
                    f"review.{name}",
                    {
                        "later": ctx.pack.localized(name),
                        "later_date": day,
                        "earlier": ctx.pack.localized(earlier),
                        "earlier_date": earlier_day,
                    },
                    "same_day" if day == earlier_day else "default",
                )
        previous = (name, day)


@rule("P002")
def notice_long_enough(ctx: Context) -> Iterator[Issue]:
    """The public notice ran at least `notice_working_days` (5) working days.

    Passing::

        review: {notice_start: 2025-05-06, notice_end: 2025-05-12}   # Tue … next Mon: 5

    Failing::

        review: {notice_start: 2025-05-06, notice_end: 2025-05-09}   # Tue … Fri: 4
    """
    review = ctx.dossier.review
    if review is None or review.notice_start is None or review.notice_end is None:
        return
    start, end = review.notice_start, review.notice_end
    if end < start:
        return  # P001 reports it
    minimum = ctx.pack.parameters.notice_working_days.value
    count = count_working_days(ctx.calendar, start, end)
    if count < minimum:
        yield Issue(
            "P002",
            "review.notice_end",
            {
                "start": start,
                "end": end,
                "count": count,
                "minimum": minimum,
                "required_end": _required_end(ctx, start),
            },
        )


@rule("P003")
def certified_after_notice(ctx: Context) -> Iterator[Issue]:
    """Certification comes after the notice's last working day.

    Passing::

        review: {notice_start: 2025-05-06, certified_on: 2025-05-13}

    Failing::

        review: {notice_start: 2025-05-06, certified_on: 2025-05-12}   # the notice's last day
    """
    review = ctx.dossier.review
    if review is None or review.notice_start is None or review.certified_on is None:
        return
    required = _required_end(ctx, review.notice_start)
    if review.certified_on <= required:
        yield Issue(
            "P003",
            "review.certified_on",
            {
                "certified_on": review.certified_on,
                "required_end": required,
                "start": review.notice_start,
                "minimum": ctx.pack.parameters.notice_working_days.value,
            },
        )


@rule("P004")
def objections_resolved(ctx: Context) -> Iterator[Issue]:
    """Every objection received during the notice is resolved. An objection without a
    date is taken as received during the notice (it cannot be shown to fall outside).

    Passing::

        review:
          notice_start: 2025-05-06
          notice_end: 2025-05-12
          objections: [{received_on: 2025-05-08, summary: 对业绩有疑问, resolved: true}]

    Failing::

        review:
          notice_start: 2025-05-06
          notice_end: 2025-05-12
          objections: [{received_on: 2025-05-08, summary: 对业绩有疑问, resolved: false}]
    """
    review = ctx.dossier.review
    if review is None:
        return
    start = review.notice_start
    last = review.notice_end or (_required_end(ctx, start) if start else None)
    for index, objection in enumerate(review.objections or []):
        received = objection.received_on
        dated = received is not None and start is not None and last is not None
        if dated and not start <= received <= last:  # type: ignore[operator]
            continue
        if objection.resolved is not True:
            yield Issue(
                "P004",
                f"review.objections[{index}]",
                {
                    "received_on": received or ctx.pack.localized("not_given"),
                    "summary": objection.summary or "—",
                },
            )


RULES = (dates_in_order, notice_long_enough, certified_after_notice, objections_resolved)

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

# The steps of clause 三 that a recorded certification presupposes (P005): the unit's
# recommendation, the experts' review, the public notice. The application is the
# applicant's own act, not one of them.
_STEPS = ("recommended_on", "expert_review_on", "notice_start", "notice_end")


def _required_end(ctx: Context, start: date) -> date:
    days = ctx.pack.parameters.notice_working_days.value
    return notice_end(ctx.calendar, start, days, ctx.weekend_names).end


@rule("P001")
def dates_in_order(ctx: Context) -> Iterator[Issue]:
    """Review dates are in order: applied ≤ recommended ≤ expert review ≤ notice start
    ≤ notice end < certified. Each date given is compared with the nearest earlier date
    given, and certification must come strictly after it (the same day is too early);
    dates not given are skipped.

    评审程序各日期应依次为：申请 ≤ 单位推荐 ≤ 专家评审 ≤ 公示开始 ≤ 公示结束 < 授牌认定。
    每个已填写的日期与其前面最近一个已填写的日期比较，授牌认定日期须晚于该日期（同一天
    亦属过早）；未填写的日期跳过。

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
    """The public notice ran at least `notice_working_days` (5) working days, its first and
    last days included. Working days follow the State Council's yearly holiday schedule,
    working weekend days (调休) included. A notice that ends before it starts is left to P001.

    公示期应不少于 `notice_working_days`（5）个工作日，公示开始日和结束日均计入。工作日按
    国务院每年公布的节假日安排计算（含调休上班日）。公示结束日期早于开始日期的，由 P001 报告。

    Passing::

        # 周二至下周一：5 个工作日 | Tue … next Mon: 5 working days
        review: {notice_start: 2025-05-06, notice_end: 2025-05-12}

    Failing::

        # 周二至周五：4 个工作日 | Tue … Fri: 4 working days
        review: {notice_start: 2025-05-06, notice_end: 2025-05-09}
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
    """Certification comes after the notice period has ended. The period ends on the last of
    `notice_working_days` (5) working days counted from the notice start, whatever notice
    end is given; certifying on that day is too early.

    授牌认定应在公示期满之后。公示期满日为自公示开始日起算的第 `notice_working_days`（5）个
    工作日，与填写的公示结束日期无关；在期满当日授牌亦属过早。

    Passing::

        review: {notice_start: 2025-05-06, certified_on: 2025-05-13}

    Failing::

        # 在公示期满当日授牌 | certified on the notice's last working day
        review: {notice_start: 2025-05-06, certified_on: 2025-05-12}
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
    """Every objection received during the notice is resolved (`resolved: true`; not given
    counts as unresolved). The notice runs from its start to its end or, with no end given,
    to the last of its `notice_working_days` working days. An objection without a date, or
    with no notice start given, is taken as received during the notice (it cannot be shown
    to fall outside); an objection dated outside the notice is not checked.

    公示期间收到的异议均应处理完毕（`resolved: true`；未填写的视为未处理）。公示期间为公示
    开始日至公示结束日；未填写结束日期的，至自开始日起算的第 `notice_working_days` 个工作日。
    未注明收到日期的异议，或未填写公示开始日期的，均视为公示期间收到（无法证明其在公示期
    外）；收到日期在公示期外的异议不予检查。

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


@rule("P005")
def steps_recorded(ctx: Context) -> Iterator[Issue]:
    """A recorded certification has every step of clause 3 (三) before it recorded too:
    the unit's recommendation (`recommended_on`), the experts' visit, review and defence
    (`expert_review_on`), and the public notice, its start and its end (`notice_start`,
    `notice_end`). One finding lists every step not recorded. The steps' order is checked
    by P001 and the notice's length by P002. The application date (`applied_on`) is the
    applicant's own act, not a step of the review, and is not required here. A step whose
    date Y002 rejected is not reported again; a dossier with no certification date is not
    checked.

    已记录授牌认定日期（`certified_on`）的，第三条规定的此前各步骤均须有记录：所在单位
    推荐（`recommended_on`）、专家考察评审答辩（`expert_review_on`）、公示开始和公示结束
    （`notice_start`、`notice_end`）。缺少的步骤在一条结果中全部列出。各步骤的先后顺序由
    P001 检查，公示天数由 P002 检查。申请日期（`applied_on`）是申请人自己的行为，不属于
    评审步骤，此处不要求。日期已被 Y002 拒绝的步骤不再重复报告；未记录认定日期的不检查。

    Passing::

        review: {recommended_on: 2025-03-20, expert_review_on: 2025-04-15,
                 notice_start: 2025-05-06, notice_end: 2025-05-12, certified_on: 2025-05-20}

    Failing::

        # 只记录了申请和认定日期 | only the application and the certification are recorded
        review: {applied_on: 2025-03-10, certified_on: 2025-05-20}
    """
    review = ctx.dossier.review
    if review is None or review.certified_on is None:
        return
    missing = tuple(
        ctx.pack.localized(name)
        for name in _STEPS
        if getattr(review, name) is None and not ctx.follows_from_rejected(f"review.{name}")
    )
    if missing:
        yield Issue(
            "P005",
            "review.certified_on",
            {"certified_on": review.certified_on, "missing": missing},
        )


RULES = (
    dates_in_order,
    notice_long_enough,
    certified_after_notice,
    objections_resolved,
    steps_recorded,
)

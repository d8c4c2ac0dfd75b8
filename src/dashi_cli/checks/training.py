"""Training of advanced workers and yearly results — clauses 二.3 and 二.4.

二.3 市级技能大师工作室年度培养与申报专业相同或相近的高级工以上技能人才不低于4人。
二.4 每年形成有价值的成果。
Counting follows the rules pack: the minimum number and level, and what makes
two occupations "the same or similar" (code, 小类 prefix, similarity groups).
"""

from __future__ import annotations

from collections.abc import Iterator

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue, ParamValue
from dashi_cli.model.dossier import Trainee


def similar_occupation(ctx: Context, trainee: Trainee) -> bool | None:
    """True/False when it can be judged; None when the studio's occupation is unknown."""
    studio = ctx.dossier.studio
    if studio is None or (blank(studio.occupation) and blank(studio.occupation_code)):
        return None
    name, code = (trainee.occupation or "").strip(), (trainee.occupation_code or "").strip()
    s_name, s_code = (studio.occupation or "").strip(), (studio.occupation_code or "").strip()
    if (name and name == s_name) or (code and code == s_code):
        return True
    segments = ctx.pack.parameters.occupation_code_prefix_segments.value
    if code and s_code and code.split("-")[:segments] == s_code.split("-")[:segments]:
        return True
    return any(name in group and s_name in group for group in ctx.pack.occupation_groups)


def _level_ok(ctx: Context, trainee: Trainee) -> bool:
    minimum = ctx.pack.level_rank(ctx.pack.parameters.min_trainee_level.value)
    rank = ctx.pack.level_rank(trainee.skill_level) if trainee.skill_level else None
    return rank is not None and minimum is not None and rank >= minimum


def _records(ctx: Context) -> Iterator[tuple[int, int | None, list[Trainee]]]:
    for index, record in enumerate(ctx.dossier.annual_records or []):
        yield index, record.year, list(record.trainees or [])


@rule("T001")
def training_target(ctx: Context) -> Iterator[Issue]:
    """The plan's yearly training target is at least `min_trainees_per_year` (4).

    工作室计划中的年度培养目标应不少于 `min_trainees_per_year`（4）人。

    Passing::

        plan: {yearly_training_target: 4}

    Failing::

        plan: {yearly_training_target: 3}
    """
    plan = ctx.dossier.plan
    minimum = ctx.pack.parameters.min_trainees_per_year.value
    target = plan.yearly_training_target if plan is not None else None
    if target is not None and target < minimum:
        yield Issue("T001", "plan.yearly_training_target", {"value": target, "minimum": minimum})


@rule("T002")
def trainees_per_year(ctx: Context) -> Iterator[Issue]:
    """Each annual record counts at least `min_trainees_per_year` (4) qualifying trainees:
    at `min_trainee_level` (senior worker, 高级工) or above, in the same occupation as the
    studio's or a similar one (the occupation is not compared when the studio's is not
    given). Trainees are told apart by name, so one person listed twice in a year counts once.

    每份年度记录中符合条件的培养人数应不少于 `min_trainees_per_year`（4）人。符合条件是指：
    职业技能等级为 `min_trainee_level`（高级工）或以上，且职业与工作室申报职业相同或相近
    （工作室未填写职业的，不作职业比较）。学员按姓名区分，同一人在同一年度列出多次只计一次。

    Passing::

        annual_records:
          - year: 2026
            trainees:   # 四人均为高级工或以上 | four at senior worker (高级工) or above,
                        # 且职业相同或相近 | in the same or a similar occupation
              - {name: 黄磊, skill_level: 高级工, occupation: 数控车工}
              - {name: 周敏, skill_level: 高级工, occupation: 数控车工}
              - {name: 吴刚, skill_level: 技师, occupation: 数控车工}
              - {name: 郑丽, skill_level: 高级工, occupation: 数控铣工}

    Failing::

        annual_records:
          - year: 2026
            trainees: [{name: 黄磊, skill_level: 高级工, occupation: 数控车工}]
    """
    minimum = ctx.pack.parameters.min_trainees_per_year.value
    for index, year, trainees in _records(ctx):
        counted = {
            (t.name or "").strip() or f"#{j}"  # one person listed twice counts once
            for j, t in enumerate(trainees)
            if _level_ok(ctx, t) and similar_occupation(ctx, t) is not False
        }
        count = len(counted)
        if count < minimum:
            params = {"year": year if year is not None else "—", "count": count, "minimum": minimum}
            yield Issue("T002", f"annual_records[{index}]", params)


@rule("T003")
def trainee_level(ctx: Context) -> Iterator[Issue]:
    """A trainee below `min_trainee_level` (senior worker, 高级工), or whose level is not
    given or not recognised, is not counted.

    学员职业技能等级低于 `min_trainee_level`（高级工），或未填写、无法识别的，
    不计入年度培养人数。

    Passing::

        trainees: [{name: 黄磊, skill_level: 高级工}]

    Failing (warning)::

        trainees: [{name: 黄磊, skill_level: 中级工}]
    """
    minimum = ctx.pack.parameters.min_trainee_level.value
    for index, year, trainees in _records(ctx):
        for j, trainee in enumerate(trainees):
            if not _level_ok(ctx, trainee):
                level: ParamValue = trainee.skill_level or ctx.pack.localized("not_given")
                yield Issue(
                    "T003",
                    f"annual_records[{index}].trainees[{j}].skill_level",
                    {"year": year, "name": trainee.name, "level": level, "minimum": minimum},
                )


@rule("T004")
def trainee_occupation(ctx: Context) -> Iterator[Issue]:
    """A trainee whose occupation is neither the same as nor similar to the studio's is not
    counted. Occupations are the same when their names or codes are equal; they are similar
    when their codes share the first `occupation_code_prefix_segments` (3) segments (the
    minor group (小类)), or when both are in one similarity group of the rules pack. Nothing
    is compared when the studio's occupation is not given.

    学员职业与工作室申报职业既不相同也不相近的，不计入年度培养人数。职业名称或编码一致的
    为相同；职业分类大典编码前 `occupation_code_prefix_segments`（3）段（小类）一致，
    或同属规则包所列同一相近职业组的，为相近。工作室未填写职业的，不作比较。

    Passing::

        studio: {occupation: 数控车工, occupation_code: 6-18-01-01}
        trainees: [{name: 孙强, occupation: 数控铣工, occupation_code: 6-18-01-02}]

    Failing (warning)::

        studio: {occupation: 数控车工}
        trainees: [{name: 孙强, occupation: 中式烹调师}]
    """
    studio = ctx.dossier.studio
    for index, year, trainees in _records(ctx):
        for j, trainee in enumerate(trainees):
            if similar_occupation(ctx, trainee) is False:
                occupation: ParamValue = trainee.occupation or ctx.pack.localized("not_given")
                yield Issue(
                    "T004",
                    f"annual_records[{index}].trainees[{j}].occupation",
                    {
                        "year": year,
                        "name": trainee.name,
                        "occupation": occupation,
                        "studio_occupation": studio.occupation if studio else None,
                    },
                )


@rule("T005")
def yearly_results(ctx: Context) -> Iterator[Issue]:
    """Each annual record lists the year's results (成果).

    每份年度记录应列出当年形成的成果。

    Passing::

        annual_records: [{year: 2026, results: [数控车削参数优化手册]}]

    Failing (warning)::

        annual_records: [{year: 2026, results: []}]
    """
    for index, record in enumerate(ctx.dossier.annual_records or []):
        if blank(record.results):
            yield Issue("T005", f"annual_records[{index}]", {"year": record.year})


@rule("T006")
def missing_years(ctx: Context) -> Iterator[Issue]:
    """Every calendar year after the certification year that ended before the as-of date
    has an annual record; none is required for the certification year itself.

    认定年度之后、在核查日期前已结束的每个自然年度，均应有一份年度记录；
    认定当年不要求年度记录。

    Passing (as of 2027-03-01)::

        review: {certified_on: 2025-05-20}
        annual_records: [{year: 2026}]

    Failing (warning, as of 2027-03-01)::

        review: {certified_on: 2025-05-20}
        annual_records: []    # 缺少 2026 年度记录 | no record for 2026
    """
    review = ctx.dossier.review
    if review is None or review.certified_on is None:
        return
    recorded = {record.year for record in ctx.dossier.annual_records or []}
    for year in range(review.certified_on.year + 1, ctx.as_of.year):
        if year not in recorded:
            field = "annual_records" if ctx.dossier.annual_records is not None else None
            yield Issue("T006", field, {"year": year})


RULES = (
    training_target,
    trainees_per_year,
    trainee_level,
    trainee_occupation,
    yearly_results,
    missing_years,
)

"""Training of advanced workers and yearly results — clauses 二.3 and 二.4.

二.3 市级技能大师工作室年度培养与申报专业相同或相近的高级工以上技能人才不低于4人。
二.4 每年形成有价值的成果。
Counting follows the rules pack: the minimum number and level, and what makes
two occupations "the same or similar" (code, 小类 prefix, similarity groups; a
studio may name several occupations). The yearly count is judged only for the
completed calendar years after the certification year (see :func:`judged_years`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue, ParamValue
from dashi_cli.model.dossier import Trainee

# Separators between the occupations of one box (电工、钳工; 电工/钳工; 电工 钳工;
# 车工（数控车工）: a name and, in brackets, the specific one).
_MARKS = re.compile(r"[、，,/／;；\s（）()【】\[\]]")
_WORDS = re.compile(r"[和及与]")


@lru_cache(maxsize=4096)
def occupation_names(text: str | None) -> tuple[str, ...]:
    """The occupations one box names: its parts between the marks 、，,/;; and, for a
    part joined by 和, 及 or 与, both that part and its halves (a name such as
    计算机及外部设备装配调试员 stays whole too)."""
    names: list[str] = []
    for part in _MARKS.split(text or ""):
        part = part.removesuffix("等")
        for name in (part, *_WORDS.split(part)):
            if name and name not in names:
                names.append(name)
    return tuple(names)


@lru_cache(maxsize=4096)
def occupation_codes(text: str | None) -> tuple[str, ...]:
    """The occupation codes one box gives, split at the same marks as the names."""
    return tuple(code for code in ("".join(c.split()) for c in _MARKS.split(text or "")) if code)


def related_occupation(
    ctx: Context,
    occupation: str | None,
    code: str | None,
    studio_occupation: str | None,
    studio_code: str | None,
) -> bool | None:
    """Whether an occupation (a name, a code or both) is the same as or similar to any
    of the studio's: same name or code; same 小类 code prefix; one similarity group of
    the pack. None when nothing can be compared (one side has only a name, the other
    only a code, or the studio gives neither)."""
    names, codes = occupation_names(occupation), occupation_codes(code)
    s_names, s_codes = occupation_names(studio_occupation), occupation_codes(studio_code)
    if not s_names and not s_codes:
        return None
    if (names or codes) and not (names and s_names) and not (codes and s_codes):
        return None
    if set(names) & set(s_names) or set(codes) & set(s_codes):
        return True
    # one name within the other: 电工 / 高压电工, 数控车工 / 数控车, 美发师 / 美发
    if any(min(len(n), len(s)) >= 2 and (n in s or s in n) for n in names for s in s_names):
        return True
    segments = ctx.pack.parameters.occupation_code_prefix_segments.value
    prefixes = {tuple(c.split("-")[:segments]) for c in s_codes}
    if any(tuple(c.split("-")[:segments]) in prefixes for c in codes):
        return True
    return any(
        any(n in group for n in names) and any(s in group for s in s_names)
        for group in ctx.pack.occupation_groups
    )


def similar_occupation(ctx: Context, trainee: Trainee) -> bool | None:
    """True/False when it can be judged; None when the studio's occupation is unknown."""
    studio = ctx.dossier.studio
    if studio is None:
        return None
    # trainees of one studio mostly share an occupation: judged once a dossier
    judged: dict[tuple[str | None, str | None], bool | None] = ctx.once("similar", dict)
    key = (trainee.occupation, trainee.occupation_code)
    if key not in judged:
        judged[key] = related_occupation(ctx, *key, studio.occupation, studio.occupation_code)
    return judged[key]


def _level_ok(ctx: Context, trainee: Trainee) -> bool:
    minimum = ctx.pack.level_rank(ctx.pack.parameters.min_trainee_level.value)
    rank = ctx.pack.level_rank(trainee.skill_level) if trainee.skill_level else None
    return rank is not None and minimum is not None and rank >= minimum


def _outside_year(trainee: Trainee, year: int | None) -> bool:
    """Certified in another year than the record's (T007); no date or no year: not."""
    return (
        year is not None and trainee.certified_on is not None and trainee.certified_on.year != year
    )


def _counted(ctx: Context, trainee: Trainee) -> bool:
    return _level_ok(ctx, trainee) and similar_occupation(ctx, trainee) is not False


def trained_per_year(ctx: Context) -> dict[int, set[str]]:
    """Who counts for each year: a qualifying trainee counts for the year the level was
    obtained (its certification date), else the year of the record listing them; the
    records of one year are counted together, one person once."""
    counted: dict[int, set[str]] = {}
    for index, year, trainees in _records(ctx):
        for j, trainee in enumerate(trainees):
            when = trainee.certified_on.year if trainee.certified_on is not None else year
            if when is None or not _counted(ctx, trainee):
                continue
            name = (trainee.name or "").strip() or f"#{index}.{j}"
            counted.setdefault(when, set()).add(name)
    return counted


def judged_years(ctx: Context) -> range:
    """The calendar years 二.3 is judged for: after the certification year and ended
    before the as-of date (31 December of the year < as-of). Empty for a dossier not
    yet certified; renewals do not move it."""
    review = ctx.dossier.review
    if review is None or review.certified_on is None:
        return range(0)
    return range(review.certified_on.year + 1, ctx.as_of.year)


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
    """Each completed calendar year after the certification year counts at least
    `min_trainees_per_year` (4) qualifying trainees in its annual record. A trainee
    qualifies at `min_trainee_level` (senior worker, 高级工) or above (T003), in the
    studio's occupation, any of them when it names several, or a similar one (T004; not
    compared when the studio's is not given), certified within the record's year (T007;
    counted when no date is given). Trainees are told apart by name, so one person listed
    twice in a year counts once.

    Only years after the certification year that ended before the as-of date are judged:
    not the certification year, not the year in progress, and not a dossier that is not
    yet certified (no `certified_on`), whose past apprentices are evidence of its
    apprenticeship experience for the experts, not a quota. Renewals do not change this.

    认定年度之后、在核查日期前已结束的每个自然年度，其年度记录中符合条件的培养人数应不少于
    `min_trainees_per_year`（4）人。符合条件是指：职业技能等级为 `min_trainee_level`
    （高级工）或以上（T003）；职业与工作室申报职业（列有多个的，其中任一）相同或相近
    （T004；工作室未填写职业的，不作比较）；取证日期在该记录年度内（T007；未填取证日期的照常计入）。
    学员按姓名区分，同一人在同一年度列出多次只计一次。

    只判断认定年度之后、在核查日期前已结束的年度：认定当年、尚未结束的年度不判断；
    尚未认定（未填 `certified_on`）的申报材料不判断，其申报前的带徒情况是专家评审带徒经验的依据，
    不是年度指标。延续认定不改变上述年度范围。

    Passing (as of 2027-03-01)::

        review: {certified_on: 2025-05-20}
        annual_records:
          - year: 2026
            trainees:   # 四人均为高级工或以上 | four at senior worker (高级工) or above,
                        # 且职业相同或相近 | in the same or a similar occupation
              - {name: 黄磊, skill_level: 高级工, occupation: 数控车工}
              - {name: 周敏, skill_level: 高级工, occupation: 数控车工}
              - {name: 吴刚, skill_level: 技师, occupation: 数控车工}
              - {name: 郑丽, skill_level: 高级工, occupation: 数控铣工}

    Passing (as of 2026-11-26)::

        review: {certified_on: 2025-05-20}
        annual_records:   # 2026 年尚未结束 | 2026 is still in progress
          - year: 2026
            trainees: [{name: 黄磊, skill_level: 高级工, occupation: 数控车工}]

    Failing (as of 2027-03-01)::

        review: {certified_on: 2025-05-20}
        annual_records:
          - year: 2026
            trainees: [{name: 黄磊, skill_level: 高级工, occupation: 数控车工}]
    """
    minimum = ctx.pack.parameters.min_trainees_per_year.value
    judged = judged_years(ctx)
    counted = trained_per_year(ctx)
    reported: set[int] = set()
    for index, year, _trainees in _records(ctx):
        if year is None or year not in judged or year in reported:
            continue
        reported.add(year)  # several records of one year are judged together, once
        count = len(counted.get(year, set()))
        if count < minimum:
            params = {"year": year, "count": count, "minimum": minimum}
            yield Issue("T002", f"annual_records[{index}]", params)


@rule("T003")
def trainee_level(ctx: Context) -> Iterator[Issue]:
    """A trainee below `min_trainee_level` (senior worker, 高级工), on either ladder, or
    whose level is not given or cannot be read (an apprentice (学徒工), ungraded
    (未定级), free text), is not counted. A trainee's level is open text: such a value is
    never a schema error, only not counted; the message quotes it as written.

    学员职业技能等级低于 `min_trainee_level`（高级工）的（按等级名称或等级数字），或未填写、
    无法识别的（如学徒工、未定级或其他写法），不计入年度培养人数。学员等级是开放的文字，
    此类写法不报格式错误，只是不计入；提示中照录原文。

    Passing::

        trainees: [{name: 黄磊, skill_level: 高级工}]

    Failing (warning)::

        trainees: [{name: 黄磊, skill_level: 中级工}]

    Failing (warning)::

        trainees: [{name: 周敏, skill_level: 学徒工}]   # 无法识别，不计入 | not read, not counted
    """
    minimum = ctx.pack.parameters.min_trainee_level.value
    for index, year, trainees in _records(ctx):
        for j, trainee in enumerate(trainees):
            if not _level_ok(ctx, trainee):
                written = (trainee.skill_level or "").strip()
                level: ParamValue = written or ctx.pack.localized("not_given")
                unread = bool(written) and ctx.pack.level_rank(written) is None
                yield Issue(
                    "T003",
                    f"annual_records[{index}].trainees[{j}].skill_level",
                    {"year": year, "name": trainee.name, "level": level, "minimum": minimum},
                    variant="unreadable" if unread else "default",
                )


@rule("T004")
def trainee_occupation(ctx: Context) -> Iterator[Issue]:
    """A trainee whose occupation is neither the same as nor similar to the studio's (any
    of them, when it names several) is not counted. Occupations are the same when their
    names or codes are equal; they are similar when their codes share the first
    `occupation_code_prefix_segments` (3) segments (the minor group (小类)), or when both
    are in one similarity group of the rules pack. A studio may name several occupations
    in its one box, separated by "、", commas, slashes, semicolons or the words "和",
    "及" and "与" (as "电工、钳工"). Nothing
    is compared when the studio's occupation is not given, or when one side gives only a
    name and the other only a code.

    学员职业与工作室申报职业既不相同也不相近的，不计入年度培养人数。职业名称或编码一致的
    为相同；职业分类大典编码前 `occupation_code_prefix_segments`（3）段（小类）一致，
    或同属规则包所列同一相近职业组的，为相近。工作室可在一栏内列出多个职业（以顿号、逗号、
    斜杠、分号或“和”“及”“与”分隔，如“电工、钳工”），学员职业与其中任一相同或相近即可。
    工作室未填写职业的，或一方只有名称、另一方只有编码的，不作比较。

    Passing::

        studio: {occupation: 数控车工, occupation_code: 6-18-01-01}
        trainees: [{name: 孙强, occupation: 数控铣工, occupation_code: 6-18-01-02}]

    Passing::

        studio: {occupation: 电工、钳工}
        trainees: [{name: 孙强, occupation: 钳工}]   # 与其中之一相同 | the same as one of them

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
    has an annual record: the same years T002 judges. None is required for the
    certification year, for the year in progress, or from a dossier not yet certified.

    认定年度之后、在核查日期前已结束的每个自然年度（即 T002 判断的年度），均应有一份年度记录；
    认定当年、尚未结束的年度和尚未认定的申报材料不要求年度记录。

    Passing (as of 2027-03-01)::

        review: {certified_on: 2025-05-20}
        annual_records: [{year: 2026}]

    Failing (warning, as of 2027-03-01)::

        review: {certified_on: 2025-05-20}
        annual_records: []    # 缺少 2026 年度记录 | no record for 2026
    """
    recorded = {record.year for record in ctx.dossier.annual_records or []}
    for year in judged_years(ctx):
        if year not in recorded:
            field = "annual_records" if ctx.dossier.annual_records is not None else None
            yield Issue("T006", field, {"year": year})


@rule("T007")
def trainee_year(ctx: Context) -> Iterator[Issue]:
    """A trainee whose certification date (`certified_on`) falls outside the year of the
    annual record listing them is not counted for that year: a year's training is the
    levels obtained in that year. A trainee without a date, or a record without a year,
    is not judged (the trainee counts).

    学员取证日期（`certified_on`）不在所列年度记录的年份内的，不计入该年度培养人数：
    年度培养是指当年取得等级。未填取证日期的学员，或未填年份的年度记录，不作判断（照常计入）。

    Passing::

        annual_records:
          - year: 2026
            trainees: [{name: 黄磊, skill_level: 高级工, certified_on: 2026-06-30}]

    Failing (warning)::

        annual_records:
          - year: 2025
            trainees: [{name: 黄磊, skill_level: 高级工, certified_on: 2018-06-30}]
    """
    for index, year, trainees in _records(ctx):
        for j, trainee in enumerate(trainees):
            if _outside_year(trainee, year):
                yield Issue(
                    "T007",
                    f"annual_records[{index}].trainees[{j}].certified_on",
                    {"year": year, "name": trainee.name, "certified_on": trainee.certified_on},
                )


RULES = (
    training_target,
    trainees_per_year,
    trainee_level,
    trainee_occupation,
    yearly_results,
    missing_years,
    trainee_year,
)

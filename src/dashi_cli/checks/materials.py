"""Application materials — clause 四.

1. 申请表 2. 申办报告（its six contents） 3. 身份证、职业资格证书、学历证书复印件
4. 荣誉证书、专著、专利、技术成果等复印件; 以上材料一式两份……同时报送电子文档。
所有复印件加盖审核单位公章。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Issue
from dashi_cli.model.dossier import Materials

_NONE = Materials()


def _materials(ctx: Context) -> Materials:
    return ctx.dossier.materials or _NONE


@rule("M001")
def application_form(ctx: Context) -> Iterator[Issue]:
    """The application form (申请表) is handed in: `application_form` is true; not given
    counts as not handed in.

    应提交《韶关市技能大师工作室申请表》：`application_form` 应为 `true`，未填写的视为未提交。

    Passing::

        materials: {application_form: true}

    Failing::

        materials: {application_form: false}
    """
    if _materials(ctx).application_form is not True:
        yield Issue("M001", "materials.application_form")


@rule("M002")
def application_report(ctx: Context) -> Iterator[Issue]:
    """The application report (申办报告) is handed in.

    应提交申办报告。

    Passing::

        materials: {application_report: {sections: [工作室名称]}}

    Failing::

        materials: {application_form: true}     # 未提交申办报告 | no application report (申办报告)
    """
    if _materials(ctx).application_report is None:
        yield Issue("M002", "materials.application_report")


# A written section title may name several contents at once (工作室名称及领办人): its
# parts, split at list punctuation and conjunctions, are matched one by one as well.
_PARTS = re.compile(r"[、，,；;／/]|及|与|和")


def _covered(ctx: Context, sections: list[str]) -> set[str]:
    """The report sections (the pack's names) the written titles cover, by meaning."""
    covered: set[str] = set()
    for text in sections:
        for part in (text, *_PARTS.split(text)):
            if part.strip():
                section = ctx.pack.report_section(part.strip())
                if section is not None:
                    covered.add(section)
    return covered


@rule("M003")
def report_sections(ctx: Context) -> Iterator[Issue]:
    """The application report covers the six contents that clause 4.2 (四.2) requires:
    studio name (工作室名称), leader (项目领办人), basic conditions (工作室基本条件),
    necessity and feasibility (必要性和可行性), the unit's support measures (单位支持措施),
    and work plan and main directions (工作开展计划和主要工作方向). The report's section
    titles are listed in `sections` and matched by meaning: a title containing a content's
    name or one of its key words in the rules pack counts, so titles in the policy's own
    longer wording (工作室成立的必要性和可行性, 所在单位对工作室的支持措施) and numbered
    titles (一、工作室名称) do. A report handed in without a list of its sections (such as
    `application_report: true`) is reported once as not itemised, not as lacking all six.

    申办报告应包含第四条第2项规定的六项内容：工作室名称、项目领办人、工作室基本条件、
    必要性和可行性、单位支持措施、工作开展计划和主要工作方向。报告的各部分标题列在
    `sections` 中，按意思核对：标题包含某项内容的名称或规则包所列关键词的即算包含，因此按
    政策原文书写的标题（如“工作室成立的必要性和可行性”“所在单位对工作室的支持措施”）和带
    序号的标题（如“一、工作室名称”）均可。只提交申办报告而未列明各部分标题的（如
    `application_report: true`），报一次“未逐项列明”，不报六项全缺。

    Passing::

        application_report:
          sections: [工作室名称, 项目领办人, 工作室基本条件, 工作室成立的必要性和可行性,
                     所在单位对工作室的支持措施, 工作室成立后的工作开展计划和主要工作方向]

    Failing (warning)::

        application_report: {sections: [工作室名称, 项目领办人]}

    Failing (warning)::

        application_report: true             # 未逐项列明 | not itemised
    """
    report = _materials(ctx).application_report
    if report is None or ctx.rejected("materials.application_report.sections"):
        return
    field = "materials.application_report"
    if blank(report.sections):
        yield Issue("M003", field, variant="not_itemised")
        return
    covered = _covered(ctx, report.sections or [])
    missing = tuple(s for s in ctx.pack.report_sections if s not in covered)
    if missing:
        yield Issue("M003", field, {"missing": missing})


@rule("M004")
def identity_copies(ctx: Context) -> Iterator[Issue]:
    """Copies of the leader's and members' identity cards, vocational qualification
    certificates and education certificates are handed in, as clause 4.3 (四.3) requires.

    应提交领办人和工作室成员的身份证、职业资格证书、学历证书复印件（第四条第3项）。

    Passing::

        materials: {identity_copies: true}

    Failing::

        materials: {identity_copies: false}
    """
    if _materials(ctx).identity_copies is not True:
        yield Issue("M004", "materials.identity_copies")


@rule("M005")
def achievement_copies(ctx: Context) -> Iterator[Issue]:
    """Copies of honours, publications, patents, technical results and the like are handed
    in, as clause 4.4 (四.4) requires.

    应提交荣誉证书、专著、专利、技术成果等材料的复印件（第四条第4项）。

    Passing::

        materials: {achievement_copies: true}

    Failing (warning)::

        materials: {achievement_copies: false}
    """
    if _materials(ctx).achievement_copies is not True:
        yield Issue("M005", "materials.achievement_copies")


@rule("M006")
def copies_and_form(ctx: Context) -> Iterator[Issue]:
    """The materials are handed in as at least `min_copies` (2) paper sets (“一式两份”), together
    with an electronic version, and the copies bear the official seal of the reviewing unit
    (审核单位公章). Each of the three is reported on its own; a value not given counts as
    not met.

    纸质材料应不少于 `min_copies`（2）份（“一式两份”），同时报送电子文档，所有复印件均须
    加盖审核单位公章。三项分别报告，未填写的视为不符合。

    Passing::

        materials: {copies: 2, electronic: true, stamped: true}

    Failing (warning)::

        materials: {copies: 1, electronic: false, stamped: false}
    """
    materials = _materials(ctx)
    minimum = ctx.pack.parameters.min_copies.value
    if materials.copies is None:
        yield Issue("M006", "materials.copies", {"minimum": minimum}, "copies_not_given")
    elif materials.copies < minimum:
        params = {"copies": materials.copies, "minimum": minimum}
        yield Issue("M006", "materials.copies", params, "copies")
    if materials.electronic is not True:
        yield Issue("M006", "materials.electronic", variant="electronic")
    if materials.stamped is not True:
        yield Issue("M006", "materials.stamped", variant="stamped")


@rule("M007")
def material_file(ctx: Context) -> Iterator[Issue]:
    """The application report's file (`materials.application_report.file`), if given, exists
    and is not empty. A relative path is taken relative to the dossier file's folder.

    填写了申办报告文件（`materials.application_report.file`）的，该文件应存在且不为空。
    相对路径以材料 YAML 文件所在文件夹为基准。

    Passing::

        application_report: {file: materials/申办报告.docx}     # 文件存在 | the file exists

    Failing::

        application_report: {file: materials/missing.docx}
    """
    report = _materials(ctx).application_report
    if report is None or report.file is None or not report.file.strip():
        return
    path = Path(report.file.strip())
    if not path.is_absolute() and ctx.base_dir is not None:
        path = ctx.base_dir / path
    field = "materials.application_report.file"
    try:
        exists, size = path.is_file(), path.stat().st_size if path.is_file() else 0
    except (OSError, ValueError):
        exists, size = False, 0
    if not exists:
        yield Issue("M007", field, {"file": report.file}, "missing")
    elif size == 0:
        yield Issue("M007", field, {"file": report.file}, "empty")


RULES = (
    application_form,
    application_report,
    report_sections,
    identity_copies,
    achievement_copies,
    copies_and_form,
    material_file,
)

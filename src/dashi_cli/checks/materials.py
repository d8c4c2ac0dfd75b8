"""Application materials — clause 四.

1. 申请表 2. 申办报告（its six contents） 3. 身份证、职业资格证书、学历证书复印件
4. 荣誉证书、专著、专利、技术成果等复印件; 以上材料一式两份……同时报送电子文档。
所有复印件加盖审核单位公章。
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dashi_cli.checks.base import Context, rule
from dashi_cli.findings import Issue, ParamValue
from dashi_cli.model.dossier import Materials

_NONE = Materials()


def _materials(ctx: Context) -> Materials:
    return ctx.dossier.materials or _NONE


@rule("M001")
def application_form(ctx: Context) -> Iterator[Issue]:
    """The application form (申请表) is handed in.

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

    Passing::

        materials: {application_report: {sections: [工作室名称]}}

    Failing::

        materials: {application_form: true}     # no application_report
    """
    if _materials(ctx).application_report is None:
        yield Issue("M002", "materials.application_report")


@rule("M003")
def report_sections(ctx: Context) -> Iterator[Issue]:
    """The report covers the six contents of 四.2.

    Passing::

        application_report:
          sections: [工作室名称, 项目领办人, 工作室基本条件, 必要性和可行性, 单位支持措施,
                     工作开展计划和主要工作方向]

    Failing (warning)::

        application_report: {sections: [工作室名称, 项目领办人]}
    """
    report = _materials(ctx).application_report
    if report is None:
        return
    given = {s.strip() for s in report.sections or []}
    missing = tuple(s for s in ctx.pack.report_sections if s not in given)
    if missing:
        yield Issue("M003", "materials.application_report", {"missing": missing})


@rule("M004")
def identity_copies(ctx: Context) -> Iterator[Issue]:
    """Copies of identity cards and certificates are handed in (四.3).

    Passing::

        materials: {identity_copies: true}

    Failing::

        materials: {identity_copies: false}
    """
    if _materials(ctx).identity_copies is not True:
        yield Issue("M004", "materials.identity_copies")


@rule("M005")
def achievement_copies(ctx: Context) -> Iterator[Issue]:
    """Copies of honours, publications, patents or results are handed in (四.4).

    Passing::

        materials: {achievement_copies: true}

    Failing (warning)::

        materials: {achievement_copies: false}
    """
    if _materials(ctx).achievement_copies is not True:
        yield Issue("M005", "materials.achievement_copies")


@rule("M006")
def copies_and_form(ctx: Context) -> Iterator[Issue]:
    """At least `min_copies` (2) paper sets, an electronic version, and stamped copies.

    Passing::

        materials: {copies: 2, electronic: true, stamped: true}

    Failing (warning)::

        materials: {copies: 1, electronic: false, stamped: false}
    """
    materials = _materials(ctx)
    minimum = ctx.pack.parameters.min_copies.value
    if materials.copies is None or materials.copies < minimum:
        copies: ParamValue = (
            materials.copies if materials.copies is not None else ctx.pack.localized("not_given")
        )
        yield Issue("M006", "materials.copies", {"copies": copies, "minimum": minimum}, "copies")
    if materials.electronic is not True:
        yield Issue("M006", "materials.electronic", variant="electronic")
    if materials.stamped is not True:
        yield Issue("M006", "materials.stamped", variant="stamped")


@rule("M007")
def material_file(ctx: Context) -> Iterator[Issue]:
    """A material file the dossier refers to exists and is not empty (relative to the dossier).

    Passing::

        application_report: {file: materials/申办报告.docx}     # the file exists

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

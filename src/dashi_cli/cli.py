"""The command line: thin commands that parse options and call one function each.

Only this module reads today's date, turns :class:`DashiError` into a one-line
message with exit code 2, and decides where output goes.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dashi_cli import __version__
from dashi_cli.errors import DashiError

app = typer.Typer(
    name="dashi",
    help="韶关市市级技能大师工作室认定材料核查工具（韶人社函〔2022〕46号）。"
    "Checks Shaoguan skill master studio dossiers against the 2022 policy.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Language(StrEnum):
    zh = "zh"
    en = "en"


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value}") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dashi {__version__}")
        raise typer.Exit()


def _fail(message: str) -> None:
    typer.echo(f"dashi: {message}", err=True)
    raise typer.Exit(2)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """韶关市市级技能大师工作室认定材料核查 / skill master studio checker."""


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(metavar="DOSSIER...", help="Dossier YAML files.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutputFormat.table,
    strict: Annotated[bool, typer.Option(help="Warnings fail too (exit 1).")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Judge as of this date (default: today)."),
    ] = None,
    lang: Annotated[Language, typer.Option(help="Message language: zh or en.")] = Language.zh,
    rules: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Use another rules pack.")
    ] = None,
    show_pii: Annotated[
        bool, typer.Option("--show-pii", help="Show ID, phone and account numbers unmasked.")
    ] = False,
) -> None:
    """Check dossiers against the policy.

    Example: dashi check examples/eligible.yaml --format json
    """
    from dashi_cli.engine import check_files
    from dashi_cli.pack import load_pack
    from dashi_cli.reporters import REPORTER_BY_NAME, ReportOptions

    day = _as_of(as_of) or date.today()
    try:
        for path in paths:
            if not path.exists():
                raise DashiError(f"no such file: {path}")
        if rules is not None and not rules.exists():
            raise DashiError(f"no such rules pack: {rules}")
        pack = load_pack(rules)
        report = check_files(paths, pack, day)
    except DashiError as exc:
        _fail(str(exc))
        return
    options = ReportOptions(
        pack=pack, lang=lang.value, show_pii=show_pii, strict=strict, version=__version__
    )
    REPORTER_BY_NAME[output_format.value](options).write(report, sys.stdout)
    raise typer.Exit(report.exit_code(strict=strict))


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `dashi check … | head`
        sys.stderr.close()
        raise SystemExit(1) from None

"""The command line: thin commands that parse options and call one function each.

Only this module reads today's date, turns :class:`DashiError` into a one-line
message with exit code 2, and decides where output goes.
"""

import copy
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import typer.core
from typer.core import TyperCommand, TyperGroup

from dashi_cli import __version__, cli_text
from dashi_cli.errors import DashiError
from dashi_cli.files import exists as files_exists
from dashi_cli.launch import SETTING_UP

if TYPE_CHECKING:
    from dashi_cli.dates import WorkCalendar
    from dashi_cli.engine import CodeFilter
    from dashi_cli.pack import Pack
    from dashi_cli.reporters import RunInfo

T = TypeVar("T")

# --- the command line's language: Chinese, or English with --lang en -----------------

_LANG: ContextVar[str] = ContextVar("dashi_lang", default="zh")
# whether the command line says --lang (then a config file's lang does not change _LANG)
_LANG_GIVEN: ContextVar[bool] = ContextVar("dashi_lang_given", default=False)
# the config file the command runs with (absolute path), for the JSON stamps
_CONFIG_FILE: ContextVar[str | None] = ContextVar("dashi_config_file", default=None)
# the command's options whose values came from the config file, not the command line
_FROM_CONFIG: ContextVar[frozenset[str]] = ContextVar("dashi_from_config", default=frozenset())
# click's usage error, found by name so that typer's own copy of click and click
# itself both do
_UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def _language_of(args: Sequence[str]) -> str:
    """The language the command line asks for: `--lang en` anywhere before `--`."""
    lang = "zh"
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            lang = args[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return "en" if lang == "en" else "zh"


def _lang_given(args: Sequence[str]) -> bool:
    """Whether the command line names a language (`--lang` before any `--`)."""
    for arg in args:
        if arg == "--":
            return False
        if arg == "--lang" or arg.startswith("--lang="):
            return True
    return False


def _words(text: str) -> str:
    """typer's words around the help texts (Options, default, required), in Chinese."""
    return cli_text.WORDS_ZH.get(text, text) if _LANG.get() == "zh" else text


def _no_type(ctx: Any = None) -> None:
    return None


def _localize(command: Any, name: str = "") -> None:
    """Chinese help texts on a freshly built command tree (the English ones are typer's);
    arguments show their metavar alone, not a Python type (`<list[str]>`)."""
    for param in command.params:
        if getattr(param, "param_type_name", "") == "argument":
            param.display_type_rich = _no_type
    for sub_name, sub in getattr(command, "commands", {}).items():
        _localize(sub, sub_name)
    if _LANG.get() != "zh":
        return
    if name in cli_text.COMMANDS_ZH:
        command.help = cli_text.COMMANDS_ZH[name]
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text in cli_text.PARAMS_ZH:
            param.help = cli_text.PARAMS_ZH[help_text]


# options that may be written before the command's name, and whether each takes a value
_MOVABLE = {"--lang": True, "--config": True, "--isolated": False}


def _lang_after_command(argv: list[str], group: Any) -> list[str]:
    """`dashi --lang en explain T007` means the command's --lang: an option given before
    the command name moves after it, where the command reads it; so do --config and
    --isolated (`dashi --config x.toml check a.yaml`)."""
    commands = getattr(group, "commands", {})
    at = next((i for i, arg in enumerate(argv) if arg in commands), None)
    if at is None:
        return argv
    head, rest = argv[:at], argv[at:]
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(head):
        arg = head[index]
        has_value = "=" in arg
        takes = _MOVABLE.get(arg.partition("=")[0])
        if takes and not has_value and index + 1 < len(head):
            moved += head[index : index + 2]
            index += 2
            continue
        if takes is not None and (has_value or not takes):
            moved.append(arg)
        else:
            kept.append(arg)
        index += 1
    return [*kept, *rest, *moved] if moved else argv


class _LocalizedUsageError(_UsageError):  # type: ignore[misc,valid-type]
    """A usage error shown in the command line's language."""

    def __init__(self, original: Any) -> None:
        super().__init__(original.format_message(), original.ctx)
        self.original = original
        self.exit_code = original.exit_code

    def show(self, file: Any = None) -> None:
        if _LANG.get() != "zh":
            self.original.show(file)
            return
        ctx = self.original.ctx
        lines = []
        if ctx is not None:
            lines += [cli_text.usage_zh(ctx.get_usage())]
            lines += [f"运行 '{ctx.command_path} --help' 查看帮助。", ""]
        lines.append(f"错误：{cli_text.error_zh(self.original.format_message())}")
        typer.echo("\n".join(lines), err=True)


def _localized(exc: Exception) -> Exception:
    if isinstance(exc, _LocalizedUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    return _LocalizedUsageError(exc)


class _Localizing:
    """What the group and its commands share: the usage line and the help option."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        # typer marks a required argument with braces: {PATH}... reads as PATH...
        pieces = [
            re.sub(r"\{([^{}]*)\}", r"\1", piece)
            for piece in self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        ]
        if _LANG.get() == "zh":
            pieces = [cli_text.usage_zh(piece) for piece in pieces]
            formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")
        else:
            formatter.write_usage(ctx.command_path, " ".join(pieces))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            _coerce_lazily(option)
            if _LANG.get() == "zh":
                option.help = cli_text.PARAMS_ZH["Show this message and exit."]
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        for param in self.params:  # type: ignore[attr-defined]
            _coerce_lazily(param)
        return super().parse_args(ctx, args)  # type: ignore[misc]


def _coerce_lazily(param: Any) -> None:
    """typer builds a pydantic adapter for every option before coercing its value, given
    or not (about 1 ms each, a dozen per command, help and completion flags included).
    An option left out (None) or at its default needs no coercion: it keeps that
    value, as typer would give it; nor does a text given for a text option or texts for
    a list of texts (typer's adapter gives them back as they are). Callbacks still
    run. Anything else goes typer's way: options with a parser of their own, defaults
    that are paths (a path is checked), numbers and choices given on the line, a
    required value that is missing."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or "process_value" in vars(param):
        return  # another typer, or done already
    if getattr(getattr(descriptor, "parameter_info", None), "parser", None) is not None:
        return
    annotation = descriptor.annotation
    default = param.default
    required = bool(param.required)
    keep_default = not required and default is not None and _kept_as_is(default, annotation)
    texts = annotation is str or annotation == list[str]
    slow = param.process_value
    multiple = bool(param.multiple or param.nargs == -1)

    def process_value(ctx: Any, value: Any) -> Any:
        if value is None and not required:
            value = () if multiple else None
        elif keep_default and value is default:
            pass
        elif texts and value and not (multiple and isinstance(value, str)):
            if annotation is str and type(value) is str:
                pass
            elif (
                annotation is not str
                and type(value) in (tuple, list)
                and all(type(item) is str for item in value)
            ):
                value = list(value)
            else:
                return slow(ctx, value)
        else:
            return slow(ctx, value)
        if param.callback is not None:
            value = param.callback(ctx, param, value)
        return value

    param.process_value = process_value


def _kept_as_is(value: object, annotation: object) -> bool:
    """Whether typer's coercion returns this default unchanged: a member of the option's
    enumeration, or a whole number or text of exactly the option's type."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return isinstance(value, annotation)
    return annotation in (int, str) and type(value) is annotation


class DashiCommand(_Localizing, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        rest = super().parse_args(ctx, args)
        _after_config(ctx)
        return rest


class DashiGroup(_Localizing, TyperGroup):
    """dashi's command group: speaks the command line's language, Chinese by default."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        argv = _lang_after_command(list(sys.argv[1:] if args is None else args), self)
        _LANG.set(_language_of(argv))
        _LANG_GIVEN.set(_lang_given(argv))
        setattr(typer.core, "_", _words)  # noqa: B010 (typer looks its words up by this name)
        _localize(self)
        return super().main(argv, *rest, **extra)

    def make_context(self, *args: Any, **extra: Any) -> Any:
        try:
            return super().make_context(*args, **extra)
        except _UsageError as exc:
            raise _localized(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as exc:
            raise _localized(exc) from None


app = typer.Typer(
    name="dashi",
    cls=DashiGroup,
    help="Checks Shaoguan skill master studio dossiers against the 2022 policy "
    "(韶人社函〔2022〕46号) and answers the date questions of its procedure.",
    no_args_is_help=True,
    add_completion=True,
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


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class NoticeFormat(StrEnum):
    table = "table"
    json = "json"
    text = "text"


class RulesFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class StudioStatus(StrEnum):
    valid = "valid"
    expiring = "expiring"
    expired = "expired"
    lost = "lost"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")]
LangOption = Annotated[Language, typer.Option(help="Message language: zh or en.")]
RulesOption = Annotated[Path | None, typer.Option(metavar="PATH", help="Use another rules pack.")]
CalendarOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--calendar",
        metavar="PATH",
        help="A calendar override file (one year's State Council schedule); repeatable.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", readable=False, help="Write the report to FILE."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Let --output replace a file.")]
ShowPiiOption = Annotated[
    bool, typer.Option("--show-pii", help="Show ID, phone and account numbers unmasked.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Judge as of this date (default: today)."),
]


def _config_chosen(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """--config and --isolated are eager: click reads them before any other option. Once
    both are known, the config file's values become the command's defaults
    (``ctx.default_map``), which click uses only for options the command line leaves out."""
    if ctx.resilient_parsing:  # shell completion: no file is read
        return value
    seen = ctx.meta.setdefault("dashi.config", {})
    seen[param.name] = value
    if len(seen) == 2:
        _apply_config(ctx, seen["config"], bool(seen["isolated"]))
    return value


def _apply_config(ctx: typer.Context, explicit: str | None, isolated: bool) -> None:
    from dashi_cli import config

    _CONFIG_FILE.set(None)
    try:
        path = config.find(explicit, isolated)
        if path is None:
            return
        found = config.load(path, str(ctx.command.name), explicit=explicit is not None)
    except config.ConfigError as exc:
        if exc.lang and not _LANG_GIVEN.get():
            _LANG.set(exc.lang)
        _fail(str(exc))
        return
    ctx.default_map = {**(ctx.default_map or {}), **found.defaults}
    _CONFIG_FILE.set(found.path)
    lang = found.defaults.get("lang")
    if lang and not _LANG_GIVEN.get():
        _LANG.set(lang)  # later messages follow the file's language


def _after_config(ctx: Any) -> None:
    """Which options came from the config file; and a selection on the command line
    starts afresh: `--select` there sets aside the file's `ignore` too (its `select`
    is replaced as any option is), as ruff does."""
    if not ctx.default_map:
        _FROM_CONFIG.set(frozenset())
        return
    sources = {name: getattr(ctx.get_parameter_source(name), "name", "") for name in ctx.params}
    if sources.get("select") == "COMMANDLINE" and sources.get("ignore") == "DEFAULT_MAP":
        ctx.params["ignore"] = ()
        sources["ignore"] = "DEFAULT"
    _FROM_CONFIG.set(frozenset(name for name, where in sources.items() if where == "DEFAULT_MAP"))


def _write_json(document: dict[str, Any]) -> None:
    """A date command's JSON document, naming the config file it ran with."""
    from dashi_cli.reporters.safe import json_text

    document["config"] = _CONFIG_FILE.get()
    sys.stdout.write(json_text(document, indent=2) + "\n")


ConfigOption = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="PATH",
        is_eager=True,
        callback=_config_chosen,
        help="Take option defaults from this file, not from the dashi.toml of the current "
        "folder or a parent.",
    ),
]
IsolatedOption = Annotated[
    bool,
    typer.Option("--isolated", is_eager=True, callback=_config_chosen, help="Read no config file."),
]


def _setup(rules: Path | None, calendar_files: list[Path] | None) -> tuple["Pack", "WorkCalendar"]:
    """The rules pack and the working-day calendar; DashiError when unusable."""
    from dashi_cli.engine import default_calendar

    for path in calendar_files or []:
        if not files_exists(path):
            raise DashiError(f"no such calendar file: {path}")
    pack = _load_pack(rules)
    work_calendar = default_calendar(pack, calendar_files or [], rules)
    _settled()
    return pack, work_calendar


_RUNNING = 20_000  # then: each dossier makes thousands of objects and few garbage cycles


def _settled() -> None:
    """What was made while setting up (modules, models, the pack) lives as long as the
    run: the cyclic garbage collector no longer walks it at each turn, and from now
    on looks every 20,000 new objects (its default, 700, is made for programs with
    more garbage cycles). A command that never gets here keeps the set-up pace."""
    gc.freeze()
    gc.set_threshold(_RUNNING, 20, 20)


def _load_pack(rules: Path | None) -> "Pack":
    from dashi_cli.pack import load_pack

    if rules is not None and not files_exists(rules):
        raise DashiError(f"no such rules pack: {rules}")
    return load_pack(rules)


def _as_of(value: str | None, option: str = "--as-of") -> date | None:
    from dashi_cli.textforms import FIRST_YEAR, LAST_YEAR, parse_date

    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise typer.BadParameter(
            f"not a date (YYYY-MM-DD, {FIRST_YEAR}–{LAST_YEAR}): {value}",
            param_hint=f"'{option}'",
        ) from None
    return day


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dashi {__version__}")
        raise typer.Exit()


def _say(message: str) -> None:
    """One line on stderr, in the command line's language; control characters in it
    (from a file name or a pack's key) are shown, never sent to the terminal."""
    from dashi_cli.reporters.safe import visible

    if _LANG.get() == "zh":
        typer.echo(visible(f"dashi：{cli_text.error_zh(message)}", newlines=False), err=True)
    else:
        typer.echo(visible(f"dashi: {message}", newlines=False), err=True)


def _fail(message: str) -> None:
    """A usage problem: one line on stderr, in the command line's language; exit 2."""
    _say(message)
    raise typer.Exit(2)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    lang: Annotated[
        Language, typer.Option(help="Language of help and messages: zh or en.")
    ] = Language.zh,
) -> None:
    """韶关市市级技能大师工作室认定材料核查 / skill master studio checker."""


StrictOption = Annotated[
    bool,
    typer.Option(help="Warnings, and results resting on an estimated calendar, fail (exit 1)."),
]


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    concise = "concise"
    xlsx = "xlsx"


MAX_JOBS = 64
# --max-size: no dossier comes near it, and a buffer of this size can still be asked for
MAX_SIZE = 1 << 30


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values or [] for c in v.split(",") if c.strip())


@app.command(cls=DashiCommand)
def check(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Dossier files, folders (searched for *.yaml), - for stdin, or filled "
            "application forms (.docx).",
        ),
    ],
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format", "-f", help="table, json, jsonl, csv, concise or xlsx (with -o FILE)."
        ),
    ] = CheckFormat.table,
    strict: StrictOption = False,
    as_of: AsOfOption = None,
    lang: LangOption = Language.zh,
    rules: RulesOption = None,
    calendar: CalendarOption = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CODES", help="Only these codes or prefixes (Q, F00), comma-separated."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="CODES", help="Leave out these codes or prefixes, comma-separated."),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Only the summary table, one row per dossier.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Only how often each rule fired.")
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    show_pii: ShowPiiOption = False,
    max_size: Annotated[
        int,
        typer.Option(
            min=1, max=MAX_SIZE, metavar="BYTES", help="Refuse larger files unread (Y001)."
        ),
    ] = 5 * 1024 * 1024,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=MAX_JOBS,
            metavar="N",
            help="Check with N processes; the report is the same as with one.",
        ),
    ] = 1,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Check dossiers against the policy: files, folders and - (stdin), mixed.

    Example: dashi check applications/ --summary --format table
    """
    from dashi_cli.engine import CodeFilter, expand_sources, iter_check
    from dashi_cli.findings import Totals
    from dashi_cli.output import STDIO, atomic_output
    from dashi_cli.reporters import ReportOptions, reporter_for

    day = _as_of(as_of) or date.today()
    try:
        sources = expand_sources(paths)
        if not sources:
            raise DashiError(f"no dossiers (*.yaml, *.yml) found in {', '.join(paths)}")
        reads_stdin = any(source.path is None for source in sources)
        if reads_stdin and sys.stdin is None:
            raise DashiError("standard input is closed")
        if statistics and output_format.value not in ("table", "json"):
            raise DashiError("--statistics is a table or JSON (--format table or json)")
        if output_format is CheckFormat.xlsx:
            _binary_destination(output)
        pack, work_calendar = _setup(rules, calendar)
        codes = CodeFilter(_codes(select), _codes(ignore))
        _validate_codes(codes, pack)
        run = _run_info(day, rules, work_calendar)
        options = ReportOptions(
            pack=pack,
            lang=lang.value,
            show_pii=show_pii,
            strict=strict,
            version=__version__,
            summary_only=summary,
        )
        reporter = reporter_for(output_format.value, options, statistics=statistics)
        totals = Totals()
        from dashi_cli.loading import Limits

        results = iter_check(
            sources,
            pack,
            day,
            work_calendar,
            codes=codes,
            read_stdin=lambda: _read_stdin(max_size),
            limits=Limits(max_bytes=max_size),
            jobs=jobs,
        )
        inputs: list[Path | str] = [s.path for s in sources if s.path is not None]
        inputs += [STDIO] if reads_stdin else []
        inputs += [*([rules] if rules else []), *(calendar or [])]
        with atomic_output(output, force=force, inputs=inputs) as out:
            reporter.start(run, out)
            for result in _with_progress(results, len(sources)):
                totals.add(result)
                reporter.add(result)
            reporter.finish(totals)
    except DashiError as exc:
        _fail(str(exc))
        return
    raise typer.Exit(totals.exit_code(strict=strict))


def _read_stdin(limit: int) -> bytes:
    """Standard input, up to one byte more than ``limit`` (enough to know it is too large),
    read in bounded pieces: the limit is never a buffer size."""
    from dashi_cli.output import reason

    stream = sys.stdin
    if stream is None:
        raise DashiError("standard input is closed")
    source: Any = getattr(stream, "buffer", stream)
    pieces: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            piece = source.read(min(1 << 20, limit + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
    except OSError as exc:
        raise DashiError(f"cannot read standard input: {reason(exc)}") from None
    return b"".join(pieces)


def _validate_codes(codes: "CodeFilter", pack: "Pack") -> None:
    """--select and --ignore name codes of the pack; a prefix from the config file that
    none starts with is said to come from there."""
    try:
        codes.validate(pack.rules)
    except DashiError as exc:
        path = _CONFIG_FILE.get()
        if path is None or not {"select", "ignore"} & _FROM_CONFIG.get():
            raise
        from dashi_cli.files import shown

        raise DashiError(f"{exc} (config file {shown(path)})") from None


def _run_info(day: date, rules: Path | None, calendar: "WorkCalendar") -> "RunInfo":
    import hashlib

    from dashi_cli.dates.calendar import library_version
    from dashi_cli.pack import bundled_pack_path
    from dashi_cli.reporters import RunInfo

    pack_path = rules or bundled_pack_path()
    return RunInfo(
        as_of=day,
        version=__version__,
        pack_source=str(rules) if rules else "bundled",
        pack_sha256=hashlib.sha256(pack_path.read_bytes()).hexdigest(),
        calendar_library=f"holidays {library_version()}",
        calendar_overrides=tuple(data.source for _year, data in sorted(calendar.overrides.items())),
        config=_CONFIG_FILE.get(),
    )


_PROGRESS_FROM = 20  # dossiers: fewer go by too fast for a bar


def _with_progress(results: Iterator[T], total: int) -> Iterator[T]:
    """A progress bar on standard error, for a large batch, when it is a terminal."""
    if total < _PROGRESS_FROM or not sys.stderr.isatty():
        yield from results
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("dashi check", total=total)
        for result in results:
            yield result
            progress.advance(task)


@app.command("notice-end", cls=DashiCommand)
def notice_end_command(
    start: Annotated[
        str, typer.Option("--start", metavar="DATE", help="The first day of the notice.")
    ],
    days: Annotated[
        int | None,
        typer.Option(min=1, max=366, help="Working days (default: the pack's, 5)."),
    ] = None,
    exclude_start: Annotated[
        bool, typer.Option("--exclude-start", help="Do not count the start day itself.")
    ] = False,
    output_format: Annotated[
        NoticeFormat,
        typer.Option(
            "--format", "-f", help="table, json, or text (the line for the notice itself)."
        ),
    ] = NoticeFormat.table,
    strict: StrictOption = False,
    lang: LangOption = Language.zh,
    rules: RulesOption = None,
    calendar: CalendarOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """When a public notice of N working days (三: 公示5个工作日) starting on a day ends.

    Example: dashi notice-end --start 2025-05-06
    """
    from dashi_cli.dates import notice_end
    from dashi_cli.reporters.dates import notice_json, write_notice

    first = _as_of(start, "--start")
    assert first is not None
    try:
        pack, work_calendar = _setup(rules, calendar)
        weekend = (pack.localized("saturday"), pack.localized("sunday"))
        count = days or pack.parameters.notice_working_days.value
        result = notice_end(work_calendar, first, count, weekend, count_start=not exclude_start)
    except DashiError as exc:
        _fail(str(exc))
        return
    if output_format is NoticeFormat.text:
        from dashi_cli.dates.notice import notice_line
        from dashi_cli.reporters.base import estimated_warning

        typer.echo(notice_line(result, lang.value))
        warning = estimated_warning(result.calendar, lang.value)
        if warning:  # the line itself has no room for it: a line pasted into a notice
            prefix = "dashi：" if lang is Language.zh else "dashi: "
            typer.echo(prefix + warning, err=True)
    elif output_format is NoticeFormat.json and _CONFIG_FILE.get() is not None:
        _write_json(notice_json(result, lang.value))
    else:
        write_notice(result, output_format.value, lang.value, sys.stdout)
    estimated = any(status == "estimated" for status in result.calendar.values())
    raise typer.Exit(1 if strict and estimated else 0)


class RenewalsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@app.command(cls=DashiCommand)
def renewals(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Registry YAML/CSV/XLSX files, dossiers, or folders (default: the current "
            "folder).",
        ),
    ] = None,
    as_of: AsOfOption = None,
    within: Annotated[
        int | None,
        typer.Option(
            min=0, metavar="DAYS", help="Warn this many days ahead (default: the pack's, 180)."
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            metavar="STATUS",
            help="Only these statuses (valid, expiring, expired, lost, or 有效, 即将到期, "
            "已过期, 不再保留称号), comma-separated or repeated.",
        ),
    ] = None,
    output_format: Annotated[
        RenewalsFormat,
        typer.Option("--format", "-f", help="table, json, csv or xlsx (with -o FILE)."),
    ] = RenewalsFormat.table,
    lang: LangOption = Language.zh,
    rules: RulesOption = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="The sheet of .xlsx registries to read (default: the first)."
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    show_pii: ShowPiiOption = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Which certified studios are valid, expiring, expired, or have lost the title (clause 六.3).

    Example: dashi renewals registry.yaml --as-of 2027-04-27 --within 90
    """
    from dashi_cli.output import atomic_output, write_output
    from dashi_cli.registry import parse_statuses
    from dashi_cli.registry import renewals as compute
    from dashi_cli.reporters.dates import renewals_json, write_renewals

    day = _as_of(as_of) or date.today()
    try:
        if any(not path for path in paths or []):
            raise DashiError("an empty path was given")
        wanted = parse_statuses(status or [])
        if output_format is RenewalsFormat.xlsx:
            _binary_destination(output)
        folders = [Path(path) for path in paths or ["."]]
        inputs: list[Path | str] = [*folders, *([rules] if rules else [])]
        if output is not None:
            from dashi_cli.output import check_destination

            check_destination(output, force=force, inputs=inputs)
        pack = _load_pack(rules)
        window = within if within is not None else pack.parameters.expiry_warning_days.value
        report = compute(folders, pack, day, window, wanted, sheet)
        if output_format is RenewalsFormat.xlsx:
            from dashi_cli.reporters.xlsx import renewals_workbook

            document = renewals_json(report, lang.value, show_pii)
            data = renewals_workbook(document, lang.value)
            write_output(output, data, force=force, inputs=inputs)
        else:
            with atomic_output(output, force=force, inputs=inputs) as out:
                if output_format is RenewalsFormat.json and _CONFIG_FILE.get() is not None:
                    from dashi_cli.reporters.safe import json_text

                    document = renewals_json(report, lang.value, show_pii)
                    document["config"] = _CONFIG_FILE.get()
                    out.write(json_text(document, indent=2) + "\n")
                else:
                    write_renewals(report, output_format.value, lang.value, out, show_pii)
    except DashiError as exc:
        _fail(str(exc))
        return
    raise typer.Exit(report.exit_code())


def _binary_destination(output: Path | None) -> None:
    """An Excel workbook goes to a file (-o FILE), or to standard output only when that
    is not a terminal."""
    from dashi_cli.output import is_standard_output

    if (output is None or is_standard_output(output)) and sys.stdout.isatty():
        raise DashiError("an xlsx workbook is a binary file: write it with -o FILE")


@app.command("calendar", cls=DashiCommand)
def calendar_command(
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="table or json.")
    ] = TableOrJson.table,
    lang: LangOption = Language.zh,
    rules: RulesOption = None,
    calendar: CalendarOption = None,
) -> None:
    """Which years the working-day calendar covers, and from where.

    Example: dashi calendar --as-of 2026-11-26
    """
    from dashi_cli.dates.calendar import calendar_info
    from dashi_cli.reporters.dates import write_calendar

    day = _as_of(as_of) or date.today()
    try:
        _pack, work_calendar = _setup(rules, calendar)
        info = calendar_info(work_calendar, day)
    except DashiError as exc:
        _fail(str(exc))
        return
    write_calendar(info, output_format.value, lang.value, sys.stdout)


@app.command("rules", cls=DashiCommand)
def rules_command(
    lang: LangOption = Language.zh,
    rules: RulesOption = None,
    output_format: Annotated[
        RulesFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (code, severity, clause, title), json, or markdown (every rule's "
            "whole page: the catalogue docs/rules.md is generated with it).",
        ),
    ] = RulesFormat.table,
) -> None:
    """List every rule: code, severity, clause and title; or every page in Markdown or JSON.

    Example: dashi rules --format markdown > docs/rules.md
    """
    from dashi_cli.docs import pages
    from dashi_cli.engine import ensure_pack_covers
    from dashi_cli.reporters.docs import write_json, write_markdown, write_table

    try:
        pack = _load_pack(rules)
        ensure_pack_covers(pack)
    except DashiError as exc:
        _fail(str(exc))
        return
    every = pages(pack, lang.value)
    if output_format is RulesFormat.markdown:
        write_markdown(every, pack, lang.value, sys.stdout)
    elif output_format is RulesFormat.json:
        write_json(every, pack, lang.value, sys.stdout)
    else:
        write_table(every, lang.value, sys.stdout)


@app.command(cls=DashiCommand)
def explain(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A rule code, e.g. Q002.")],
    lang: LangOption = Language.zh,
    rules: RulesOption = None,
) -> None:
    """What a rule checks, in the policy's own words, with its parameters and examples.

    Example: dashi explain Q002
    """
    from dashi_cli.docs import page
    from dashi_cli.engine import ensure_pack_covers
    from dashi_cli.reporters.docs import write_page

    try:
        pack = _load_pack(rules)
        ensure_pack_covers(pack)
        found = page(code, pack, lang.value)
    except DashiError as exc:
        _fail(str(exc))
        return
    except KeyError:
        _fail(f"no rule with code {code!r} (dashi rules lists them)")
        return
    write_page(found, pack, lang.value, sys.stdout)


@app.command(cls=DashiCommand)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", readable=False, help="Write the schema to FILE."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace a file.")] = False,
    rules: RulesOption = None,
    lang: Annotated[
        Language, typer.Option(help="Language of help and messages: zh or en.")
    ] = Language.zh,
) -> None:
    """The JSON Schema of the dossier format, for editors and scripts.

    Example: dashi schema -o dashi-dossier.schema.json
    """
    import json

    from dashi_cli.output import atomic_output, check_destination
    from dashi_cli.schema import dossier_schema

    try:
        check_destination(output, force=force, inputs=[rules] if rules else [])
        document = dossier_schema(_load_pack(rules))
        with atomic_output(output, force=force, inputs=[rules] if rules else []) as out:
            json.dump(document, out, ensure_ascii=False, indent=2)
            out.write("\n")
    except DashiError as exc:
        _fail(str(exc))


@app.command(cls=DashiCommand)
def init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", readable=False, help="The dossier file to create.")
    ] = Path("dossier.yaml"),
    lang: Annotated[Language, typer.Option(help="Language of the comments: zh or en.")] = (
        Language.zh
    ),
) -> None:
    """Write a blank dossier whose comments name each form field and its clause.

    Example: dashi init 申报材料.yaml
    """
    import os
    from importlib import resources

    from dashi_cli.output import OutputExistsError, atomic_output, is_standard_output

    template = (resources.files("dashi_cli") / "templates" / "dossier.yaml").read_text("utf-8")
    text = _choose_language(template, lang.value)
    if os.path.isdir(path):
        _fail(f"{path} is a folder; name the file to create, e.g. {path / 'dossier.yaml'}")
        return
    try:
        with atomic_output(path) as out:
            out.write(text)
    except OutputExistsError:
        _fail(f"{path} exists; dashi init never replaces a file")
        return
    except DashiError as exc:
        _fail(str(exc))
        return
    if not is_standard_output(path):
        typer.echo(path)


def _choose_language(template: str, lang: str) -> str:
    """Comments are written {中文|English}; keep the one asked for."""
    import re

    index = 0 if lang == "zh" else 1
    return re.sub(r"\{([^{}|]*)\|([^{}]*)\}", lambda m: m.group(index + 1), template)


@app.command(cls=DashiCommand)
def form(
    dossier: Annotated[
        Path, typer.Argument(metavar="DOSSIER", help="The dossier to fill the form from.")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", readable=False, help="The .docx to write."),
    ] = Path("申请表.docx"),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    filled_on: Annotated[
        str | None,
        typer.Option(
            "--filled-on",
            metavar="DATE",
            help="填报时间 on the cover (default: the dossier's review.applied_on, else today).",
        ),
    ] = None,
    rules: RulesOption = None,
    lang: Annotated[
        Language, typer.Option(help="Language of help and messages: zh or en.")
    ] = Language.zh,
) -> None:
    """Write the annex's application form 《韶关市技能大师工作室申请表》 filled from a dossier.

    Personal data is not masked: this is the form itself.

    Example: dashi form examples/eligible.yaml -o 申请表.docx
    """
    import os

    from dashi_cli.application_form import form_bytes
    from dashi_cli.loading import load_file
    from dashi_cli.model import build_dossier
    from dashi_cli.output import check_destination, is_standard_output, write_output

    given = _as_of(filled_on, "--filled-on")
    inputs = [dossier, *([rules] if rules else [])]
    try:
        if not os.path.isfile(dossier):
            raise DashiError(f"no such file: {dossier}")
        check_destination(output, force=force, inputs=inputs)
        pack = _load_pack(rules)
        loaded = load_file(dossier)
        if not loaded.readable:
            raise DashiError(f"{dossier} cannot be read: run dashi check {dossier}")
        modelled = build_dossier(loaded, pack).dossier
        applied = modelled.review.applied_on if modelled.review is not None else None
        day = given or applied or date.today()  # the applicant's date, when the dossier has it
        data = form_bytes(modelled, day)
        to_stdout = is_standard_output(output)
        write_output(output, data, force=force, inputs=inputs)
        errors = _errors_in(dossier, pack, day)
    except DashiError as exc:
        _fail(str(exc))
        return
    if errors:
        _say(
            f"the dossier has {errors} error(s): the form shows what it holds; "
            f"see dashi check {dossier}"
        )
    if not to_stdout:
        typer.echo(output)


def _errors_in(dossier: Path, pack: "Pack", day: date) -> int:
    """How many errors `dashi check` finds in a dossier (for form's warning)."""
    from dashi_cli.engine import check_file
    from dashi_cli.findings import Severity

    return check_file(dossier, pack, day).count(Severity.ERROR)


@app.command("import", cls=DashiCommand)
def import_command(
    form_file: Annotated[
        Path,
        typer.Argument(metavar="FORM", help="A filled application form, .docx (or .doc)."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            readable=False,
            help="The dossier to write (default: FORM's name with .yaml; - for stdout).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    rules: RulesOption = None,
    lang: Annotated[
        Language,
        typer.Option(help="Language of the dossier's keys and of messages: zh or en."),
    ] = Language.zh,
    show_pii: Annotated[
        bool,
        typer.Option("--show-pii", help="Show ID, phone and account numbers unmasked in messages."),
    ] = False,
) -> None:
    """Read a filled application form (申请表 .docx) back into a dossier.

    Every box found is filled in; every box not found is left empty with a comment
    naming it, so that dashi check reports what is missing. A value that cannot be
    placed is listed on stderr with its table, row and column, never guessed.

    Example: dashi import 申请表.docx -o 申报材料.yaml
    """
    import os

    from dashi_cli.formread import FormError, dossier_yaml, read_form_file
    from dashi_cli.output import check_destination, is_standard_output, write_output

    target = output if output is not None else form_file.with_suffix(".yaml")
    inputs = [form_file, *([rules] if rules else [])]
    try:
        if not os.path.isfile(form_file):
            raise DashiError(f"no such file: {form_file}")
        check_destination(target, force=force, inputs=inputs)
        pack = _load_pack(rules)
        read = read_form_file(form_file, pack)
        text = dossier_yaml(read, lang.value)
        to_stdout = is_standard_output(target)
        write_output(target, text.encode("utf-8"), force=force, inputs=inputs)
    except FormError as exc:
        _fail(exc.zh if _LANG.get() == "zh" else exc.en)
        return
    except DashiError as exc:
        _fail(str(exc))
        return
    from dashi_cli.privacy import mask_text
    from dashi_cli.reporters.safe import visible

    for unplaced in read.unplaced:  # the dossier holds the form's values; messages are masked
        prefix = "dashi：" if lang is Language.zh else "dashi: "
        line = unplaced.describe(lang.value)
        line = line if show_pii else mask_text(line)
        typer.echo(visible(prefix + line, newlines=False), err=True)
    if not to_stdout:
        typer.echo(target)


def main() -> None:
    """The `dashi` command: exit 0, 1 (findings) or 2 (a usage problem, in one line on
    stderr); 128+N when ended by signal N: 141 when the reader of its output has gone
    (`dashi … | head`), 143 on SIGTERM and 129 on SIGHUP, with no file half-written."""
    from dashi_cli.output import finish_standard_output, guard_standard_streams

    guard_standard_streams()
    _end_on_signals()
    # Set-up (imports, models, the pack) makes some 100,000 objects that live as long
    # as the run and next to no garbage: the collector waits until it is done
    # (:func:`_settled`), instead of walking them all again and again.
    gc.set_threshold(SETTING_UP, 20, 20)
    _no_pydantic_plugins()
    code = _exit_code(_app_for(sys.argv[1:]))
    failure = finish_standard_output()
    if failure is not None and code in (0, 1, None):  # output was lost, unreported so far

        def fail() -> None:
            raise failure

        code = _exit_code(fail)
    raise SystemExit(code)


def run() -> None:
    """The `dashi` executable: :func:`main`, then out of the process at once. Python's own
    shutdown (tearing down every module and object, some 25 ms) is skipped once the
    output is flushed; when a stream cannot be flushed, Python's shutdown runs as usual
    and says so in its own way."""
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if code is None:
        code = 0
    if not isinstance(code, int) or isinstance(code, bool) or not 0 <= code <= 255:
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            raise SystemExit(code) from None
    os._exit(code)


def _no_pydantic_plugins() -> None:
    """The dashi command loads no pydantic plugins (observability hooks for services):
    looking for them imports importlib.metadata and reads every installed package's
    entry points, about 8 ms a run. pydantic asks its plugin loader for them; the
    loader is given here as one that has none."""
    import types

    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    loader = types.ModuleType(name)
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = loader


def _app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command the command line names (after any --lang), so
    that typer builds that command's options and not every command's (about 6 ms);
    the whole app when it names none (help, completion, a mistyped command)."""
    names = {
        info.name or getattr(info.callback, "__name__", "").replace("_", "-"): info
        for info in app.registered_commands
    }
    rest = list(argv)
    while rest and rest[0].partition("=")[0] in _MOVABLE:
        takes_next = _MOVABLE.get(rest[0], False)
        rest = rest[2:] if takes_next else rest[1:]
    if not rest or rest[0] not in names:
        return app
    if any(arg in names for arg in argv[: len(argv) - len(rest)]):
        return app  # `--lang rules check`: the whole app says what is wrong, as always
    single = copy.copy(app)
    single.registered_commands = [names[rest[0]]]
    return single


def _exit_code(run: Callable[[], object]) -> int | str | None:
    import signal

    from dashi_cli.output import PipeClosed, silence_standard_output

    try:
        run()
    except SystemExit as done:
        return done.code
    except (PipeClosed, BrokenPipeError):
        silence_standard_output()
        return 128 + signal.SIGPIPE
    except DashiError as exc:  # standard output closed or full, outside a command
        _say(str(exc))
        return 2
    return 0


def _end_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: what is being written is removed,
    and the exit code is 128 + the signal's number. A signal ignored when dashi starts
    (`nohup`) stays ignored."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        for each in (signal.SIGTERM, signal.SIGHUP):  # the clean-up is not interrupted
            signal.signal(each, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, stop)

"""The configuration file, ``dashi.toml``: defaults for the options of ``check``,
``renewals`` and ``notice-end`` (docs/config.md).

Which file: ``--config PATH``; else ``dashi.toml`` in the current folder or the
nearest parent that has one (the search stops at the first found); none with
``--isolated`` or when the environment variable ``DASHI_NO_CONFIG`` is set to
anything but an empty text. Finding costs one ``lstat`` per folder up to the
root; :mod:`tomllib` is imported only when a file is found.

What it holds: keys named as the long options (``as-of`` or ``as_of``), at the
top (for every one of the three commands that has that option) or in a table
named after a command (``[check]``, ``[renewals]``, ``[notice-end]``), which
wins over the top for that command. Paths in it are relative to the file's
folder. The whole file is checked on every run, whatever the command: an
unknown key or table, a value of the wrong type, a choice that is not one, a
number out of range, a date that is not one is a :class:`ConfigError` naming
the file and the key (a usage error, exit 2).

Nothing here decides that the command line wins: the values found are given to
click as the command's ``default_map``, which click reads only for the options
the command line leaves out.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Any

from dashi_cli.errors import DashiError
from dashi_cli.files import NotReadable, read_bounded, reason, shown

NAME = "dashi.toml"
# the environment variable that turns the search off (tests, scripts that want none)
NO_CONFIG_VARIABLE = "DASHI_NO_CONFIG"
MAX_BYTES = 1024 * 1024

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    Kind: TypeAlias = Literal[
        "flag", "int", "text", "date", "path", "paths", "codes", "choice", "choices", "statuses"
    ]


class Spec:
    """One long option a config file may set: the command's parameter, what it takes.
    (Plain classes here, not dataclasses or named tuples: this module is imported on
    every run of the three commands, and those are made by compiling code.)"""

    __slots__ = ("choices", "high", "kind", "low", "param")

    def __init__(
        self,
        param: str,
        kind: Kind,
        choices: tuple[str, ...] = (),
        low: int | None = None,
        high: int | None = None,
    ) -> None:
        self.param = param
        self.kind = kind
        self.choices = choices
        self.low = low
        self.high = high


_LANG = Spec("lang", "choice", ("zh", "en"))
_RULES = Spec("rules", "path")
_CALENDAR = Spec("calendar", "paths")
_AS_OF = Spec("as_of", "date")
_STRICT = Spec("strict", "flag")
_SHOW_PII = Spec("show_pii", "flag")

# command → long option (without --) → what it takes; tests/test_config.py holds this
# table against the commands themselves (names, choices, ranges)
OPTIONS: dict[str, dict[str, Spec]] = {
    "check": {
        "format": Spec(
            "output_format", "choice", ("table", "json", "jsonl", "csv", "concise", "xlsx")
        ),
        "strict": _STRICT,
        "as-of": _AS_OF,
        "lang": _LANG,
        "rules": _RULES,
        "calendar": _CALENDAR,
        "select": Spec("select", "codes"),
        "ignore": Spec("ignore", "codes"),
        "summary": Spec("summary", "flag"),
        "statistics": Spec("statistics", "flag"),
        "output": Spec("output", "path"),
        "force": Spec("force", "flag"),
        "show-pii": _SHOW_PII,
        "max-size": Spec("max_size", "int", low=1, high=1 << 30),
        "jobs": Spec("jobs", "int", low=1, high=64),
    },
    "renewals": {
        "as-of": _AS_OF,
        "within": Spec("within", "int", low=0),
        # statuses in English or Chinese, or comma lists of them: checked as the command
        # line's are (dashi_cli.registry.parse_statuses)
        "status": Spec("status", "statuses"),
        "format": Spec("output_format", "choice", ("table", "json", "csv", "xlsx")),
        "lang": _LANG,
        "rules": _RULES,
        "sheet": Spec("sheet", "text"),
        "output": Spec("output", "path"),
        "force": Spec("force", "flag"),
        "show-pii": _SHOW_PII,
    },
    "notice-end": {
        "start": Spec("start", "date"),
        "days": Spec("days", "int", low=1, high=366),
        "exclude-start": Spec("exclude_start", "flag"),
        "format": Spec("output_format", "choice", ("table", "json", "text")),
        "strict": _STRICT,
        "lang": _LANG,
        "rules": _RULES,
        "calendar": _CALENDAR,
    },
}
# options of the command line alone: which file to read cannot be said in a file
COMMAND_LINE_ONLY = ("config", "isolated", "help")

_EXPECTED: dict[Kind | Literal["table"], str] = {
    "flag": "true or false",
    "int": "a whole number",
    "text": "a text in quotes",
    "date": "a date (YYYY-MM-DD)",
    "path": "a path in quotes",
    "paths": "a path or a list of paths",
    "codes": "a text or a list of texts",
    "statuses": "a text or a list of texts",
    "choice": "a text in quotes",
    "choices": "a text or a list of texts",
    "table": "a table",
}


class ConfigError(DashiError):
    """A config file that cannot be used; ``lang`` is the language the file asks for,
    when it can be told (the message is shown in it unless --lang is given)."""

    def __init__(self, message: str, lang: str | None = None) -> None:
        super().__init__(message)
        self.lang = lang


class Config:
    """A config file read and checked: its absolute path, and for the command asked
    about its parameters' values as click takes them (by parameter name)."""

    __slots__ = ("defaults", "path")

    def __init__(self, path: str, defaults: dict[str, Any]) -> None:
        self.path = path
        self.defaults = defaults


def find(explicit: str | None, isolated: bool) -> str | None:
    """The config file to read, as an absolute path: ``explicit`` (--config), else the
    nearest dashi.toml; None with ``isolated``, DASHI_NO_CONFIG, or none found. What is
    found is returned whatever it is (a folder, a link to nothing): reading says why it
    cannot be used, rather than a file silently skipped."""
    if explicit is not None:
        if isolated:
            raise ConfigError("--config and --isolated cannot be used together")
        if not explicit:
            raise ConfigError("an empty path was given")
        try:
            return os.path.abspath(explicit)
        except (OSError, ValueError):
            raise ConfigError(f"not a valid path: {shown(explicit)!r}") from None
    if isolated or os.environ.get(NO_CONFIG_VARIABLE):
        return None
    try:
        here = os.getcwd()
    except OSError:  # the current folder was removed: there is nothing to search from
        return None
    while True:
        candidate = os.path.join(here, NAME)
        if os.path.lexists(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def load(path: str, command: str, explicit: bool = False) -> Config:
    """The config file at path, checked whole, with the defaults it gives ``command``."""
    text = _text(path, explicit)
    import tomllib

    where = f"config file {shown(path)}"
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: {exc}", _lang_in(text)) from None
    except RecursionError:
        raise ConfigError(f"{where}: nested too deeply", _lang_in(text)) from None
    return _Reader(path, where, document, command).config()


def _text(path: str, explicit: bool) -> str:
    """The file's text: a regular file of at most 1 MB, UTF-8 (a byte-order mark, as
    Windows Notepad writes, is allowed). Opened without blocking, so that a FIFO named
    dashi.toml is refused rather than waited on."""
    where = f"config file {shown(path)}"
    try:
        raw = read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        raise ConfigError(
            f"no such config file: {shown(path)}" if explicit else f"{where}: {_NO_SUCH}"
        ) from None
    except NotReadable as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{where}: {reason(exc)}") from None
    except ValueError:  # an embedded NUL
        raise ConfigError(f"not a valid path: {shown(path)!r}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{where}: not UTF-8 text (line {line})") from None


_NO_SUCH = "No such file or directory"


def _lang_in(text: str) -> str | None:
    """The language a file that cannot be parsed asks for (a line `lang = "en"`), so
    that its error is said in it."""
    import re

    found = re.search(r'^\s*lang\s*=\s*["\'](zh|en)["\']', text, re.M)
    return found.group(1) if found else None


def _canonical(key: str) -> str:
    return key.replace("_", "-")


def _value_text(value: object) -> str:
    """A value as TOML writes it, cut short: what the message shows was given."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value + '"'
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, list):
        text = "[" + ", ".join(_value_text(v) for v in value[:4]) + (", …]" if value[4:] else "]")
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k} = …" for k in list(value)[:3]) + "}"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


class _Reader:
    """One config document checked key by key, the first problem raised."""

    def __init__(self, path: str, where: str, document: dict[str, Any], command: str) -> None:
        self.path = path
        self.folder = os.path.dirname(path)
        self.where = where
        self.document = document
        self.command = command
        self.top: dict[str, tuple[str, Any]] = {}  # long option → (key as written, value)
        self.tables: dict[str, tuple[str, dict[str, tuple[str, Any]]]] = {}
        self.lang = self._lang()

    def fail(self, message: str) -> ConfigError:
        return ConfigError(f"{self.where}{message}", self.lang)

    def _lang(self) -> str | None:
        """The language asked for the command (its table's lang, else the top's), if valid."""
        table = next((v for k, v in self.document.items() if _canonical(k) == self.command), None)
        for scope in (table, self.document):
            if isinstance(scope, dict):
                value = next((v for k, v in scope.items() if k == "lang"), None)
                if value in ("zh", "en"):
                    return str(value)
        return None

    def config(self) -> Config:
        every = {name for options in OPTIONS.values() for name in options}
        for key, value in self.document.items():
            name = _canonical(key)
            if name in OPTIONS:
                if not isinstance(value, dict):
                    raise self._expected(key, "table", value)
                if name in self.tables:
                    raise self._twice(name, self.tables[name][0], key)
                self.tables[name] = (key, self._table(key, name, value))
            elif name in every:
                if name in self.top:
                    raise self._twice(name, self.top[name][0], key)
                self.top[name] = (key, value)
            elif isinstance(value, dict):
                raise self.fail(
                    f": unknown table [{key}] (dashi reads [check], [renewals] and "
                    f"[notice-end]){self._guess(name, list(OPTIONS), '[{}]')}"
                )
            else:
                raise self._unknown(key, None, every | set(OPTIONS))
        defaults: dict[str, Any] = {}
        for command, options in OPTIONS.items():
            own = self.tables.get(command, ("", {}))[1]
            for name, spec in options.items():
                if name in own:
                    key, value = own[name]
                    shown_key, context = f"{self.tables[command][0]}.{key}", ""
                elif name in self.top:
                    key, value = self.top[name]
                    shown_key, context = key, command
                else:
                    continue
                converted = self._convert(shown_key, context, spec, value)
                if command == self.command:
                    defaults[spec.param] = converted
        return Config(self.path, defaults)

    def _table(self, key: str, name: str, table: dict[str, Any]) -> dict[str, tuple[str, Any]]:
        options = OPTIONS[name]
        found: dict[str, tuple[str, Any]] = {}
        for inner, value in table.items():
            option = _canonical(inner)
            if option not in options:
                raise self._unknown(inner, key, options)
            if option in found:
                raise self._twice(f"{key}.{option}", f"{key}.{found[option][0]}", f"{key}.{inner}")
            found[option] = (inner, value)
        return found

    def _unknown(self, key: str, table: str | None, known: Any) -> ConfigError:
        if _canonical(key) in COMMAND_LINE_ONLY:
            return self.fail(f": '{key}' is an option of the command line only")
        place = f" in [{table}]" if table is not None else ""
        return self.fail(f": unknown key '{key}'{place}{self._guess(_canonical(key), known)}")

    @staticmethod
    def _guess(name: str, known: Any, form: str = "'{}'") -> str:
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        return f"; did you mean {form.format(close[0])}?" if close else ""

    def _twice(self, name: str, first: str, second: str) -> ConfigError:
        return self.fail(f", key {name}: given twice ({first} and {second})")

    def _expected(self, key: str, kind: Kind | Literal["table"], value: object) -> ConfigError:
        return self.fail(f", key {key}: expected {_EXPECTED[kind]}, got {_value_text(value)}")

    def _convert(self, key: str, command: str, spec: Spec, value: Any) -> Any:
        """The value as click takes it for the option: checked, paths made absolute."""
        label = f"{key} (for {command})" if command else key
        kind = spec.kind
        if kind == "flag":
            if not isinstance(value, bool):
                raise self._expected(key, kind, value)
            return value
        if kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                raise self._expected(key, kind, value)
            if (spec.low is not None and value < spec.low) or (
                spec.high is not None and value > spec.high
            ):
                span = (
                    f"from {spec.low} to {spec.high}"
                    if spec.high is not None
                    else f"at least {spec.low}"
                )
                raise self.fail(f", key {key}: must be {span}, got {value}")
            return value
        if kind == "date":
            return self._date(key, value)
        if kind in ("paths", "codes", "choices", "statuses"):
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise self._expected(key, kind, value)
            if kind == "paths":
                return [self._path(key, item) for item in items]
            if kind == "statuses":
                from dashi_cli.statuses import parse_statuses

                try:
                    parse_statuses(items)
                except DashiError as exc:
                    raise self.fail(f", key {label}: {exc}") from None
            if kind == "choices":
                for item in items:
                    self._choice(label, spec, item)
            return list(items)
        if not isinstance(value, str):
            raise self._expected(key, kind, value)
        if kind == "path":
            return "-" if value == "-" and spec.param == "output" else self._path(key, value)
        if kind == "choice":
            self._choice(label, spec, value)
        return value

    def _choice(self, label: str, spec: Spec, value: str) -> None:
        if value not in spec.choices:
            raise self.fail(f", key {label}: '{value}' is not one of {', '.join(spec.choices)}.")

    def _path(self, key: str, value: str) -> str:
        if not value:
            raise self.fail(f", key {key}: an empty path was given")
        if "\x00" in value:  # TOML can say \u0000; no system call can take it
            raise self.fail(f", key {key}: not a valid path: {shown(value)!r}")
        return os.path.join(self.folder, value)

    def _date(self, key: str, value: Any) -> str:
        from dashi_cli.textforms import FIRST_YEAR, LAST_YEAR, parse_date

        if type(value) is date:  # a TOML date (2026-11-26 without quotes)
            value = value.isoformat()
        if not isinstance(value, str):
            raise self._expected(key, "date", value)
        if parse_date(value) is None:
            span = f"{FIRST_YEAR}–{LAST_YEAR}"
            raise self.fail(f", key {key}: not a date (YYYY-MM-DD, {span}): {value}")
        return value


__all__ = ["NAME", "NO_CONFIG_VARIABLE", "OPTIONS", "Config", "ConfigError", "Spec", "find", "load"]

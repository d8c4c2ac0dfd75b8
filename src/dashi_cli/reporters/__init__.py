"""Reporters: turn a :class:`CheckReport` into text. They format; they never decide."""

from __future__ import annotations

from dashi_cli.reporters.base import Reporter, ReportOptions
from dashi_cli.reporters.csv import CsvReporter
from dashi_cli.reporters.json import JsonReporter
from dashi_cli.reporters.table import TableReporter

REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "table": TableReporter,
    "json": JsonReporter,
    "csv": CsvReporter,
}

__all__ = ["REPORTER_BY_NAME", "ReportOptions", "Reporter"]

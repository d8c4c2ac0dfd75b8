"""Reporters: turn results into text, one dossier at a time. They format; they never decide."""

from __future__ import annotations

from dashi_cli.reporters.base import Reporter, ReportOptions, RunInfo

FORMATS = ("table", "json", "jsonl", "csv", "concise")


def reporter_for(name: str, options: ReportOptions, *, statistics: bool = False) -> Reporter:
    """The reporter of a format; imported only when used (rich only for tables)."""
    if statistics:
        from dashi_cli.reporters.statistics import StatisticsJsonReporter, StatisticsReporter

        return (StatisticsReporter if name == "table" else StatisticsJsonReporter)(options)
    if name == "table":
        from dashi_cli.reporters.table import TableReporter

        return TableReporter(options)
    if name == "xlsx":  # the summary is a sheet of it: one workbook whatever is asked
        from dashi_cli.reporters.xlsx import XlsxReporter

        return XlsxReporter(options)
    if name == "concise":
        from dashi_cli.reporters.concise import ConciseReporter

        return ConciseReporter(options)
    if options.summary_only:  # one record per dossier, every format alike
        from dashi_cli.reporters import summary

        return {
            "csv": summary.SummaryCsvReporter,
            "jsonl": summary.SummaryJsonLinesReporter,
        }.get(name, summary.SummaryJsonReporter)(options)
    if name == "csv":
        from dashi_cli.reporters.csv import CsvReporter

        return CsvReporter(options)
    from dashi_cli.reporters.json import JsonLinesReporter, JsonReporter

    return (JsonLinesReporter if name == "jsonl" else JsonReporter)(options)


__all__ = ["FORMATS", "ReportOptions", "Reporter", "RunInfo", "reporter_for"]

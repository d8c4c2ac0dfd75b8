"""The rule documentation: the page `dashi explain CODE` prints, the list `dashi rules`
prints, and the Markdown catalogue (`dashi rules --format markdown`) that `docs/rules.md`
is generated from. They format :class:`~dashi_cli.docs.Page` values; they never decide."""

from __future__ import annotations

from typing import TextIO

from dashi_cli.docs import Page, Parameter
from dashi_cli.i18n import ui
from dashi_cli.pack import Lang, Pack
from dashi_cli.reporters.safe import cell, json_text, visible


def clause_label(page: Page, lang: Lang) -> str:
    """The clause a rule cites, with its title: 一 认定条件 / Conditions (一)."""
    if page.clause == "—":
        return "—"
    if lang == "zh":
        return f"{page.clause} {page.clause_title}".strip()
    return f"{page.clause_title} ({page.clause})" if page.clause_title else f"({page.clause})"


def _value(parameter: Parameter, pack: Pack, lang: Lang) -> str:
    value = parameter.value
    text = "–".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
    if lang == "en" and isinstance(value, str):
        return pack.english(value) or text
    return text


def parameter_line(parameter: Parameter, pack: Pack, lang: Lang, name: str = "") -> str:
    """``name = value (clause)``; ``name`` as shown (`code` in Markdown) when given."""
    value = _value(parameter, pack, lang)
    where = f"（{parameter.clause}）" if lang == "zh" else f" ({parameter.clause})"
    return f"{name or parameter.name} = {value}{where}"


def write_page(page: Page, pack: Pack, lang: Lang, out: TextIO) -> None:
    """One rule's page, as `dashi explain` prints it."""
    from rich.console import Console

    # long lines are left to the terminal to wrap: rich would break Chinese text at
    # the last space it finds, leaving a ragged line before every `code` span
    console = Console(file=out, highlight=False, soft_wrap=True)
    colon = "：" if lang == "zh" else ": "
    # every text here may come from a custom rules pack: shown through `cell`
    console.print(cell(f"{page.code}  {page.title}", "bold", newlines=False))
    console.print(
        cell(
            f"{ui('severity', lang)}{colon}{ui('sev_' + page.severity, lang)}    "
            f"{ui('clause', lang)}{colon}{clause_label(page, lang)}"
        )
    )
    if page.clause_text:
        console.print()
        console.print(cell(ui("policy_text", lang), "bold"))
        console.print(cell(page.clause_text))
    console.print()
    console.print(cell(ui("what_it_checks", lang), "bold"))
    console.print(cell(page.doc.text))
    for example in page.doc.examples:
        console.print()
        console.print(cell(f"{example.caption}{colon.strip()}", "bold"))
        console.print(cell("\n".join("    " + line for line in example.yaml.splitlines())))
    if page.parameters:
        console.print()
        console.print(cell(ui("parameters", lang), "bold"))
        for parameter in page.parameters:
            console.print(cell(f"- {parameter_line(parameter, pack, lang)}"))
            console.print(cell(f"  {parameter.interpretation}"))
    if page.interpretation:
        console.print()
        console.print(cell(ui("interpretation", lang), "bold"))
        console.print(cell(page.interpretation))


def write_table(pages: tuple[Page, ...], lang: Lang, out: TextIO) -> None:
    """Every rule a line: code, severity, clause and title."""
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    for key in ("code", "severity", "clause", "title"):
        table.add_column(ui(key, lang))
    for page in pages:
        table.add_row(
            cell(page.code), ui("sev_" + page.severity, lang), cell(page.clause), cell(page.title)
        )
    Console(file=out, highlight=False).print(table)


def write_json(pages: tuple[Page, ...], pack: Pack, lang: Lang, out: TextIO) -> None:
    """Every rule as data: code, severity, clause, title, text and examples."""
    rules = [
        {
            "code": page.code,
            "severity": page.severity,
            "clause": page.clause,
            "clause_title": page.clause_title,
            "clause_text": page.clause_text,
            "title": page.title,
            "checks": page.doc.text,
            "examples": [{"caption": e.caption, "yaml": e.yaml} for e in page.doc.examples],
            "parameters": [
                {
                    "name": p.name,
                    "value": list(p.value) if isinstance(p.value, tuple) else p.value,
                    "clause": p.clause,
                    "interpretation": p.interpretation,
                }
                for p in page.parameters
            ],
            "interpretation": page.interpretation,
        }
        for page in pages
    ]
    document = {"policy": {"id": pack.id, "document": pack.document.number}, "lang": lang}
    out.write(json_text({**document, "rules": rules}, indent=2) + "\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def write_markdown(pages: tuple[Page, ...], pack: Pack, lang: Lang, out: TextIO) -> None:
    """The rule catalogue as one Markdown page (docs/rules.md, docs/rules.en.md)."""
    colon = "：" if lang == "zh" else ": "
    lines = [
        f"# {ui('md_title', lang)}",
        "",
        ui(
            "md_intro",
            lang,
            number=pack.document.number,
            title=pack.document.title(lang),
            command="dashi rules --format markdown" + (" --lang en" if lang == "en" else ""),
        ),
        "",
        ui("md_severities", lang),
        "",
        f"| {ui('code', lang)} | {ui('severity', lang)} | {ui('clause', lang)} "
        f"| {ui('title', lang)} |",
        "|---|---|---|---|",
    ]
    for page in pages:
        lines.append(
            f"| {page.code} | {ui('sev_' + page.severity, lang)} | {page.clause} "
            f"| {_cell(page.title)} |"
        )
    for page in pages:
        between = "；" if lang == "zh" else "; "
        lines += [
            "",
            f"## {page.code} {page.title}",
            "",
            f"{ui('severity', lang)}{colon}{ui('sev_' + page.severity, lang)}{between}"
            f"{ui('clause', lang)}{colon}{clause_label(page, lang)}",
        ]
        if page.clause_text:
            lines += ["", f"**{ui('policy_text', lang)}**", "", _quote(page.clause_text)]
        lines += ["", f"**{ui('what_it_checks', lang)}**", "", page.doc.text]
        for example in page.doc.examples:
            lines += ["", f"*{example.caption}*", "", "```yaml", example.yaml, "```"]
        if page.parameters:
            lines += ["", f"**{ui('parameters', lang)}**", ""]
            for parameter in page.parameters:
                line = parameter_line(parameter, pack, lang, f"`{parameter.name}`")
                lines.append(f"- {line}{colon}{parameter.interpretation}")
        if page.interpretation:
            lines += ["", f"**{ui('interpretation', lang)}**", "", page.interpretation]
    out.write(visible("\n".join(lines)) + "\n")  # a page to read: no raw controls

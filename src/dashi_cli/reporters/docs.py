"""The page `dashi explain CODE` prints."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from dashi_cli.docs import Page
from dashi_cli.i18n import ui
from dashi_cli.pack import Lang


def write_page(page: Page, lang: Lang, out: TextIO) -> None:
    console = Console(file=out, highlight=False)
    console.print(Text(f"{page.code}  {page.title}", style="bold"))
    clause = f"{page.clause} {page.clause_title}".strip() if page.clause != "—" else "—"
    console.print(
        f"{ui('severity', lang)}：{ui(page.severity, lang)}    {ui('clause', lang)}：{clause}"
    )
    if page.clause_text:
        console.print()
        console.print(Text(ui("policy_text", lang), style="bold"))
        console.print(page.clause_text)
    console.print()
    console.print(Text(ui("what_it_checks", lang), style="bold"))
    console.print(page.doc)
    if page.parameters:
        console.print()
        console.print(Text(ui("parameters", lang), style="bold"))
        for parameter in page.parameters:
            console.print(f"- {parameter.name} = {parameter.value}（{parameter.clause}）")
            console.print(f"  {parameter.interpretation}")
    if page.interpretation:
        console.print()
        console.print(Text(ui("interpretation", lang), style="bold"))
        console.print(page.interpretation)

"""Rule case files (tests/cases/<CODE>.yaml): the format and how one case is run.

A case file::

    rule: C001
    cases:
      - name: enterprise passes          # what the case shows
        base: eligible                   # examples/<base>.yaml (default eligible); or
        raw: "text of a whole dossier"   # instead of a base; raw_base64 for bytes
        set: {applicant.kind: 个体工商户}  # dotted paths with [i]; a new key is added
        delete: [members]                # paths removed
        as_of: 2026-11-26                # default 2026-11-26
        fires: true                      # whether `rule` is among the codes
        field: applicant.kind            # when firing: some finding of rule has this field
        count: 1                         # when firing: how many findings of rule
        message: 个体工商户               # when firing: some message contains this (zh)
        waived: [C001]                   # the codes of the findings a waiver accepted
        eligible: true                   # the verdict (waived findings do not count)
        form:                            # checked as its application form (.docx), with
          cells: {"7,8": 八十年代}          # cells of table 1 (row, column; 1-based) retyped
          rows: [备注文字]                  # rows added, the text in their fourth cell
        others:                          # dossiers checked before this one, in one batch
          - {set: {studio.name: 另一个工作室}}   # each: base/set/delete as above
"""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from dashi_cli.engine import check_file, check_files
from dashi_cli.findings import DossierResult
from dashi_cli.pack import Pack
from dashi_cli.paths import parse

CASES = Path(__file__).parent / "cases"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.rule}: {self.name}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == data["rule"], f"{path.name} declares rule {data['rule']}"
        for spec in data["cases"]:
            cases.append(Case(data["rule"], spec["name"], spec))
    return cases


def _set(data: Any, path: str, value: Any) -> None:
    parts = parse(path)
    node = data
    for part, following in itertools.pairwise(parts):
        if isinstance(part, str) and (part not in node or node[part] is None):
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    node[parts[-1]] = value


def _delete(data: Any, path: str) -> None:
    parts = parse(path)
    node = data
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]


def build(case: Case, tmp: Path, spec: dict[str, Any] | None = None, name: str = "dossier") -> Path:
    spec = case.spec if spec is None else spec
    target = tmp / f"{name}.yaml"
    if "raw_base64" in spec:
        target.write_bytes(base64.b64decode(spec["raw_base64"]))
        return target
    if "raw" in spec:
        target.write_text(spec["raw"], encoding="utf-8")
        return target
    base = EXAMPLES / f"{spec.get('base', 'eligible')}.yaml"
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    for path, value in (spec.get("set") or {}).items():
        _set(data, path, value)
    for path in spec.get("delete") or []:
        _delete(data, path)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if "form" in spec:
        target = _as_form(target, spec["form"] or {})
    for name, content in (spec.get("files") or {}).items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(content, encoding="utf-8")
    return target


def _as_form(dossier: Path, edits: dict[str, Any]) -> Path:
    """The dossier as its application form (dashi form's), edited by hand as a case says."""
    import io

    from docx import Document

    from dashi_cli.application_form import form_bytes
    from dashi_cli.loading import load_file
    from dashi_cli.model import build_dossier
    from dashi_cli.pack import load_pack

    modelled = build_dossier(load_file(dossier), load_pack()).dossier
    document = Document(io.BytesIO(form_bytes(modelled, date(2026, 11, 1))))
    table = document.tables[0]
    for place, text in (edits.get("cells") or {}).items():
        row, column = (int(n) for n in place.split(","))
        table.cell(row - 1, column - 1).text = text
    for text in edits.get("rows") or []:
        table.add_row().cells[3].text = text
    form = dossier.with_suffix(".docx")
    document.save(str(form))
    return form


def run(case: Case, pack: Pack, tmp: Path) -> DossierResult:
    as_of = case.spec.get("as_of", date(2026, 11, 26))
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    others = [
        build(case, tmp, spec, f"other-{i}") for i, spec in enumerate(case.spec.get("others", []))
    ]
    if not others:
        return check_file(build(case, tmp), pack, as_of)
    paths = [*others, build(case, tmp)]
    return check_files(paths, pack, as_of).dossiers[-1]

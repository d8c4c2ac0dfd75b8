"""The officer's experience: Chinese keys, init, rules/explain, schema, the form (issue 6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES, catalogue
from dashi_cli.cli import app
from dashi_cli.model.keys import ZH_KEYS, model_path

AS_OF = ("--as-of", "2026-11-26")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _chinese(value: Any, path: tuple[Any, ...] = (), every: int = 1) -> Any:
    """The same data under Chinese keys (every n-th key, to mix both)."""
    if isinstance(value, list):
        return [_chinese(v, (*path, i), every) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    names = {english: zh for zh, english in reversed(ZH_KEYS.get(model_path(path), {}).items())}
    out = {}
    for index, (key, child) in enumerate(value.items()):
        label = names.get(key, key) if index % every == 0 else key
        out[label] = _chinese(child, (*path, key), every)
    return out


def _findings(path: Path) -> list[dict[str, Any]]:
    _code, out, _ = run("check", str(path), *AS_OF, "-f", "json")
    return json.loads(out)["dossiers"][0]["findings"]


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
@pytest.mark.parametrize("every", [1, 2])
def test_chinese_keys_give_identical_findings(tmp_path: Path, example: str, every: int) -> None:
    data = yaml.safe_load((EXAMPLES / example).read_text("utf-8"))
    english = tmp_path / "en.yaml"
    chinese = tmp_path / "zh.yaml"
    dump = {"allow_unicode": True, "sort_keys": False}
    english.write_text(yaml.safe_dump(data, **dump), "utf-8")
    chinese.write_text(yaml.safe_dump(_chinese(data, every=every), **dump), "utf-8")
    if every == 1:
        assert "申报单位名称" in chinese.read_text("utf-8")
    assert _findings(chinese) == _findings(english)


def test_both_names_of_one_key_is_y003(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("studio:\n  name: 甲工作室\n  工作室名称: 乙工作室\n", "utf-8")
    codes = [(f["code"], f["field"], f["line"]) for f in _findings(path)]
    assert ("Y003", "studio.name", 3) in codes


def test_a_typo_in_a_chinese_key_gets_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("申报单位:\n  申报单位名: 某公司\n", "utf-8")
    y002 = [f for f in _findings(path) if f["code"] == "Y002"]
    assert y002 and "申报单位名称" in y002[0]["message"]


def test_init_then_check_gives_a_clean_f001_listing(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    assert run("init", str(path))[0] == 0
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "申报单位名称" in text and "第一条" in text  # the form's fields and their clauses
    code, out, _ = run("check", str(path), "-f", "json")
    findings = json.loads(out)["dossiers"][0]["findings"]
    assert code == 1 and [f["code"] for f in findings if f["code"] == "F001"] == ["F001"]
    assert not [f for f in findings if f["code"] in ("Y001", "Y002", "Y003")]
    assert run("init", str(tmp_path / "en.yaml"), "--lang", "en")[0] == 0
    assert "applicant unit name" in (tmp_path / "en.yaml").read_text("utf-8")


def test_init_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("mine\n", "utf-8")
    code, _, err = run("init", str(path))
    assert code == 2 and "已存在" in err and path.read_text("utf-8") == "mine\n"


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_code_has_an_explain_page(code: str) -> None:
    from dashi_cli.pack import load_pack

    pack = load_pack()
    exit_code, out, _ = run("explain", code)
    assert exit_code == 0
    clause = pack.rules[code].clause
    if clause != "—":
        first = "".join(pack.clauses[clause].text.split())[:20]
        assert first in "".join(out.split())
    assert "通过" in out or "触发" in out  # a passing and a failing example
    assert pack.rules[code].title.zh in out


def test_explain_names_parameters_and_refuses_unknown_codes() -> None:
    _, out, _ = run("explain", "q002")
    assert "min_qualified_persons = 3" in out
    assert run("explain", "Z999")[0] == 2
    code, out, _ = run("rules", "--lang", "en")
    assert code == 0 and "Q002" in out and "X002" in out


def _as_json(path: Path) -> Any:
    return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))


def test_schema_validates_the_examples_and_rejects_a_typo(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0
    validator = jsonschema.Draft202012Validator(schema)
    for example in EXAMPLES.glob("*.yaml"):
        errors = [e.message for e in validator.iter_errors(_as_json(example))]
        assert not errors, (example.name, errors[:3])
    typo = _as_json(EXAMPLES / "eligible.yaml")
    typo["memebers"] = typo.pop("members")
    assert any("memebers" in e.message for e in validator.iter_errors(typo))
    bad_level = _as_json(EXAMPLES / "eligible.yaml")
    bad_level["leader"]["skill_level"] = "大师"
    assert list(validator.iter_errors(bad_level))


def test_form_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "申请表.docx"
    code, _, _ = run(
        "form", str(EXAMPLES / "eligible.yaml"), "-o", str(out), "--filled-on", "2026-11-26"
    )
    assert code == 0 and out.stat().st_size > 0
    from docx import Document

    text = "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "440201198003152313" in text  # the form itself: not masked
    before = out.read_bytes()
    code, _, err = run("form", str(EXAMPLES / "eligible.yaml"), "-o", str(out))
    assert code == 2 and "--force" in err and out.read_bytes() == before
    assert run("form", str(EXAMPLES / "eligible.yaml"), "-o", str(out), "--force")[0] == 0
    assert run("form", "missing.yaml", "-o", str(tmp_path / "y.docx"))[0] == 2


@pytest.mark.parametrize(
    "command",
    ["check", "notice-end", "renewals", "calendar", "rules", "explain", "schema", "init", "form"],
)
def test_every_command_help_has_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "示例：dashi" in out and "用法：" in out and "选项" in out
    if command not in ("schema", "form"):  # the two without a language of their own
        code, out, _ = run(command, "--help", "--lang", "en")
        assert code == 0 and "Example: dashi" in out and "Usage:" in out


def test_the_schema_knows_the_chinese_keys(tmp_path: Path) -> None:
    schema = json.loads(run("schema")[1])
    validator = jsonschema.Draft202012Validator(schema)
    twin = _chinese(_as_json(EXAMPLES / "annotated.yaml"))
    assert "工作室" in twin
    assert not [e.message for e in validator.iter_errors(twin)]


@pytest.mark.parametrize(
    ("yaml_text", "field"),
    [
        ("工作室:\n  工作室面积（平方米）: 0\n", "studio.area_m2"),
        ("申报材料:\n  一式两份: 1\n", "materials.copies"),
        ("申报材料:\n  复印件加盖审核单位公章: false\n", "materials.stamped"),
        (
            "评审:\n  所在单位推荐: 2025-03-20\n  单位推荐日期: 2025-03-21\n",
            "review.recommended_on",
        ),
    ],
)
def test_names_from_the_format_comments(tmp_path: Path, yaml_text: str, field: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(yaml_text, "utf-8")
    found = _findings(path)
    assert not [f for f in found if f["code"] == "Y002"], found
    assert any(f["field"] == field for f in found if f["code"] != "F001") or any(
        f["code"] == "Y003" and f["field"] == field for f in found
    )


def test_y003_for_mixed_names_names_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("申报单位:\n  申报单位名称: 甲\n  名称: 乙\n", "utf-8")
    y003 = [f for f in _findings(path) if f["code"] == "Y003"]
    assert [(f["line"], "第 2 行" in f["message"]) for f in y003] == [(3, True)]

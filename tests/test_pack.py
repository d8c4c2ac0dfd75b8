"""The rules pack: loads, covers every code, documents every rule."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import POLICY, ROOT, catalogue
from dashi_cli import checks
from dashi_cli.engine import ensure_pack_covers
from dashi_cli.pack import Pack, PackError, load_pack

CATALOGUE = catalogue()
IMPLEMENTED = sorted(set(checks.RULES) | set(checks.LOADING_CODES))


def test_every_catalogue_code_is_implemented() -> None:
    assert sorted(CATALOGUE) == IMPLEMENTED


def test_the_pack_defines_exactly_the_catalogue(pack: Pack) -> None:
    assert sorted(pack.rules) == sorted(CATALOGUE)


def test_pack_covers_every_implemented_code(pack: Pack) -> None:
    ensure_pack_covers(pack)
    for code in IMPLEMENTED:
        rule = pack.rules[code]
        assert rule.title.zh and rule.title.en
        for message in rule.messages.values():
            assert message.zh and message.en


def test_severities_and_clauses_match_the_catalogue(pack: Pack) -> None:
    for code, (severity, clause) in CATALOGUE.items():
        assert pack.rules[code].severity.value == severity, code
        assert pack.rules[code].clause == clause, code


def test_every_cited_clause_has_its_text(pack: Pack) -> None:
    policy = POLICY.read_text("utf-8")
    for code in IMPLEMENTED:
        clause = pack.rules[code].clause
        if clause != "—":
            assert pack.clauses[clause].text
    for key, clause in pack.clauses.items():
        if key != "附件":
            # clause texts are the policy's own words
            first = clause.text.split("。")[0].split("1. ")[-1][:12]
            assert first in policy, key


def test_every_rule_function_is_documented() -> None:
    for code, rule in checks.RULES.items():
        doc = rule.__doc__ or ""
        assert doc.strip(), code
        assert "::" in doc, f"{code}: docstring lacks a passing/failing example"
    for family in checks.FAMILIES:
        assert family.__doc__ and re.search(r"clause|[一二三四五六七]|附件", family.__doc__)


def test_unknown_rule_code_fails_loudly() -> None:
    with pytest.raises(KeyError, match="Z999"):
        checks.get("Z999")


def test_pack_missing_a_rule_is_refused(tmp_path: Path, pack: Pack) -> None:
    smaller = pack.model_copy(
        update={"rules": {k: v for k, v in pack.rules.items() if k != "Q002"}}
    )
    with pytest.raises(PackError, match="Q002"):
        ensure_pack_covers(smaller)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        (
            "  min_leader_level:\n    value: 技师",
            "  min_leader_level:\n    value: 大师",
            "min_leader_level",
        ),
        (
            '    clause: "四.3"\n    title: {zh: "缺少证书信息"',
            '    clause: "九"\n    title: {zh: "缺少证书信息"',
            "九",
        ),
        ("format: 1", "format: 2", "format"),
        ("  id_gender: {odd: 男, even: 女}", "  id_gender: {odd: 男, even: 其他}", "id_gender"),
        ("  gender: [男, 女]  ", "  gender: [男]  ", "id_gender"),
        (
            "  - key: enterprise\n    names: [企业]",
            "  - key: enterprise\n    names: []",
            "carrier_kinds",
        ),
        ('    - "{grade}/{name}"', '    - "{level}/{name}"', "skill_levels.forms"),
        ("  project_kind: [技术攻关", "  project_kind: []\n  x: [技术攻关", "project_kind"),
        ("id: shaoguan-2022", "id: shaoguan-2022\nid: again", "duplicate key 'id'"),
    ],
)
def test_malformed_pack_names_the_problem(tmp_path: Path, old: str, new: str, named: str) -> None:
    text = (ROOT / "rules" / "shaoguan-2022.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pack.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError, match=re.escape(named)):
        load_pack(path)


def test_no_policy_number_in_python() -> None:
    """Policy values live in the pack: no district, industry or carrier name in src/."""
    pack = load_pack()
    names = [d.name for d in pack.jurisdiction.districts] + list(pack.industries)
    names += [n for kind in pack.carrier_kinds for n in kind.names]
    names += list(pack.report_sections)
    for source in (ROOT / "src").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for name in names:
            # docstrings may quote the policy; code lines may not
            code_lines = [
                line for line in text.splitlines() if not line.strip().startswith(('"', "#"))
            ]
            assert not any(f'"{name}"' in line for line in code_lines), (source.name, name)


def test_the_validated_pack_is_cached_as_json_and_read_back_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashi_cli import packcache
    from dashi_cli.pack import bundled_pack_path, load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    first = load_pack()
    [cached] = (tmp_path / "cache").glob("pack-v*.json")
    stored = json.loads(cached.read_text("utf-8"))  # JSON, not pickle
    pack = json.loads(stored["pack"])
    assert pack["$model"] == "Pack"
    assert pack["fields"]["id"] == first.id
    read_back = []
    real = packcache.read
    monkeypatch.setattr(packcache, "read", lambda key: read_back.append(key) or real(key))
    assert load_pack() == first
    assert read_back and real(read_back[0]) is not None  # the second load was a hit
    # another pack (one byte more) is another key; a damaged file is a miss, not an error
    copy = tmp_path / "pack.yaml"
    copy.write_bytes(bundled_pack_path().read_bytes() + b"\n")
    assert load_pack(copy) == first
    assert len(list((tmp_path / "cache").glob("pack-v*.json"))) == 2
    for file in (tmp_path / "cache").glob("pack-v*.json"):
        file.write_text('{"key": "x", "pack": [', "utf-8")
    assert load_pack() == first


def _damaged(stored: dict[str, Any], how: str) -> None:
    """Damage a flattened pack (``stored["pack"]``) in one way that JSON still reads."""
    pack = stored["pack"]
    fields = pack["fields"]
    document = fields["document"]
    if how == "unknown class":
        document["$model"] = "Path"
    elif how == "a field missing":
        del document["fields"]["number"]
    elif how == "a field too many":
        document["fields"]["extra"] = "x"
    elif how == "an unknown tag":
        fields["industries"] = {"$set": ["制造业"]}
    elif how == "a tag with more":
        fields["industries"] = {"$tuple": ["制造业"], "$date": "2022-04-27"}
    elif how == "an unknown enum":
        rule = fields["rules"]["$dict"][0][1]
        rule["fields"]["severity"] = {"$enum": "Path", "value": "error"}
    elif how == "an enum value":
        rule = fields["rules"]["$dict"][0][1]
        rule["fields"]["severity"] = {"$enum": "Severity", "value": "fatal"}
    elif how == "a bad date":
        document["fields"]["issued_on"] = {"$date": "2022-02-30"}
    elif how == "a dict of no pairs":
        fields["rules"] = {"$dict": [["R001"]]}
    elif how == "not a model":
        stored["pack"] = {"$tuple": []}
    else:
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "unknown class",
        "a field missing",
        "a field too many",
        "an unknown tag",
        "a tag with more",
        "an unknown enum",
        "an enum value",
        "a bad date",
        "a dict of no pairs",
        "not a model",
    ],
)
def test_a_cached_pack_not_as_written_is_a_miss_and_the_yaml_decides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A cached pack is rebuilt without validating it again, so only what flatten()
    writes is rebuilt: anything else is a miss, and the pack is read from its YAML."""
    from dashi_cli.pack import load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    first = load_pack()
    [cached] = (tmp_path / "cache").glob("pack-v*.json")
    stored = json.loads(cached.read_text("utf-8"))
    damaged = {"pack": json.loads(stored["pack"])}
    _damaged(damaged, how)
    text = json.dumps(damaged["pack"], ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()  # as if dashi had written it
    cached.write_text(json.dumps({**stored, "pack": text, "sha256": digest}), "utf-8")
    again = load_pack()
    assert again == first
    assert again.document.issued_on == first.document.issued_on
    # the miss was read from the YAML and cached again, as written
    assert json.loads(cached.read_text("utf-8")) == stored


@pytest.mark.parametrize("edit", ["a value changed", "the sum changed", "the sum left out"])
def test_a_cached_pack_whose_sum_differs_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """The pack is rebuilt as written, not validated: a file damaged on disk or edited
    since (a notice period of 1 day) no longer matches its sha256 and is not used."""
    from dashi_cli.pack import load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    first = load_pack()
    [cached] = (tmp_path / "cache").glob("pack-v*.json")
    stored = json.loads(cached.read_text("utf-8"))
    if edit == "a value changed":
        text = stored["pack"]
        at = text.index('"value":5', text.index('"notice_working_days"'))
        stored["pack"] = text[:at] + '"value":1' + text[at + len('"value":5') :]
    elif edit == "the sum changed":
        stored["sha256"] = "0" * 64
    else:
        del stored["sha256"]
    cached.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    again = load_pack()
    assert again == first
    assert again.parameters.notice_working_days.value == 5


def _edited_with_its_sum(cached: Path) -> None:
    """Change the cached notice period to 1 day and write the right sum for it: what
    only someone who means it would do."""
    stored = json.loads(cached.read_text("utf-8"))
    text = stored["pack"]
    at = text.index('"value":5', text.index('"notice_working_days"'))
    text = text[:at] + '"value":1' + text[at + len('"value":5') :]
    stored["pack"] = text
    stored["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cached.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")


@pytest.mark.parametrize("how", ["others may write it", "it is not the user's own"])
def test_a_cached_pack_that_others_could_have_written_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A hit is rebuilt without validation, so the cache is trusted only as far as the
    user's own files are: a file in a shared cache folder, written by someone else or
    writable by others, is not used, even with a right sum."""
    from dashi_cli.pack import load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    first = load_pack()
    [cached] = (tmp_path / "cache").glob("pack-v*.json")
    assert cached.stat().st_mode & 0o777 == 0o600  # as dashi writes it
    _edited_with_its_sum(cached)
    if how == "others may write it":
        cached.chmod(0o666)
    else:
        owner = cached.stat().st_uid
        monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    again = load_pack()
    assert again == first
    assert again.parameters.notice_working_days.value == 5


def test_a_pack_rebuilt_from_the_cache_is_the_pack_validated() -> None:
    """flatten() then rebuild() gives back the validated pack, model by model, with
    its tuples, dates, dicts and enums; pydantic's validator for it is not needed."""
    from dashi_cli import packcache
    from dashi_cli.findings import Severity
    from dashi_cli.pack import _PACK_MODELS, Pack, load_pack

    pack = load_pack()
    data = json.loads(json.dumps(packcache.flatten(pack), ensure_ascii=False))
    rebuilt = packcache.rebuild(data, _PACK_MODELS, {"Severity": Severity})
    assert isinstance(rebuilt, Pack)
    assert rebuilt == pack
    assert rebuilt.model_dump() == pack.model_dump()
    assert isinstance(rebuilt.industries, tuple)
    assert all(isinstance(rule.severity, Severity) for rule in rebuilt.rules.values())


def test_a_run_reading_the_cached_pack_builds_no_validator_for_it(tmp_path: Path) -> None:
    """The point of the cache: the second run takes the pack as written and never
    builds pydantic's validator for it (about 3 ms of every run)."""
    code = (
        "from dashi_cli.pack import Pack, load_pack; load_pack(); print(Pack.__pydantic_complete__)"
    )
    env = {**os.environ, "DASHI_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]


def test_a_pack_cache_that_cannot_be_written_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashi_cli.pack import load_pack

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("DASHI_CACHE_DIR", str(blocker / "cache"))
    assert load_pack().id == "shaoguan-2022"


def test_the_pack_cache_keeps_only_the_newest_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashi_cli import packcache
    from dashi_cli.pack import bundled_pack_path, load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    for extra in range(packcache.KEEP + 3):  # a pack edited and saved again and again
        edited = tmp_path / f"pack-{extra}.yaml"
        edited.write_bytes(bundled_pack_path().read_bytes() + b"\n" * (extra + 1))
        load_pack(edited)
    assert len(list((tmp_path / "cache").glob("pack-v*.json"))) == packcache.KEEP


def test_a_pack_cache_nested_too_deep_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashi_cli.pack import load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    first = load_pack()
    for file in (tmp_path / "cache").glob("pack-v*.json"):
        file.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert load_pack() == first


def test_the_pack_cached_is_the_pack_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes whose hash keys the cache are the bytes validated: a pack saved while
    dashi reads it cannot be cached under the other one's key."""
    from dashi_cli import datafile, pack
    from dashi_cli.pack import bundled_pack_path, load_pack

    monkeypatch.setenv("DASHI_CACHE_DIR", str(tmp_path / "cache"))
    file = tmp_path / "pack.yaml"
    original = bundled_pack_path().read_bytes()
    file.write_bytes(original)
    edited = original.replace(b"  X002:\n    severity: warning", b"  X002:\n    severity: info")
    assert edited != original
    real = datafile.load_model

    def saved_meanwhile(*args: object, **kwargs: object) -> object:
        file.write_bytes(edited)  # the officer saves the pack between the two reads
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pack, "load_model", saved_meanwhile)
    assert load_pack(file).rules["X002"].severity.value == "warning"  # what was hashed
    monkeypatch.setattr(pack, "load_model", real)
    file.write_bytes(original)
    assert load_pack(file).rules["X002"].severity.value == "warning"
    file.write_bytes(edited)
    assert load_pack(file).rules["X002"].severity.value == "info"

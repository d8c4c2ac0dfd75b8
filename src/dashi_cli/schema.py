"""`dashi schema`: the JSON Schema of dossier format v1, for editors (the YAML
language server's `# yaml-language-server: $schema=…` comment) and for scripts.

It comes from the pydantic model; the pack's closed lists (skill levels with all
their accepted spellings, gender, certificate and project kinds) become enums.
"""

from __future__ import annotations

from typing import Any

from dashi_cli.model.dossier import Dossier
from dashi_cli.pack import Pack


def dossier_schema(pack: Pack) -> dict[str, Any]:
    schema = Dossier.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dashi dossier, format v1 (韶人社函〔2022〕46号)"
    defs = schema.get("$defs", {})
    levels = sorted(pack._level_spellings)
    vocab = pack.vocabularies
    enums = {
        ("Leader", "gender"): list(vocab.gender),
        ("Member", "gender"): list(vocab.gender),
        ("Certificate", "kind"): list(vocab.certificate_kind),
        ("Project", "kind"): list(vocab.project_kind),
        ("Project", "level"): list(vocab.project_level),
        ("Leader", "skill_level"): levels,
        ("Member", "skill_level"): levels,
        ("Trainee", "skill_level"): levels,
    }
    for (model, field), values in enums.items():
        prop = defs.get(model, {}).get("properties", {}).get(field)
        if prop is not None:
            prop.pop("anyOf", None)
            prop.pop("type", None)
            prop["anyOf"] = [{"enum": values}, {"type": "null"}]
    _loosen_dates(schema)
    return schema


def _loosen_dates(node: Any) -> None:
    """Dates may be typed as officers write them (2022/4/27, 2022年4月27日): a string."""
    if isinstance(node, dict):
        if node.get("format") == "date":
            node.pop("format")
            node["description"] = "a date: 2022-04-27, 2022/4/27, 2022年4月27日, …"
        for value in node.values():
            _loosen_dates(value)
    elif isinstance(node, list):
        for value in node:
            _loosen_dates(value)

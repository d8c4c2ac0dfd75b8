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
        ("Leader", "skill_level"): levels,
    }
    for (model, field), values in enums.items():
        prop = defs.get(model, {}).get("properties", {}).get(field)
        if prop is not None:
            prop.pop("anyOf", None)
            prop.pop("type", None)
            prop["anyOf"] = [{"enum": values}, {"type": "null"}]
    _chinese_names(schema, defs)
    _loosen_dates(schema)
    return schema


# which model each mapping of the format is (paths as in model.keys.ZH_KEYS)
_MODELS = {
    "studio": "Studio",
    "applicant": "Applicant",
    "applicant.head": "Head",
    "applicant.contact": "Contact",
    "applicant.bank": "Bank",
    "leader": "Leader",
    "leader.certificate": "Certificate",
    "members[]": "Member",
    "members[].certificate": "Certificate",
    "projects[]": "Project",
    "plan": "Plan",
    "materials": "Materials",
    "materials.application_report": "ApplicationReport",
    "review": "Review",
    "review.objections[]": "Objection",
    "review.renewals[]": "Renewal",
    "annual_records[]": "AnnualRecord",
    "annual_records[].trainees[]": "Trainee",
}


def _chinese_names(schema: dict[str, Any], defs: dict[str, Any]) -> None:
    """Each key's Chinese names are properties too, so that editors complete them."""
    from dashi_cli.model.keys import ZH_KEYS

    for path, names in ZH_KEYS.items():
        model = schema if path == "" else defs.get(_MODELS.get(path, ""), {})
        properties = model.get("properties", {})
        for chinese, english in names.items():
            if english in properties:
                properties.setdefault(chinese, properties[english])


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

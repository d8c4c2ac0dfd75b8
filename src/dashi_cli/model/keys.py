"""Chinese keys: every key of the dossier format under the application form's own
label and the Chinese names of the format's comments (申报单位名称, 身份证号, …).

Keys are translated before validation, in the data and in the node tree, so
that every later stage speaks English paths and positions still point at
what was written. Using both names of one key in one mapping is Y003.
"""

from __future__ import annotations

from typing import Any

import yaml

from dashi_cli.findings import Issue
from dashi_cli.loading import MAX_OF_A_KIND, Loaded, Position, too_many
from dashi_cli.loading.yamlpos import forget_index
from dashi_cli.paths import Path_, dotted

_PERSON = {"姓名": "name", "性别": "gender", "身份证号": "id_number", "证书": "certificate"}
_CERTIFICATE = {
    "证书类型": "kind",
    "证书种类": "kind",
    "证书编号": "number",
    "发证日期": "issued_on",
}

# mapping (a path, list items as []) → {Chinese name: English key}
ZH_KEYS: dict[str, dict[str, str]] = {
    "": {
        "格式版本": "schema_version",
        "工作室": "studio",
        "申报单位": "applicant",
        "技能大师领办人": "leader",
        "领办人": "leader",
        "工作室主要成员": "members",
        "主要成员": "members",
        "工作室人员": "members",
        "技术项目": "projects",
        "项目": "projects",
        "工作计划": "plan",
        "申报材料": "materials",
        "评审": "review",
        "评审程序": "review",
        "年度记录": "annual_records",
        "豁免": "waivers",
        "豁免事项": "waivers",
    },
    "studio": {
        "工作室名称": "name",
        "名称": "name",
        "工作室职业（工种）": "occupation",
        "职业（工种）": "occupation",
        "职业分类大典编码": "occupation_code",
        "所属行业": "industry",
        "行业": "industry",
        "工作室地点": "location",
        "工作室面积": "area_m2",
        "工作室面积（平方米）": "area_m2",
        "工作室基本设施": "facilities",
    },
    "applicant": {
        "申报单位名称": "name",
        "名称": "name",
        "载体类型": "kind",
        "单位性质": "nature",
        "统一社会信用代码": "credit_code",
        "所在县（市、区）": "district",
        "所在县区": "district",
        "通信地址": "address",
        "邮政编码": "postal_code",
        "负责人": "head",
        "联系人": "contact",
        "开户银行及账号": "bank",
    },
    "applicant.head": {"姓名": "name", "办公电话": "office_phone"},
    "applicant.contact": {
        "姓名": "name",
        "办公电话": "office_phone",
        "手机": "mobile",
        "E-mail": "email",
        "电子邮箱": "email",
        "传真": "fax",
    },
    "applicant.bank": {
        "开户银行": "name",
        "银行名称": "name",
        "账号": "account",
        "银行账号": "account",
    },
    "leader": {
        **_PERSON,
        "民族": "ethnicity",
        "出生年月": "birth",
        "参加工作时间": "work_start",
        "政治面貌": "political_status",
        "工作单位": "employer",
        "职务": "position",
        "从事职业（工种）": "occupation",
        "职业技能等级": "skill_level",
        "获何种技术能手称号": "honors",
        "技术能手称号": "honors",
        "联系电话": "phone",
        "技能大师工作业绩、专利情况、主要创新发明等情况": "achievements",
        "工作业绩": "achievements",
        "工作业绩、专利情况、主要创新发明": "achievements",
        "工作单位及职务": "employer",
        "仍在技能岗位": "in_skill_post",
        "离开申报单位日期": "left_unit_on",
    },
    "leader.certificate": _CERTIFICATE,
    "members[]": {
        **_PERSON,
        "从事职业（工种）": "occupation",
        "职业（工种）": "occupation",
        "职业分类大典编码": "occupation_code",
        "职业技能等级": "skill_level",
    },
    "members[].certificate": _CERTIFICATE,
    "projects[]": {
        "项目名称": "name",
        "名称": "name",
        "项目类型": "kind",
        "类型": "kind",
        "级别": "level",
    },
    "plan": {
        "年度培养目标": "yearly_training_target",
        "年度培养高级工以上技能人才人数": "yearly_training_target",
        "主要工作方向": "directions",
    },
    "materials": {
        "申请表": "application_form",
        "申办报告": "application_report",
        "身份证、职业资格证书、学历证书复印件": "identity_copies",
        "证件复印件": "identity_copies",
        "业绩材料复印件": "achievement_copies",
        "荣誉证书、专著、论文、专利、技术成果复印件": "achievement_copies",
        "荣誉证书、专著、专利、技术成果复印件": "achievement_copies",
        "份数": "copies",
        "一式两份": "copies",
        "电子文档": "electronic",
        "加盖公章": "stamped",
        "复印件加盖审核单位公章": "stamped",
    },
    "materials.application_report": {"文件": "file", "内容": "sections"},
    "review": {
        "申请日期": "applied_on",
        "单位推荐日期": "recommended_on",
        "推荐日期": "recommended_on",
        "所在单位推荐": "recommended_on",
        "专家评审日期": "expert_review_on",
        "专家考察、评审和答辩": "expert_review_on",
        "公示开始日期": "notice_start",
        "公示": "notice_start",
        "公示结束日期": "notice_end",
        "异议": "objections",
        "认定日期": "certified_on",
        "授牌日期": "certified_on",
        "授予铭牌": "certified_on",
        "延续": "renewals",
    },
    "review.objections[]": {"收到日期": "received_on", "内容": "summary", "已处理": "resolved"},
    "review.renewals[]": {"批准日期": "approved_on"},
    "annual_records[]": {
        "年度": "year",
        "培养学员": "trainees",
        "学员": "trainees",
        "成果": "results",
    },
    "waivers[]": {
        "代码": "code",
        "规则代码": "code",
        "问题代码": "code",
        "字段": "field",
        "理由": "reason",
        "豁免理由": "reason",
        "批准人": "approved_by",
        "批准单位": "approved_by",
        "批准日期": "approved_on",
        "有效期至": "expires_on",
        "截止日期": "expires_on",
    },
    "annual_records[].trainees[]": {
        "姓名": "name",
        "职业技能等级": "skill_level",
        "职业（工种）": "occupation",
        "从事职业（工种）": "occupation",
        "职业分类大典编码": "occupation_code",
        "取证日期": "certified_on",
    },
}


# every name translate() may rename, wherever it stands
_ALL_NAMES = frozenset(name for names in ZH_KEYS.values() for name in names)
# the model paths under which some key has another name (their prefixes included)
_WALKED = frozenset(
    prefix
    for where in ZH_KEYS
    for prefix in [""] + [where[:i] for i, c in enumerate(where) if c in ".["] + [where]
)


def model_path(path: Path_) -> str:
    """("members", 0, "certificate") → "members[].certificate"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[]"
        else:
            out += f".{part}" if out else part
    return out


def aliases_for(path: Path_) -> dict[str, str]:
    return ZH_KEYS.get(model_path(path), {})


def translate(loaded: Loaded) -> list[tuple[Issue, Position | None]]:
    """Rename Chinese keys to English in loaded.data and its node tree.

    A key written under both its names is a Y003; past :data:`MAX_OF_A_KIND` of them
    the rest are counted and a Y002 ``too_many`` ends the list (check the length
    against it: more than that many issues means the file is not a dossier)."""
    found = _Found()
    if isinstance(loaded.data, dict) and not loaded.keys.isdisjoint(_ALL_NAMES):
        loaded.data = _walk(loaded, loaded.data, (), found)
    if found.count > MAX_OF_A_KIND:
        found.issues.append((too_many(found.count), None))
    return found.issues


class _Found:
    def __init__(self) -> None:
        self.issues: list[tuple[Issue, Position | None]] = []
        self.count = 0


def _walk(loaded: Loaded, value: Any, path: Path_, found: _Found, where: str = "") -> Any:
    """value with its keys renamed; ``where`` is ``path`` as a model path. What lies
    where no key has another name is returned as it is."""
    if where not in _WALKED:
        return value
    if isinstance(value, list):
        inner = where + "[]"
        if inner not in _WALKED:
            return value
        return [
            _walk(loaded, item, (*path, i), found, inner) if isinstance(item, dict) else item
            for i, item in enumerate(value)
        ]
    if not isinstance(value, dict):
        return value
    names = ZH_KEYS.get(where, {})
    renamed: dict[str, Any] = {}
    written: dict[str, Position | None] = {}  # where each key stood, before renaming
    if names and any(key in names for key in value):
        written = _rename_nodes(loaded, path, names)
        for k in value:  # keys merged in with `<<` stand elsewhere
            if str(k) not in written:
                written[str(k)] = loaded.key_position((*path, str(k)))
    first_name: dict[str, str] = {}
    prefix = where + "." if where else ""
    for key, child in value.items():
        english = names.get(str(key), str(key))
        if english in renamed:  # both names of one key: the data would lose one
            found.count += 1
            if found.count <= MAX_OF_A_KIND:
                at = written.get(str(key))
                first = written.get(first_name[english])
                params = {"key": key, "first_line": first.line if first else 0}
                found.issues.append((Issue("Y003", dotted((*path, english)), params), at))
        first_name.setdefault(english, str(key))
        inner = prefix + english
        if inner in _WALKED and isinstance(child, dict | list):
            renamed[english] = _walk(loaded, child, (*path, english), found, inner)
        else:  # nothing below has another name: kept as it is, without a call
            renamed[english] = child
    return renamed


def _rename_nodes(loaded: Loaded, path: Path_, names: dict[str, str]) -> dict[str, Position | None]:
    """Rename the keys of the mapping node at path; where each key stood, by the name it
    was written under (the last of a repeated key, the one kept)."""
    found = loaded.find(path)
    if found is None or not isinstance(found[1], yaml.MappingNode):
        return {}
    node = found[1]
    written: dict[str, Position | None] = {}
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            mark = key_node.start_mark
            written[str(key_node.value)] = Position(mark.line + 1, mark.column + 1)
            if key_node.value in names:
                key_node.value = names[key_node.value]
    forget_index(node)
    return written

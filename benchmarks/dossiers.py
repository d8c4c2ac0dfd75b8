"""Realistic synthetic dossiers, for the benchmark and for the output-stability test.

A dossier an officer receives is not the short template: it has a full team
(three to eight members, each with a certificate), several projects, the
bureau's review dates, objections, renewals and yearly records with their
trainees. :func:`generate` writes ``count`` of them from four shapes of
different sizes (about 2.5 to 7 KB, 150 to 550 YAML nodes), one in four with
the application form's Chinese key names, one in twenty broken, with seeded
variations that make some rules fire. The same seed gives the same bytes.

Only the standard library and PyYAML are used, so that the generator does not
depend on what it measures.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂华建国志远文博晓东海燕红玉兰英"
OCCUPATIONS = [
    ("数控车工", "6-18-01-01", "先进装备制造"),
    ("数控铣工", "6-18-01-02", "先进装备制造"),
    ("焊工", "6-18-02-04", "先进装备制造"),
    ("电工", "6-31-01-03", "新能源"),
    ("中式烹调师", "4-03-02-01", "现代服务业"),
    ("茶艺师", "4-03-02-07", "现代农业与食品"),
    ("汽车维修工", "4-12-01-01", "汽车零部件"),
    ("化学检验员", "4-08-05-02", "生物医药与健康"),
]
DISTRICTS = ["浈江区", "武江区", "曲江区", "乐昌市", "南雄市", "仁化县", "始兴县", "翁源县"]
LEVELS = ["技师", "技师", "高级技师", "高级工", "技师"]
SECTIONS = [
    "工作室名称",
    "项目领办人",
    "工作室基本条件",
    "必要性和可行性",
    "单位支持措施",
    "工作开展计划和主要工作方向",
]
BROKEN = [
    "studio:\n  name: [unclosed\n",
    "studio:\n  area_m2: lots\nmembers: many\nleader: {birth: 1978-13}\n",
    None,  # binary junk
]
# (members, projects, yearly records, trainees a year, objections): four sizes
SHAPES = [(3, 1, 0, 0, 0), (4, 2, 1, 5, 0), (6, 3, 2, 6, 1), (8, 4, 3, 8, 1)]

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(rng: random.Random, born: date, male: bool) -> str:
    """A GB 11643 number with a right check character."""
    serial = rng.randrange(50) * 2 + (1 if male else 0)
    body = f"44020{rng.randrange(1, 10)}{born:%Y%m%d}{rng.randrange(10)}{serial % 10}"
    body = body[:16] + str(serial % 10)
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randrange(1, 3)))


def _person(rng: random.Random, occupation: str, level: str, index: int) -> dict[str, Any]:
    male = rng.random() < 0.6
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(30 * 365))
    return {
        "name": _name(rng),
        "gender": "男" if male else "女",
        "id_number": id_number(rng, born, male),
        "occupation": occupation,
        "skill_level": level,
        "certificate": {
            "kind": rng.choice(["职业资格证书", "职业技能等级证书"]),
            "number": f"S{index:03d}{rng.randrange(10**12):012d}",
            "issued_on": date(2012, 1, 1) + timedelta(days=rng.randrange(11 * 365)),
        },
    }


def dossier(
    rng: random.Random, index: int, shape: tuple[int, int, int, int, int]
) -> dict[str, Any]:
    members, projects, records, trainees, objections = shape
    occupation, code, industry = rng.choice(OCCUPATIONS)
    district = rng.choice(DISTRICTS)
    unit = f"韶关市第{index}号精密制造有限公司"
    leader_born = date(1968, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    leader_male = rng.random() < 0.7
    applied = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
    notice = applied + timedelta(days=50 + rng.randrange(20))
    while notice.weekday() != 0:  # a Monday
        notice += timedelta(days=1)
    levels = [rng.choice(LEVELS) for _ in range(members)]
    if index % 7 == 3:  # too few technicians: Q002 fires
        levels = ["高级工"] * members
    data: dict[str, Any] = {
        "schema_version": 1,
        "studio": {
            "name": f"{_name(rng)}{occupation}技能大师工作室",
            "occupation": occupation,
            "occupation_code": code,
            "industry": industry,
            "location": f"韶关市{district}工业路{rng.randrange(1, 300)}号",
            "area_m2": rng.choice([60, 120, 180, 260, 400]),
            "facilities": [f"{occupation}实训设备 {rng.randrange(2, 12)} 台", "多媒体培训室 1 间"],
        },
        "applicant": {
            "name": unit,
            "kind": rng.choice(["enterprise", "enterprise", "vocational_school"]),
            "nature": rng.choice(["民营企业", "国有企业", "事业单位"]),
            "district": district,
            "address": f"韶关市{district}工业路{rng.randrange(1, 300)}号",
            "postal_code": "512000",
            "head": {"name": _name(rng), "office_phone": f"0751-8{rng.randrange(10**6):06d}"},
            "contact": {
                "name": _name(rng),
                "office_phone": f"0751-8{rng.randrange(10**6):06d}",
                "mobile": f"13{rng.randrange(10**9):09d}",
                "email": f"hr{index}@example.cn",
            },
            "bank": {
                "name": "中国工商银行韶关分行",
                "account": f"6222{rng.randrange(10**15):015d}",
            },
        },
        "leader": {
            **_person(rng, occupation, "高级技师", 0),
            "gender": "男" if leader_male else "女",
            "id_number": id_number(rng, leader_born, leader_male),
            "ethnicity": "汉族",
            "birth": f"{leader_born:%Y-%m}",
            "work_start": f"{leader_born.year + 19}-07",
            "political_status": rng.choice(["中共党员", "群众"]),
            "employer": unit,
            "position": "车间主任",
            "honors": ["广东省技术能手"] if rng.random() < 0.5 else ["韶关市技术能手"],
            "phone": f"139{rng.randrange(10**8):08d}",
            "achievements": "主持工艺改进，获实用新型专利2项。\n带徒20余人。\n",
            "in_skill_post": True,
            "left_unit_on": None,
        },
        "members": [_person(rng, occupation, levels[i], i + 1) for i in range(members)],
        "projects": [
            {
                "name": f"{occupation}关键工艺改进项目{p + 1}",
                "kind": rng.choice(["技术攻关", "技术改进", "技术创新", "技艺传承"]),
                "level": rng.choice(["市重点", "省重点", "企业", "行业"]),
            }
            for p in range(projects)
        ],
        "plan": {
            "yearly_training_target": 3 if index % 3 == 0 else rng.randrange(4, 9),
            "directions": [f"{occupation}工艺优化", "青年技工培养"],
        },
        "materials": {
            "application_form": True,
            "application_report": {"sections": SECTIONS[: 6 if index % 11 else 4]},
            "identity_copies": True,
            "achievement_copies": True,
            "copies": 2,
            "electronic": True,
            "stamped": True,
        },
    }
    if records or objections:
        certified = notice + timedelta(days=14)
        data["review"] = {
            "applied_on": applied,
            "recommended_on": applied + timedelta(days=10),
            "expert_review_on": applied + timedelta(days=35),
            "notice_start": notice,
            "notice_end": notice + timedelta(days=4 if index % 13 else 2),
            "objections": [
                {
                    "received_on": notice + timedelta(days=1),
                    "summary": "对成员资格有异议",
                    "resolved": True,
                }
                for _ in range(objections)
            ],
            "certified_on": certified,
            "renewals": [],
        }
        data["annual_records"] = [
            {
                "year": certified.year + 1 + r,
                "trainees": [
                    {
                        "name": _name(rng),
                        "skill_level": rng.choice(["高级工", "高级工", "技师"]),
                        "occupation": occupation,
                        "certified_on": date(certified.year + 1 + r, rng.randrange(1, 13), 15),
                    }
                    for _ in range(trainees - (1 if index % 5 == 0 else 0))
                ],
                "results": [f"{occupation}操作手册（{certified.year + 1 + r}版）"],
            }
            for r in range(records)
        ]
    return data


_ZH_TOP = {
    "studio": "工作室",
    "applicant": "申报单位",
    "leader": "技能大师领办人",
    "members": "工作室主要成员",
    "projects": "技术项目",
    "plan": "工作计划",
    "materials": "申报材料",
    "review": "评审",
    "annual_records": "年度记录",
}
_ZH_PERSON = {"name": "姓名", "gender": "性别", "id_number": "身份证号"}


def chinese_keys(data: dict[str, Any]) -> dict[str, Any]:
    """The same dossier with the form's Chinese names for the top level and the people."""
    out = {_ZH_TOP.get(key, key): value for key, value in data.items()}
    people = out["工作室主要成员"]
    out["工作室主要成员"] = [{_ZH_PERSON.get(k, k): v for k, v in p.items()} for p in people]
    return out


def text(index: int, seed: int = 46) -> bytes:
    """The bytes of dossier ``index`` of a batch."""
    rng = random.Random(seed * 1_000_003 + index)
    if index % 20 == 19:
        kind = BROKEN[(index // 20) % len(BROKEN)]
        return rng.randbytes(2048) if kind is None else kind.encode("utf-8")
    data = dossier(rng, index, SHAPES[index % len(SHAPES)])
    if index % 4 == 1:
        data = chinese_keys(data)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"# 第{index}号申请\n{dumped}".encode()


def generate(folder: Path, count: int, seed: int = 46) -> Path:
    """``count`` dossiers in ``folder`` (created), named dossier-00000.yaml onward."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"dossier-{index:05d}.yaml").write_bytes(text(index, seed))
    return folder

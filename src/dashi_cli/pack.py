"""The rules pack: the policy as data (rules/shaoguan-2022.yaml).

Every number, list, clause text, message and interpretation the checks use
comes from here; the Python code holds none of them. A pack is validated on
load; a malformed one is a :class:`PackError` naming the problem.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dashi_cli.datafile import load_model
from dashi_cli.errors import DashiError
from dashi_cli.findings import Localized, Severity
from dashi_cli.paths import parse

Lang = Literal["zh", "en"]
DEFAULT_PACK = "shaoguan-2022.yaml"

T = TypeVar("T")


class PackError(DashiError):
    """The rules pack cannot be used."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Frozen):
    zh: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Document(_Frozen):
    number: str
    title: Text
    issuer: Text
    issued_on: date
    valid_years: int = Field(gt=0)


class Clause(_Frozen):
    title: Text
    text: str


class Param(_Frozen, Generic[T]):
    value: T
    clause: str
    interpretation: Text


class Parameters(_Frozen):
    min_qualified_persons: Param[int]
    min_qualified_level: Param[str]
    min_leader_level: Param[str]
    min_trainees_per_year: Param[int]
    min_trainee_level: Param[str]
    min_copies: Param[int]
    min_work_start_age: Param[int]
    occupation_code_prefix_segments: Param[int]
    notice_working_days: Param[int]
    certification_valid_years: Param[int]
    validity_convention: Param[Literal["civil_code", "day_before"]]
    expiry_warning_days: Param[int]
    bank_account_digits: Param[tuple[int, int]]


NonEmpty = Annotated[tuple[str, ...], Field(min_length=1)]


class SkillLevel(_Frozen):
    name: str
    grade: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings officers use: 3级, 高级技工


class SkillLevels(_Frozen):
    ladder: Annotated[tuple[SkillLevel, ...], Field(min_length=1)]
    forms: NonEmpty  # templates of accepted spellings: {name}, {grade}


class CarrierKind(_Frozen):
    key: str
    names: NonEmpty  # the category's own names: accepted as written
    words: tuple[str, ...] = ()  # a value containing one of these belongs to the category


class District(_Frozen):
    name: str
    aliases: tuple[str, ...] = ()


class Jurisdiction(_Frozen):
    prefixes: tuple[str, ...]  # stripped before matching: 广东省, 韶关市
    districts: Annotated[tuple[District, ...], Field(min_length=1)]
    city_units: tuple[str, ...] = ()  # city-level units: 市直, 市本级…
    zones: tuple[str, ...] = ()  # zones the city administers: 韶关高新区…
    city_name: str = ""  # a value naming the city itself (韶关…) is within it
    city_short: str = ""  # the city's one-character short name (韶): 莞韶园, 驻韶单位
    postal_prefixes: NonEmpty
    interpretation: Text


class IdGender(_Frozen):
    odd: str
    even: str


class Vocabularies(_Frozen):
    gender: NonEmpty
    id_gender: IdGender  # GB 11643: the 17th digit, odd for men, even for women
    certificate_kind: NonEmpty
    project_kind: NonEmpty
    project_level: NonEmpty
    certificate_kind_words: dict[str, tuple[str, ...]] = {}  # a kind → words that place it


class RequiredField(_Frozen):
    path: str  # a dotted path; "a|b": one box, filled when either is
    zh: str
    en: str

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class RequiredFields(_Frozen):
    interpretation: Text
    fields: tuple[RequiredField, ...]


class CalendarSettings(_Frozen):
    notice_title: str  # {year}
    first_official_year: int


class Rule(_Frozen):
    severity: Severity
    clause: str
    title: Text
    messages: Annotated[dict[str, Text], Field(min_length=1)]
    interpretation: Text | None = None


class Pack(_Frozen):
    format: Literal[1]
    id: str
    document: Document
    clauses: dict[str, Clause]
    parameters: Parameters
    skill_levels: SkillLevels
    industries: NonEmpty
    industry_words: dict[str, tuple[str, ...]] = {}  # a cluster → words that name it
    carrier_kinds: Annotated[tuple[CarrierKind, ...], Field(min_length=1)]
    carrier_refused: tuple[str, ...] = ()  # words of kinds that are none of the four
    carrier_neutral: tuple[str, ...] = ()  # words that keep a kind from being placed
    legal_forms: tuple[str, ...] = ()  # endings left out when unit names are compared
    jurisdiction: Jurisdiction
    occupation_groups: tuple[tuple[str, ...], ...]
    vocabularies: Vocabularies
    report_sections: tuple[str, ...]
    report_section_words: dict[str, tuple[str, ...]] = {}  # a section → its key words
    required_fields: RequiredFields
    id_number_provinces: tuple[int, ...]
    calendar: CalendarSettings
    glossary: dict[str, str] = {}  # a policy term → its English name
    terms: dict[str, Text]
    rules: dict[str, Rule]

    @model_validator(mode="after")
    def _consistent(self) -> Pack:
        problems: list[str] = []
        for form in self.skill_levels.forms:
            try:
                form.format(name="", grade="")
            except (KeyError, IndexError, ValueError):
                message = f"skill_levels.forms: {form!r} may use only {{name}} and {{grade}}"
                raise ValueError(message) from None
        for code, rule in self.rules.items():
            if rule.clause not in self.clauses and rule.clause != "—":
                problems.append(f"rule {code} cites clause {rule.clause!r}, which is not defined")
        params = self.parameters
        for name in ("min_qualified_level", "min_leader_level", "min_trainee_level"):
            level = getattr(params, name).value
            if self.level_rank(level) is None:
                problems.append(f"parameter {name}: {level!r} is not in skill_levels")
        gender = self.vocabularies
        if {gender.id_gender.odd, gender.id_gender.even} - set(gender.gender):
            problems.append("vocabularies.id_gender: its values must be in vocabularies.gender")
        for required in self.required_fields.fields:
            if not all(parse(path) for path in required.path.split("|")):
                problems.append(f"required field {required.path!r} is not a path")
        for cluster in self.industry_words:
            if cluster not in self.industries:
                problems.append(f"industry_words: {cluster!r} is not one of industries")
        for section in self.report_section_words:
            if section not in self.report_sections:
                problems.append(f"report_section_words: {section!r} is not a report section")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- derived look-ups -------------------------------------------------
    @cached_property
    def _level_spellings(self) -> dict[str, str]:
        """Every accepted spelling of a skill level → its canonical name."""
        spellings: dict[str, str] = {}
        for level in self.skill_levels.ladder:
            spellings[_normal(level.name)] = level.name
            for alias in level.aliases:
                spellings.setdefault(_normal(alias), level.name)
            if level.grade:
                for form in self.skill_levels.forms:
                    spelled = form.format(name=level.name, grade=level.grade)
                    spellings.setdefault(_normal(spelled), level.name)
        return spellings

    def canonical_level(self, value: str) -> str | None:
        """A level's canonical name from any accepted spelling; a trailing note in brackets
        is left out (高级工（职业技能等级证书）)."""
        given = _normal(value)
        found = self._level_spellings.get(given)
        if found is None and given.endswith("）") and "（" in given:
            found = self._level_spellings.get(given[: given.rindex("（")])
        return found

    def certificate_kind(self, value: str) -> str | None:
        """A certificate kind's canonical name: as listed, or placed by its words
        (国家职业资格证书 → 职业资格证书); None when it is neither kind."""
        given = _normal(value)
        kinds = self.vocabularies.certificate_kind
        if given in kinds:
            return given
        for kind, words in self.vocabularies.certificate_kind_words.items():
            if kind in kinds and any(_normal(word) in given for word in words):
                return kind
        return None

    def level_rank(self, value: str) -> int | None:
        name = self.canonical_level(value)
        if name is None:
            return None
        return self.level_names().index(name)

    def level_names(self) -> tuple[str, ...]:
        return self._level_names

    @cached_property
    def _level_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.skill_levels.ladder)

    def carrier_key(self, value: str) -> str | None:
        """The category a carrier kind is, by its key or one of the category's names."""
        given = _normal(value)
        for kind in self.carrier_kinds:
            if given.lower() == kind.key or given in {_normal(n) for n in kind.names}:
                return kind.key
        return None

    def carrier_family(self, value: str) -> str | None:
        """The category of a carrier kind: by key or name, else by the words it contains
        (职业技术学院 → vocational_school, 国有企业 → enterprise); "refused" when it is
        clearly none of the four (an organ of government, a hospital, a person); None
        when it cannot be placed."""
        exact = self.carrier_key(value)
        if exact is not None:
            return exact
        given = _normal(value)
        if any(_normal(word) in given for word in self.carrier_neutral):
            return None
        for kind in self.carrier_kinds:
            if any(_normal(word) in given for word in kind.words):
                return kind.key
        if any(_normal(word) in given for word in self.carrier_refused):
            return "refused"
        return None

    def district(self, value: str) -> str | None:
        """The county or district a value names, a city-level unit or a zone the city
        administers (as written); None when the value is not within the city."""
        written = _normal(value)
        jurisdiction = self.jurisdiction
        units = {_normal(unit) for unit in jurisdiction.city_units}
        if written in units:
            return value.strip()
        name = written
        for prefix in jurisdiction.prefixes:
            name = name.removeprefix(_normal(prefix))
        city = _normal(jurisdiction.city_name)
        if not name and city and city in written:
            return value.strip()  # 广东省韶关市: the city itself
        for district in jurisdiction.districts:
            names = (district.name, *district.aliases)
            if name in names:
                return district.name
        for district in jurisdiction.districts:
            # a town or street of a district: 曲江区白土镇, 乐昌市坪石镇
            # or a place in it named after it: 曲江经济开发区, 南雄产业转移工业园
            if name.startswith(district.name) or any(
                len(alias) > 1 and name.startswith(alias) for alias in district.aliases
            ):
                return district.name
        for district in jurisdiction.districts:
            if district.name in name:  # 市直（浈江区）
                return district.name
        if name in units:
            return value.strip()
        zones = {_normal(zone) for zone in jurisdiction.zones}
        if name in zones or written in zones:
            return value.strip()
        short = _normal(jurisdiction.city_short)
        if short and short in written:
            return value.strip()  # 莞韶园, 驻韶单位, 韶钢
        province_free = written
        for prefix in jurisdiction.prefixes[:1]:
            province_free = province_free.removeprefix(_normal(prefix))
        if city and province_free.startswith(city):
            return value.strip()  # 韶关华南装备园: named after the city, within it
        return None

    def cluster(self, value: str) -> str | None:
        """The 3+3 cluster an industry falls under, by its name or the words that name it
        (电子信息 → 电子信息制造); None when it is none of them."""
        given = _normal(value)
        for cluster in self.industries:
            if _normal(cluster) in given:
                return cluster
        for cluster, words in self.industry_words.items():
            if any(_normal(word) in given for word in words):
                return cluster
        return None

    def report_section(self, text: str) -> str | None:
        """The section of the application report a written section title is, by meaning:
        its name or its key words (所在单位对工作室的支持措施 → 单位支持措施)."""
        given = _normal(text)
        for section in self.report_sections:
            if _normal(section) == given:
                return section
        for section in self.report_sections:
            words = self.report_section_words.get(section, (section,))
            if any(_normal(word) in given for word in words):
                return section
        return None

    def english(self, value: str) -> str | None:
        """A policy term named in English with the term itself in brackets, or None
        when the value is not one of the glossary's terms (nor a spelling of a level)."""
        term = value.strip()
        gloss = self.glossary.get(term)
        if gloss is None:
            canonical = self.canonical_level(term)
            if canonical is None or canonical not in self.glossary:
                return None
            gloss = self.glossary[canonical]
        return f"{gloss} ({term})"

    def localized(self, term: str) -> Localized:
        text = self.terms.get(term) or Text(zh=term, en=term)
        return Localized(zh=text.zh, en=text.en)


_WIDTH = str.maketrans("()/ ", "（）／ ")


def _normal(text: str) -> str:
    """Compare names regardless of white space and full- or half-width brackets."""
    return "".join(text.split()).translate(_WIDTH).replace("／", "/")


def bundled_calendar_dir(pack_path: Path | None = None) -> Path:
    """Override files shipped with a pack: calendar/<year>.yaml beside it."""
    return (pack_path or bundled_pack_path()).parent / "calendar"


def bundled_pack_path() -> Path:
    bundled = resources.files("dashi_cli") / "rules" / DEFAULT_PACK
    if bundled.is_file():
        return Path(str(bundled))
    # Running from a source checkout (editable install): the pack at the top.
    return Path(__file__).resolve().parents[2] / "rules" / DEFAULT_PACK


def load_pack(path: Path | None = None) -> Pack:
    return load_model(path or bundled_pack_path(), Pack, "rules pack", PackError)

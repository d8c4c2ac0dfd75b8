"""The rules pack: the policy as data (rules/shaoguan-2022.yaml).

Every number, list, clause text, message and interpretation the checks use
comes from here; the Python code holds none of them. A pack is validated on
load; a malformed one is a :class:`PackError` naming the problem.
"""

import contextlib
import re
from collections.abc import Callable, Collection
from datetime import date
from functools import cached_property, lru_cache, wraps
from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from dashi_cli.datafile import load_model
from dashi_cli.errors import DashiError
from dashi_cli.findings import Localized, Severity

Lang = Literal["zh", "en"]
DEFAULT_PACK = "shaoguan-2022.yaml"


class PackError(DashiError):
    """The rules pack cannot be used."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- bounds ---------------------------------------------------------------------
# Every number of a pack lies in a sane range (the bundled values well inside), so
# that no pack that validates can overflow a date, loop for ever or exhaust memory.

WorkingDays = Annotated[int, Field(ge=1, le=60)]  # a notice period, in working days
Years = Annotated[int, Field(ge=1, le=100)]  # a validity, in years
WarningDays = Annotated[int, Field(ge=0, le=3660)]  # up to ten years ahead
Persons = Annotated[int, Field(ge=1, le=100)]
Trainees = Annotated[int, Field(ge=0, le=1000)]
Copies = Annotated[int, Field(ge=0, le=100)]
Age = Annotated[int, Field(ge=10, le=30)]  # a minimum age to start work
Segments = Annotated[int, Field(ge=1, le=4)]  # an occupation code has four (6-18-01-01)
Digits = Annotated[int, Field(ge=1, le=64)]
Province = Annotated[int, Field(ge=10, le=99)]  # GB/T 2260: two digits
Year = Annotated[int, Field(ge=1949, le=2199)]
PolicyDate = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2199, 12, 31))]

# --- templates --------------------------------------------------------------------
# A template names its fields and nothing else: {value}, never {0}, {value!r},
# {value:>9}, {value:{width}}, {value.attr} or {value[0]}. The bundled pack uses
# no more than that; anything more can raise, allocate without bound or hang.

MAX_FIELDS = 10  # placeholders in one template (the bundled pack uses at most 5)
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def template_problem(template: str, allowed: Collection[str] | None = None) -> str | None:
    """What is wrong with a str.format template, or None; ``allowed`` limits the names."""
    import string  # only when a pack is validated: a run that reads the cache needs none

    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"{template!r} is not a valid template ({exc}; write {{{{ and }}}} for braces)"
    fields = [(name, spec, conv) for _, name, spec, conv in parts if name is not None]
    if len(fields) > MAX_FIELDS:
        return f"{template!r} has {len(fields)} placeholders, more than {MAX_FIELDS}"
    if allowed is None:
        hint = "a placeholder is only a field's name, such as {value}"
    else:
        hint = "the only placeholders allowed here are " + ", ".join(
            "{" + name + "}" for name in sorted(allowed)
        )
    for name, spec, conversion in fields:
        shown = "{" + name + (f"!{conversion}" if conversion else "")
        shown += (f":{spec}" if spec else "") + "}"
        if not _FIELD_NAME.fullmatch(name):
            return f"{template!r}: {shown} names no field; {hint}"
        if conversion is not None:
            return f"{template!r}: {shown} has a conversion; {hint}"
        if spec:
            return f"{template!r}: {shown} has a format spec; {hint}"
        if allowed is not None and name not in allowed:
            return f"{template!r}: {shown} is not allowed; {hint}"
    return None


def _template(allowed: Collection[str] | None = None) -> AfterValidator:
    def check(template: str) -> str:
        problem = template_problem(template, allowed)
        if problem:
            raise ValueError(problem)
        return template

    return AfterValidator(check)


MessageTemplate = Annotated[str, _template()]
LevelForm = Annotated[str, _template(("name", "grade"))]
NoticeTitle = Annotated[str, _template(("year",))]


class Text(_Frozen):
    zh: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Document(_Frozen):
    number: str
    title: Text
    issuer: Text
    issued_on: PolicyDate
    valid_years: Years


class Clause(_Frozen):
    title: Text
    text: str


class _Param(_Frozen):
    """A number or word of the policy: its value, the clause it comes from, and how
    dashi reads it. One class per kind of value, not one generic class: pydantic makes
    a whole model class for each use of a generic one, some 2 ms a run each."""

    clause: str
    interpretation: Text


class PersonsParam(_Param):
    value: Persons


class LevelParam(_Param):
    value: str


class TraineesParam(_Param):
    value: Trainees


class CopiesParam(_Param):
    value: Copies


class AgeParam(_Param):
    value: Age


class SegmentsParam(_Param):
    value: Segments


class WorkingDaysParam(_Param):
    value: WorkingDays


class YearsParam(_Param):
    value: Years


class ConventionParam(_Param):
    value: Literal["civil_code", "day_before"]


class WarningDaysParam(_Param):
    value: WarningDays


class DigitsParam(_Param):
    value: tuple[Digits, Digits]  # (fewest, most)


class Parameters(_Frozen):
    min_qualified_persons: PersonsParam
    min_qualified_level: LevelParam
    min_leader_level: LevelParam
    min_trainees_per_year: TraineesParam
    min_trainee_level: LevelParam
    min_copies: CopiesParam
    min_work_start_age: AgeParam
    occupation_code_prefix_segments: SegmentsParam
    notice_working_days: WorkingDaysParam
    certification_valid_years: YearsParam
    validity_convention: ConventionParam
    expiry_warning_days: WarningDaysParam
    bank_account_digits: DigitsParam

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        low, high = self.bank_account_digits.value
        if low > high:
            message = f"bank_account_digits: {low} is more than {high} (write [fewest, most])"
            raise ValueError(message)
        return self


NonEmpty = Annotated[tuple[str, ...], Field(min_length=1)]


class SkillLevel(_Frozen):
    name: str
    grade: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings officers use: 3级, 高级技工


class SkillLevels(_Frozen):
    ladder: Annotated[tuple[SkillLevel, ...], Field(min_length=1)]
    # templates of accepted spellings: {name}, {grade}
    forms: Annotated[tuple[LevelForm, ...], Field(min_length=1)]


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


def _dossier_paths(value: str) -> str:
    for path in value.split("|"):
        problem = dossier_path_problem(path)
        if problem:
            raise ValueError(problem)
    return value


class RequiredField(_Frozen):
    # a dotted path of dossier fields; "a|b": one box, filled when either is
    path: Annotated[str, AfterValidator(_dossier_paths)]
    zh: str
    en: str

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class RequiredFields(_Frozen):
    interpretation: Text
    fields: tuple[RequiredField, ...]


class CalendarSettings(_Frozen):
    notice_title: NoticeTitle  # {year}
    first_official_year: Year


class Message(Text):
    """A finding's message: a template naming the finding's fields ({value})."""

    zh: MessageTemplate
    en: MessageTemplate


class WaiverSettings(_Frozen):
    unwaivable: tuple[str, ...]  # codes no waiver may accept (W001)
    interpretation: Text


class Rule(_Frozen):
    severity: Severity
    clause: str
    title: Text
    messages: Annotated[dict[str, Message], Field(min_length=1)]
    interpretation: Text | None = None


_R = TypeVar("_R")
_MEMO_ENTRIES = 4096  # per look-up; when full it starts again


def _remembered(method: Callable[["Pack", str], _R]) -> Callable[["Pack", str], _R]:
    """A look-up by a dossier's text, remembered: a batch asks the same questions
    (技师, 浈江区, 企业) thousands of times, and the pack does not change."""
    name = method.__name__

    @wraps(method)
    def remembered(self: "Pack", value: str) -> _R:
        memo = self._memos.setdefault(name, {})
        if value in memo:
            return memo[value]  # type: ignore[no-any-return]
        result = method(self, value)
        if len(memo) >= _MEMO_ENTRIES:
            memo.clear()
        memo[value] = result
        return result

    return remembered


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
    id_number_provinces: tuple[Province, ...]
    calendar: CalendarSettings
    glossary: dict[str, str] = {}  # a policy term → its English name
    terms: dict[str, Text]
    waivers: WaiverSettings
    rules: dict[str, Rule]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
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
    def _memos(self) -> dict[str, dict[str, Any]]:
        return {}

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

    @_remembered
    def canonical_level(self, value: str) -> str | None:
        """A level's canonical name from any accepted spelling; a trailing note in brackets
        is left out (高级工（职业技能等级证书）)."""
        given = _normal(value)
        found = self._level_spellings.get(given)
        if found is None and given.endswith("）") and "（" in given:
            found = self._level_spellings.get(given[: given.rindex("（")])
        return found

    @_remembered
    def certificate_kind(self, value: str) -> str | None:
        """A certificate kind's canonical name: as listed, or placed by its words
        (国家职业资格证书 → 职业资格证书); None when it is neither kind."""
        given = _normal(value)
        kinds = self.vocabularies.certificate_kind
        if given in kinds:
            return given
        for kind, words in self.vocabularies.certificate_kind_words.items():
            if kind in kinds and _mentions(given, words):
                return kind
        return None

    @_remembered
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

    @_remembered
    def carrier_key(self, value: str) -> str | None:
        """The category a carrier kind is, by its key or one of the category's names."""
        given = _normal(value)
        for kind in self.carrier_kinds:
            if given.lower() == kind.key or given in {_normal(n) for n in kind.names}:
                return kind.key
        return None

    @_remembered
    def carrier_family(self, value: str) -> str | None:
        """The category of a carrier kind: by key or name, else by the words it contains
        (职业技术学院 → vocational_school, 国有企业 → enterprise); "refused" when it is
        clearly none of the four (an organ of government, a hospital, a person); None
        when it cannot be placed."""
        exact = self.carrier_key(value)
        if exact is not None:
            return exact
        given = _normal(value)
        if _mentions(given, self.carrier_neutral):
            return None
        for kind in self.carrier_kinds:
            if _mentions(given, kind.words):
                return kind.key
        if _mentions(given, self.carrier_refused):
            return "refused"
        return None

    @_remembered
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

    @_remembered
    def cluster(self, value: str) -> str | None:
        """The 3+3 cluster an industry falls under, by its name or the words that name it
        (电子信息 → 电子信息制造); None when it is none of them."""
        given = _normal(value)
        for cluster in self.industries:
            if _normal(cluster) in given:
                return cluster
        for cluster, words in self.industry_words.items():
            if _mentions(given, words):
                return cluster
        return None

    @_remembered
    def report_section(self, text: str) -> str | None:
        """The section of the application report a written section title is, by meaning:
        its name or its key words (所在单位对工作室的支持措施 → 单位支持措施)."""
        given = _normal(text)
        for section in self.report_sections:
            if _normal(section) == given:
                return section
        for section in self.report_sections:
            words = self.report_section_words.get(section, (section,))
            if _mentions(given, words):
                return section
        return None

    @_remembered
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


_PATH = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*")


def dossier_path_problem(path: str) -> str | None:
    """What is wrong with a dotted path as a path of the dossier's fields, or None.

    A path names fields of the dossier model, one inside another (applicant.bank.name);
    it holds no list index (a dossier's list may be shorter) and goes no further than
    a list or a value."""
    from dashi_cli.model.dossier import Dossier  # the model imports this module

    if "[" in path or "]" in path:
        return f"{path!r} holds a list index; name fields only (a dossier's list may be shorter)"
    if not _PATH.fullmatch(path):
        return f"{path!r} is not a dotted path of field names (such as leader.name)"
    model: type[BaseModel] | None = Dossier
    walked: list[str] = []
    for name in path.split("."):
        if model is None:
            return f"{path!r}: {'.'.join(walked)} holds no field {name!r}"
        field = model.model_fields.get(name)
        if field is None or name.startswith("_"):
            where = ".".join(walked) or "a dossier"
            return f"{path!r}: {name!r} is not a field of {where}"
        walked.append(name)
        model = _submodel(field.annotation)
    return None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (Leader in ``Leader | None``), None for a value or a list."""
    for option in (annotation, *get_args(annotation)):
        plain = get_origin(option) is None and isinstance(option, type)
        if plain and issubclass(option, BaseModel):
            model: type[BaseModel] = option
            return model
    return None


_WIDTH = str.maketrans("()/ ", "（）／ ")


@lru_cache(maxsize=8192)
def _normal(text: str) -> str:
    """Compare names regardless of white space and full- or half-width brackets."""
    return "".join(text.split()).translate(_WIDTH).replace("／", "/")


def _mentions(given: str, words: Collection[str]) -> bool:
    """Whether a normalised value contains one of the words (compared normalised too):
    how a free-text value is placed by its words (国有企业 by 企业)."""
    return any(_normal(word) in given for word in words)


def bundled_calendar_dir(pack_path: Path | None = None) -> Path:
    """Override files shipped with a pack: calendar/<year>.yaml beside it."""
    return (pack_path or bundled_pack_path()).parent / "calendar"


def bundled_pack_path() -> Path:
    beside = Path(__file__).parent / "rules" / DEFAULT_PACK  # the wheel's layout
    if beside.is_file():
        return beside
    # Running from a source checkout (editable install): the pack at the top.
    checkout = Path(__file__).resolve().parents[2] / "rules" / DEFAULT_PACK
    if checkout.is_file():
        return checkout
    from importlib import resources  # a package imported some other way (a zip)

    bundled = resources.files("dashi_cli") / "rules" / DEFAULT_PACK
    return Path(str(bundled)) if bundled.is_file() else checkout


def load_pack(path: Path | None = None) -> Pack:
    """The rules pack at path (the bundled one by default), validated; read from the
    JSON cache of its validated data when the pack and dashi are the same
    (:mod:`dashi_cli.packcache`), else from its YAML."""
    from dashi_cli import packcache
    from dashi_cli.dates.cache import BadCache
    from dashi_cli.files import read_bounded

    path = path or bundled_pack_path()
    key = raw = None
    with contextlib.suppress(OSError, ValueError, BadCache):
        raw = read_bounded(path, _PACK_MAX_BYTES)
        key = packcache.cache_key(raw, _MODEL_SOURCES)
        cached = packcache.read(key)
        if cached is not None:
            try:
                made = packcache.rebuild(cached, _PACK_MODELS, {"Severity": Severity})
            except Exception:  # noqa: BLE001 - whatever is wrong with it, the YAML decides
                made = None
            if isinstance(made, Pack):
                return made
    # the bytes hashed are the bytes validated: a pack saved meanwhile is not cached
    # under the key of the one read before
    pack = load_model(path, Pack, "rules pack", PackError, raw=raw)
    if key is not None:
        with contextlib.suppress(ValueError, RecursionError):
            packcache.write(key, packcache.flatten(pack))
    return pack


# The code that validates a pack and caches it: the cache is keyed by these files too.
_MODEL_SOURCES = (
    Path(__file__),
    Path(__file__).parent / "model" / "dossier.py",
    Path(__file__).parent / "packcache.py",
    Path(__file__).parent / "findings.py",  # Severity, an enum of the pack
)
# The models a cached pack may be rebuilt from: the pack's own, by class name.
_PACK_MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model
    for model in list(globals().values())
    if isinstance(model, type) and issubclass(model, _Frozen)
}
_PACK_MAX_BYTES = 5 * 1024 * 1024

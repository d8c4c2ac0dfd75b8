"""Dossier format v1 (docs/dossier-format.md) as pydantic models.

Lenient on presence: every key is optional, so that a half-filled dossier gets
all its gaps reported at once by the checks (F001 and friends). Strict on
type, and unknown keys are rejected (Y002 with a "did you mean"). Values with
a closed list (skill level, gender, certificate and project kinds) are checked
against the rules pack passed in the validation context, and skill levels are
normalised to their canonical name (二级 → 技师).
"""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from dashi_cli.textforms import FIRST_YEAR, LAST_YEAR, parse_date, parse_year_month


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _year_month(value: Any) -> YearMonth:
    if isinstance(value, YearMonth):
        return value
    if isinstance(value, date):
        return YearMonth(value.year, value.month)
    if isinstance(value, float) and hasattr(value, "source"):
        value = value.source  # YAML read 1978.05 as a number; the text is the year-month
    if isinstance(value, str):
        parsed = parse_year_month(value)
        if parsed is not None:
            return YearMonth(*parsed)
        full = parse_date(value)  # a whole date is fine: its year and month count
        if full is not None:
            return YearMonth(full.year, full.month)
        raise PydanticCustomError("dashi_year_month", "invalid year-month", {"value": value})
    raise PydanticCustomError("dashi_year_month_type", "expected a year-month")


class _YearMonthSchema:
    """How pydantic reads, writes and describes a YearMonth: read by ``_year_month``,
    written as its text. Given whole here, so that pydantic never builds (and imports
    its dataclass support for) a schema of the dataclass itself, which it would only
    put aside: some 2 ms a run."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> CoreSchema:
        serialize = core_schema.plain_serializer_function_ser_schema(str)
        return core_schema.no_info_plain_validator_function(_year_month, serialization=serialize)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: CoreSchema, handler: Any) -> dict[str, str]:
        return {"type": "string", "description": "a year and month: 1978-05, 1978年5月, …"}


YearMonthField = Annotated[YearMonth, _YearMonthSchema]


def _identifier(value: Any) -> Any:
    """Identifiers are text, but an unquoted number that YAML read as int is fine:
    its text is taken as written (``0751…`` is not octal, ``051200`` keeps its zero)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return getattr(value, "source", None) or str(value)
    return value.strip() if isinstance(value, str) else value


Ident = Annotated[str, BeforeValidator(_identifier)]


def parse_iso_date(text: str) -> date | None:
    """A date in any form officers type (see :mod:`dashi_cli.textforms`), in range."""
    return parse_date(text)


def _date(value: Any) -> Any:
    """YAML reads an unquoted ISO date as a date; the other forms are text. A date is
    checked to be in range here too, in the same call (:func:`_in_range`)."""
    if type(value) is date:
        return _in_range(value)
    if isinstance(value, str):
        return parse_date(value) or value
    return value


def _in_range(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "dashi_date_range",
            "a date between {first} and {last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


# Strict: only a date passes after _date, which checked its range (a text it parsed is
# in range by parse_date's own bounds).
Date = Annotated[date, BeforeValidator(_date)]


# The pack a dossier is validated against (set by model.validate.build_dossier): read
# by the validators below from here rather than from pydantic's validation context,
# which would make pydantic build an info object for every value.
VALIDATING_WITH: ContextVar[Any] = ContextVar("validating_with", default=None)


def _vocabulary(kind: str) -> AfterValidator:
    def check(value: str) -> str:
        pack = VALIDATING_WITH.get()
        if pack is None:
            return value
        value = value.strip()
        if kind == "skill_level":
            canonical: str | None = pack.canonical_level(value)
            allowed: tuple[str, ...] = pack.level_names()
        elif kind == "certificate_kind":
            canonical = pack.certificate_kind(value)
            allowed = pack.vocabularies.certificate_kind
        else:
            allowed = getattr(pack.vocabularies, kind)
            canonical = value if value in allowed else None
        if canonical is None:
            raise PydanticCustomError(
                "dashi_not_allowed", "value not allowed", {"value": value, "allowed": allowed}
            )
        return canonical

    return AfterValidator(check)


SkillLevel = Annotated[str, _vocabulary("skill_level")]


def _level_or_text(value: str) -> str:
    """A member's level: its canonical name when it is on the ladder (二级 → 技师), else
    the text as written: a member below the ladder or off it (学徒工, 工程师) is simply
    not counted among the technicians, never a schema error."""
    pack = VALIDATING_WITH.get()
    value = value.strip()
    canonical = pack.canonical_level(value) if pack is not None else None
    return canonical or value


MemberLevel = Annotated[str, AfterValidator(_level_or_text)]
Gender = Annotated[str, _vocabulary("gender")]
CertificateKind = Annotated[str, _vocabulary("certificate_kind")]
# Open text (一.3: “技术改进或创新项目”): known kinds and levels are recognised in the
# pack, an unknown one is never an error. A trainee's level is open text too: a level
# below the minimum, on either ladder or written freely, is simply not counted (T003).
OpenText = Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]


class _Model(BaseModel):
    # Strict: no "yes" for a number, no 0 for a date, no "1" for true.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Studio(_Model):
    name: str | None = None
    occupation: str | None = None
    occupation_code: Ident | None = None
    industry: str | None = None
    location: str | None = None
    area_m2: float | None = None
    facilities: list[str] | None = None


class Head(_Model):
    name: str | None = None
    office_phone: Ident | None = None


class Contact(_Model):
    name: str | None = None
    office_phone: Ident | None = None
    mobile: Ident | None = None
    email: str | None = None
    fax: Ident | None = None


class Bank(_Model):
    name: str | None = None
    account: Ident | None = None


class Applicant(_Model):
    name: str | None = None
    kind: str | None = None
    nature: str | None = None
    credit_code: Ident | None = None
    district: str | None = None
    address: str | None = None
    postal_code: Ident | None = None
    head: Head | None = None
    contact: Contact | None = None
    bank: Bank | None = None


class Certificate(_Model):
    kind: CertificateKind | None = None
    number: Ident | None = None
    issued_on: Date | None = None


class Leader(_Model):
    name: str | None = None
    gender: Gender | None = None
    ethnicity: str | None = None
    birth: YearMonthField | None = None
    work_start: YearMonthField | None = None
    political_status: str | None = None
    id_number: Ident | None = None
    employer: str | None = None
    position: str | None = None
    occupation: str | None = None
    skill_level: SkillLevel | None = None
    certificate: Certificate | None = None
    honors: list[str] | None = None
    phone: Ident | None = None
    achievements: str | None = None
    in_skill_post: bool | None = None
    left_unit_on: Date | None = None


class Member(_Model):
    name: str | None = None
    gender: Gender | None = None
    id_number: Ident | None = None
    occupation: str | None = None
    occupation_code: Ident | None = None
    skill_level: MemberLevel | None = None
    certificate: Certificate | None = None


class Project(_Model):
    name: str | None = None
    kind: OpenText | None = None
    level: OpenText | None = None


class Plan(_Model):
    yearly_training_target: int | None = None
    directions: list[str] | None = None


class ApplicationReport(_Model):
    file: str | None = None
    sections: list[str] | None = None


def _report(value: Any) -> Any:
    """`application_report: true` means handed in, with nothing more said."""
    if value is True:
        return {}
    if value is False:
        return None
    return value


class Materials(_Model):
    application_form: bool | None = None
    application_report: Annotated[ApplicationReport | None, BeforeValidator(_report)] = None
    identity_copies: bool | None = None
    achievement_copies: bool | None = None
    copies: int | None = None
    electronic: bool | None = None
    stamped: bool | None = None


class Objection(_Model):
    received_on: Date | None = None
    summary: str | None = None
    resolved: bool | None = None


class Renewal(_Model):
    approved_on: Date | None = None


class Review(_Model):
    applied_on: Date | None = None
    recommended_on: Date | None = None
    expert_review_on: Date | None = None
    notice_start: Date | None = None
    notice_end: Date | None = None
    objections: list[Objection] | None = None
    certified_on: Date | None = None
    renewals: list[Renewal] | None = None


class Trainee(_Model):
    name: str | None = None
    skill_level: OpenText | None = None
    occupation: str | None = None
    occupation_code: Ident | None = None
    certified_on: Date | None = None


class AnnualRecord(_Model):
    year: int | None = None
    trainees: list[Trainee] | None = None
    results: list[str] | None = None


class Waiver(_Model):
    """An officer's recorded decision to accept one finding (W001, W002)."""

    code: Ident | None = None
    field: Ident | None = None
    reason: str | None = None
    approved_by: str | None = None
    approved_on: Date | None = None
    expires_on: Date | None = None


class Dossier(_Model):
    schema_version: Literal[1] | None = None
    studio: Studio | None = None
    applicant: Applicant | None = None
    leader: Leader | None = None
    members: list[Member] | None = None
    projects: list[Project] | None = None
    plan: Plan | None = None
    materials: Materials | None = None
    review: Review | None = None
    annual_records: list[AnnualRecord] | None = None
    waivers: list[Waiver] | None = None

"""ID numbers (GB 11643) and credit codes (GB 32100): property-based tests."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from dashi_cli.identifiers import (
    check_credit_code,
    check_id_number,
    credit_check_character,
    id_check_character,
    normalise_id,
)
from dashi_cli.pack import load_pack

PROVINCES = frozenset(load_pack().id_number_provinces)
ID_CHARS = "0123456789X"


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[str, date, bool]:
    province = draw(st.sampled_from(sorted(PROVINCES)))
    region = draw(st.integers(0, 9999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    order = draw(st.integers(0, 999))
    body = f"{province:02d}{region:04d}{born:%Y%m%d}{order:03d}"
    number = body + ric.calc_check_digit(body + "0")
    return number, born, order % 2 == 1


@given(valid_ids())
def test_generated_valid_numbers_pass_and_decode(generated: tuple[str, date, bool]) -> None:
    number, born, male = generated
    verdict = check_id_number(number, PROVINCES)
    assert verdict.problem is None
    assert verdict.birth == born
    assert verdict.male is male


@given(valid_ids(), st.integers(0, 17), st.sampled_from(ID_CHARS + "A.-"))
def test_every_single_character_corruption_is_caught(
    generated: tuple[str, date, bool], index: int, char: str
) -> None:
    number = generated[0]
    if number[index] == char:
        return  # not a corruption
    corrupted = number[:index] + char + number[index + 1 :]
    assert check_id_number(corrupted, PROVINCES).problem is not None


def test_all_single_substitutions_of_one_number_are_caught() -> None:
    number = "440204197805121310"
    for index in range(18):
        for char in ID_CHARS:
            if char != number[index]:
                corrupted = number[:index] + char + number[index + 1 :]
                assert check_id_number(corrupted, PROVINCES).problem, corrupted


def test_region_code_is_not_checked_against_birth_year() -> None:
    # 440204 (浈江区) was created in 2004; a number issued later to a person born
    # in 1978 is real. python-stdnum's own validate() rejects it.
    assert not ric.is_valid("440204197805121310")
    verdict = check_id_number("440204197805121310", PROVINCES)
    assert verdict.problem is None
    assert verdict.birth == date(1978, 5, 12)
    assert verdict.male is True


def test_problems_are_named() -> None:
    assert check_id_number("44020419780512131", PROVINCES).problem == "length"
    assert check_id_number("44020419780512131A", PROVINCES).problem == "characters"
    assert check_id_number("990204197805121310", PROVINCES).problem == "province"
    assert check_id_number("440204197802301310", PROVINCES).problem == "birth_date"
    assert check_id_number("440204197805121311", PROVINCES).problem == "checksum"


def test_normalisation() -> None:
    assert normalise_id(" 44022219900621351x ") == "44022219900621351X"
    assert normalise_id("４４０２０４１９７８０５１２１３１０") == "440204197805121310"
    assert check_id_number("44022219900621351x", PROVINCES).problem is None


def test_credit_codes() -> None:
    assert check_credit_code("91440200MA4W00000D") is None
    assert check_credit_code("91440200MA4W00000E") == "checksum"
    assert check_credit_code("91440200MA4W0000") == "format"
    assert check_credit_code("91440200MA4W0000OD") == "format"  # O is not in the alphabet
    assert check_credit_code("52440200MJL000001W") is None
    # GB 32100 allows letter registration-authority codes (N: 农业); stdnum's
    # validate() would reject this, our format check does not.
    body = "N2440200MA4W0000"
    from stdnum.cn import uscc

    code = body + "1" + uscc.calc_check_digit(body + "1")
    assert check_credit_code(code) is None


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_character_is_iso_7064_as_stdnum_computes_it(body: str) -> None:
    assert id_check_character(body) == ric.calc_check_digit(body + "0")


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_credit_check_character_is_gb_32100_as_stdnum_computes_it(body: str) -> None:
    assert credit_check_character(body) == uscc.calc_check_digit(body)


def test_known_numbers() -> None:
    assert id_check_character("44020419780512131") == "0"
    assert credit_check_character("91440200MA4W00000") == "D"

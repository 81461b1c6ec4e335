from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionsw.core import idnumber
from unionsw.core.masking import mask_id_number, mask_phone


def test_it_accepts_a_valid_number_and_derives_birth_and_gender():
    info = idnumber.parse("11010519491231002X")  # the GB 11643 standard's own example
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"
    assert info.region_code == "110105"


def test_it_accepts_lowercase_x():
    assert idnumber.parse("11010519491231002x").number == "11010519491231002X"


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("", "请填写"),
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "18位"),
        ("11010519491231002A", "18位"),
        ("99010519491231002X", "地区码"),
        ("110105194902300025", "不是有效日期"),
        ("110105194912310021", "校验位"),
    ],
)
def test_it_refuses_bad_numbers_with_a_chinese_reason(raw, reason):
    with pytest.raises(idnumber.InvalidIdNumber, match=reason):
        idnumber.parse(raw)


def test_it_refuses_a_birth_date_in_the_future():
    number = idnumber.build("370102", date(2030, 1, 1), 11)
    with pytest.raises(idnumber.InvalidIdNumber, match="不合理"):
        idnumber.parse(number, today=date(2026, 1, 1))


@given(
    born=st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
)
def test_built_numbers_round_trip(born, seq):
    info = idnumber.parse(idnumber.build("370102", born, seq))
    assert info.birth_date == born
    assert info.gender == ("M" if seq % 2 else "F")


def test_age_is_in_full_years_and_changes_on_the_birthday():
    born = date(1986, 11, 23)
    assert idnumber.age_on(born, date(2026, 11, 22)) == 39
    assert idnumber.age_on(born, date(2026, 11, 23)) == 40


def test_masks_keep_only_the_edges():
    assert mask_id_number("37010219900517123X") == "3701**********123X"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") == ""

"""Resident identity numbers per GB 11643-1999.

An 18-character number: 6-digit region code (GB/T 2260), 8-digit birth date, 3-digit sequence
(odd = male, even = female) and an ISO 7064 MOD 11-2 check character. Birth date, gender and age
are always derived from it, never typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# GB/T 2260 province-level codes (first two digits of every region code): the official names, data (not translated).
PROVINCE_CODES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

_FORMAT = re.compile(r"^\d{17}[\dX]$")


class InvalidIdNumber(ValueError):
    """The message is the reason shown to the user, in the language of the request."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    region_code: str
    birth_date: date
    gender: str  # "M" or "F"

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    return (raw or "").strip().upper().replace(" ", "")


def parse(raw: str, *, today: date | None = None) -> IdInfo:
    """Validate an ID number and return what it encodes; raise InvalidIdNumber with a Chinese reason."""
    number = normalize(raw)
    if not number:
        raise InvalidIdNumber(gettext("请填写身份证号码"))
    if not _FORMAT.match(number):
        raise InvalidIdNumber(gettext("身份证号码应为18位：前17位为数字，最后一位为数字或X"))
    if number[:2] not in PROVINCE_CODES:
        raise InvalidIdNumber(gettext("身份证号码的地区码 %(code)s 不存在") % {"code": number[:6]})
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(gettext("身份证号码中的出生日期 %(date)s 不是有效日期") % {"date": number[6:14]}) from None
    today = today or date.today()
    if born > today or born.year < 1900:
        raise InvalidIdNumber(gettext("身份证号码中的出生日期 %(date)s 不合理") % {"date": f"{born:%Y-%m-%d}"})
    expected = check_char(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(gettext("身份证号码校验位不正确，请核对"))
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number=number, region_code=number[:6], birth_date=born, gender=gender)


def build(region_code: str, birth: date, sequence: int) -> str:
    """Make a valid number (used by the demo data and tests)."""
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def age_on(birth: date, day: date) -> int:
    """Full years (周岁) on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

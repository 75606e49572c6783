"""Turn what people type into Excel into clean values.

Danish users type numbers as "1.234,5" and dates as "31-12-2027", often as text;
ids arrive with stray spaces, non-breaking spaces and mixed case. Every parser
returns the clean value or raises `ValueError` with what was expected.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..i18n import parse_yes_no

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_ID = re.compile(r"^[A-ZÆØÅÄÖ0-9]+(?:[-._/][A-ZÆØÅÄÖ0-9]+)*$")
_ID_LIST_SPLIT = re.compile(r"[,;\n]+")
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
_EXCEL_EPOCH = date(1899, 12, 30)
ID_MAX_LENGTH = 40


def clean_text(value: object) -> str:
    """Strip and turn non-breaking spaces into spaces; keep line breaks inside."""
    if value is None:
        return ""
    if value.__class__ is str and "\n" not in value:
        # Most cells: one line. str.split() splits on every Unicode space (non-breaking ones too),
        # which is what the general case below does line by line.
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ").replace("\r\n", "\n")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


# Characters an xlsx (XML 1.0) cannot hold; pasted text sometimes carries them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MAX_CELL_TEXT = 32767  # Excel's limit per cell


def excel_text(value: object) -> str:
    """Text safe to write into a workbook or XML report: illegal characters dropped, Excel's length kept."""
    text = _XML_ILLEGAL.sub("", str(value))
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def is_blank(value: object) -> bool:
    # str.strip() drops exactly what _SPACES matches (Unicode whitespace), without a regex.
    return value is None or (isinstance(value, str) and not value.strip())


def parse_id(value: object) -> str:
    """Ids ignore case and every kind of space: ' sko - 01 ' is 'SKO-01'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _SPACES.sub("", str(value)).upper()
    if not text or len(text) > ID_MAX_LENGTH or not _ID.match(text):
        raise ValueError("id")
    return text


def split_id_list(text: str) -> list[str]:
    """The parts of a list of ids: separated by comma, semicolon or line break ("M2, M3")."""
    return [part for part in _ID_LIST_SPLIT.split(text) if not is_blank(part)]


def parse_id_list(value: object) -> list[str]:
    if isinstance(value, (int, float)):
        return [parse_id(value)]
    return [parse_id(part) for part in split_id_list(str(value))]


def parse_number(value: object) -> float:
    """Numbers typed the Danish way ('1.234,5', '-12,5', '1 234') or the English way."""
    if isinstance(value, bool):
        raise ValueError("number")
    if isinstance(value, (int, float)):
        return float(value)
    text = _SPACES.sub("", str(value)).replace("\u2212", "-")
    text = re.sub(r"(?i)(kr\.?|dkk|sek|tkr\.?)$", "", text)
    if not text:
        raise ValueError("number")
    if "," in text and "." in text:
        # The last separator is the decimal one: 1.234,5 (da) or 1,234.5 (en).
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")  # "1.234" is one thousand two hundred and thirty-four in Danish
    try:
        return float(text)
    except ValueError:
        raise ValueError("number") from None


def parse_year(value: object) -> int:
    number = parse_number(value)
    if not number.is_integer() or not 1900 <= number <= 2200:
        raise ValueError("year")
    return int(number)


_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d.%m.%y", "%d/%m/%y")


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial day numbers
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError("date")
    text = _SPACES.sub("", str(value))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return _date_with_month_name(text)


# Month names as typed in Danish, Swedish and English ("1. marts 2027", "1 mars 2027", "1 Mar 2027").
_MONTHS = ("januar januari january", "februar februari february", "marts mars march", "april", "maj may",
           "juni june", "juli july", "august augusti", "september", "oktober october", "november", "december")
_MONTH_NAMES = {name: number for number, names in enumerate(_MONTHS, 1) for name in names.split()}
_NAMED_DATE = re.compile(r"(\d{1,2})\.?([^\W\d_]{3,})\.?(\d{4})")


def _date_with_month_name(text: str) -> date:
    match = _NAMED_DATE.fullmatch(text.casefold())
    if match:
        day, word, year = match.groups()
        months = {number for name, number in _MONTH_NAMES.items() if name.startswith(word)}
        if len(months) == 1:
            try:
                return date(int(year), months.pop(), int(day))
            except ValueError:
                pass
    raise ValueError("date")


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    answer = parse_yes_no(clean_text(value))
    if answer is None:
        raise ValueError("yes_no")
    return answer

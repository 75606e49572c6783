"""Turn what people type into Excel into clean values.

Danish users type numbers as "1.234,5" and dates as "31-12-2027", often as text;
ids arrive with stray spaces, non-breaking spaces and mixed case. Every parser
returns the clean value or raises `ValueError` with what was expected.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from ..i18n import parse_yes_no

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_ID = re.compile(r"^[A-ZÆØÅÄÖ0-9]+(?:[-._/][A-ZÆØÅÄÖ0-9]+)*$")
_ID_LIST_SPLIT = re.compile(r"[,;\n]+")
# A dropdown entry is "ID – text" (en dash between spaces), so the user sees what they pick; the
# reader keeps the id. Ids never hold an en dash, and "SKO - 01" (a hyphen) stays one id.
LABEL_SEPARATOR = " – "
_LABEL = re.compile(r"\s–\s")
# Within one line, a "," or ";" starts a new entry only when an "ID – text" follows, so a
# picked entry's text may hold commas ("P2 – Flere børn, bedre trivsel").
_LABELLED_SPLIT = re.compile(r"[,;](?=\s*[^,;–\s]+\s–\s)")
DROPDOWN_TEXT_WIDTH = 60
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


def dropdown_entry(value: str, text: str) -> str:
    """How a dropdown shows an id: "P2 – Flere børn …" (the text shortened), or the bare id without text."""
    text = " ".join(str(text or "").split())
    if not text:
        return value
    if len(text) > DROPDOWN_TEXT_WIDTH:
        text = text[:DROPDOWN_TEXT_WIDTH - 1].rstrip() + "…"
    return f"{value}{LABEL_SEPARATOR}{text}"


def without_label(text: str) -> str:
    """The id of a dropdown entry "ID – text"; text without an entry's separator as it is."""
    match = _LABEL.search(text)
    return text[:match.start()] if match else text


def parse_id(value: object) -> str:
    """Ids ignore case and every kind of space: ' sko - 01 ' is 'SKO-01'; "41 – Skoler" is '41'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if "–" in text:
        text = without_label(text)
    text = _SPACES.sub("", text).upper()
    if not text or len(text) > ID_MAX_LENGTH or not _ID.match(text):
        raise ValueError("id")
    return text


def split_id_list(text: str) -> list[str]:
    """The id of each entry of a list: entries separated by comma, semicolon or line break ("M2, M3"),
    each maybe a dropdown entry "ID – text" whose text is dropped (and may hold commas itself)."""
    if "–" not in text:
        return [part for part in _ID_LIST_SPLIT.split(text) if not is_blank(part)]
    parts = []
    for line in text.splitlines():
        for entry in _LABELLED_SPLIT.split(line):
            if _LABEL.search(entry):
                parts.append(without_label(entry))
            else:
                parts += [part for part in _ID_LIST_SPLIT.split(entry) if not is_blank(part)]
    return parts


def parse_id_list(value: object) -> list[str]:
    """Ids separated by ",", ";" or line breaks; each may be a dropdown entry "ID – text"."""
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
        number = float(text)
    except ValueError:
        raise ValueError("number") from None
    if not math.isfinite(number):  # "nan", "inf", "1e400": Python reads them, no budget or target is one
        raise ValueError("number")
    return number


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

"""User-facing text in Danish (default), Swedish and English.

Identifiers stay English; every string a department head or finance officer
reads is a `Text` with all three languages, kept next to the code that shows it.
"""
from __future__ import annotations

from typing import Literal, NamedTuple

Lang = Literal["da", "sv", "en"]
LANGUAGES: tuple[Lang, ...] = ("da", "sv", "en")
DEFAULT_LANG: Lang = "da"


class Text(NamedTuple):
    da: str
    sv: str
    en: str

    def __call__(self, lang: Lang = DEFAULT_LANG, **params: object) -> str:
        template = getattr(self, lang, self.da)
        return template.format(**params) if params else template


# Yes/no answers as users type them, in any of the three languages.
YES = Text("ja", "ja", "yes")
NO = Text("nej", "nej", "no")
_TRUTHY = {"ja", "j", "yes", "y", "x", "1", "true", "sand"}
_FALSY = {"nej", "n", "no", "0", "false", "falsk"}


def parse_yes_no(value: str) -> bool | None:
    """Return True/False for a yes/no answer in da/sv/en, None if unrecognised."""
    folded = value.strip().casefold()
    if folded in _TRUTHY:
        return True
    if folded in _FALSY:
        return False
    return None


# A goal every committee carries is written once with this keyword, in any of the three languages,
# instead of once per committee ("alle udvalg", "alla nämnder", "all committees" work too).
ALL = Text("alle", "alla", "all")
_ALL_KEYWORDS = {"alle", "alla", "all", "alleudvalg", "allanämnder", "allanamnder", "allcommittees", "*"}


def is_all_keyword(value: str) -> bool:
    """Whether a cell value (or one item of an id list) means "every committee"."""
    return "".join(str(value).split()).casefold() in _ALL_KEYWORDS


class Noun(NamedTuple):
    """A counted noun: its singular and its plural, in every language."""

    one: Text
    many: Text


# "1 advarsel", "2 advarsler": counts agree with their noun in every message that counts.
NOUNS: dict[str, Noun] = {
    "error": Noun(Text("fejl", "fel", "error"), Text("fejl", "fel", "errors")),
    "warning": Noun(Text("advarsel", "varning", "warning"), Text("advarsler", "varningar", "warnings")),
    "info": Noun(Text("info", "info", "info"), Text("info", "info", "info")),
    "submission": Noun(Text("indsendelse", "inlämning", "submission"),
                       Text("indsendelser", "inlämningar", "submissions")),
    "file": Noun(Text("fil", "fil", "file"), Text("filer", "filer", "files")),
}


def count_text(count: int, noun: str, lang: Lang = DEFAULT_LANG) -> str:
    """'1 advarsel', '2 advarsler': the count and its noun in the right number."""
    forms = NOUNS[noun]
    return f"{count} {(forms.one if count == 1 else forms.many)(lang)}"


_LINE_BREAKS = str.maketrans({"\r": "⏎", "\n": "⏎", "\x0b": "⏎", "\x0c": "⏎", "\x85": "⏎", "\u2028": "⏎",
                              "\u2029": "⏎", **{chr(c): "�" for c in range(0x20) if chr(c) not in "\t\r\n\x0b\x0c"},
                              "\x7f": "�", "\x1b": "�"})


def one_line(text: str) -> str:
    """Text from a submission (a file name, a cell) as one line: a line break in it shows as ⏎ and
    a control character (e.g. a terminal escape) as �, so it can never forge a line of a report or log."""
    return text.translate(_LINE_BREAKS)

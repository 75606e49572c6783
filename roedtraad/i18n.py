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

"""The building blocks of template specs: column types, columns, sheets, workbooks and fixed lists.

`spec` declares every workbook from these; `foundation_spec` the foundation's sheets.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from ..i18n import Text

STAMP_SHEET = "_roedtraad"
LOOKUP_SHEET = Text("Opslag", "Uppslag", "Lookup")
FOUNDATION = "foundation"


class ColumnType(StrEnum):
    TEXT = "text"
    ID = "id"
    ID_LIST = "id_list"
    NUMBER = "number"
    YEAR = "year"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    field: str
    header: Text
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    lookup: str = ""  # name of the dropdown list on the lookup sheet
    width: int = 18
    computed: bool = False
    note: Text | None = None  # the header's comment and the cells' input message
    source: str = ""  # "table.field": a dropdown of the values typed in that column of the same workbook

    def headers(self) -> frozenset[str]:
        return _header_keys(self.header)


@dataclass(frozen=True)
class TableSheet:
    key: str
    name: Text
    columns: tuple[Column, ...]
    instruction: Text
    required: bool = True  # a missing required sheet is a structure finding
    example: tuple = ()  # one filled-in row shown above the header (never read), values or Texts per column
    capacity: int = 25  # empty input rows the generated table offers below its pre-filled ones

    @property
    def header_row(self) -> int:
        """The example takes a label row and its own row above the header."""
        return HEADER_ROW + 2 if self.example else HEADER_ROW

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.computed)


@dataclass(frozen=True)
class FrontField:
    field: str
    label: Text
    type: ColumnType = ColumnType.TEXT
    required: bool = True


@dataclass(frozen=True)
class WorkbookSpec:
    kind: str
    title: Text
    front_fields: tuple[FrontField, ...]
    instructions: tuple[Text, ...]
    tables: tuple[TableSheet, ...] = field(default=())

    def table(self, key: str) -> TableSheet:
        return next(t for t in self.tables if t.key == key)

    def has_table(self, key: str) -> bool:
        return any(t.key == key for t in self.tables)


FRONT_SHEET = Text("Forside", "Försättsblad", "Front page")
HEADER_ROW = 3  # rows 1-2 hold the sheet's title and instruction
FIRST_DATA_ROW = HEADER_ROW + 1
COMPUTED_SUFFIX = Text(" (beregnes)", " (beräknas)", " (computed)")


@lru_cache(maxsize=16384)
def header_key(text: str) -> str:
    """Headers match case-, space- and computed-marker-insensitively.

    Cached: the reader folds the same few hundred sheet names, headers and
    labels in every file, and this was the top of the reading profile.
    """
    folded = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
    for suffix in COMPUTED_SUFFIX:
        folded = folded.removesuffix(suffix.strip().casefold()).strip()
    return folded


@lru_cache(maxsize=1024)
def _header_keys(header: Text) -> frozenset[str]:
    return frozenset(header_key(h) for h in header)


def _computed(field_name: str, header: Text, width: int = 24) -> Column:
    return Column(field_name, Text(*(h + s for h, s in zip(header, COMPUTED_SUFFIX))),
                  computed=True, width=width)


C = ColumnType
# Fixed dropdown lists: key -> label per language. Readers accept a label in any
# language (and a few common aliases), so a Swedish file can be read by a Danish setup.
CHOICES: dict[str, dict[str, Text]] = {
    "goal_types": {"effect": Text("Effektmål", "Effektmål", "Outcome goal"),
                   "output": Text("Produktionsmål", "Produktionsmål", "Output goal")},
    "party_kinds": {"committee": Text("Udvalg", "Nämnd", "Committee"),
                    "department": Text("Afdeling", "Förvaltning", "Department"),
                    "institution": Text("Institution", "Verksamhet", "Institution")},
    "objective_types": {"development": Text("Udvikling", "Utveckling", "Development"),
                        "operation": Text("Drift", "Drift", "Operation")},
    "directions": {"higher": Text("Højere er bedre", "Högre är bättre", "Higher is better"),
                   "lower": Text("Lavere er bedre", "Lägre är bättre", "Lower is better")},
    "traffic_lights": {"green": Text("Grøn", "Grön", "Green"), "yellow": Text("Gul", "Gul", "Yellow"),
                       "red": Text("Rød", "Röd", "Red")},
}
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "goal_types": {"effekt": "effect", "effect": "effect", "outcome": "effect", "produktion": "output",
                   "output": "output", "effektmal": "effect", "produktionsmal": "output"},
    "directions": {"højere": "higher", "högre": "higher", "higher": "higher", "op": "higher", "up": "higher",
                   "lavere": "lower", "lägre": "lower", "lower": "lower", "ned": "lower", "down": "lower"},
    "traffic_lights": {"g": "green", "grøn": "green", "grön": "green", "groen": "green", "green": "green",
                       "gul": "yellow", "yellow": "yellow", "r": "red", "rød": "red", "röd": "red",
                       "roed": "red", "red": "red"},
}

# The department and its head, on the front sheet of committee agreements, quality agreements and
# project registers alike.
DEPARTMENT_FIELDS = (
    FrontField("department", Text("Afdeling", "Förvaltning", "Department"), C.ID),
    FrontField("head", Text("Afdelingschef", "Förvaltningschef", "Head of department")),
)

"""Domain records of the governance model.

Every record read from a workbook remembers where it came from (`Location`),
so any finding about it can point at the file, sheet and cell a user opens.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .config import PartyKind

GoalType = Literal["effect", "output"]


# Equal cell maps, one dict: a row's map (field -> A1 cell) is the same in every file made from
# one template, so 10,000 submissions hold a few hundred distinct maps, not half a million.
# Nothing changes a record's cell map after reading (rollover and links replace it whole).
_CELL_MAPS: dict[tuple, dict[str, str]] = {}
_CELL_MAPS_LIMIT = 20_000  # a long-running process meeting endless layouts starts afresh
CellMap = dict[str, str]  # field -> A1 cell, for findings; shared between equal maps


def shared_cells(cells: CellMap) -> CellMap:
    """The one dict equal to `cells` this process holds (its strings with it)."""
    if not cells:
        return cells
    key = tuple(cells.items())
    shared = _CELL_MAPS.get(key)
    if shared is None:
        if len(_CELL_MAPS) >= _CELL_MAPS_LIMIT:
            _CELL_MAPS.clear()
        shared = _CELL_MAPS[key] = cells
    return shared


# Per record class: one set of all its field names, shared by its records, and whether its
# `cells` is a CellMap (the agreement header's maps fields to locations).
_BOOKKEEPING: dict[type, tuple[set[str], bool]] = {}


def _bookkeeping(cls: type) -> tuple[set[str], bool]:
    known = _BOOKKEEPING.get(cls)
    if known is None:
        cells = cls.model_fields.get("cells")
        known = _BOOKKEEPING[cls] = (set(cls.model_fields), cells is not None and cells.annotation == CellMap)
    return known


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic gives every object a set of the fields it was given: a third of a record's
        # memory (57 sets of about 420 bytes per submission). Records share one set per class
        # naming every field instead, which is what a record restored from a worker or the
        # cache has always said. Nothing asks for unset fields (no exclude_unset); assigning
        # a field adds a name already in the set, and model_copy copies the set first.
        # Validation copied the cell map given: the shared one replaces the copy.
        fields, shares_cells = _bookkeeping(type(self))
        object.__setattr__(self, "__pydantic_fields_set__", fields)
        if shares_cells:
            values = self.__dict__
            values["cells"] = shared_cells(values["cells"])

    def __reduce__(self) -> tuple:
        # Records cross from the reading processes to the parent by pickle. Pydantic's own
        # protocol sends four attributes per object (its field set among them) and restores
        # them in Python; the field values alone are enough: dumping 35 % and loading 20 %
        # cheaper per submission. Records have no private attributes and forbid extras.
        return _restore_record, (type(self), self.__dict__)


def _restore_record(cls: type[Record], values: dict) -> Record:
    """The record as pickled by Record.__reduce__, its values trusted as they were."""
    record = object.__new__(cls)
    fields, shares_cells = _bookkeeping(cls)
    if shares_cells:
        values["cells"] = shared_cells(values["cells"])
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", fields)
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def shown(record: object, value: str) -> str:
    """An id as the user typed it ("EGE 01"), where the reader normalised it ("EGE01") for matching."""
    typed = getattr(record, "typed", None)
    return typed.get(value, value) if typed else value


class Location(Record):
    model_config = ConfigDict(frozen=True)

    file: str
    sheet: str = ""
    cell: str = ""  # A1 form, "" for a whole file or sheet
    row: int | None = None  # 1-based Excel row

    def at(self, cell: str) -> "Location":
        return Location(file=self.file, sheet=self.sheet, cell=cell, row=self.row)  # model_copy: 60 % slower


class Party(Record):
    id: str
    name: str
    kind: PartyKind
    parent: str | None = None  # department -> committee, institution -> department
    leader: str = ""  # afdelingschef / institutionsleder
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)  # id as read -> the text the user typed, where they differ


class Appropriation(Record):
    number: str
    name: str
    committee: str
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)


class Frame(Record):
    appropriation: str
    year: int
    amount: float  # 1.000 kr.
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)


class Goal(Record):
    id: str
    text: str
    level: str
    owners: list[str] = Field(default_factory=list)  # party ids; policy goals may have several
    all_owners: bool = False  # written with the keyword for every committee (owners lists them all)
    parents: list[str] = Field(default_factory=list)
    goal_type: GoalType | None = None
    cross_cutting: bool = False
    own_goal: bool = False
    objective_type: Literal["development", "operation"] | None = None  # objectives only
    policy: str = ""  # the policy a policy goal belongs to
    description: str = ""
    responsible: str = ""
    sub_goals: dict[int, str] = Field(default_factory=dict)  # delmål per year
    carries: list[str] = Field(default_factory=list)  # cross-cutting goals this goal carries
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)


class Indicator(Record):
    goal_id: str
    name: str
    unit: str = ""
    baseline: float | str | None = None
    targets: dict[int, float | str] = Field(default_factory=dict)
    data_source: str = ""
    frequency: str = ""
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)


class Action(Record):
    id: str
    goal_id: str
    text: str
    responsible: str = ""
    start: date | None = None
    end: date | None = None
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)


def budget_row_id(party: object, appropriation: object, year: object) -> str:
    """How findings and the demo name a budget line: party:appropriation:year."""
    return f"{party}:{appropriation}:{year}" if party else f"{appropriation}:{year}"


class BudgetLine(Record):
    party: str
    appropriation: str
    year: int
    amount: float  # 1.000 kr.
    note: str = ""
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)

    @property
    def row_id(self) -> str:
        return budget_row_id(self.party, self.appropriation, self.year)


class CrossCuttingDecision(Record):
    goal_id: str
    relevant: bool | None = None
    carried_by: list[str] = Field(default_factory=list)
    reason: str = ""
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)


class Deadline(Record):
    phase: str
    deadline: date
    agreement: str | None = None  # the agreement kind whose submissions the deadline applies to
    responsible: str = ""
    checkpoint: bool = False  # a follow-up checkpoint: actuals are reported as of this date
    location: Location | None = None


Direction = Literal["higher", "lower"]
TrafficLight = Literal["green", "yellow", "red"]


class IndicatorResult(Record):
    """One row of an agreement's follow-up sheet: an indicator's actual value at a checkpoint."""

    checkpoint: str
    goal_id: str
    indicator: str
    unit: str = ""
    baseline: float | str | None = None
    target: float | str | None = None
    direction: Direction | None = None  # None: lower is better when the target is below the baseline
    actual: float | str | None = None
    assessment: TrafficLight | None = None  # the party's own assessment; never overrides the computed one
    comment: str = ""
    green_from: float | None = None  # per-row thresholds in percent of the planned change
    yellow_from: float | None = None
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)


class FollowUp(Record):
    when: str
    how: str = ""
    reporting: str = ""
    location: Location | None = None


class StrategicProject(Record):
    """A row of a department's strategic project register (seed 002): the fixed parts of the
    description, and the goals (usually council objectives) the project serves."""

    id: str
    name: str
    department: str = ""
    serves: list[str] = Field(default_factory=list)
    purpose: str = ""  # formål
    goal: str = ""  # mål
    sub_goals: str = ""  # delmål
    strategy: str = ""
    organisation: str = ""  # organisering
    tools: str = ""  # valg af værktøj
    responsible: str = ""
    location: Location | None = None
    cells: CellMap = Field(default_factory=dict)


class TemplateStamp(Record):
    """What a generated workbook says about itself (hidden sheet)."""

    kind: str  # "foundation" or an agreement key
    preset: str
    template_version: int
    parties: list[str] = Field(default_factory=list)


class AgreementHeader(Record):
    """The front sheet of an agreement: who agreed with whom, for which years."""

    committee: str = ""
    department: str = ""
    head: str = ""
    institutions: list[str] = Field(default_factory=list)
    leaders: list[str] = Field(default_factory=list)
    first_year: int | None = None
    last_year: int | None = None
    approved: date | None = None
    cells: dict[str, Location] = Field(default_factory=dict)
    typed: dict[str, str] = Field(default_factory=dict)


class Workbook(Record):
    """What every read workbook shares: where it is and what it is."""

    path: Path
    sha256: str = ""
    received: float = 0.0  # file mtime (epoch seconds)
    stamp: TemplateStamp | None = None


class Foundation(Workbook):
    parties: list[Party] = Field(default_factory=list)
    appropriations: list[Appropriation] = Field(default_factory=list)
    frames: list[Frame] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)  # objectives and policy goals
    value_markers: list[str] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)


class Submission(Workbook):
    kind: str = ""  # agreement key
    header: AgreementHeader = Field(default_factory=AgreementHeader)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    budget: list[BudgetLine] = Field(default_factory=list)
    cross_cutting: list[CrossCuttingDecision] = Field(default_factory=list)
    follow_up: list[FollowUp] = Field(default_factory=list)
    results: list[IndicatorResult] = Field(default_factory=list)  # the follow-up sheet (opfølgning)
    projects: list[StrategicProject] = Field(default_factory=list)  # project registers only

    @property
    def owner(self) -> str:
        """The party that delivers this agreement's goals."""
        return ",".join(self.header.institutions) if self.header.institutions else self.header.department

"""Configuration: a preset (the governance model) adapted by roedtraad.toml.

The preset ships as TOML inside the package; a municipality's roedtraad.toml
overrides any key of it (deep merge), so period, names and limits change
without code. A broken configuration is a programming/setup problem and
raises `ConfigError` (the CLI exits 2); it is never a finding.
"""
from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from .i18n import Lang, Text

PartyKind = Literal["council", "committee", "department", "institution"]
CONFIG_FILE = "roedtraad.toml"


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why, in the user's language."""

    def __init__(self, text: Text | str, **params: object) -> None:
        self.text = text if isinstance(text, Text) else Text(text, text, text)
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "da") -> str:
        return self.text(lang, **self.params) if self.params else self.text(lang)


UNKNOWN_PRESET = Text("ukendt forudindstilling '{name}'; kendte: {known}", "okänd förinställning '{name}'; kända: {known}",
                      "unknown preset '{name}'; available: {known}")
INVALID_SETTINGS = Text("{source} kan ikke bruges: {detail}", "{source} kan inte användas: {detail}", "{source}: {detail}")
NO_PROJECT = Text("{path} findes ikke: kør først 'roedtraad init {folder}'",
                  "{path} finns inte: kör först 'roedtraad init {folder}'",
                  "{path} not found: run 'roedtraad init {folder}' first")


class Labels(BaseModel):
    da: str
    sv: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return getattr(self, lang)

    def as_text(self) -> Text:
        return Text(self.da, self.sv, self.en)


class Level(BaseModel):
    key: str = ""
    rank: int
    labels: Labels
    owner: PartyKind
    defined_in: str  # "foundation" or an agreement key
    parents: list[str] = Field(default_factory=list)
    own_goals_allowed: bool = False
    # Foundation levels only: the sheet's name, a grouping column (Danish "Politik", Swedish
    # "Målområde") and a measure column (Swedish åtaganden are formulated as nyckeltal).
    # Unset, the engine's own names are used, so a preset only says what differs.
    sheet: Labels | None = None
    group: Labels | None = None
    measure: Labels | None = None


class Agreement(BaseModel):
    key: str = ""
    labels: Labels
    file_label: Labels
    level: str
    between: tuple[PartyKind, PartyKind]
    min_years: int = 1
    max_years: int = 2
    budget_required: bool = False
    deadline_phase: str = ""
    budget_sheet: Labels | None = None  # the budget sheet's name, if not "Budget" (Swedish: Internbudget)


class Period(BaseModel):
    council_term: tuple[int, int]
    budget_year: int

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        start, end = self.council_term
        if start > end:
            raise ValueError(f"council_term {start}-{end} ends before it starts")
        return self


class Limits(BaseModel):
    max_goals_per_agreement: int = 10
    max_text_length: int = 1000
    budget_below_frame_tolerance: float = 0.02
    # What one workbook may ask of the machine, checked before anything is parsed (see
    # workbook_templates/limits.py): a million-row sheet or a zip bomb costs one finding, not the run.
    max_rows_per_sheet: int = 100_000
    max_columns_per_sheet: int = 1_000
    max_part_megabytes: int = 64  # inflated size of one part of the zip package
    max_inflation_ratio: int = 200  # inflated / compressed size of a part above 1 MB inflated


class FollowUpSettings(BaseModel):
    """Traffic lights for follow-up (preset key `[follow_up]`): how an indicator's status is
    computed from baseline, target and actual, and how statuses roll up the cascade."""

    # Share of the planned change (baseline -> target) reached: at least green_from is green,
    # at least yellow_from is yellow, below is red. An indicator's own row may set its own.
    green_from: float = 1.0
    yellow_from: float = 0.5
    # "worst": a goal is as bad as its worst measured child; "share_green": green when at least
    # rollup_green_share of its measured children are green, yellow from rollup_yellow_share.
    rollup: Literal["worst", "share_green"] = "worst"
    rollup_green_share: float = 0.75
    rollup_yellow_share: float = 0.5

    @model_validator(mode="after")
    def _ordered(self) -> "FollowUpSettings":
        if self.yellow_from > self.green_from:
            raise ValueError("follow_up: yellow_from must not be above green_from")
        if self.rollup_yellow_share > self.rollup_green_share:
            raise ValueError("follow_up: rollup_yellow_share must not be above rollup_green_share")
        return self


class Paths(BaseModel):
    foundation: str = "Styringsgrundlag.xlsx"
    submissions: str = "indsendelser"
    templates: str = "skabeloner"
    output: str = "output"
    archive: str = "arkiv"


class LedgerConfig(BaseModel):
    url: str = ""  # SQLAlchemy URL; "" means ledger.sqlite in the project folder


class Settings(BaseModel):
    """The preset merged with the project's roedtraad.toml."""

    name: str
    municipality: str = "Kommune"
    language: Lang = "da"
    # The municipality's clock: when a version was received, and so whether it was late, is judged
    # by it, whatever zone the server runs in (a file in at 00:30 Danish time is not in yesterday).
    timezone: str = "Europe/Copenhagen"
    template_version: int
    period: Period
    levels: dict[str, Level]
    agreements: dict[str, Agreement]
    limits: Limits = Field(default_factory=Limits)
    severities: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    paths: Paths = Field(default_factory=Paths)
    follow_up: FollowUpSettings = Field(default_factory=FollowUpSettings)
    ledger: LedgerConfig = Field(default_factory=LedgerConfig)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            _zone(value)
        except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError for odd keys
            try:
                _zone("UTC")
            except Exception:  # noqa: BLE001 - no zone database here at all (Pyodide): judged where times are
                return value
            raise ValueError(f"unknown time zone {value!r} (write e.g. 'Europe/Copenhagen')") from None
        return value

    def local_time(self, epoch: float) -> datetime:
        """A moment (seconds since the epoch) on the municipality's clock, to the second."""
        return datetime.fromtimestamp(epoch, _zone(self.timezone)).replace(microsecond=0)

    def local_day(self, epoch: float) -> date:
        return self.local_time(epoch).date()

    @model_validator(mode="after")
    def _consistent(self) -> "Settings":
        for key, level in self.levels.items():
            level.key = key
            for parent in level.parents:
                if parent not in self.levels:
                    raise ValueError(f"level {key!r} names unknown parent level {parent!r}")
            if level.defined_in != "foundation" and level.defined_in not in self.agreements:
                raise ValueError(f"level {key!r} is defined in unknown agreement {level.defined_in!r}")
        for key, agreement in self.agreements.items():
            agreement.key = key
            if agreement.level not in self.levels:
                raise ValueError(f"agreement {key!r} names unknown level {agreement.level!r}")
            if not 1 <= agreement.min_years <= agreement.max_years:
                raise ValueError(f"agreement {key!r}: need 1 <= min_years <= max_years")
        return self

    def ordered_levels(self) -> list[Level]:
        return sorted(self.levels.values(), key=lambda level: level.rank)

    def foundation_levels(self) -> list[Level]:
        return [lvl for lvl in self.ordered_levels() if lvl.defined_in == "foundation"]

    def committee_levels(self) -> list[Level]:
        """Foundation levels owned by committees: their goals may name every committee with a keyword."""
        return [lvl for lvl in self.foundation_levels() if lvl.owner == "committee"]

    def level_of_agreement(self, agreement_key: str) -> Level:
        return self.levels[self.agreements[agreement_key].level]

    def years(self) -> range:
        start, end = self.period.council_term
        return range(start, end + 1)


def preset_names() -> list[str]:
    files = resources.files("roedtraad") / "presets"
    return sorted(p.name.removesuffix(".toml") for p in files.iterdir() if p.name.endswith(".toml"))


def load_preset_data(name: str) -> dict[str, Any]:
    resource = resources.files("roedtraad") / "presets" / f"{name}.toml"
    if not resource.is_file():
        raise ConfigError(UNKNOWN_PRESET, name=name, known=", ".join(preset_names()))
    return tomllib.loads(resource.read_text(encoding="utf-8"))


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def build_settings(project_data: dict[str, Any], source: str = CONFIG_FILE) -> Settings:
    preset = project_data.get("preset", "dk-aftalestyring")
    data = deep_merge(load_preset_data(preset), {k: v for k, v in project_data.items() if k != "preset"})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(INVALID_SETTINGS, source=source, detail=exc) from exc


def load_settings(project_dir: Path) -> Settings:
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(NO_PROJECT, path=path, folder=project_dir)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(INVALID_SETTINGS, source=path, detail=exc) from exc
    return build_settings(data, str(path))


@lru_cache(maxsize=8)
def _zone(key: str):  # noqa: ANN202 - a ZoneInfo
    from zoneinfo import ZoneInfo  # Windows has no zone database of its own: the tzdata package brings it

    return ZoneInfo(key)

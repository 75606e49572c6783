"""The foundation's goal tables, one per foundation level of the preset.

The top level's table is 'objectives', the lowest's 'policy_goals' (whatever the
preset calls them: Danish målsætninger and politikmål, Swedish övergripande mål
and åtaganden); a level between them (Swedish resultatmål) gets a table of its
own. Names, a grouping column and a measure column come from the preset.
"""
from __future__ import annotations

from ..config import Settings
from ..i18n import Text
from .columns import C, Column, TableSheet

POLICY_TABLE = "policy_goals"  # the committee-owned level at the bottom of the foundation
OBJECTIVE_TABLE = "objectives"  # the top level


def _labels_text(labels, default: Text) -> Text:
    return labels.as_text() if labels is not None else default


def foundation_table_keys(settings: Settings) -> dict[str, str]:
    """Foundation level key -> the key of its goal table: the top level's is 'objectives', the
    lowest's 'policy_goals', any level between them (Swedish resultatmål) a table of its own."""
    levels = settings.foundation_levels()
    keys = {}
    for index, level in enumerate(levels):
        if index == 0:
            keys[level.key] = OBJECTIVE_TABLE
        elif index == len(levels) - 1:
            keys[level.key] = POLICY_TABLE
        else:
            keys[level.key] = f"goals_{level.key}"
    return keys


def _group_column(level, default: Text | None) -> tuple[Column, ...]:
    header = _labels_text(level.group, default) if (level.group or default) else None
    return (Column("policy", header, required=True, width=28),) if header else ()


def _measure_column(level) -> tuple[Column, ...]:
    return (Column("description", level.measure.as_text(), width=40),) if level.measure else ()


def _parents_column(settings: Settings, level, default: Text, required: bool = True) -> Column:
    parents = [settings.levels[p].labels for p in level.parents]
    header = default if level.parents == [settings.ordered_levels()[0].key] else Text(
        *(", ".join(getattr(lbl, lang) for lbl in parents) for lang in ("da", "sv", "en")))
    return Column("parents", header, C.ID_LIST, required=required, width=16)


def foundation_goal_tables(settings: Settings, count_columns: tuple[Column, ...]) -> tuple[TableSheet, ...]:
    """One goal table per foundation level, named and shaped by the preset's levels."""
    levels = settings.foundation_levels()
    keys = foundation_table_keys(settings)
    tables = []
    for index, level in enumerate(levels):
        key = keys[level.key]
        if key == OBJECTIVE_TABLE:
            tables.append(TableSheet(key, _labels_text(level.sheet, Text("Målsætninger", "Övergripande mål",
                                                                          "Objectives")), (
                *_group_column(level, None),
                Column("id", Text("Id", "Id", "Id"), C.ID, required=True, width=10),
                Column("text", Text("Titel", "Titel", "Title"), required=True, width=40),
                Column("description", Text("Beskrivelse", "Beskrivning", "Description"), width=50),
                Column("objective_type", Text("Type", "Typ", "Type"), C.CHOICE, lookup="objective_types", width=12),
            ) + count_columns, Text("Byrådets strategiske målsætninger for perioden.",
                                    "Fullmäktiges övergripande mål för mandatperioden.",
                                    "The council's strategic objectives for the term.")))
        elif key == POLICY_TABLE:
            tables.append(TableSheet(key, _labels_text(level.sheet, Text("Politikker og mål", "Policyer och mål",
                                                                          "Policies and goals")), (
                *_group_column(level, Text("Politik", "Policy", "Policy")),
                Column("id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, width=12),
                Column("text", Text("Måltekst", "Måltext", "Goal text"), required=True, width=50),
                *_measure_column(level),
                _parents_column(settings, level, Text("Målsætninger", "Övergripande mål", "Objectives")),
                Column("owners", Text("Udvalg", "Nämnder", "Committees"), C.ID_LIST, required=True, width=16,
                       note=ALL_OWNERS_NOTE),
                Column("cross_cutting", Text("Tværgående", "Gemensamt", "Cross-cutting"), C.YES_NO,
                       lookup="yes_no", width=12),
            ), Text("Politikkernes mål, den målsætning de realiserer og de ansvarlige udvalg "
                    "('alle' gælder alle udvalg).",
                    "Policyernas mål, vilket övergripande mål de förverkligar och ansvariga nämnder "
                    "('alla' gäller alla nämnder).",
                    "The policies' goals, the objectives they realise and the responsible committees "
                    "('all' means every committee).")))
        else:
            tables.append(TableSheet(key, _labels_text(level.sheet, level.labels.as_text()), (
                *_group_column(level, None),
                Column("id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, width=12),
                Column("text", Text("Måltekst", "Måltext", "Goal text"), required=True, width=50),
                *_measure_column(level),
                _parents_column(settings, level, Text("Målsætninger", "Övergripande mål", "Objectives")),
            ), Text("Mål på niveauet {level}, og de mål på niveauet over, de realiserer.".format(
                        level=level.labels.da),
                    "Mål på nivån {level} och de mål på nivån ovanför som de förverkligar.".format(
                        level=level.labels.sv),
                    "Goals at the level {level}, and the goals above them they realise.".format(
                        level=level.labels.en))))
    return tuple(tables)


ALL_OWNERS_NOTE = Text("Udvalgenes id, adskilt af komma, eller 'alle' for et mål, der gælder alle udvalg.",
                       "Nämndernas id, åtskilda med komma, eller 'alla' för ett mål som gäller alla nämnder.",
                       "The committees' ids, separated by commas, or 'all' for a goal every committee carries.")

"""Template specs: every sheet and column of every workbook, declared once.

The same spec generates a template, reads a submission (matching columns by
their header in any language, so users may insert and reorder columns) and
tells write-back where the computed traceability columns are.
"""
from __future__ import annotations

from dataclasses import replace

from ..config import Settings
from ..i18n import Lang, Text
from ..model import budget_row_id
from .normalize import clean_text

from .columns import (C, CHOICE_ALIASES, CHOICES, COMPUTED_SUFFIX, DEPARTMENT_FIELDS,  # noqa: F401
                      FIRST_DATA_ROW, FOUNDATION, FRONT_SHEET, HEADER_ROW, LOOKUP_SHEET, STAMP_SHEET, Column,
                      ColumnType, FrontField, TableSheet, WorkbookSpec, _computed, _header_keys, header_key)
from .foundation_spec import OBJECTIVE_TABLE, POLICY_TABLE, foundation_spec, foundation_table_keys  # noqa: F401
from .projects import PROJECT_REGISTER, project_register_spec
from .followup_sheet import RESULTS, RESULTS_SHEET_NAME, results_table  # noqa: F401 - declared there

GOAL_ID = Column("id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, width=14,
                 note=Text("Entydigt id, fx SKO-01.", "Unikt id, t.ex. SKO-01.", "Unique id, e.g. SKO-01."))
GOAL_TEXT = Column("text", Text("Måltekst", "Måltext", "Goal text"), required=True, width=50)
PARENT = Column("parents", Text("Overordnet mål", "Överordnat mål", "Parent goal"), C.ID_LIST,
                lookup="parents", width=16,
                note=Text("Vælg det mål, dette mål realiserer.", "Välj målet som detta mål förverkligar.",
                          "Pick the goal this goal realises."))
GOAL_TYPE = Column("goal_type", Text("Måltype", "Måltyp", "Goal type"), C.CHOICE, required=True,
                   lookup="goal_types", width=16)
CARRIES = Column("carries", Text("Tværgående mål", "Gemensamma mål", "Cross-cutting goals"), C.ID_LIST,
                 width=18)
RESPONSIBLE = Column("responsible", Text("Ansvarlig", "Ansvarig", "Responsible"), width=20)

TRACE_COLUMNS = (
    _computed("trace_path", Text("Rød tråd", "Röd tråd", "Red thread"), 30),
    _computed("objective_title", Text("Målsætning", "Övergripande mål", "Strategic objective"), 30),
    _computed("parent_text", Text("Overordnet måltekst", "Överordnad måltext", "Parent goal text"), 30),
    _computed("realised_by", Text("Realiseres af (antal)", "Förverkligas av (antal)", "Realised by (count)"), 14),
    _computed("status", Text("Status", "Status", "Status"), 24),
)


def _indicators() -> TableSheet:
    return TableSheet("indicators", Text("Indikatorer", "Nyckeltal", "Indicators"), (
        Column("goal_id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, lookup="own_goals", width=14),
        Column("name", Text("Indikator", "Nyckeltal", "Indicator"), required=True, width=40),
        Column("unit", Text("Enhed", "Enhet", "Unit"), width=12),
        Column("baseline", Text("Baseline", "Utgångsvärde", "Baseline"), C.NUMBER, width=12),
        Column("target_1", Text("Målværdi år 1", "Målvärde år 1", "Target year 1"), C.NUMBER, width=14),
        Column("target_2", Text("Målværdi år 2", "Målvärde år 2", "Target year 2"), C.NUMBER, width=14),
        Column("data_source", Text("Datakilde", "Datakälla", "Data source"), width=20),
        Column("frequency", Text("Opfølgningsfrekvens", "Uppföljningsfrekvens", "Follow-up frequency"), width=18),
    ), Text("Mindst én indikator pr. mål. Målværdi år 1 gælder aftalens første budgetår.",
            "Minst ett nyckeltal per mål. Målvärde år 1 gäller planens första budgetår.",
            "At least one indicator per goal. Target year 1 is the agreement's first budget year."))


def _actions() -> TableSheet:
    return TableSheet("actions", Text("Handlinger", "Aktiviteter", "Actions"), (
        Column("id", Text("Handlings-id", "Aktivitets-id", "Action id"), C.ID, required=True, width=14),
        Column("goal_id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, lookup="own_goals", width=14),
        Column("text", Text("Beskrivelse", "Beskrivning", "Description"), required=True, width=50),
        Column("responsible", Text("Ansvarlig", "Ansvarig", "Responsible"), width=20),
        Column("start", Text("Start", "Start", "Start"), C.DATE, width=12),
        Column("end", Text("Slut", "Slut", "End"), C.DATE, width=12),
    ), Text("Mindst én handling pr. mål. Datoer som 31-12-2027.",
            "Minst en aktivitet per mål. Datum som 2027-12-31.",
            "At least one action per goal. Dates like 31-12-2027."))


def _budget(with_party: bool, name: Text | None = None) -> TableSheet:
    party = (Column("party", Text("Institution", "Enhet", "Institution"), C.ID, required=True,
                    lookup="institutions", width=16),) if with_party else ()
    return TableSheet("budget", name or Text("Budget", "Budget", "Budget"), party + (
        Column("appropriation", Text("Bevilling", "Anslag", "Appropriation"), C.ID, required=True,
               lookup="appropriations", width=14),
        Column("year", Text("År", "År", "Year"), C.YEAR, required=True, width=8),
        Column("amount", Text("Beløb (1.000 kr.)", "Belopp (tkr)", "Amount (DKK 1,000)"), C.NUMBER,
               required=True, width=16),
        Column("note", Text("Bemærkning", "Kommentar", "Note"), width=30),
    ), Text("Beløb i 1.000 kr. pr. bevilling og år.", "Belopp i tkr per anslag och år.",
            "Amounts in DKK 1,000 per appropriation and year."), required=not with_party)


def _cross_cutting() -> TableSheet:
    return TableSheet("cross_cutting", Text("Tværgående mål", "Gemensamma mål", "Cross-cutting goals"), (
        Column("goal_id", Text("Tværgående mål-id", "Gemensamt mål-id", "Cross-cutting goal id"), C.ID,
               required=True, width=18),
        Column("goal_text", Text("Måltekst", "Måltext", "Goal text"), width=40),
        Column("relevant", Text("Relevant", "Relevant", "Relevant"), C.YES_NO, lookup="yes_no", width=10),
        Column("carried_by", Text("Bæres af mål-id", "Bärs av mål-id", "Carried by goal ids"), C.ID_LIST, width=18),
        Column("reason", Text("Begrundelse, hvis ikke relevant", "Motivering om ej relevant",
                              "Reason if not relevant"), width=40),
    ), Text("Tag stilling til hvert tværgående mål: relevant (ja + mål-id) eller ikke relevant (nej + begrundelse).",
            "Ta ställning till varje gemensamt mål: relevant (ja + mål-id) eller ej (nej + motivering).",
            "Decide on every cross-cutting goal: relevant (yes + goal ids) or not (no + reason)."))


PERIOD_FIELDS = (
    FrontField("first_year", Text("Første budgetår", "Första budgetår", "First budget year"), C.YEAR),
    FrontField("last_year", Text("Sidste budgetår", "Sista budgetår", "Last budget year"), C.YEAR),
    FrontField("approved", Text("Dato for godkendelse", "Datum för beslut", "Date approved"), C.DATE, False),
)


def _sheet_name(labels) -> Text | None:
    """A sheet name the preset sets (Swedish nämndplaner call their budget 'Internbudget')."""
    return labels.as_text() if labels is not None else None


def committee_agreement_spec(settings: Settings, kind: str) -> WorkbookSpec:
    agreement = settings.agreements[kind]
    goals = TableSheet("goals", Text("Mål", "Mål", "Goals"),
                       (GOAL_ID, GOAL_TEXT, PARENT, GOAL_TYPE, CARRIES, RESPONSIBLE) + TRACE_COLUMNS,
                       Text("Ét mål pr. række. Vælg overordnet mål i listen. Grå kolonner beregnes af roedtraad.",
                            "Ett mål per rad. Välj överordnat mål i listan. Grå kolumner beräknas av roedtraad.",
                            "One goal per row. Pick the parent goal from the list. Grey columns are computed."))
    return WorkbookSpec(kind, agreement.labels.as_text(), (
        FrontField("committee", Text("Udvalg", "Nämnd", "Committee"), C.ID),
        *DEPARTMENT_FIELDS,
    ) + PERIOD_FIELDS, (
        Text("Udfyld arkene Mål, Indikatorer, Handlinger, Budget og Tværgående mål.",
             "Fyll i flikarna Mål, Nyckeltal, Aktiviteter, Budget och Gemensamma mål.",
             "Fill in the sheets Goals, Indicators, Actions, Budget and Cross-cutting goals."),
        Text("Målene skal realisere udvalgets politikmål eller byrådets målsætninger (den røde tråd).",
             "Målen ska förverkliga nämndens resultatmål eller fullmäktiges mål (den röda tråden).",
             "Goals must realise the committee's policy goals or the council's objectives (the red thread)."),
        Text("Formulér så vidt muligt effektmål. Aftalen gælder 1-2 budgetår.",
             "Formulera om möjligt effektmål. Planen gäller 1-2 budgetår.",
             "Prefer outcome (effect) goals. The agreement covers 1-2 budget years."),
        Text("Kør 'roedtraad validate' eller send filen til økonomi; fejl vises med celle.",
             "Kör 'roedtraad validate' eller skicka filen till ekonomi; fel visas med cell.",
             "Run 'roedtraad validate' or send the file to finance; errors point at their cell."),
    ), (goals, _indicators(), _actions(), _budget(False, _sheet_name(agreement.budget_sheet)), _cross_cutting()))


def quality_agreement_spec(settings: Settings, kind: str) -> WorkbookSpec:
    agreement = settings.agreements[kind]
    goals = TableSheet("goals", Text("Mål", "Mål", "Goals"), (
        GOAL_ID, GOAL_TEXT, PARENT,
        Column("own_goal", Text("Eget mål", "Eget mål", "Own goal"), C.YES_NO, lookup="yes_no", width=10,
               note=Text("Ja: institutionens eget mål uden overordnet mål.",
                         "Ja: verksamhetens eget mål utan överordnat mål.",
                         "Yes: the institution's own goal, without a parent.")),
        GOAL_TYPE,
        Column("sub_goal_1", Text("Delmål år 1", "Delmål år 1", "Sub-goal year 1"), width=30),
        Column("sub_goal_2", Text("Delmål år 2", "Delmål år 2", "Sub-goal year 2"), width=30),
        CARRIES, RESPONSIBLE,
    ) + TRACE_COLUMNS, Text(
        "Ét mål pr. række, afledt af et udvalgsmål eller markeret som eget mål.",
        "Ett mål per rad, härlett ur ett nämndmål eller markerat som eget mål.",
        "One goal per row, derived from a committee goal or marked as an own goal."))
    follow_up = TableSheet("follow_up", Text("Opfølgning", "Uppföljning", "Follow-up"), (
        Column("when", Text("Hvornår", "När", "When"), required=True, width=20),
        Column("how", Text("Hvordan", "Hur", "How"), width=40),
        Column("reporting", Text("Afrapportering", "Återrapportering", "Reporting"), width=30),
    ), Text("Hvordan og hvornår følges aftalen op, og hvordan afrapporteres ved årets udgang?",
            "Hur och när följs planen upp, och hur återrapporteras den vid årets slut?",
            "How and when is the agreement followed up and reported at year end?"), required=False)
    return WorkbookSpec(kind, agreement.labels.as_text(), (
        *DEPARTMENT_FIELDS,
        FrontField("institutions", Text("Institution(er)", "Verksamhet(er)", "Institution(s)"), C.ID_LIST),
        FrontField("leaders", Text("Institutionsleder(e)", "Verksamhetschef(er)", "Institution leader(s)")),
    ) + PERIOD_FIELDS, (
        Text("Aftalen gælder ét budgetår, eventuelt to med delmål for hvert år.",
             "Planen gäller ett budgetår, eventuellt två med delmål för varje år.",
             "The agreement covers one budget year, optionally two with yearly sub-goals."),
        Text("Målene afledes af afdelingens udvalgsmål; institutionen kan også sætte egne mål.",
             "Målen härleds ur förvaltningens nämndmål; verksamheten kan också sätta egna mål.",
             "Goals derive from the department's committee goals; the institution may add its own goals."),
        Text("Aftal opfølgningen på arket Opfølgning.", "Beskriv uppföljningen på fliken Uppföljning.",
             "Agree the follow-up on the Follow-up sheet."),
    ), (goals, _indicators(), _actions(), _budget(True, _sheet_name(agreement.budget_sheet)), _cross_cutting(),
        follow_up))


def workbook_specs(settings: Settings) -> dict[str, WorkbookSpec]:
    """Every workbook kind of this preset: the foundation, one per agreement, and the project register."""
    specs = {FOUNDATION: foundation_spec(settings)}
    for key, agreement in settings.agreements.items():
        build = quality_agreement_spec if agreement.between[1] == "institution" else committee_agreement_spec
        spec = build(settings, key)
        specs[key] = replace(spec, tables=spec.tables + (results_table(),))  # the follow-up sheet, in every one
    specs[PROJECT_REGISTER] = project_register_spec(settings)
    return specs


def sheet_name(table: TableSheet | Text, lang: Lang) -> str:
    text = table.name if isinstance(table, TableSheet) else table
    return text(lang)


def choice_lookup(name: str, settings: Settings) -> dict[str, str]:
    """Folded label (any language) -> key, for reading CHOICE columns."""
    if name == "agreement_kinds":
        options = {key: a.labels.as_text() for key, a in settings.agreements.items()}
    else:
        options = CHOICES[name]
    lookup = {label.casefold(): key for key, text in options.items() for label in text}
    lookup.update({key.casefold(): key for key in options})
    lookup.update(CHOICE_ALIASES.get(name, {}))
    return lookup


def choice_label(name: str, key: str | None, settings: Settings, lang: Lang) -> str:
    if key is None:
        return ""
    if name == "agreement_kinds":
        return settings.agreements[key].labels(lang)
    return CHOICES[name][key](lang)


_ROW_ID_FIELD = {"indicators": "goal_id", "cross_cutting": "goal_id", "follow_up": "when", "results": "goal_id"}


def row_id(table_key: str, values: dict) -> str:
    """How a row is named in findings and raw overrides, from clean or raw cell values."""
    def part(field_name: str) -> str:
        return " ".join(clean_text(values.get(field_name)).split()).upper()

    if table_key == "budget":
        return budget_row_id(part("party"), part("appropriation"), part("year"))
    field_name = _ROW_ID_FIELD.get(table_key, "id" if "id" in values else "number")
    return clean_text(values.get(field_name)) if field_name == "when" else part(field_name)

"""The foundation workbook's sheets and columns, with the guidance each column gives.

Finance fills the foundation in by hand, so every column says what it takes
(an input message in the cell and a comment on the header), every sheet shows
an example row above its headers, columns of ids offer the ids typed elsewhere
in the same workbook as a dropdown, and each table has room for a large
municipality without unprotecting anything.
"""
from __future__ import annotations

from datetime import date

from ..config import Labels, Level, Settings
from ..i18n import Text
from .columns import CHOICES, FOUNDATION, C, Column, TableSheet, WorkbookSpec, _computed

FOUNDATION_CAPACITY = 500  # empty rows per foundation table: a large municipality fits without unprotecting
PICK = Text(" Vælg i listen, eller skriv.", " Välj i listan eller skriv.", " Pick from the list, or type.")
ID_NOT_NAME = Text("Id'et (ikke navnet)", "Id:t (inte namnet)", "The id (not the name)")
SEVERAL = Text("Flere adskilles med komma, fx {example}.", "Flera skiljs åt med komma, t.ex. {example}.",
               "Separate several with commas, e.g. {example}.")


def _t(da: str, sv: str, en: str, **params: object) -> Text:
    return Text(da.format(**params), sv.format(**params), en.format(**params))


def _with(*parts: Text) -> Text:
    return Text(*(" ".join(p[i] for p in parts) for i in range(3)))


def _several(example: str) -> Text:
    return Text(*(text.format(example=example) for text in SEVERAL))


def _id_note(example: str, used: Text) -> Text:
    return _with(_t("Kort, entydigt id uden mellemrum, fx {x}.", "Kort, unikt id utan mellanslag, t.ex. {x}.",
                    "Short, unique id without spaces, e.g. {x}.", x=example), used)


def foundation_spec(settings: Settings) -> WorkbookSpec:
    # How many goals at each lower level realise the objective (write-back).
    count_columns = tuple(
        _computed(f"count_{lvl.key}", Text(f"{lvl.labels.da} (antal)", f"{lvl.labels.sv} (antal)",
                                           f"{lvl.labels.en} (count)"), 16)
        for lvl in settings.ordered_levels()[1:])
    budget_year = settings.period.budget_year
    years = dict(year=budget_year, first=budget_year + 1, last=budget_year + 3)
    party_kinds = CHOICES["party_kinds"]

    def table(key: str, name: Text, columns: tuple[Column, ...], instruction: Text, example: tuple,
              required: bool = True) -> TableSheet:
        return TableSheet(key, name, columns, instruction, required=required, example=example,
                          capacity=FOUNDATION_CAPACITY)

    return WorkbookSpec(FOUNDATION, Text("Styringsgrundlag", "Styrgrund", "Governance foundation"), (), (
        Text("Økonomi vedligeholder organisation, bevillinger og rammer, målsætninger, politikker og årshjul her.",
             "Ekonomi underhåller organisation, anslag och ramar, mål, policyer och årscykel här.",
             "Finance maintains organisation, appropriations and frames, objectives, policies and annual cycle here."),
        Text("Skabelonerne til udvalgsaftaler og kvalitets- og udviklingsaftaler dannes ud fra denne fil.",
             "Mallarna för nämndplaner och verksamhetsplaner skapas utifrån denna fil.",
             "The agreement templates are generated from this file."),
        Text("Hvert ark viser en eksempelrække over overskrifterne; den læses ikke. Markér en celle for at se, "
             "hvad den skal indeholde.",
             "Varje flik visar en exempelrad ovanför rubrikerna; den läses inte. Markera en cell för att se vad "
             "den ska innehålla.",
             "Every sheet shows an example row above its headers; it is not read. Select a cell to see what "
             "it takes."),
        Text("Værdimarkører vises i skabelonerne, men valideres ikke.",
             "Värdeord visas i mallarna men valideras inte.",
             "Value markers are shown in templates but never validated."),
    ), (
        table("organisation", Text("Organisation", "Organisation", "Organisation"), (
            Column("kind", Text("Type", "Typ", "Type"), C.CHOICE, required=True, lookup="party_kinds", width=14,
                   note=_t("Udvalg, Afdeling eller Institution. Vælg i listen.",
                           "Nämnd, Förvaltning eller Verksamhet. Välj i listan.",
                           "Committee, Department or Institution. Pick from the list.")),
            Column("id", Text("Id", "Id", "Id"), C.ID, required=True, width=12,
                   note=_id_note("BUU, DAG eller DAG-SOL", _t(
                       "De andre ark og aftalerne henviser til parten med det.",
                       "De andra flikarna och planerna hänvisar till parten med det.",
                       "The other sheets and the agreements refer to the party by it."))),
            Column("name", Text("Navn", "Namn", "Name"), required=True, width=36,
                   note=_t("Partens fulde navn, fx Børne- og Ungeudvalget.", "Partens fullständiga namn, t.ex. "
                           "Barn- och utbildningsnämnden.", "The party's full name, e.g. Children's Committee.")),
            Column("parent", Text("Hører under", "Tillhör", "Reports to"), C.ID, width=14, source="organisation.id",
                   note=_with(ID_NOT_NAME, _t(
                       "på den part, den hører under: en afdeling under sit udvalg, en institution under sin "
                       "afdeling. Tom for et udvalg.",
                       "på den part den hör till: en förvaltning under sin nämnd, en verksamhet under sin "
                       "förvaltning. Tom för en nämnd.",
                       "of the party it reports to: a department to its committee, an institution to its "
                       "department. Empty for a committee."), PICK)),
            Column("leader", Text("Leder", "Chef", "Leader"), width=28,
                   note=_t("Afdelingschefens eller institutionslederens navn, som det skal stå i aftalen.",
                           "Förvaltningschefens eller verksamhetschefens namn, som det ska stå i planen.",
                           "The head's or leader's name, as it is to appear in the agreement.")),
        ), _t("Udvalg, afdelinger (under et udvalg) og institutioner (under en afdeling), én pr. række. "
              "'Hører under' tager id'et, ikke navnet.",
              "Nämnder, förvaltningar (under en nämnd) och verksamheter (under en förvaltning), en per rad. "
              "'Tillhör' tar id:t, inte namnet.",
              "Committees, departments (under a committee) and institutions (under a department), one per row. "
              "'Reports to' takes the id, not the name."),
            (party_kinds["department"], "DAG", Text("Dagtilbud", "Förskola", "Day care"), "BUU",
             "Anna Holm")),
        table("appropriations", Text("Bevillinger", "Anslag", "Appropriations"), (
            Column("number", Text("Bevilling", "Anslag", "Appropriation"), C.ID, required=True, width=12,
                   note=_id_note("20 eller BUU-1", _t("Budgetlinjerne vælger bevillingen med det.",
                                                      "Budgetraderna väljer anslaget med det.",
                                                      "Budget lines pick the appropriation by it."))),
            Column("name", Text("Navn", "Namn", "Name"), required=True, width=36,
                   note=_t("Bevillingens navn, fx Dagtilbud.", "Anslagets namn, t.ex. Förskola.",
                           "The appropriation's name, e.g. Day care.")),
            Column("committee", Text("Udvalg", "Nämnd", "Committee"), C.ID, required=True, width=12,
                   source="organisation.id",
                   note=_with(ID_NOT_NAME, _t("på det ene udvalg, bevillingen hører under, fx BUU.",
                                              "på den nämnd anslaget hör till, t.ex. BUU.",
                                              "of the one committee the appropriation belongs to, e.g. BUU."),
                              PICK)),
        ), _t("Hver bevilling hører under ét udvalg; 'Udvalg' tager udvalgets id, ikke navnet.",
              "Varje anslag hör till en nämnd; 'Nämnd' tar nämndens id, inte namnet.",
              "Each appropriation belongs to one committee; 'Committee' takes its id, not its name."),
            ("20", Text("Dagtilbud", "Förskola", "Day care"), "BUU")),
        table("frames", Text("Rammer", "Ramar", "Frames"), (
            Column("appropriation", Text("Bevilling", "Anslag", "Appropriation"), C.ID, required=True, width=12,
                   source="appropriations.number",
                   note=_with(_t("Nummeret fra arket Bevillinger.", "Numret från fliken Anslag.",
                                 "The number from the Appropriations sheet."), PICK)),
            Column("year", Text("År", "År", "Year"), C.YEAR, required=True, width=8, lookup="years",
                   note=_t("Ét år pr. række: budgetåret {year} og overslagsårene {first}-{last}.",
                           "Ett år per rad: budgetåret {year} och planåren {first}-{last}.",
                           "One year per row: the budget year {year} and the outline years {first}-{last}.",
                           **years)),
            Column("amount", Text("Ramme (1.000 kr.)", "Ram (tkr)", "Frame (DKK 1,000)"), C.NUMBER,
                   required=True, width=18,
                   note=_t("Rammen i 1.000 kr. som tal, fx 152300,5: uden 'kr.' og uden tusindtalspunktum.",
                           "Ramen i tkr som tal, t.ex. 152300,5: utan 'kr' och utan tusentalsavgränsare.",
                           "The frame in DKK 1,000 as a number, e.g. 152300.5: no 'kr.', no thousands "
                           "separator.")),
        ), _t("Én række pr. bevilling og år, i 1.000 kr.: budgetåret {year} og overslagsårene {first}-{last}.",
              "En rad per anslag och år, i tkr: budgetåret {year} och planåren {first}-{last}.",
              "One row per appropriation and year, in DKK 1,000: the budget year {year} and the outline years "
              "{first}-{last}.", **years),
            ("20", budget_year, 152300.5)),
        *goal_tables(settings, count_columns),
        table("value_markers", Text("Værdimarkører", "Värdeord", "Value markers"), (
            Column("text", Text("Værdimarkør", "Värdeord", "Value marker"), required=True, width=80,
                   note=_t("Én værdimarkør pr. række; vises på skabelonernes forside.",
                           "Ett värdeord per rad; visas på mallarnas försättsblad.",
                           "One value marker per row; shown on the templates' front page.")),
        ), Text("Vises i skabelonerne; indgår ikke i målhierarkiet.", "Visas i mallarna; ingår inte i målhierarkin.",
                "Shown in templates; not part of the goal hierarchy."),
            (Text("Vi møder borgeren med respekt", "Vi möter medborgaren med respekt", "We meet citizens with "
                  "respect"),), required=False),
        table("annual_cycle", Text("Årshjul", "Årscykel", "Annual cycle"), (
            Column("phase", Text("Fase", "Fas", "Phase"), required=True, width=40,
                   note=_t("Hvad der skal ske, fx Udvalgsaftaler godkendes.", "Vad som ska ske, t.ex. "
                           "Nämndplaner beslutas.", "What happens, e.g. Committee agreements approved.")),
            Column("agreement", Text("Aftaletype", "Plantyp", "Agreement type"), C.CHOICE,
                   lookup="agreement_kinds", width=30,
                   note=_t("Vælg aftaletypen, hvis fristen gælder indsendelse af den type aftale; ellers tom.",
                           "Välj plantypen om tidpunkten gäller inlämning av den typen; annars tomt.",
                           "Pick the agreement type if the deadline applies to submitting that type; else "
                           "empty.")),
            Column("deadline", Text("Frist", "Sista dag", "Deadline"), C.DATE, required=True, width=14,
                   note=_t("Dato som 05-06-{year}.", "Datum som {year}-06-05.", "A date like 05-06-{year}.",
                           year=budget_year - 1)),
            Column("responsible", Text("Ansvarlig", "Ansvarig", "Responsible"), width=24,
                   note=_t("Hvem der har fristen, fx Afdelingscheferne.", "Vem som har tidpunkten, t.ex. "
                           "Förvaltningscheferna.", "Who the deadline is for, e.g. The heads of department.")),
            Column("checkpoint", Text("Opfølgningspunkt", "Uppföljningstillfälle", "Follow-up checkpoint"),
                   C.YES_NO, lookup="yes_no", width=16,
                   note=_t("Ja: aftalernes indikatorer følges op pr. denne dato (fx Halvårsopfølgning).",
                           "Ja: planernas nyckeltal följs upp per detta datum (t.ex. Delårsrapport).",
                           "Yes: the agreements' indicators are followed up as of this date (e.g. half-year).")),
        ), Text("Frister i årshjulet; en frist med aftaletype gælder indsendelse af den type aftale. "
                "Opfølgningspunkt = ja: aftalernes indikatorer følges op pr. denne dato.",
                "Tidpunkter i årscykeln; en tidpunkt med plantyp gäller inlämning av den typen. "
                "Uppföljningstillfälle = ja: planernas nyckeltal följs upp per detta datum.",
                "Deadlines of the annual cycle; one with an agreement type applies to that type's submissions. "
                "Follow-up checkpoint = yes: the agreements' indicators are followed up as of this date."),
            (Text("Udvalgsaftaler godkendes", "Nämndplaner beslutas", "Committee agreements approved"),
             None, date(budget_year - 1, 6, 5), Text("Afdelingscheferne", "Förvaltningscheferna",
                                                     "The heads of department"), Text("Nej", "Nej", "No"))),
    ))


# --- the goal tables, one per foundation level of the preset --------------------------------------------------
# The top level's table is 'objectives', the lowest's 'policy_goals' (whatever the preset calls them:
# Danish målsætninger and politikmål, Swedish övergripande mål and åtaganden); a level between them
# (Swedish resultatmål) gets a table of its own. Sheet names, a grouping column (politik, målområde)
# and a measure column (nyckeltal) come from the preset's levels.
OBJECTIVE_TABLE = "objectives"
POLICY_TABLE = "policy_goals"
ALL_OWNERS = _t("Skriv 'alle' for et mål, der gælder alle udvalg.", "Skriv 'alla' för ett mål som gäller alla "
                "nämnder.", "Write 'all' for a goal every committee carries.")


def foundation_table_keys(settings: Settings) -> dict[str, str]:
    """Foundation level key -> the key of its goal table."""
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


def _goal_table(key: str, name: Text, columns: list[tuple[Column, object]], instruction: Text,
                extra: tuple[Column, ...] = ()) -> TableSheet:
    """A table from (column, its example value) pairs: the example row follows the columns."""
    return TableSheet(key, name, tuple(c for c, _ in columns) + extra, instruction,
                      example=tuple(e for _, e in columns), capacity=FOUNDATION_CAPACITY)


def _named(labels: Labels | None, default: Text) -> Text:
    return labels.as_text() if labels is not None else default


def _group(level: Level) -> list[tuple[Column, object]]:
    if level.group is None:
        return []
    group = level.group
    note = Text(f"{group.da}, som målet hører til.", f"{group.sv} som målet hör till.",
                f"The {group.en.lower()} the goal belongs to.")
    return [(Column("policy", group.as_text(), required=True, width=28, note=note),
             Text("Skole", "Skola", "School"))]


def _measure(level: Level) -> list[tuple[Column, object]]:
    if level.measure is None:
        return []
    measure = level.measure
    note = Text(f"{measure.da}, som målet måles med.", f"{measure.sv} som målet mäts med.",
                f"The {measure.en.lower()} the goal is measured by.")
    return [(Column("description", measure.as_text(), width=40, note=note),
             Text("Andel elever, der består (%)", "Andel behöriga elever (%)", "Share of pupils passing (%)"))]


def _parents(settings: Settings, level: Level, keys: dict[str, str]) -> tuple[Column, str]:
    """The column naming the goals one level up: the objectives, or (Swedish) the resultatmål."""
    top = settings.ordered_levels()[0]
    parent = settings.levels[level.parents[0]] if level.parents else top
    if parent.key == top.key:
        header = Text("Målsætninger", "Övergripande mål", "Objectives")
        note = _t("Id'erne på de målsætninger, målet realiserer.", "Id för de övergripande mål som målet "
                  "förverkligar.", "The ids of the objectives the goal realises.")
        example = "M1, M2"
    else:
        header = parent.labels.as_text()
        note = Text(f"Id'erne på de mål ({parent.labels.da}), målet realiserer.",
                    f"Id för de mål ({parent.labels.sv}) som målet förverkligar.",
                    f"The ids of the goals ({parent.labels.en}) the goal realises.")
        example = "R1"
    source = f"{keys.get(parent.key, OBJECTIVE_TABLE)}.id"
    return Column("parents", header, C.ID_LIST, required=True, width=16, source=source,
                  note=_with(note, _several("M2, M3" if example != "R1" else "R1, R2"), PICK)), example


def goal_tables(settings: Settings, count_columns: tuple[Column, ...]) -> tuple[TableSheet, ...]:
    keys = foundation_table_keys(settings)
    tables = []
    for level in settings.foundation_levels():
        key = keys[level.key]
        if key == OBJECTIVE_TABLE:
            tables.append(_objective_table(settings, level, count_columns))
        elif key == POLICY_TABLE:
            tables.append(_policy_table(settings, level, keys))
        else:
            tables.append(_between_table(settings, level, keys))
    return tuple(tables)


def _objective_table(settings: Settings, level: Level, count_columns: tuple[Column, ...]) -> TableSheet:
    return _goal_table(OBJECTIVE_TABLE, _named(level.sheet, Text("Målsætninger", "Övergripande mål", "Objectives")), [
        *_group(level),
        (Column("id", Text("Id", "Id", "Id"), C.ID, required=True, width=10,
                note=_id_note("M1", _t("Politikmål og aftaler henviser til målsætningen med det.",
                                       "Resultatmål och planer hänvisar till målet med det.",
                                       "Policy goals and agreements refer to the objective by it."))), "M1"),
        (Column("text", Text("Titel", "Titel", "Title"), required=True, width=40,
                note=_t("Målsætningens titel, som byrådet har vedtaget den.", "Målets titel, som fullmäktige "
                        "har beslutat det.", "The objective's title, as the council adopted it.")),
         Text("Alle børn trives og lærer", "Alla barn trivs och lär sig", "Every child thrives and learns")),
        (Column("description", Text("Beskrivelse", "Beskrivning", "Description"), width=50,
                note=_t("Valgfri uddybning.", "Valfri fördjupning.", "Optional detail.")), ""),
        (Column("objective_type", Text("Type", "Typ", "Type"), C.CHOICE, lookup="objective_types", width=12,
                note=_t("Udvikling: målsætningen skal ændre noget i byrådsperioden. Drift: den fastholder "
                        "et niveau i den daglige drift. Vælg i listen.",
                        "Utveckling: målet ska förändra något under mandatperioden. Drift: det håller en "
                        "nivå i den dagliga driften. Välj i listan.",
                        "Development: the objective is to change something during the term. Operation: it "
                        "keeps a level in day-to-day operations. Pick from the list.")),
         CHOICES["objective_types"]["development"]),
    ], _t("Byrådets strategiske målsætninger for perioden {start}-{end}. Type: Udvikling "
          "(ændring) eller Drift (fastholde niveau).",
          "Fullmäktiges övergripande mål för mandatperioden {start}-{end}. Typ: Utveckling "
          "(förändring) eller Drift (hålla nivån).",
          "The council's strategic objectives for the term {start}-{end}. Type: Development "
          "(change) or Operation (keep a level).",
          start=settings.period.council_term[0], end=settings.period.council_term[1]), count_columns)


def _goal_id_and_text(example: str, used: Text, text_note: Text, text_example: Text) -> list[tuple[Column, object]]:
    return [(Column("id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, width=12,
                    note=_id_note(example, used)), example),
            (Column("text", Text("Måltekst", "Måltext", "Goal text"), required=True, width=50, note=text_note),
             text_example)]


def _between_table(settings: Settings, level: Level, keys: dict[str, str]) -> TableSheet:
    labels = level.labels
    parents, example = _parents(settings, level, keys)
    return _goal_table(keys[level.key], _named(level.sheet, labels.as_text()), [
        *_group(level),
        *_goal_id_and_text("R1", _t("Målene på niveauet under henviser til det.", "Målen på nivån under "
                                    "hänvisar till det.", "The goals one level down refer to it."),
                           _t("Målet, som det er vedtaget.", "Målet, som det är beslutat.", "The goal, as adopted."),
                           Text("Flere elever består", "Fler elever når målen", "More pupils pass")),
        *_measure(level),
        (parents, example),
    ], Text(f"{labels.da}: ét mål pr. række med de mål på niveauet over, det realiserer.",
            f"{labels.sv}: ett mål per rad med de mål på nivån ovanför som det förverkligar.",
            f"{labels.en}: one goal per row with the goals one level up it realises."))


def _policy_table(settings: Settings, level: Level, keys: dict[str, str]) -> TableSheet:
    parents, example = _parents(settings, level, keys)
    danish = level.group is None  # the engine's own words: politikker and their goals
    group = [(Column("policy", Text("Politik", "Policy", "Policy"), required=True, width=28,
                     note=_t("Politikkens navn; flere mål kan høre til samme politik.",
                             "Policyns namn; flera mål kan höra till samma policy.",
                             "The policy's name; several goals may belong to one policy.")),
              Text("Børne- og ungepolitik", "Barn- och ungdomspolicy", "Children and youth policy"))] \
        if danish else _group(level)
    text_note = _t("Målet, som det står i politikken.", "Målet, som det står i policyn.",
                   "The goal, as the policy states it.") if danish else \
        _t("Målet, som det er vedtaget.", "Målet, som det är beslutat.", "The goal, as adopted.")
    intro = _t("Politikkernes mål, de målsætninger de realiserer og de ansvarlige udvalg.",
               "Policyernas mål, de övergripande mål de förverkligar och ansvariga nämnder.",
               "The policies' goals, the objectives they realise and the committees responsible.") if danish else \
        Text(f"{level.labels.da}: de mål, de realiserer, og de ansvarlige udvalg.",
             f"{level.labels.sv}: de mål som de förverkligar och ansvariga nämnder.",
             f"{level.labels.en}: the goals they realise and the committees responsible.")
    return _goal_table(POLICY_TABLE, _named(level.sheet, Text("Politikker og mål", "Policyer och mål",
                                                                "Policies and goals")), [
        *group,
        *_goal_id_and_text("P1", _t("Udvalgsaftalerne vælger målet som overordnet mål med det.",
                                    "Nämndplanerna väljer målet som överordnat mål med det.",
                                    "Committee agreements pick the goal as their parent by it."), text_note,
                           Text("Flere børn læser alderssvarende", "Fler barn läser åldersadekvat",
                                "More children read at their age")),
        *_measure(level),
        (parents, example),
        (Column("owners", Text("Udvalg", "Nämnder", "Committees"), C.ID_LIST, required=True, width=16,
                source="organisation.id",
                note=_with(_t("Id'erne (ikke navnene) på de ansvarlige udvalg.",
                              "Id (inte namnen) för de ansvariga nämnderna.",
                              "The ids (not the names) of the committees responsible."),
                           _several("BUU, SOU"), ALL_OWNERS, PICK)), "BUU"),
        (Column("cross_cutting", Text("Tværgående", "Gemensamt", "Cross-cutting"), C.YES_NO,
                lookup="yes_no", width=12,
                note=_t("Ja, hvis målet gælder på tværs af alle udvalg (fx sygefravær eller klima): så skal "
                        "alle aftaler tage stilling til det på arket Tværgående mål. Ellers Nej eller tom.",
                        "Ja om målet gäller alla nämnder (t.ex. sjukfrånvaro eller klimat): då ska alla "
                        "planer ta ställning till det på fliken Gemensamma mål. Annars Nej eller tomt.",
                        "Yes if the goal applies across all committees (e.g. sick leave or climate): then "
                        "every agreement decides on it on the Cross-cutting goals sheet. Otherwise No or "
                        "empty.")), Text("Nej", "Nej", "No")),
    ], _with(intro,
             _t("Flere værdier i én celle adskilles med komma, fx M2, M3; 'alle' i Udvalg gælder alle udvalg.",
                "Flera värden i en cell skiljs åt med komma, t.ex. M2, M3; 'alla' i Nämnder gäller alla nämnder.",
                "Several values in one cell are separated by commas, e.g. M2, M3; 'all' in Committees means "
                "every committee.")))

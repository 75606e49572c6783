"""Which demo municipality a preset gets: the Danish one (seed 003) or the Swedish one (seed 004).

The builder is one and the same; what it says comes from a `DemoText`: the
organisation, goals and themes, the word lists for names, the årshjul's
phases, folder names and the few sentences of the deliberate mistakes. The
language of the preset picks it, so a Swedish preset's demo has no Danish word.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..config import Settings
from . import content, departments, names, sv_content, sv_names


@dataclass(frozen=True)
class ProjectIdea:
    """A strategic project (seed 002: formål, mål, delmål, strategi, organisering, valg af værktøj)."""

    objectives: tuple[str, ...]  # objective keys in order of preference; the first present is served
    name: str
    purpose: str
    goal: str
    sub_goals: str
    strategy: str
    organisation: str
    tools: str


@dataclass(frozen=True)
class DemoText:
    municipality: str
    committees: tuple
    objectives: tuple
    policy_goals: tuple
    cross_cutting_themes: dict
    departments: tuple
    words: object  # a names module: FIRST_NAMES, LAST_NAMES, PLACE_HEADS, VALUE_MARKERS, FOLLOW_UP, ...
    # the seven phases of the årshjul, in the builder's date order; {ca}/{qa} are the agreements' labels
    cycle: tuple[tuple[str, str], ...]
    folders: tuple[str, str, str]  # committee agreements, quality agreements, project registers
    unknown_appropriation_note: str
    not_a_number: tuple[str, ...]
    orphan_action: str
    number: Callable[[float, int], str]
    unitless: tuple[str, ...]
    projects: tuple[ProjectIdea, ...]
    result_goals: dict[str, str] = field(default_factory=dict)  # objective key -> resultatmål text
    # follow-up phases after the agreements: (phase with {year}, month, day, years after the budget year, who)
    follow_up_cycle: tuple[tuple[str, int, int, int, str], ...] = ()


def da_number(value: float, decimals: int) -> str:
    """1234.5 -> '1.234,5' (Danish separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def sv_number(value: float, decimals: int) -> str:
    """1234.5 -> '1 234,5' (Swedish separators)."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


DANISH_PROJECTS = (
    ProjectIdea(("workforce",), "Aftalestyring i hele organisationen",
                "At styre gennem aftaler, så politiske mål når ud til institutionerne.",
                "Alle afdelinger og institutioner har en godkendt aftale.",
                "Koncept godkendt; forhandlinger afsluttet; første opfølgning gennemført.",
                "Direktionen fastholder styringsrollen; aftaler forhandles i dialog.",
                "Styregruppe i direktionen; Byrådscentret er sekretariat.", "Aftaleskabeloner og dialogmøder."),
    ProjectIdea(("growth",), "Lokaldemokrati i lokalområderne",
                "At styrke borgernes engagement i lokalområdernes udvikling.",
                "Flere borgere deltager i lokalråd og borgermøder.",
                "Temperaturmåling gennemført; demokratistrategi vedtaget; aktiviteter udmøntet.",
                "Samarbejde med lokalråd om konkrete udviklingsprojekter.",
                "Projektgruppe med lokalråd og konsulenter fra KL.", "Borgerpaneler, dialogmøder og spørgeskema."),
    ProjectIdea(("growth", "climate"), "Planstrategi for byrådsperioden",
                "At give byrådet et strategisk program for kommunens udvikling.",
                "Planstrategien er vedtaget og følges op årligt.",
                "Visioner og mål afklaret; debatoplæg offentliggjort; planstrategi vedtaget.",
                "Politisk afklaring først, derefter bred offentlig debat.",
                "Plan og Byg er tovholder; direktionen er styregruppe.", "Temamøder og debatoplæg."),
    ProjectIdea(("digital", "workforce"), "Servicestrategi og helhedsorienteret borgerbetjening",
                "At udvikle kvalitet og service i borgerbetjeningen.",
                "Borgerne oplever én indgang til kommunen.",
                "Strategier for alle serviceområder; tids- og handleplaner for budgetåret.",
                "Kvalitets- og effektivitetsforbedringer konkretiseres i budgetlægningen.",
                "Borgerservice leder projektet med deltagere fra alle afdelinger.",
                "Servicemål, brugerundersøgelser og procesanalyser."),
    ProjectIdea(("digital", "growth"), "Digitaliseringsstrategi",
                "At flere henvendelser kan løses digitalt og ved første kontakt.",
                "Flere selvbetjeningsløsninger tages i brug.",
                "Procesplan udarbejdet; digital borgerbetjening prioriteret; løsninger indført.",
                "Digitalisering af de hyppigste henvendelser først.",
                "Digitalisering og IT er tovholder; direktionen er styregruppe.",
                "Gevinstrealisering og procesoptimering."),
    ProjectIdea(("workforce",), "Strategi for kompetenceudvikling",
                "At sikre de kompetencer, nye opgaver og nye ledere kræver.",
                "Alle ledere har en udviklingsplan.",
                "Behov afdækket; lederforløb gennemført; opfølgning i MUS.",
                "Kompetenceudvikling tager afsæt i MUS-samtalen.",
                "HR og Udvikling er tovholder.", "MUS, lederudviklingsforløb og sidemandsoplæring."),
)

SWEDISH_PROJECTS = (
    ProjectIdea(("workforce",), "Tillitsbaserad styrning och ledning",
                "Att styra med tillit så att de politiska målen når ut i verksamheterna.",
                "Alla förvaltningar arbetar efter den gemensamma styrmodellen.",
                "Styrmodellen beslutad; chefer utbildade; första uppföljningen genomförd.",
                "Kommunledningen håller i styrningen; dialog med förvaltningarna.",
                "Styrgrupp i kommunledningen; kommunledningsförvaltningen är sekretariat.",
                "Dialogmöten och gemensamma planeringsmallar."),
    ProjectIdea(("growth",), "Medborgardialog i kransorterna",
                "Att stärka invånarnas engagemang i kransorternas utveckling.",
                "Fler invånare deltar i dialoger och ortsråd.",
                "Dialogplan beslutad; dialoger genomförda i alla kransorter; åtgärder genomförda.",
                "Samarbete med ortsråden om konkreta utvecklingsprojekt.",
                "Projektgrupp med ortsråd och kommunens utvecklingsstrateg.", "Medborgarpaneler och enkäter."),
    ProjectIdea(("growth", "climate"), "Ny översiktsplan",
                "Att ge fullmäktige en långsiktig plan för mark- och vattenanvändningen.",
                "Översiktsplanen antas under mandatperioden.",
                "Planeringsunderlag klart; samråd genomfört; plan antagen.",
                "Politisk inriktning först, därefter brett samråd.",
                "Stadsbyggnad leder arbetet; kommunledningen är styrgrupp.", "Samrådsmöten och digitala kartor."),
    ProjectIdea(("digital", "workforce"), "Servicestrategi och kontaktcenter",
                "Att utveckla kvaliteten i kommunens service och bemötande.",
                "Invånarna får svar vid första kontakten.",
                "Kontaktcenter öppnat; servicemål beslutade; uppföljning genomförd.",
                "Förbättringar av kvalitet och effektivitet konkretiseras i budgetarbetet.",
                "Kontaktcentret leder projektet med deltagare från alla förvaltningar.",
                "Servicemätningar och processkartläggning."),
    ProjectIdea(("digital", "growth"), "Digitaliseringsstrategi",
                "Att fler ärenden kan skötas digitalt och enkelt.",
                "Fler e-tjänster tas i bruk.",
                "Handlingsplan beslutad; de vanligaste ärendena digitaliserade; nyttan följd upp.",
                "De ärenden som flest invånare har digitaliseras först.",
                "Digitaliseringsenheten leder arbetet; kommunledningen är styrgrupp.",
                "Nyttorealisering och automatisering."),
    ProjectIdea(("workforce",), "Strategisk kompetensförsörjning",
                "Att säkra de kompetenser som verksamheterna behöver framåt.",
                "Alla chefer har en plan för kompetensförsörjning.",
                "Behov kartlagda; ledarprogram genomfört; uppföljning i medarbetarsamtal.",
                "Kompetensutvecklingen utgår från medarbetarsamtalet.",
                "HR-avdelningen leder arbetet.", "Medarbetarsamtal, ledarprogram och mentorskap."),
)

DANISH = DemoText(
    municipality="Eksempel Kommune", committees=content.COMMITTEES, objectives=content.OBJECTIVES,
    policy_goals=content.POLICY_GOALS, cross_cutting_themes=content.CROSS_CUTTING_THEMES,
    departments=departments.DEPARTMENTS, words=names,
    cycle=(("Temadrøftelse i Økonomi- og Erhvervsudvalget", "Økonomi- og Erhvervsudvalget"),
           ("Byrådets målseminar", "Byrådet"),
           ("Målaftale med rammer vedtages", "Økonomi- og Erhvervsudvalget"),
           ("{ca}r godkendt i fagudvalgene", "Fagudvalgene og afdelingscheferne"),
           ("Byrådets budgetseminar", "Byrådet"),
           ("Budgettet vedtages (2. behandling)", "Byrådet"),
           ("{qa}r indgået", "Afdelingscheferne og institutionslederne")),
    folders=("udvalgsaftaler", "kvalitetsaftaler", "projektregistre"),
    unknown_appropriation_note="Ny pulje til tværgående projekter",
    not_a_number=("ukendt", "se bilag", "afventer budget"),
    orphan_action="Fælles kompetenceudvikling for alle ledere i afdelingen",
    number=da_number, unitless=("antal", "karakter", "point"), projects=DANISH_PROJECTS,
)

SWEDISH = DemoText(
    municipality="Exempel kommun", committees=sv_content.COMMITTEES, objectives=sv_content.OBJECTIVES,
    policy_goals=sv_content.POLICY_GOALS, cross_cutting_themes=sv_content.CROSS_CUTTING_THEMES,
    departments=sv_content.DEPARTMENTS, words=sv_names,
    cycle=(("Analysseminarium om föregående års resultat", "Kommunstyrelsen"),
           ("Tjänstemannaunderlag till planeringsdirektivet", "Kommunledningsförvaltningen"),
           ("Planeringsdirektiv med ramar beslutas", "Kommunstyrelsen"),
           ("Nämndplaner med internbudget lämnas in", "Nämnderna och förvaltningscheferna"),
           ("Budgetberedning inför övergripande plan med budget", "Kommunstyrelsen"),
           ("Övergripande plan med budget fastställs", "Kommunfullmäktige"),
           ("Verksamhetsplaner fastställs", "Förvaltningscheferna och verksamhetscheferna")),
    folders=("namndplaner", "verksamhetsplaner", "projektregister"),
    unknown_appropriation_note="Ny pott för gemensamma projekt",
    not_a_number=("okänt", "se bilaga", "inväntar budget"),
    orphan_action="Gemensam kompetensutveckling för alla chefer i förvaltningen",
    number=sv_number, unitless=("antal", "poäng", "index"), projects=SWEDISH_PROJECTS,
    result_goals=sv_content.RESULT_GOALS,
    follow_up_cycle=(("Delårsrapport per augusti {year}", 9, 30, 0, "Kommunstyrelsen"),
                     ("Årsredovisning {year}", 3, 31, 1, "Kommunfullmäktige")),
)


def demo_text(settings: Settings) -> DemoText:
    """The Swedish demo for a Swedish preset, else the Danish one."""
    return SWEDISH if settings.language == "sv" else DANISH

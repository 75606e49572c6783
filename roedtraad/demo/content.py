"""What the demo municipality says: committees, objectives, policies and the shape of goal themes.

The texts follow Silkeborg Kommune's styringsmodel (seed 003): the council's
målsætninger are made concrete in policies with goals, which the committees
turn into udvalgsaftaler with their department heads, which the heads turn
into kvalitets- og udviklingsaftaler with the institution leaders.

A `Theme` is one kind of goal a department sets, with the indicator that
measures it and typical actions, in a committee version and a local
(institution) version. The builder picks themes and numbers with the seed.
"""
from __future__ import annotations

from dataclasses import dataclass

EFFECT, OUTPUT = "effect", "output"


@dataclass(frozen=True)
class Measure:
    """An indicator: baseline drawn from [low, high], moving `step` per year towards the target."""

    name: str
    unit: str
    low: float
    high: float
    step: float
    source: str
    frequency: str
    decimals: int = 1


@dataclass(frozen=True)
class Theme:
    policy: str  # key of the policy goal the committee goal realises
    goal_type: str
    texts: tuple[str, ...]  # committee goal variants; "{target}" is the year-2 target with its unit
    measures: tuple[Measure, ...]  # the first always, the others sometimes
    actions: tuple[str, ...]
    local_texts: tuple[str, ...] = ()
    local_actions: tuple[str, ...] = ()
    local_measures: tuple[Measure, ...] = ()  # institution scale, when it differs


@dataclass(frozen=True)
class OwnGoal:
    """An institution's own goal (eget mål), tied to no committee goal."""

    text: str
    goal_type: str
    measure: Measure
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    committee: str
    title: str  # the head's title, e.g. "Skolechef"
    budget: int  # own appropriation, 1.000 kr. in the budget year
    institution_weight: int  # share of the demo's institutions
    patterns: tuple[str, ...]  # institution names, "{P}" is a place
    local_title: str  # the institution leader's title
    themes: tuple[Theme, ...]
    own_goals: tuple[OwnGoal, ...] = ()
    optional: bool = False  # may be left out of a seed's organisation
    may_be_missing: bool = False  # a candidate for the deliberately missing submission


@dataclass(frozen=True)
class Committee:
    id: str
    name: str
    base: int  # appropriation numbers start here: "41 Skoler" for BUU with base 40
    shared: str  # the appropriation the committee's departments share
    shared_budget: int  # 1.000 kr.


@dataclass(frozen=True)
class Objective:
    key: str
    title: str
    description: str
    objective_type: str  # "development" (udvikling) or "operation" (drift)
    core: bool = True
    area: str = ""  # the målområde (Swedish kommunplan); Danish objectives have none


@dataclass(frozen=True)
class PolicyGoal:
    key: str
    policy: str
    text: str
    objectives: tuple[str, ...]  # objective keys; the first is always a core objective
    owners: tuple[str, ...]  # committee ids; "*" for every committee
    cross_cutting_candidate: bool = False
    measure: str = ""  # the nyckeltal a Swedish åtagande is formulated as


COMMITTEES = (
    Committee("ØEU", "Økonomi- og Erhvervsudvalget", 10, "Administration og fællesudgifter", 185_000),
    Committee("TMU", "Teknik- og Miljøudvalget", 20, "Kollektiv trafik", 62_000),
    Committee("KFU", "Kultur- og Fritidsudvalget", 30, "Fritids- og foreningstilskud", 24_000),
    Committee("BUU", "Børne- og Ungeudvalget", 40, "Specialundervisning og PPR", 145_000),
    Committee("SSU", "Social- og Sundhedsudvalget", 50, "Aktivitetsbestemt medfinansiering af sundhedsvæsenet",
              410_000),
    Committee("BEU", "Beskæftigelsesudvalget", 60, "Aktive beskæftigelsesindsatser", 118_000),
    Committee("KPU", "Klima- og Planudvalget", 70, "Klimatilpasning og byudvikling", 31_000),
)

OBJECTIVES = (
    Objective("growth", "Vækst i indbyggere og arbejdspladser",
              "Kommunen skal vokse med flere indbyggere, flere arbejdspladser og flere virksomheder frem mod 2030.",
              "development"),
    Objective("education", "Flere unge i uddannelse og job",
              "Flere unge skal gennemføre en ungdomsuddannelse, og færre skal være på offentlig forsørgelse.",
              "operation"),
    Objective("children", "Et godt børneliv for alle",
              "Alle børn skal have et godt børneliv med trivsel, læring og udvikling i trygge fællesskaber.",
              "operation"),
    Objective("health", "Flere sunde leveår og færre indlæggelser",
              "Borgerne skal leve længere med god livskvalitet, og færre skal indlægges med forebyggelige sygdomme.",
              "operation"),
    Objective("climate", "En grøn og klimaneutral kommune",
              "Kommunen skal nedbringe sin CO2-udledning markant og styrke natur og biodiversitet.", "development"),
    Objective("workforce", "En attraktiv arbejdsplads med lavt sygefravær",
              "Kommunen skal kunne rekruttere og fastholde dygtige medarbejdere og have færre sygedage.",
              "operation"),
    Objective("culture", "Et aktivt kultur- og fritidsliv",
              "Flere borgere skal deltage i kultur-, idræts- og foreningslivet i hele kommunen.", "development",
              core=False),
    Objective("digital", "Nem og digital service",
              "Borgere og virksomheder skal opleve en enkel, hurtig og digital service.", "development", core=False),
)

POLICY_GOALS = (
    PolicyGoal("learning", "Børne- og ungepolitik",
               "Alle børn og unge skal lære mest muligt og trives i fællesskabet",
               ("children",), ("BUU",)),
    PolicyGoal("early", "Børne- og ungepolitik", "Indsatsen for udsatte børn og familier skal sættes tidligt ind",
               ("children", "health"), ("BUU",)),
    PolicyGoal("youth", "Børne- og ungepolitik", "Flere unge skal gennemføre en ungdomsuddannelse",
               ("education", "children"), ("BUU", "BEU")),
    PolicyGoal("elder", "Sundhedspolitik", "Flere ældre skal kunne klare sig selv længst muligt", ("health",),
               ("SSU",)),
    PolicyGoal("disability", "Handicap- og psykiatripolitik",
               "Borgere med handicap eller psykisk sygdom skal leve et så selvstændigt liv som muligt", ("health",),
               ("SSU",)),
    PolicyGoal("health", "Sundhedspolitik", "Flere borgere skal have en sund livsstil og flere gode leveår",
               ("health",), ("SSU",), cross_cutting_candidate=True),
    PolicyGoal("jobs", "Beskæftigelsespolitik",
               "Flere borgere skal være i job eller uddannelse frem for på offentlig forsørgelse",
               ("education", "growth"), ("BEU",)),
    PolicyGoal("labour", "Beskæftigelsespolitik", "Virksomhederne skal kunne få den arbejdskraft, de har brug for",
               ("growth",), ("BEU",)),
    PolicyGoal("infra", "Mobilitetsplan", "Veje og stier skal være sikre, velholdte og binde kommunen sammen",
               ("growth",), ("TMU",)),
    PolicyGoal("nature", "Klimapolitik", "Naturen og biodiversiteten skal styrkes", ("climate",), ("TMU", "KPU")),
    PolicyGoal("co2", "Klimapolitik",
               "CO2-udledningen fra kommunens egen drift skal reduceres med {co2} % inden {co2_year}",
               ("climate",), ("KPU",), cross_cutting_candidate=True),
    PolicyGoal("plan", "Planstrategi", "Der skal være attraktive byggemuligheder i både byer og landsbyer",
               ("growth",), ("KPU",)),
    PolicyGoal("culture", "Kultur- og fritidspolitik", "Flere borgere skal deltage i kultur- og fritidslivet",
               ("culture", "children"), ("KFU",)),
    PolicyGoal("sport", "Kultur- og fritidspolitik", "Flere børn, unge og seniorer skal være fysisk aktive",
               ("culture", "health"), ("KFU",)),
    PolicyGoal("economy", "Økonomisk politik",
               "Kommunen skal have en robust økonomi med overskud på den ordinære drift", ("growth",), ("ØEU",)),
    PolicyGoal("workplace", "Personalepolitik",
               "Kommunen skal kunne rekruttere og fastholde kvalificerede medarbejdere", ("workforce",), ("ØEU",)),
    PolicyGoal("sickness", "Personalepolitik", "Sygefraværet i kommunen skal nedbringes til {sickness} % i {last}",
               ("workforce",), ("ØEU",), cross_cutting_candidate=True),
    PolicyGoal("digital", "Digitaliseringsstrategi",
               "Flere henvendelser skal kunne løses digitalt og ved første kontakt", ("digital", "growth"),
               ("ØEU",)),
)

# How a department carries a cross-cutting goal that another committee owns: a goal of its own,
# realising the council objective directly (seed 003, option B) and marked as carrying the goal.
CROSS_CUTTING_THEMES = {
    "sickness": Theme(
        "sickness", EFFECT,
        ("Sygefraværet i afdelingen skal nedbringes til {target}",
         "Medarbejdernes sygefravær skal nedbringes til {target}"),
        (Measure("Sygefravær i procent af arbejdstiden", "%", 5.2, 7.4, -0.4, "Lønsystemets fraværsstatistik",
                 "Kvartalsvis"),),
        ("Fraværssamtaler efter kommunens retningslinjer i alle enheder",
         "Trivselsindsats med udgangspunkt i arbejdspladsvurderingen (APV)",
         "Samarbejde med arbejdsmiljørepræsentanterne om forebyggelse af nedslidning"),
        ("Sygefraværet blandt medarbejderne skal nedbringes til {target}",
         "Færre medarbejdere skal have langvarigt sygefravær"),
        ("Tidlig dialog ved gentaget fravær", "Fælles trivselsdag i personalegruppen",
         "Opfølgning på APV i personalemøderne"),
    ),
    "health": Theme(
        "health", EFFECT,
        ("Flere borgere i afdelingens tilbud skal være fysisk aktive hver dag",
         "Sundhed skal indtænkes i afdelingens tilbud, så flere lever sundt"),
        (Measure("Andel brugere med mindst 30 minutters daglig fysisk aktivitet", "%", 42, 58, 3,
                 "Lokal registrering og Sundhedsprofilen", "Årligt"),),
        ("Sundhedsfremmende aktiviteter som fast del af tilbuddene", "Samarbejde med foreninger om bevægelse"),
        ("Børn, unge og voksne i institutionen skal bevæge sig mere i hverdagen",
         "Institutionen skal tilbyde sund mad og daglig bevægelse"),
        ("Daglig bevægelse i hverdagens aktiviteter", "Sund frokost efter kommunens kostpolitik"),
    ),
    "co2": Theme(
        "co2", EFFECT,
        ("Energiforbruget i afdelingens bygninger skal nedbringes til {target}",
         "Afdelingens CO2-udledning fra bygninger og transport skal reduceres"),
        (Measure("Energiforbrug pr. m² opvarmet areal", "kWh/m²", 105, 140, -5, "Energiledelsessystemet",
                 "Månedligt", 0),),
        ("Energigennemgang af afdelingens bygninger", "Udskiftning af køretøjer til el ved fornyelse",
         "Energibesparende adfærd som fast punkt i driften"),
        ("Institutionens energiforbrug skal nedbringes til {target}",
         "Institutionen skal spare på energien i hverdagen"),
        ("Energivagter blandt medarbejderne", "Natsænkning af varme og ventilation",
         "Skift til LED-belysning i fællesrum"),
    ),
}

"""Word lists for the Swedish demo municipality: people, places and verksamhet names.

All names are made up from common Swedish first names, surnames and place-name
parts; any likeness to a real person or verksamhet is coincidence.
"""
from __future__ import annotations

FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin",
    "Linda", "Johanna", "Elin", "Sofia", "Helena", "Annika", "Susanne", "Camilla", "Ulrika", "Frida",
    "Lars", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Mikael", "Jan", "Hans",
    "Fredrik", "Daniel", "Magnus", "Stefan", "Mattias", "Jonas", "Henrik", "Niklas", "Oskar", "Gustav",
)
MIDDLE_NAMES = ("Maria", "Elisabet", "Kristina", "Johan", "Erik", "Axel", "Linnéa", "Olof")
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
    "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Sjöberg",
    "Forsberg", "Wallin", "Engström", "Eklund", "Danielsson", "Håkansson", "Holm", "Sundberg", "Gunnarsson",
)
# Place names: "Björk" + "vik" = "Björkvik".
PLACE_HEADS = (
    "Björk", "Ek", "Lind", "Asp", "Al", "Hag", "Sjö", "Berg", "Sol", "Ros", "Löv", "Gran", "Kvarn", "Kyrk",
    "Norr", "Söder", "Väster", "Öster", "Strand", "Äng", "Hassel", "Rönn", "Sälg", "Tall", "Ljung", "Mo",
)
PLACE_TAILS = ("vik", "dal", "berga", "lund", "hem", "backen", "torp", "näs", "ås", "holm", "hagen", "by",
               "sund", "stad", "vallen", "ängen")
COPY_SUFFIX = ", enhet {number}"

VALUE_MARKERS = (
    "Vi sätter invånarnas behov i centrum.",
    "Vi tar ansvar för en ekonomi i balans.",
    "Vi är öppna, tillgängliga och ger ett gott bemötande.",
    "Vi samarbetar över gränser och tar ansvar för helheten.",
    "Vi vågar pröva nytt och lär av det vi gör.",
    "Vi präglas av lust, engagemang och delaktighet.",
)

NOT_RELEVANT_REASONS = (
    "Målet ingår inte i förvaltningens uppdrag under planperioden.",
    "Förvaltningen bidrar genom den gemensamma insats som kommunstyrelsen samordnar.",
    "Förvaltningen når redan målet; insatserna prioriteras inom andra områden.",
    "Verksamheten har inga lokaler eller fordon som insatsen gäller.",
    "Tas upp i nästa års nämndplan när den gemensamma handlingsplanen finns.",
)
QUALITY_NOT_RELEVANT_REASONS = (
    "Verksamheten följer förvaltningens gemensamma insats och sätter inget eget mål i år.",
    "Inte relevant för verksamhetens uppdrag under budgetåret.",
    "Ingår i verksamhetens arbetsmiljöarbete men utan eget mål i planen.",
)

FOLLOW_UP = (
    ("Mars {year}", "Dialogmöte mellan förvaltningschef och verksamhetschef om mål och aktiviteter",
     "Kort lägesrapport till förvaltningschefen"),
    ("Juni {year}", "Genomgång av nyckeltal och ekonomi inför delårsrapporten",
     "Underlag till förvaltningens delårsrapport"),
    ("September {year}", "Uppföljning av aktiviteter och eventuella justeringar av planen",
     "Minnesanteckningar från uppföljningsmötet"),
    ("December {year}", "Årlig uppföljning av planens mål och nyckeltal",
     "Skriftlig uppföljning som ingår i årsredovisningen"),
)

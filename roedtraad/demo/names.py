"""Word lists for the demo municipality: people, places and institution names.

All names are made up from common Danish first names, surnames and place-name
parts; any likeness to a real person or institution is coincidence.
"""
from __future__ import annotations

import sys
from random import Random
from typing import Any

FIRST_NAMES = (
    "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lone", "Charlotte", "Camilla", "Louise",
    "Maria", "Pia", "Tina", "Marianne", "Lene", "Birgitte", "Karen", "Inge", "Dorthe", "Signe",
    "Julie", "Sofie", "Line", "Trine", "Rikke", "Malene", "Heidi", "Gitte", "Jette", "Anja",
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Jan", "Niels", "Morten",
    "Anders", "Rasmus", "Martin", "Jesper", "Ole", "Per", "Torben", "Kim", "Claus", "Steen",
    "Mads", "Christian", "Jakob", "Kasper", "Frederik", "Bo", "Poul", "Erik", "Flemming", "Jørgen",
)
# Middle names that Danes of any gender carry (family names used as middle names).
MIDDLE_NAMES = ("Holm", "Lund", "Skov", "Bach", "Dam", "Bøgh", "Krogh", "Kjær", "Juul", "Munk")
LAST_NAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
    "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Laursen", "Henriksen", "Lund",
    "Schmidt", "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen",
    "Østergaard", "Jeppesen", "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Jespersen", "Mogensen", "Skov",
    "Bach", "Dam", "Krogh", "Bech", "Friis", "Holst", "Juhl", "Brandt", "Damgaard", "Kirkegaard", "Winther",
)

# Place names are built from a first and a last part: "Bøge" + "vang" = "Bøgevang".
PLACE_HEADS = (
    "Bøge", "Ege", "Linde", "Aske", "Hede", "Mølle", "Kirke", "Sønder", "Nørre", "Vester", "Øster", "Skov",
    "Sø", "Eng", "Bakke", "Strand", "Rosen", "Tjørne", "Hassel", "Birke", "Elle", "Kilde", "Fjord", "Å",
    "Sol", "Lærke", "Ravns", "Ulv", "Hjorte", "Gran",
)
COPY_SUFFIX = ", afd. {number}"  # a second institution of the same name, once every place is taken
PLACE_TAILS = ("vang", "dal", "høj", "gården", "lund", "bjerg", "toften", "holm", "bro", "kær", "lyst",
               "marken", "ager", "huse", "vej", "bæk")


def person(rng: Random, words: Any = None) -> str:
    """A made-up person; `words` is a word-list module (this one, or the Swedish `sv_names`)."""
    words = words or sys.modules[__name__]
    first = rng.choice(words.FIRST_NAMES)
    if rng.random() < 0.2:
        first = f"{first} {rng.choice(words.MIDDLE_NAMES)}"
    return f"{first} {rng.choice(words.LAST_NAMES)}"


def unique_person(rng: Random, taken: set[str], words: Any = None) -> str:
    """A name nobody in `taken` has (department heads must be told apart)."""
    while True:
        name = person(rng, words)
        if name not in taken:
            taken.add(name)
            return name


def places(rng: Random, words: Any = None) -> list[str]:
    """Every place name once, in a seed-dependent order."""
    words = words or sys.modules[__name__]
    names = [head + tail for head in words.PLACE_HEADS for tail in words.PLACE_TAILS]
    rng.shuffle(names)
    return names


def institution_name(pattern: str, place: str) -> str:
    """Fill a pattern: '{P}skolen' -> 'Bøgevangskolen', 'Børnehuset {P}' -> 'Børnehuset Bøgevang'.

    In a compound the definite ending goes: 'Egegården' + 'skolen' is 'Egegårdsskolen'.
    """
    if pattern.startswith("{P}") and pattern[3:4].islower() and place.endswith("gården"):
        place = place.removesuffix("en") + "s"
    return pattern.replace("{P}", place)


class InstitutionNamer:
    """Unique institution names per department, linear in the number asked for."""

    def __init__(self, rng: Random, patterns: tuple[str, ...], words: Any = None) -> None:
        self._rng = rng
        self._patterns = patterns
        self._words = words or sys.modules[__name__]
        self._places = places(rng, self._words)
        self._index = 0
        self._taken: set[str] = set()

    def next(self) -> str:
        while True:
            place = self._places[self._index % len(self._places)]
            round_ = self._index // len(self._places)
            self._index += 1
            name = institution_name(self._rng.choice(self._patterns), place)
            if round_:
                name = name + self._words.COPY_SUFFIX.format(number=round_ + 1)
            if name not in self._taken:
                self._taken.add(name)
                return name


VALUE_MARKERS = (
    "Vi har fokus på de mest sårbare borgere.",
    "Vi sikrer økonomisk bæredygtighed i alle beslutninger.",
    "Borgere og virksomheder mødes af fagprofessionelle medarbejdere.",
    "Vi samarbejder på tværs og tager ansvar for helheden.",
    "Vi møder borgerne med åbenhed, dialog og respekt.",
    "Vi tør prøve nyt og lærer af det, vi gør.",
)

NOT_RELEVANT_REASONS = (
    "Målet indgår ikke i afdelingens opgaver i aftaleperioden.",
    "Afdelingen bidrager via den fælles indsats, som Økonomi- og Erhvervsudvalget koordinerer.",
    "Afdelingen ligger allerede under målet; indsatsen prioriteres på andre områder.",
    "Området har ingen bygninger eller køretøjer, som indsatsen vedrører.",
    "Tages op igen i næste års aftale, når den fælles handleplan foreligger.",
)
QUALITY_NOT_RELEVANT_REASONS = (
    "Institutionen følger afdelingens fælles indsats og sætter ikke eget mål i år.",
    "Ikke relevant for institutionens opgaver i budgetåret.",
    "Indgår i institutionens arbejdsmiljøarbejde, men uden særskilt mål i aftalen.",
)

FOLLOW_UP = (
    ("Marts {year}", "Dialogmøde mellem afdelingschef og institutionsleder om status på mål og handlinger",
     "Kort statusnotat til afdelingschefen"),
    ("Juni {year}", "Gennemgang af indikatorer og økonomi ved halvårsopfølgningen",
     "Status i afdelingens ledelsesinformation"),
    ("September {year}", "Opfølgning på handlinger og eventuelle justeringer af aftalen",
     "Referat fra opfølgningsmødet"),
    ("December {year}", "Årlig afrapportering på aftalens mål og indikatorer",
     "Skriftlig afrapportering, der indgår i næste års aftale"),
)

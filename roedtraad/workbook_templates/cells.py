"""Cell findings, and the one function that turns a raw cell into a clean value.

The reader calls `parse_cell` for every input cell, so the cell rules run while
reading and every problem points at its cell.
"""
from __future__ import annotations

from ..i18n import Text, is_all_keyword
from ..model import Location
from . import normalize
from .spec import Column, ColumnType
from ..findings import Finding, FindingKind, Severity

EXPECTED = {
    ColumnType.NUMBER: Text("et tal, fx 1.234,5", "ett tal, t.ex. 1 234,5", "a number, e.g. 1234.5"),
    ColumnType.YEAR: Text("et årstal, fx 2027", "ett årtal, t.ex. 2027", "a year, e.g. 2027"),
    ColumnType.DATE: Text("en dato, fx 31-12-2027", "ett datum, t.ex. 2027-12-31", "a date, e.g. 31-12-2027"),
    ColumnType.YES_NO: Text("ja eller nej", "ja eller nej", "yes or no"),
}


class CellFinding(FindingKind):
    family = "cells"
    severity = Severity.ERROR


class RequiredEmpty(CellFinding):
    code = "cell.required-empty"
    title = Text("Påkrævet celle er tom", "Obligatorisk cell är tom", "Required cell empty")
    message = Text("'{column}' skal udfyldes.", "'{column}' måste fyllas i.", "'{column}' must be filled in.")
    hint = Text("Skriv en værdi i cellen.", "Skriv ett värde i cellen.", "Enter a value in the cell.")


class WrongType(CellFinding):
    code = "cell.wrong-type"
    title = Text("Forkert type", "Fel typ", "Wrong type")
    message = Text("'{value}' i '{column}' er ikke {expected_da}.", "'{value}' i '{column}' är inte {expected_sv}.",
                   "'{value}' in '{column}' is not {expected_en}.")
    hint = Text("Skriv {expected_da}.", "Skriv {expected_sv}.", "Enter {expected_en}.")


class OutsideList(CellFinding):
    code = "cell.outside-list"
    title = Text("Værdi uden for listen", "Värde utanför listan", "Value not in list")
    message = Text("'{value}' i '{column}' er ikke en af de tilladte værdier: {allowed}.",
                   "'{value}' i '{column}' är inte ett av de tillåtna värdena: {allowed}.",
                   "'{value}' in '{column}' is not one of the allowed values: {allowed}.")
    hint = Text("Vælg en værdi i rullelisten.", "Välj ett värde i listan.", "Pick a value from the dropdown.")


class MalformedId(CellFinding):
    code = "cell.malformed-id"
    title = Text("Ugyldigt id", "Ogiltigt id", "Malformed id")
    message = Text("'{value}' i '{column}' er ikke et gyldigt id.", "'{value}' i '{column}' är inte ett giltigt id.",
                   "'{value}' in '{column}' is not a valid id.")
    hint = Text("Brug bogstaver og tal adskilt af bindestreg, fx SKO-01 (højst 40 tegn).",
                "Använd bokstäver och siffror åtskilda av bindestreck, t.ex. SKO-01 (högst 40 tecken).",
                "Use letters and digits separated by hyphens, e.g. SKO-01 (at most 40 characters).")


class FormulaWithoutValue(CellFinding):
    code = "cell.formula-without-value"
    title = Text("Formel uden beregnet værdi", "Formel utan beräknat värde", "Formula without cached value")
    message = Text("Cellen indeholder en formel, men filen har ingen beregnet værdi for den.",
                   "Cellen innehåller en formel men filen har inget beräknat värde för den.",
                   "The cell holds a formula but the file has no computed value for it.")
    hint = Text("Åbn filen i Excel, og gem den igen, så værdien beregnes.",
                "Öppna filen i Excel och spara den igen så att värdet beräknas.",
                "Open the file in Excel and save it again so the value is computed.")


class TextTooLong(CellFinding):
    code = "cell.text-too-long"
    severity = Severity.WARNING
    title = Text("For lang tekst", "För lång text", "Text too long")
    message = Text("Teksten i '{column}' har {length} tegn; højst {limit} er tilladt.",
                   "Texten i '{column}' har {length} tecken; högst {limit} är tillåtet.",
                   "The text in '{column}' has {length} characters; at most {limit} are allowed.")
    hint = Text("Forkort teksten, eller flyt detaljer til et bilag.", "Korta texten eller flytta detaljer till en bilaga.",
                "Shorten the text, or move details to an appendix.")


class NumberAsText(CellFinding):
    code = "cell.number-as-text"
    severity = Severity.WARNING
    title = Text("Tal skrevet som tekst", "Tal skrivet som text", "Number typed as text")
    message = Text("'{value}' i '{column}' er tekst, ikke et tal: roedtraad læser {number_da}, men Excel regner "
                   "ikke med cellen (fx i summer).",
                   "'{value}' i '{column}' är text, inte ett tal: roedtraad läser {number_sv}, men Excel räknar "
                   "inte med cellen (t.ex. i summor).",
                   "'{value}' in '{column}' is text, not a number: roedtraad reads {number_en}, but Excel leaves "
                   "the cell out of its calculations (e.g. sums).")
    hint = Text("Skriv tallet uden enhed og tusindtalsseparator, fx {number_da}; enheden hører til i kolonnen Enhed.",
                "Skriv talet utan enhet och tusentalsavgränsare, t.ex. {number_sv}; enheten hör hemma i kolumnen Enhet.",
                "Type the number without unit and thousands separator, e.g. {number_en}; the unit belongs in the "
                "Unit column.")


def number_as_text(raw: str, number: float, location: Location, lang_header: str, row_id: str = "") -> Finding:
    """The warning for a number that reads right but sits in the cell as text."""
    plain = f"{number:.10g}" if abs(number) < 1e15 else f"{number:.0f}"
    return NumberAsText.at(location, row_id=row_id, column=lang_header, value=normalize.clean_text(raw)[:60],
                           number_da=plain.replace(".", ","), number_sv=plain.replace(".", ","), number_en=plain)


class IdNormalised(CellFinding):
    code = "cell.id-normalised"
    severity = Severity.INFO
    title = Text("Id læst uden mellemrum", "Id läst utan mellanslag", "Id read without spaces")
    message = Text("'{value}' læses som id'et '{id}'.", "'{value}' läses som id:t '{id}'.",
                   "'{value}' is read as the id '{id}'.")
    hint = Text("Skriv id'et som {id} overalt, så det ser ens ud i alle filer.",
                "Skriv id:t som {id} överallt så att det ser likadant ut i alla filer.",
                "Write the id as {id} everywhere, so it looks the same in every file.")


def typed_ids(kind: ColumnType, raw: object, clean: object) -> dict[str, str]:
    """Normalised id -> the text the user typed, for ids whose text changed beyond letter case
    (spaces inside them dropped: "EGE 01" -> "EGE01"). Empty for the usual cell."""
    if raw.__class__ is not str:
        return {}
    if kind is ColumnType.ID:
        typed = " ".join(raw.split())
        return {clean: typed} if " " in typed and typed.upper() != clean else {}
    if kind is ColumnType.ID_LIST and isinstance(clean, list):
        parts = [" ".join(p.split()) for p in normalize.split_id_list(raw)]
        # "alle udvalg" / "alla nämnder" is the keyword for every committee, not an id with spaces
        return {c: t for t, c in zip(parts, clean) if " " in t and t.upper() != c and not is_all_keyword(t)}
    return {}


def id_findings(typed: dict[str, str], location: Location, row_id: str = "") -> list[Finding]:
    return [IdNormalised.at(location, row_id=row_id, value=text, id=value) for value, text in typed.items()]


# ColumnType -> the clean value of a non-blank cell, or ValueError. CHOICE and the text length
# need more than the raw value, so parse_cell handles them itself.
CONVERTERS = {
    ColumnType.TEXT: normalize.clean_text,
    ColumnType.ID: normalize.parse_id,
    ColumnType.ID_LIST: normalize.parse_id_list,
    ColumnType.NUMBER: normalize.parse_number,
    ColumnType.YEAR: normalize.parse_year,
    ColumnType.DATE: normalize.parse_date,
    ColumnType.YES_NO: normalize.parse_bool,
}


def parse_cell(column: Column, raw: object, location: Location, lang_header: str, *, row_id: str = "",
               choices: dict[str, str] | None = None, max_text: int = 1000) -> tuple[object, Finding | None]:
    """Return (clean value, None) or (None, finding). Blank cells give (None, None) unless required.

    `choices` maps folded user labels to keys for CHOICE columns.
    """
    if normalize.is_blank(raw):
        if column.required:
            return None, RequiredEmpty.at(location, row_id=row_id, column=lang_header)
        return None, None
    kind = column.type
    try:
        if kind is ColumnType.CHOICE:
            key = (choices or {}).get(normalize.clean_text(raw).casefold())
            if key is None:
                allowed = ", ".join(sorted(set((choices or {}).values())))
                return None, OutsideList.at(location, row_id=row_id, column=lang_header,
                                            value=normalize.clean_text(raw), allowed=allowed)
            return key, None
        value = CONVERTERS[kind](raw)
        if kind is ColumnType.TEXT and len(value) > max_text:
            return value, TextTooLong.at(location, row_id=row_id, column=lang_header, length=len(value),
                                         limit=max_text)
        return value, None
    except ValueError:
        shown = normalize.clean_text(raw)[:60]
        if kind in (ColumnType.ID, ColumnType.ID_LIST):
            return None, MalformedId.at(location, row_id=row_id, column=lang_header, value=shown)
        expected = EXPECTED[kind]
        return None, WrongType.at(location, row_id=row_id, column=lang_header, value=shown,
                                  expected_da=expected.da, expected_sv=expected.sv, expected_en=expected.en)

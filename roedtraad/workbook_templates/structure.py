"""Structure findings: is this file a roedtraad workbook we can read at all?"""
from __future__ import annotations

from ..i18n import Text
from ..findings import FindingKind, Severity

_OPEN_AND_SAVE = Text("Åbn filen i Excel og gem den som Excel-projektmappe (.xlsx).",
                      "Öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx).",
                      "Open the file in Excel and save it as an Excel workbook (.xlsx).")


class StructureFinding(FindingKind):
    family = "structure"
    severity = Severity.ERROR


class EmptyFile(StructureFinding):
    code = "structure.empty-file"
    title = Text("Tom fil", "Tom fil", "Empty file")
    message = Text("Filen er tom (0 byte).", "Filen är tom (0 byte).", "The file is empty (0 bytes).")
    hint = Text("Gem aftalen igen fra Excel og send den på ny.", "Spara planen igen från Excel och skicka den på nytt.",
                "Save the agreement again from Excel and resend it.")


class NotXlsx(StructureFinding):
    code = "structure.not-xlsx"
    title = Text("Ikke en xlsx-fil", "Inte en xlsx-fil", "Not an xlsx file")
    message = Text("Filen er ikke en Excel-projektmappe (.xlsx), men {detected_da}.",
                   "Filen är inte en Excel-arbetsbok (.xlsx) utan {detected_sv}.",
                   "The file is not an Excel workbook (.xlsx) but {detected_en}.")
    hint = _OPEN_AND_SAVE


class CorruptWorkbook(StructureFinding):
    code = "structure.corrupt"
    title = Text("Beskadiget fil", "Skadad fil", "Corrupt file")
    message = Text("Filen kan ikke læses: den er beskadiget eller ufuldstændig ({detail}).",
                   "Filen kan inte läsas: den är skadad eller ofullständig ({detail}).",
                   "The file cannot be read: it is damaged or incomplete ({detail}).")
    hint = Text("Gem filen igen fra Excel; hvis Excel ikke kan åbne den, så send den seneste gode version.",
                "Spara filen igen från Excel; om Excel inte kan öppna den, skicka den senaste fungerande versionen.",
                "Save the file again from Excel; if Excel cannot open it, send the last good version.")


class PasswordProtected(StructureFinding):
    code = "structure.password-protected"
    title = Text("Adgangskodebeskyttet", "Lösenordsskyddad", "Password protected")
    message = Text("Projektmappen er krypteret med en adgangskode og kan ikke læses.",
                   "Arbetsboken är krypterad med lösenord och kan inte läsas.",
                   "The workbook is encrypted with a password and cannot be read.")
    hint = Text("Fjern adgangskoden (Filer > Oplysninger > Beskyt projektmappe) og gem igen.",
                "Ta bort lösenordet (Arkiv > Info > Skydda arbetsbok) och spara igen.",
                "Remove the password (File > Info > Protect Workbook) and save again.")


class NotATemplate(StructureFinding):
    code = "structure.not-a-template"
    title = Text("Ikke en roedtraad-skabelon", "Inte en roedtraad-mall", "Not a roedtraad template")
    message = Text("Filen er ikke dannet fra en roedtraad-skabelon ({detail}).",
                   "Filen är inte skapad från en roedtraad-mall ({detail}).",
                   "The file was not made from a roedtraad template ({detail}).")
    hint = Text("Brug den skabelon, økonomi har sendt, og kopier indholdet over i den.",
                "Använd mallen som ekonomi har skickat och kopiera in innehållet i den.",
                "Use the template finance sent you and copy your content into it.")


class OutdatedTemplate(StructureFinding):
    code = "structure.outdated-template"
    severity = Severity.WARNING
    title = Text("Forældet skabelon", "Föråldrad mall", "Outdated template")
    message = Text("Skabelonen har version {found}, men den gældende version er {current}.",
                   "Mallen har version {found}, men gällande version är {current}.",
                   "The template is version {found}; the current version is {current}.")
    hint = Text("Hent den nye skabelon og flyt indholdet over i den.", "Hämta den nya mallen och flytta över innehållet.",
                "Fetch the new template and move your content into it.")


class MissingSheet(StructureFinding):
    code = "structure.missing-sheet"
    title = Text("Ark mangler", "Flik saknas", "Sheet missing")
    message = Text("Arket '{sheet_name}' mangler eller er omdøbt.", "Fliken '{sheet_name}' saknas eller har bytt namn.",
                   "The sheet '{sheet_name}' is missing or was renamed.")
    hint = Text("Giv arket navnet '{sheet_name}' igen, eller brug en ny skabelon.",
                "Ge fliken namnet '{sheet_name}' igen, eller använd en ny mall.",
                "Rename the sheet back to '{sheet_name}', or use a fresh template.")


class MissingOptionalSheet(StructureFinding):
    code = "structure.missing-optional-sheet"
    severity = Severity.WARNING
    title = Text("Valgfrit ark mangler", "Valfri flik saknas", "Optional sheet missing")
    message = Text("Arket '{sheet_name}' mangler eller er omdøbt; det, der stod på det, indgår ikke i totaler, "
                   "kontroller eller masterfilen.",
                   "Fliken '{sheet_name}' saknas eller har bytt namn; det som stod på den ingår inte i summor, "
                   "kontroller eller huvudfilen.",
                   "The sheet '{sheet_name}' is missing or was renamed; whatever it held is left out of totals, "
                   "checks and the master workbook.")
    hint = Text("Sæt arket ind igen fra en ny skabelon (det må gerne stå tomt), eller giv det navnet '{sheet_name}' "
                "igen.", "Lägg tillbaka fliken från en ny mall (den får vara tom), eller ge den namnet '{sheet_name}' "
                "igen.", "Put the sheet back from a fresh template (it may stay empty), or rename it back to "
                "'{sheet_name}'.")


class MissingColumn(StructureFinding):
    code = "structure.missing-column"
    title = Text("Kolonne mangler", "Kolumn saknas", "Column missing")
    message = Text("Kolonnen '{column}' mangler eller er omdøbt.", "Kolumnen '{column}' saknas eller har bytt namn.",
                   "The column '{column}' is missing or was renamed.")
    hint = Text("Giv kolonneoverskriften navnet '{column}' igen (kolonner må gerne flyttes).",
                "Ge kolumnrubriken namnet '{column}' igen (kolumner får flyttas).",
                "Rename the column header back to '{column}' (columns may be moved).")


class FileLocked(StructureFinding):
    code = "structure.file-locked"
    severity = Severity.WARNING
    title = Text("Filen er åben i Excel", "Filen är öppen i Excel", "File open in Excel")
    message = Text("Filen er åben i Excel hos en bruger (låsefil '{lock_file}'); den senest gemte version er læst.",
                   "Filen är öppen i Excel hos en användare (låsfil '{lock_file}'); senast sparade version har lästs.",
                   "The file is open in Excel (lock file '{lock_file}'); the last saved version was read.")
    hint = Text("Gem og luk filen i Excel, og kør igen.", "Spara och stäng filen i Excel och kör igen.",
                "Save and close the file in Excel, then run again.")


class UnreadableFile(StructureFinding):
    code = "structure.unreadable"
    title = Text("Filen kan ikke åbnes", "Filen kan inte öppnas", "File cannot be opened")
    message = Text("Styresystemet nægtede at åbne filen ({detail}); den er måske åben i Excel.",
                   "Operativsystemet vägrade öppna filen ({detail}); den är kanske öppen i Excel.",
                   "The operating system refused to open the file ({detail}); it may be open in Excel.")
    hint = Text("Luk filen i Excel, eller kontroller adgangsrettighederne, og kør igen.",
                "Stäng filen i Excel, eller kontrollera behörigheterna, och kör igen.",
                "Close the file in Excel, or check the access rights, then run again.")


class MissingOptionalColumn(StructureFinding):
    code = "structure.missing-optional-column"
    severity = Severity.WARNING
    title = Text("Valgfri kolonne mangler", "Valfri kolumn saknas", "Optional column missing")
    message = Text("Kolonnen '{column}' mangler eller er omdøbt; dens indhold kan ikke læses.",
                   "Kolumnen '{column}' saknas eller har bytt namn; dess innehåll kan inte läsas.",
                   "The column '{column}' is missing or was renamed; its content cannot be read.")
    hint = MissingColumn.hint


class MissingFrontField(StructureFinding):
    code = "structure.missing-front-field"
    title = Text("Felt mangler på forsiden", "Fält saknas på försättsbladet", "Front page field missing")
    message = Text("Forsiden mangler feltet '{field}'.", "Försättsbladet saknar fältet '{field}'.",
                   "The front page lacks the field '{field}'.")
    hint = Text("Skriv '{field}' i kolonne A og værdien i kolonne B, eller brug en ny skabelon.",
                "Skriv '{field}' i kolumn A och värdet i kolumn B, eller använd en ny mall.",
                "Write '{field}' in column A and its value in column B, or use a fresh template.")


class LiveWorkbookUnreadable(StructureFinding):
    code = "structure.live-workbook-unreadable"
    title = Text("Projektmappen kan ikke læses fra Excel", "Arbetsboken kan inte läsas från Excel",
                 "Workbook cannot be read from Excel")
    message = Text("Tilføjelsesprogrammet kunne ikke læse den åbne projektmappe ({detail}).",
                   "Tillägget kunde inte läsa den öppna arbetsboken ({detail}).",
                   "The add-in could not read the open workbook ({detail}).")
    hint = Text("Gem projektmappen, og brug 'Indsend', eller send filen til økonomi; så valideres den som fil.",
                "Spara arbetsboken och använd 'Skicka in', eller skicka filen till ekonomi; då valideras den som fil.",
                "Save the workbook and use 'Hand in', or send the file to finance; it is then validated as a file.")


class SheetHidden(StructureFinding):
    code = "structure.sheet-hidden"
    severity = Severity.WARNING
    title = Text("Skjult ark", "Dold flik", "Hidden sheet")
    message = Text("Arket '{sheet_name}' er skjult; det er læst som de andre ark.",
                   "Fliken '{sheet_name}' är dold; den har lästs som de andra flikarna.",
                   "The sheet '{sheet_name}' is hidden; it was read like the other sheets.")
    hint = Text("Vis arket igen (højreklik på en arkfane > Vis), så alle kan se, hvad der er sendt ind.",
                "Visa fliken igen (högerklicka på en flik > Visa), så att alla ser vad som har skickats in.",
                "Unhide the sheet (right-click a sheet tab > Unhide), so everyone sees what was submitted.")


class SheetVeryHidden(StructureFinding):
    code = "structure.sheet-very-hidden"
    title = Text("Ark skjult for Excel", "Flik dold för Excel", "Sheet hidden from Excel")
    message = Text("Arket '{sheet_name}' er skjult, så det ikke kan vises fra Excel ('very hidden'); "
                   "filen er ikke læst.",
                   "Fliken '{sheet_name}' är dold så att den inte kan visas från Excel ('very hidden'); "
                   "filen har inte lästs.",
                   "The sheet '{sheet_name}' is hidden so that Excel cannot show it ('very hidden'); "
                   "the file was not read.")
    hint = Text("Kopier indholdet over i en ny skabelon og send den; roedtraad læser kun ark, man kan se.",
                "Kopiera innehållet till en ny mall och skicka den; roedtraad läser bara flikar som går att se.",
                "Copy the content into a fresh template and send that; roedtraad only reads sheets one can see.")


class MergedCells(StructureFinding):
    code = "structure.merged-cells"
    title = Text("Flettede celler i tabellen", "Sammanfogade celler i tabellen", "Merged cells in the table")
    message = Text("Cellerne {cells} på arket '{sheet_name}' er flettet, så tabellens værdier ikke kan læses "
                   "sikkert; filen er ikke læst.",
                   "Cellerna {cells} på fliken '{sheet_name}' är sammanfogade, så tabellens värden inte kan läsas "
                   "säkert; filen har inte lästs.",
                   "The cells {cells} on the sheet '{sheet_name}' are merged, so the table's values cannot be "
                   "read safely; the file was not read.")
    hint = Text("Markér tabellen, ophæv fletningen (Start > Flet og centrer > Ophæv fletning af celler) "
                "og gem igen.",
                "Markera tabellen, dela upp cellerna (Start > Centrera över kolumner > Dela upp celler) "
                "och spara igen.",
                "Select the table, unmerge the cells (Home > Merge & Center > Unmerge Cells) and save again.")


class ReaderCrashed(StructureFinding):
    code = "structure.reader-crashed"
    title = Text("Filen stoppede læsningen", "Filen stoppade läsningen", "The file stopped the reader")
    message = Text("Processen, der læste filen, stoppede (filen krævede for meget hukommelse eller fik læseren "
                   "til at gå ned); filen er sprunget over, og de andre filer er læst.",
                   "Processen som läste filen stoppade (filen krävde för mycket minne eller fick läsaren att "
                   "krascha); filen har hoppats över och de andra filerna har lästs.",
                   "The process reading the file stopped (the file needed too much memory or crashed the "
                   "reader); the file was skipped and the other files were read.")
    hint = Text("Gem filen igen fra Excel som .xlsx uden tomme rækker og kolonner; hjælper det ikke, så send "
                "filen til den, der driver roedtraad.",
                "Spara filen igen från Excel som .xlsx utan tomma rader och kolumner; hjälper det inte, skicka "
                "filen till den som driver roedtraad.",
                "Save the file again from Excel as .xlsx without empty rows and columns; if that does not help, "
                "send the file to whoever runs roedtraad.")


class InternalError(StructureFinding):
    code = "structure.internal-error"
    title = Text("Fejl i roedtraad", "Fel i roedtraad", "Error in roedtraad")
    message = Text("Filen kunne ikke læses på grund af en fejl i roedtraad selv (fejl-id {reference}); "
                   "de andre filer er læst.",
                   "Filen kunde inte läsas på grund av ett fel i roedtraad självt (fel-id {reference}); "
                   "de andra filerna har lästs.",
                   "The file could not be read because of an error in roedtraad itself (error id {reference}); "
                   "the other files were read.")
    hint = Text("Send filen og fejl-id'et til den, der driver roedtraad: detaljerne står i roedtraads fejllog.",
                "Skicka filen och fel-id:t till den som driver roedtraad: detaljerna står i roedtraads fellogg.",
                "Send the file and the error id to whoever runs roedtraad: the details are in roedtraad's bug log.")


class StampMismatch(StructureFinding):
    code = "structure.stamp-mismatch"
    title = Text("Skabelon til en anden part", "Mall för en annan part", "Template made for another party")
    message = Text("Skabelonen er dannet til {stamped}, men forsiden nævner {named}.",
                   "Mallen är skapad för {stamped}, men försättsbladet nämner {named}.",
                   "The template was made for {stamped}, but the front page names {named}.")
    hint = Text("Brug den skabelon, der er dannet til jer, og kopier indholdet over i den.",
                "Använd mallen som skapats för er och kopiera in innehållet i den.",
                "Use the template made for you and copy your content into it.")

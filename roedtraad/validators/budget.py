"""Budget: allocations against the frames, institution budgets against the department's allocation.

Amounts are in 1.000 kr. (tkr). Sums are grouped once per key with a dict, so
the family is linear in the number of budget lines.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ..i18n import Text
from ..model import BudgetLine, Location, shown
from .context import RuleContext, SubmissionView, located, place
from ..findings import Finding, FindingKind, Severity

EPSILON = 0.0005  # amounts are read as floats; differences below half a krone are rounding
MAX_NAMED_LINES = 8
UNIT_FACTOR = 100  # a line this many times its frame was most likely typed in kroner, not 1.000 kr.

Line = tuple[BudgetLine, SubmissionView]


def amount(value: float, lang: str) -> str:
    """An amount as each language writes it: 1.234,5 (da), 1 234,5 (sv), 1,234.5 (en)."""
    text = f"{value:,.1f}".removesuffix(".0")
    if lang == "en":
        return text
    separator = "." if lang == "da" else " "
    return text.replace(",", "\0").replace(".", ",").replace("\0", separator)


def amounts(**values: float) -> dict[str, str]:
    return {f"{name}_{lang}": amount(value, lang) for name, value in values.items() for lang in ("da", "sv", "en")}


OTHERS = Text(" Øvrige bidrag: {others}.", " Övriga bidrag: {others}.", " Other contributions: {others}.")


def _others(lines: list[Line]) -> dict[str, str]:
    """The contributing lines after the first, as places with amounts: a clause per language, or
    nothing when the first line is the only one."""
    named = [f"{place(located(b, 'amount', v.file))} ({amount(b.amount, 'en')})" for b, v in lines[1:MAX_NAMED_LINES]]
    if len(lines) > MAX_NAMED_LINES:
        named.append(f"+{len(lines) - MAX_NAMED_LINES}")
    text = "; ".join(named)
    return {f"others_{lang}": OTHERS(lang, others=text) if text else "" for lang in ("da", "sv", "en")}


class BudgetFinding(FindingKind):
    family = "budget"
    severity = Severity.ERROR


class AboveFrame(BudgetFinding):
    code = "budget.above-frame"
    title = Text("Budget over rammen", "Budget över ramen", "Budget above frame")
    message = Text("Udvalget {committee}'s aftaler fordeler {total_da} (1.000 kr.) på bevilling {appropriation} i {year}, "
                   "men rammen er {frame_da}: {difference_da} for meget.{others_da}",
                   "Nämnden {committee}:s planer fördelar {total_sv} tkr på anslag {appropriation} år {year}, "
                   "men ramen är {frame_sv}: {difference_sv} för mycket.{others_sv}",
                   "The agreements of committee {committee} allocate {total_en} (DKK 1,000) on appropriation "
                   "{appropriation} in {year}, but the frame is {frame_en}: {difference_en} too much.{others_en}")
    hint = Text("Nedbring beløbene, så de tilsammen holder sig inden for rammen, eller få rammen ændret.",
                "Minska beloppen så att de tillsammans ryms inom ramen, eller få ramen ändrad.",
                "Reduce the amounts so together they stay within the frame, or have the frame changed.")


class BelowFrame(BudgetFinding):
    code = "budget.below-frame"
    severity = Severity.WARNING
    title = Text("Budget under rammen", "Budget under ramen", "Budget below frame")
    message = Text("Udvalget {committee}'s aftaler fordeler {total_da} (1.000 kr.) på bevilling {appropriation} i {year}, "
                   "men rammen er {frame_da}: {difference_da} er ikke fordelt.",
                   "Nämnden {committee}:s planer fördelar {total_sv} tkr på anslag {appropriation} år {year}, "
                   "men ramen är {frame_sv}: {difference_sv} är inte fördelat.",
                   "The agreements of committee {committee} allocate {total_en} (DKK 1,000) on appropriation "
                   "{appropriation} in {year}, but the frame is {frame_en}: {difference_en} is not allocated.")
    hint = Text("Fordel hele rammen på aftalerne, eller forklar restbeløbet i en bemærkning.",
                "Fördela hela ramen på planerna, eller förklara restbeloppet i en kommentar.",
                "Allocate the whole frame across the agreements, or explain the remainder in a note.")


class NoFrame(BudgetFinding):
    code = "budget.no-frame"
    severity = Severity.WARNING
    title = Text("Ingen ramme for året", "Ingen ram för året", "No frame for the year")
    message = Text("Der er budget på bevilling {appropriation} i {year}, men styringsgrundlaget har ingen ramme for det år.",
                   "Det finns budget på anslag {appropriation} år {year}, men styrgrunden har ingen ram för det året.",
                   "There is budget on appropriation {appropriation} in {year}, but the foundation has no frame "
                   "for that year.")
    hint = Text("Kontroller årstallet, eller bed økonomi om at indsætte rammen.",
                "Kontrollera årtalet, eller be ekonomi att lägga in ramen.",
                "Check the year, or ask finance to add the frame.")


class UnknownAppropriation(BudgetFinding):
    code = "budget.unknown-appropriation"
    title = Text("Ukendt bevilling", "Okänt anslag", "Unknown appropriation")
    message = Text("Bevilling '{appropriation}' findes ikke i styringsgrundlaget.",
                   "Anslag '{appropriation}' finns inte i styrgrunden.",
                   "Appropriation '{appropriation}' does not exist in the governance foundation.")
    hint = Text("Vælg bevillingen i rullelisten.", "Välj anslaget i listan.", "Pick the appropriation from the dropdown.")


class AppropriationOtherCommittee(BudgetFinding):
    code = "budget.appropriation-other-committee"
    title = Text("Bevilling hører til et andet udvalg", "Anslag hör till en annan nämnd",
                 "Appropriation belongs to another committee")
    message = Text("Bevilling {appropriation} hører under udvalget {owner}, ikke under aftalens udvalg {committee}.",
                   "Anslag {appropriation} hör till nämnden {owner}, inte till planens nämnd {committee}.",
                   "Appropriation {appropriation} belongs to the committee {owner}, not to this agreement's "
                   "committee {committee}.")
    hint = Text("Brug en af udvalgets egne bevillinger.", "Använd ett av nämndens egna anslag.",
                "Use one of the committee's own appropriations.")


class AboveDepartmentAllocation(BudgetFinding):
    code = "budget.above-department-allocation"
    title = Text("Institutionsbudgetter over afdelingens budget", "Verksamheternas budget över förvaltningens",
                 "Institution budgets above the department's allocation")
    message = Text("Kvalitetsaftalerne i afdeling {department} budgetterer {total_da} (1.000 kr.) på bevilling "
                   "{appropriation} i {year}, men afdelingens udvalgsaftale afsætter {allocation_da}: "
                   "{difference_da} for meget.{others_da}",
                   "Verksamhetsplanerna i förvaltning {department} budgeterar {total_sv} tkr på anslag "
                   "{appropriation} år {year}, men förvaltningens nämndplan avsätter {allocation_sv}: "
                   "{difference_sv} för mycket.{others_sv}",
                   "The quality agreements of department {department} budget {total_en} (DKK 1,000) on "
                   "appropriation {appropriation} in {year}, but the department's committee agreement allocates "
                   "{allocation_en}: {difference_en} too much.{others_en}")
    hint = Text("Tilpas institutionernes budgetter til afdelingens udvalgsaftale.",
                "Anpassa verksamheternas budgetar till förvaltningens nämndplan.",
                "Bring the institutions' budgets in line with the department's committee agreement.")


class NegativeAmount(BudgetFinding):
    code = "budget.negative-amount"
    title = Text("Negativt beløb", "Negativt belopp", "Negative amount")
    message = Text("Beløbet {amount_da} på bevilling {appropriation} i {year} er negativt.",
                   "Beloppet {amount_sv} på anslag {appropriation} år {year} är negativt.",
                   "The amount {amount_en} on appropriation {appropriation} in {year} is negative.")
    hint = Text("Skriv udgifter som positive beløb i 1.000 kr.", "Skriv kostnader som positiva belopp i tkr.",
                "Enter expenses as positive amounts in DKK 1,000.")


class SuspectUnit(BudgetFinding):
    code = "budget.suspect-unit"
    severity = Severity.WARNING
    title = Text("Beløb i forkert enhed?", "Belopp i fel enhet?", "Amount in the wrong unit?")
    message = Text("Beløbet {amount_da} er over {factor} gange rammen ({frame_da}) for bevilling {appropriation} i {year}; "
                   "det er måske skrevet i kroner i stedet for 1.000 kr.",
                   "Beloppet {amount_sv} är över {factor} gånger ramen ({frame_sv}) för anslag {appropriation} år "
                   "{year}; det är kanske skrivet i kronor i stället för tkr.",
                   "The amount {amount_en} is over {factor} times the frame ({frame_en}) of appropriation "
                   "{appropriation} in {year}; it may be in kroner instead of DKK 1,000.")
    hint = Text("Skriv beløbet i 1.000 kr. (divider med 1.000).", "Skriv beloppet i tkr (dividera med 1 000).",
                "Enter the amount in DKK 1,000 (divide by 1,000).")


class BudgetMissing(BudgetFinding):
    code = "budget.missing"
    title = Text("Budget mangler", "Budget saknas", "Budget missing")
    message = Text("Aftalen har intet budget, men budget er påkrævet for denne aftaletype.",
                   "Planen har ingen budget, men budget krävs för denna plantyp.",
                   "The agreement has no budget, but a budget is required for this kind of agreement.")
    hint = Text("Udfyld arket {sheet_name} med beløb pr. bevilling og år.", "Fyll i fliken {sheet_name} med belopp per "
                "anslag och år.", "Fill in the sheet {sheet_name} with amounts per appropriation and year.")


class BudgetPartyNotInAgreement(BudgetFinding):
    code = "budget.party-not-in-agreement"
    title = Text("Budget til en institution uden for aftalen", "Budget till en verksamhet utanför planen",
                 "Budget for an institution outside the agreement")
    message = Text("Budgetlinjen er til '{party}', som ikke er part i aftalen ({parties}).",
                   "Budgetraden gäller '{party}', som inte är part i planen ({parties}).",
                   "The budget line is for '{party}', which is not a party to this agreement ({parties}).")
    hint = Text("Vælg en af aftalens institutioner i rullelisten.", "Välj en av planens verksamheter i listan.",
                "Pick one of the agreement's institutions from the dropdown.")


class DuplicateLine(BudgetFinding):
    code = "budget.duplicate-line"
    severity = Severity.WARNING
    title = Text("Budgetlinjen står to gange", "Budgetraden står två gånger", "Budget line given twice")
    message = Text("Der er allerede en budgetlinje for {party}, bevilling {appropriation}, {year} i {first}; "
                   "begge beløb tælles med.",
                   "Det finns redan en budgetrad för {party}, anslag {appropriation}, {year} i {first}; "
                   "båda beloppen räknas med.",
                   "There is already a budget line for {party}, appropriation {appropriation}, {year} at {first}; "
                   "both amounts are counted.")
    hint = Text("Saml beløbet i én linje pr. bevilling og år (forklar gerne fordelingen i Bemærkning), eller slet "
                "dubletten.", "Samla beloppet på en rad per anslag och år (förklara gärna fördelningen i Kommentar), "
                "eller ta bort dubbletten.", "Keep one line per appropriation and year (explain a split in the "
                "Note), or delete the duplicate.")


def _allocates_to_department(view: SubmissionView) -> bool:
    return view.agreement is not None and view.agreement.between[1] == "department"


def _allocates_to_institutions(view: SubmissionView) -> bool:
    return view.agreement is not None and view.agreement.between[1] == "institution"


def lines_and_appropriations(ctx: RuleContext) -> Iterator[Finding]:
    """Line by line: missing budget, negative amounts, units, unknown or foreign appropriations, parties."""
    for view in ctx.views:
        lines = view.submission.budget
        if not lines and view.agreement is not None and view.agreement.budget_required:
            where = view.next_row("budget", ctx.settings)
            yield BudgetMissing.at(where, sheet_name=where.sheet)
        institutions = {p.id for p in view.institutions}
        seen: dict[str, BudgetLine] = {}
        for line in lines:
            if line.row_id in seen:
                yield DuplicateLine.at(located(line, "", view.file), row_id=line.row_id, party=line.party or "-",
                                       appropriation=shown(line, line.appropriation), year=line.year,
                                       first=place(located(seen[line.row_id], "", view.file)))
            else:
                seen[line.row_id] = line
            where = located(line, "amount", view.file)
            frame = ctx.frames.get((line.appropriation, line.year))
            frame_amount = frame.amount if frame else 0.0
            if line.amount < 0 and frame_amount >= 0:  # a negative frame is an income appropriation
                yield NegativeAmount.at(where, row_id=line.row_id, appropriation=line.appropriation, year=line.year,
                                        **amounts(amount=line.amount))
            if frame_amount and abs(line.amount) > UNIT_FACTOR * abs(frame_amount):
                yield SuspectUnit.at(where, row_id=line.row_id, appropriation=line.appropriation, year=line.year,
                                     factor=UNIT_FACTOR, **amounts(amount=line.amount, frame=frame_amount))
            if _allocates_to_institutions(view) and institutions and line.party not in institutions:
                yield BudgetPartyNotInAgreement.at(located(line, "party", view.file), row_id=line.row_id,
                                                   party=line.party or "-", parties=", ".join(sorted(institutions)))
            if ctx.foundation is None:
                continue
            appropriation = ctx.appropriations.get(line.appropriation)
            there = located(line, "appropriation", view.file)
            if appropriation is None:
                yield UnknownAppropriation.at(there, row_id=line.row_id,
                                              appropriation=shown(line, line.appropriation))
                continue
            owner = ctx.register.resolve(appropriation.committee, "committee")
            # An appropriation under an unknown committee is the foundation's error (foundation.unknown-party).
            if view.committee is not None and owner is not None and owner.id != view.committee.id:
                yield AppropriationOtherCommittee.at(there, row_id=line.row_id, appropriation=line.appropriation,
                                                     owner=owner.id, committee=view.committee.id)


def _committee_lines(ctx: RuleContext) -> dict[tuple[str, int], list[Line]]:
    grouped: dict[tuple[str, int], list[Line]] = defaultdict(list)
    for view in ctx.views:
        if _allocates_to_department(view):
            for line in view.submission.budget:
                if line.appropriation in ctx.appropriations:
                    grouped[(line.appropriation, line.year)].append((line, view))
    return grouped


def committee_allocations(ctx: RuleContext) -> dict[tuple[str, int], float]:
    """The committee agreements' allocations per (appropriation, year): the sums `frames` holds against the frame.

    The dashboard and the budget table show these, so there is one budget computation."""
    return {key: _total(lines) for key, lines in _committee_lines(ctx).items()}


def _total(lines: list[Line]) -> float:
    return sum(line.amount for line, _ in lines)


def committee_of_appropriation(ctx: RuleContext, appropriation_number: str) -> str:
    """The id of the committee an appropriation of the foundation belongs to."""
    return _committee_name(ctx, appropriation_number)


def _committee_name(ctx: RuleContext, appropriation_number: str) -> str:
    appropriation = ctx.appropriations[appropriation_number]
    owner = ctx.register.resolve(appropriation.committee, "committee")
    return owner.id if owner else appropriation.committee


def frames(ctx: RuleContext) -> Iterator[Finding]:
    """Committee agreements summed per (committee, appropriation, year) against the frame."""
    if ctx.foundation is None:
        return
    grouped = _committee_lines(ctx)
    for (number, year), lines in sorted(grouped.items()):
        total = _total(lines)
        first, view = lines[0]
        key = f"{number}:{year}"
        frame = ctx.frames.get((number, year))
        if frame is None:
            yield NoFrame.at(located(first, "year", view.file), row_id=key, appropriation=number, year=year)
        elif total > frame.amount + EPSILON:
            yield AboveFrame.at(located(first, "amount", view.file), row_id=key, committee=_committee_name(ctx, number),
                                appropriation=number, year=year, **_others(lines),
                                **amounts(total=total, frame=frame.amount, difference=total - frame.amount))
    if ctx.whole_set:
        yield from _below_frames(ctx, grouped)


def _below_frames(ctx: RuleContext, grouped: dict[tuple[str, int], list[Line]]) -> Iterator[Finding]:
    # A frame is only expected to be allocated in the years the committee's agreements cover.
    covered: set[tuple[str, int]] = set()
    for view in ctx.views:
        header = view.submission.header
        if _allocates_to_department(view) and view.committee and header.first_year and header.last_year:
            covered.update((view.committee.id, y) for y in range(header.first_year, min(header.last_year,
                                                                                       header.first_year + 50) + 1))
    tolerance = ctx.settings.limits.budget_below_frame_tolerance
    for (number, year), frame in sorted(ctx.frames.items()):
        if number not in ctx.appropriations or (_committee_name(ctx, number), year) not in covered:
            continue
        lines = grouped.get((number, year), [])
        total = _total(lines)
        if frame.amount > 0 and frame.amount - total > tolerance * frame.amount + EPSILON:
            where = located(lines[0][0], "amount", lines[0][1].file) if lines else (
                frame.location or Location(file=ctx.foundation_file))
            yield BelowFrame.at(where, row_id=f"{number}:{year}", committee=_committee_name(ctx, number),
                                appropriation=number, year=year,
                                **amounts(total=total, frame=frame.amount, difference=frame.amount - total))


def department_allocations(ctx: RuleContext) -> Iterator[Finding]:
    """Quality agreements summed per (department, appropriation, year) against the committee agreement."""
    allocation: dict[tuple[str, str, int], float] = defaultdict(float)
    allocated_departments: set[str] = set()
    spent: dict[tuple[str, str, int], list[Line]] = defaultdict(list)
    for view in ctx.views:
        if view.department is None:
            continue
        if _allocates_to_department(view):
            allocated_departments.add(view.department.id)
            for line in view.submission.budget:
                allocation[(view.department.id, line.appropriation, line.year)] += line.amount
        elif _allocates_to_institutions(view):
            for line in view.submission.budget:
                spent[(view.department.id, line.appropriation, line.year)].append((line, view))
    for (department, number, year), lines in sorted(spent.items()):
        if department not in allocated_departments:
            continue  # no committee agreement to compare with; completeness reports it
        total = sum(line.amount for line, _ in lines)
        allowed = allocation.get((department, number, year), 0.0)
        if total > allowed + EPSILON:
            first, view = lines[0]
            yield AboveDepartmentAllocation.at(
                located(first, "amount", view.file), row_id=f"{department}:{number}:{year}", department=department,
                appropriation=number, year=year, **_others(lines),
                **amounts(total=total, allocation=allowed, difference=total - allowed))


RULES = (lines_and_appropriations, frames, department_allocations)

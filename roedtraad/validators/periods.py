"""Periods and parties: the years an agreement covers, and who agreed with whom."""
from __future__ import annotations

from typing import Iterator

from ..i18n import Text
from ..model import shown
from ..workbook_templates.spec import CHOICES
from ..workbook_templates.structure import StampMismatch
from .context import RuleContext, SubmissionView, located
from ..findings import Finding, FindingKind, Severity


class PeriodFinding(FindingKind):
    family = "periods"
    severity = Severity.ERROR


class PeriodReversed(PeriodFinding):
    code = "period.reversed"
    title = Text("Periode slutter før den begynder", "Perioden slutar innan den börjar", "Period ends before it starts")
    message = Text("Sidste budgetår {last} ligger før første budgetår {first}.",
                   "Sista budgetår {last} ligger före första budgetår {first}.",
                   "The last budget year {last} is before the first budget year {first}.")
    hint = Text("Ret budgetårene på forsiden.", "Rätta budgetåren på försättsbladet.", "Correct the years on the front page.")


class PeriodTooLong(PeriodFinding):
    code = "period.too-long"
    title = Text("Aftalen er for lang", "Planen är för lång", "Agreement too long")
    message = Text("Aftalen dækker {years} år ({first}-{last}); højst {max_years} er tilladt.",
                   "Planen täcker {years} år ({first}-{last}); högst {max_years} är tillåtet.",
                   "The agreement covers {years} years ({first}-{last}); at most {max_years} are allowed.")
    hint = Text("Afkort perioden til højst {max_years} budgetår.", "Korta perioden till högst {max_years} budgetår.",
                "Shorten the period to at most {max_years} budget years.")


class OutsideCouncilTerm(PeriodFinding):
    code = "period.outside-council-term"
    title = Text("Uden for byrådsperioden", "Utanför mandatperioden", "Outside the council term")
    message = Text("Året {year} ligger uden for byrådsperioden {term_start}-{term_end}.",
                   "Året {year} ligger utanför mandatperioden {term_start}-{term_end}.",
                   "The year {year} is outside the council term {term_start}-{term_end}.")
    hint = Text("Vælg budgetår inden for byrådsperioden.", "Välj budgetår inom mandatperioden.",
                "Choose budget years within the council term.")


class BudgetYearOutside(PeriodFinding):
    code = "period.budget-year-outside"
    title = Text("Budgetår uden for aftalens periode", "Budgetår utanför planens period", "Budget year outside the period")
    message = Text("Budgetlinjen gælder {year}, men aftalen dækker {first}-{last}.",
                   "Budgetraden gäller {year}, men planen täcker {first}-{last}.",
                   "The budget line is for {year}, but the agreement covers {first}-{last}.")
    hint = Text("Ret året, eller ret aftalens periode på forsiden.", "Rätta året, eller rätta planens period på "
                "försättsbladet.", "Correct the year, or the agreement's period on the front page.")


class TargetYearOutside(PeriodFinding):
    code = "period.target-year-outside"
    title = Text("Målværdi uden for aftalens periode", "Målvärde utanför planens period", "Target outside the period")
    message = Text("Indikatoren '{indicator}' har en målværdi for {year}, men aftalen dækker {first}-{last}.",
                   "Nyckeltalet '{indicator}' har ett målvärde för {year}, men planen täcker {first}-{last}.",
                   "Indicator '{indicator}' has a target for {year}, but the agreement covers {first}-{last}.")
    hint = Text("Slet målværdien, eller forlæng aftalens periode på forsiden.",
                "Ta bort målvärdet, eller förläng planens period på försättsbladet.",
                "Delete the target, or extend the agreement's period on the front page.")


class SubGoalYearOutside(PeriodFinding):
    code = "period.sub-goal-year-outside"
    title = Text("Delmål uden for aftalens periode", "Delmål utanför planens period", "Sub-goal outside the period")
    message = Text("Målet {goal} har et delmål for {year}, men aftalen dækker {first}-{last}.",
                   "Målet {goal} har ett delmål för {year}, men planen täcker {first}-{last}.",
                   "Goal {goal} has a sub-goal for {year}, but the agreement covers {first}-{last}.")
    hint = TargetYearOutside.hint


class ActionOutsidePeriod(PeriodFinding):
    code = "period.action-outside"
    severity = Severity.WARNING
    title = Text("Handling uden for aftalens periode", "Aktivitet utanför planens period", "Action outside the period")
    message = Text("Handlingen {action} har datoen {date}, men aftalen dækker {first}-{last}.",
                   "Aktiviteten {action} har datumet {date}, men planen täcker {first}-{last}.",
                   "Action {action} is dated {date}, but the agreement covers {first}-{last}.")
    hint = Text("Ret datoen, eller del handlingen op.", "Rätta datumet, eller dela upp aktiviteten.",
                "Correct the date, or split the action.")


class PartyFinding(FindingKind):
    family = "parties"
    severity = Severity.ERROR


class UnknownParty(PartyFinding):
    code = "party.unknown"
    title = Text("Ukendt part", "Okänd part", "Unknown party")
    message = Text("'{value}' findes ikke som {role_da} i organisationen.",
                   "'{value}' finns inte som {role_sv} i organisationen.",
                   "'{value}' is not a {role_en} in the organisation register.")
    hint = Text("Skriv id'et eller det præcise navn fra arket Organisation i styringsgrundlaget.",
                "Skriv id eller det exakta namnet från fliken Organisation i styrgrunden.",
                "Enter the id or the exact name from the Organisation sheet of the foundation.")


class DepartmentNotUnderCommittee(PartyFinding):
    code = "party.department-not-under-committee"
    title = Text("Afdelingen hører ikke under udvalget", "Förvaltningen hör inte till nämnden",
                 "Department does not report to the committee")
    message = Text("Afdeling {department} hører under udvalget {actual}, ikke under {committee}.",
                   "Förvaltning {department} hör till nämnden {actual}, inte till {committee}.",
                   "Department {department} reports to the committee {actual}, not to {committee}.")
    hint = Text("Ret udvalget eller afdelingen på forsiden.", "Rätta nämnden eller förvaltningen på försättsbladet.",
                "Correct the committee or the department on the front page.")


class InstitutionNotUnderDepartment(PartyFinding):
    code = "party.institution-not-under-department"
    title = Text("Institutionen hører ikke under afdelingen", "Verksamheten hör inte till förvaltningen",
                 "Institution not under the department")
    message = Text("Institution {institution} hører under afdeling {actual}, ikke under {department}.",
                   "Verksamhet {institution} hör till förvaltning {actual}, inte till {department}.",
                   "Institution {institution} belongs to department {actual}, not to {department}.")
    hint = Text("Ret afdelingen eller institutionen på forsiden.", "Rätta förvaltningen eller verksamheten på "
                "försättsbladet.", "Correct the department or the institution on the front page.")


class WrongHead(PartyFinding):
    code = "party.wrong-head"
    severity = Severity.WARNING
    title = Text("Forkert afdelingschef", "Fel förvaltningschef", "Wrong head of department")
    message = Text("Afdelingschef '{head}' er ikke leder af afdeling {department}; registret angiver '{leader}'.",
                   "Förvaltningschef '{head}' är inte chef för förvaltning {department}; registret anger '{leader}'.",
                   "'{head}' does not lead department {department}; the register names '{leader}'.")
    hint = Text("Skriv afdelingschefens navn som i organisationen, eller bed økonomi opdatere registret.",
                "Skriv förvaltningschefens namn som i organisationen, eller be ekonomi uppdatera registret.",
                "Enter the head's name as in the register, or ask finance to update the register.")


class WrongLeader(PartyFinding):
    code = "party.wrong-leader"
    severity = Severity.WARNING
    title = Text("Institutionsleder mangler blandt underskriverne", "Verksamhetschef saknas bland undertecknarna",
                 "Institution leader not among the signatories")
    message = Text("Institution {institution} ledes af '{leader}', som ikke står blandt institutionslederne ({leaders}).",
                   "Verksamhet {institution} leds av '{leader}', som inte står bland verksamhetscheferna ({leaders}).",
                   "Institution {institution} is led by '{leader}', who is not among the leaders given ({leaders}).")
    hint = WrongHead.hint


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def agreement_period(ctx: RuleContext) -> Iterator[Finding]:
    term_start, term_end = ctx.settings.period.council_term
    for view in ctx.views:
        header = view.submission.header
        first, last = header.first_year, header.last_year
        if first is None or last is None:
            continue
        if last < first:
            yield PeriodReversed.at(view.front("last_year"), first=first, last=last)
            continue
        max_years = view.agreement.max_years if view.agreement else last - first + 1
        if last - first + 1 > max_years:
            yield PeriodTooLong.at(view.front("last_year"), years=last - first + 1, first=first, last=last,
                                   max_years=max_years)
        for field_name, year in (("first_year", first), ("last_year", last)):
            if not term_start <= year <= term_end:
                yield OutsideCouncilTerm.at(view.front(field_name), year=year, term_start=term_start, term_end=term_end)


def years_inside_period(ctx: RuleContext) -> Iterator[Finding]:
    for view in ctx.views:
        submission = view.submission
        first, last = submission.header.first_year, submission.header.last_year
        if first is None or last is None or last < first:
            continue
        for line in submission.budget:
            if not first <= line.year <= last:
                yield BudgetYearOutside.at(located(line, "year", view.file), row_id=line.row_id,
                                           year=line.year, first=first, last=last)
        for indicator in submission.indicators:
            for year in sorted(indicator.targets):
                if not first <= year <= last:
                    field_name = f"target_{year - first + 1}"
                    yield TargetYearOutside.at(located(indicator, field_name, view.file), row_id=indicator.goal_id,
                                               indicator=indicator.name, year=year, first=first, last=last)
        for goal in submission.goals:
            for year in sorted(goal.sub_goals):
                if not first <= year <= last:
                    yield SubGoalYearOutside.at(located(goal, f"sub_goal_{year - first + 1}", view.file),
                                                row_id=goal.id, goal=goal.id, year=year, first=first, last=last)
        for action in submission.actions:
            for field_name in ("start", "end"):
                day = getattr(action, field_name)
                if day is not None and not first <= day.year <= last:
                    yield ActionOutsidePeriod.at(located(action, field_name, view.file), row_id=action.id,
                                                 action=action.id, date=day.isoformat(), first=first, last=last)
                    break


def _role(kind: str) -> dict[str, str]:
    text = CHOICES["party_kinds"][kind]
    return {f"role_{lang}": value.lower() for lang, value in zip(("da", "sv", "en"), text)}


def _unknown_parties(ctx: RuleContext, view: SubmissionView) -> Iterator[Finding]:
    header = view.submission.header
    if header.committee and view.committee is None:
        yield UnknownParty.at(view.front("committee"), value=shown(header, header.committee), **_role("committee"))
    if header.department and view.department is None:
        yield UnknownParty.at(view.front("department"), value=shown(header, header.department),
                              **_role("department"))
    for name in header.institutions:
        if ctx.register.resolve(name, "institution") is None:
            yield UnknownParty.at(view.front("institutions"), value=shown(header, name), **_role("institution"))


def parties(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return
    for view in ctx.views:
        yield from _unknown_parties(ctx, view)
        header = view.submission.header
        department = view.department
        # A department or institution whose place the foundation leaves unknown is the foundation's
        # error (foundation.unknown-party, at its cell), not the submission's.
        if header.committee and view.committee is not None and department is not None \
                and ctx.register.known(department.parent, "committee") and department.parent != view.committee.id:
            yield DepartmentNotUnderCommittee.at(view.front("department"), department=department.id,
                                                 actual=department.parent or "-", committee=view.committee.id)
        if department is None:
            continue
        for institution in view.institutions:
            if ctx.register.known(institution.parent, "department") and institution.parent != department.id:
                yield InstitutionNotUnderDepartment.at(view.front("institutions"), institution=institution.id,
                                                       actual=institution.parent or "-", department=department.id)
        if header.head and department.leader and _fold(header.head) != _fold(department.leader):
            yield WrongHead.at(view.front("head"), head=header.head, department=department.id,
                               leader=department.leader)
        leaders = {_fold(name) for name in header.leaders}
        if leaders:
            for institution in view.institutions:
                if institution.leader and _fold(institution.leader) not in leaders:
                    yield WrongLeader.at(view.front("leaders"), institution=institution.id, leader=institution.leader,
                                         leaders=", ".join(header.leaders))


def stamp_matches_front(ctx: RuleContext) -> Iterator[Finding]:
    """The front page names a party the template was not made for: copied from, or forged for, another
    party. Parties are compared as the register resolves them, so a name typed for an id is no mismatch."""
    for view in ctx.views:
        stamp = view.submission.stamp
        if stamp is None or not stamp.parties:
            continue
        stamped = {p.casefold() for p in stamp.parties}
        header = view.submission.header  # only parties the front page names (a view also infers the committee)
        for field_name, parties_named in (("department", [view.department] if header.department else []),
                                          ("institutions", view.institutions),
                                          ("committee", [view.committee] if header.committee else [])):
            foreign = [p.id for p in parties_named if p is not None and p.id.casefold() not in stamped]
            if foreign:
                yield StampMismatch.at(view.front(field_name), stamped=", ".join(stamp.parties),
                                       named=", ".join(foreign))
                break


RULES = (agreement_period, years_inside_period, parties, stamp_matches_front)

"""Red thread: every goal realises a goal one level up, owned by the right party.

Each rule is one function over the `RuleContext` and one catalogue class for
what it finds. Parent look-ups go through the cascade graph (a dict), so the
family is linear in the number of goals.
"""
from __future__ import annotations

from typing import Iterator

from ..i18n import Text
from ..model import Action, Goal, shown
from .context import RuleContext, SubmissionView, located, place
from ..findings import Finding, FindingKind, Severity


class ThreadFinding(FindingKind):
    family = "thread"
    severity = Severity.ERROR


class UnknownParent(ThreadFinding):
    code = "thread.unknown-parent"
    title = Text("Ukendt overordnet mål", "Okänt överordnat mål", "Unknown parent goal")
    message = Text("Målet {goal} peger på det overordnede mål '{parent}', som ikke findes.",
                   "Målet {goal} pekar på det överordnade målet '{parent}', som inte finns.",
                   "Goal {goal} names the parent goal '{parent}', which does not exist.")
    hint = Text("Vælg det overordnede mål i rullelisten, eller ret id'et, så det svarer til et eksisterende mål.",
                "Välj det överordnade målet i listan, eller rätta id:t så att det motsvarar ett befintligt mål.",
                "Pick the parent from the dropdown, or correct the id so it matches an existing goal.")


class ParentWrongLevel(ThreadFinding):
    code = "thread.parent-wrong-level"
    title = Text("Overordnet mål på forkert niveau", "Överordnat mål på fel nivå", "Parent goal at the wrong level")
    message = Text("Målet {goal} ({level_da}) peger på {parent}, som er på niveauet {parent_level_da}; "
                   "mål på niveauet {level_da} kan kun realisere: {allowed_da}.",
                   "Målet {goal} ({level_sv}) pekar på {parent}, som är på nivån {parent_level_sv}; "
                   "mål på nivån {level_sv} kan bara förverkliga: {allowed_sv}.",
                   "Goal {goal} ({level_en}) names {parent}, which is at the level {parent_level_en}; "
                   "goals at the level {level_en} can only realise: {allowed_en}.")
    hint = Text("Vælg et overordnet mål på niveauet lige over: {allowed_da}.",
                "Välj ett överordnat mål på nivån närmast över: {allowed_sv}.",
                "Pick a parent goal at the level above: {allowed_en}.")


class ParentOtherOwner(ThreadFinding):
    code = "thread.parent-other-owner"
    title = Text("Overordnet mål tilhører en anden part", "Överordnat mål tillhör en annan part",
                 "Parent goal belongs to another party")
    message = Text("Målet {goal} peger på {parent}, som tilhører {parent_owner}, ikke aftalens {owner}.",
                   "Målet {goal} pekar på {parent}, som tillhör {parent_owner}, inte planens {owner}.",
                   "Goal {goal} names {parent}, which belongs to {parent_owner}, not to this agreement's {owner}.")
    hint = Text("Vælg et overordnet mål, der hører til {owner}; rullelisten viser kun de gyldige.",
                "Välj ett överordnat mål som hör till {owner}; listan visar bara de giltiga.",
                "Pick a parent goal that belongs to {owner}; the dropdown lists only valid ones.")


class MissingParent(ThreadFinding):
    code = "thread.missing-parent"
    title = Text("Mål uden overordnet mål", "Mål utan överordnat mål", "Goal without parent")
    message = Text("Målet {goal} har intet overordnet mål; mål på niveauet {level_da} skal realisere: {allowed_da}.",
                   "Målet {goal} saknar överordnat mål; mål på nivån {level_sv} ska förverkliga: {allowed_sv}.",
                   "Goal {goal} has no parent goal; goals at the level {level_en} must realise: {allowed_en}.")
    hint = Text("Vælg det overordnede mål, som målet realiserer, i kolonnen for overordnet mål.",
                "Välj det överordnade mål som målet förverkligar i kolumnen för överordnat mål.",
                "Pick the parent goal this goal realises in the parent goal column.")


class UnmarkedOwnGoal(ThreadFinding):
    code = "thread.unmarked-own-goal"
    title = Text("Mål uden overordnet mål er ikke markeret som eget mål",
                 "Mål utan överordnat mål är inte markerat som eget mål",
                 "Goal without parent not marked as own goal")
    message = Text("Målet {goal} har intet overordnet mål og er ikke markeret som eget mål.",
                   "Målet {goal} saknar överordnat mål och är inte markerat som eget mål.",
                   "Goal {goal} has no parent goal and is not marked as an own goal.")
    hint = Text("Vælg et overordnet mål, eller skriv 'ja' i kolonnen Eget mål, hvis det er institutionens eget mål.",
                "Välj ett överordnat mål, eller skriv 'ja' i kolumnen Eget mål om det är verksamhetens eget mål.",
                "Pick a parent goal, or enter 'yes' in the Own goal column if it is the institution's own goal.")


class DuplicateId(ThreadFinding):
    code = "thread.duplicate-id"
    title = Text("Mål-id bruges flere gange i filen", "Mål-id används flera gånger i filen",
                 "Goal id used twice in the file")
    message = Text("Mål-id'et {goal} findes også i {first}.", "Mål-id:t {goal} finns också i {first}.",
                   "The goal id {goal} is also used at {first}.")
    hint = Text("Giv hvert mål sit eget id.", "Ge varje mål ett eget id.", "Give every goal its own id.")


class DuplicateIdAcrossFiles(ThreadFinding):
    code = "thread.duplicate-id-across-files"
    title = Text("Mål-id bruges i flere filer", "Mål-id används i flera filer", "Goal id used in several files")
    message = Text("Mål-id'et {goal} bruges også i en anden fil: {first}.",
                   "Mål-id:t {goal} används också i en annan fil: {first}.",
                   "The goal id {goal} is also used in another file: {first}.")
    hint = Text("Brug afdelingens eller institutionens eget præfiks i mål-id'et, fx SKO-01.",
                "Använd förvaltningens eller verksamhetens eget prefix i mål-id:t, t.ex. SKO-01.",
                "Use the department's or institution's own prefix in the goal id, e.g. SKO-01.")


class DuplicateActionId(ThreadFinding):
    code = "thread.duplicate-action-id"
    title = Text("Handlings-id bruges flere gange", "Aktivitets-id används flera gånger", "Action id used twice")
    message = Text("Handlings-id'et {action} findes også i {first}.", "Aktivitets-id:t {action} finns också i {first}.",
                   "The action id {action} is also used at {first}.")
    hint = Text("Giv hver handling sit eget id.", "Ge varje aktivitet ett eget id.", "Give every action its own id.")


class Cycle(ThreadFinding):
    code = "thread.cycle"
    title = Text("Målene peger i ring", "Målen pekar i en cirkel", "Goals form a cycle")
    message = Text("Målene peger på hinanden i ring: {cycle}.", "Målen pekar på varandra i en cirkel: {cycle}.",
                   "The goals name each other as parents in a cycle: {cycle}.")
    hint = Text("Et mål kan ikke (indirekte) være sit eget overordnede mål; ret det overordnede mål for et af dem.",
                "Ett mål kan inte (indirekt) vara sitt eget överordnade mål; rätta det överordnade målet för ett av dem.",
                "A goal cannot (indirectly) be its own parent; correct the parent of one of them.")


class GoalWithoutIndicator(ThreadFinding):
    code = "thread.goal-without-indicator"
    severity = Severity.WARNING
    title = Text("Mål uden indikator", "Mål utan nyckeltal", "Goal without indicator")
    message = Text("Målet {goal} har ingen indikator på arket {sheet_name}.",
                   "Målet {goal} har inget nyckeltal på fliken {sheet_name}.",
                   "Goal {goal} has no indicator on the sheet {sheet_name}.")
    hint = Text("Tilføj mindst én indikator med målværdi for målet.",
                "Lägg till minst ett nyckeltal med målvärde för målet.",
                "Add at least one indicator with a target for the goal.")


class GoalWithoutAction(ThreadFinding):
    code = "thread.goal-without-action"
    severity = Severity.WARNING
    title = Text("Mål uden handling", "Mål utan aktivitet", "Goal without action")
    message = Text("Målet {goal} har ingen handling på arket {sheet_name}.",
                   "Målet {goal} har ingen aktivitet på fliken {sheet_name}.",
                   "Goal {goal} has no action on the sheet {sheet_name}.")
    hint = Text("Tilføj mindst én handling, der viser, hvordan målet nås.",
                "Lägg till minst en aktivitet som visar hur målet nås.",
                "Add at least one action showing how the goal will be reached.")


class ActionWithoutGoal(ThreadFinding):
    code = "thread.action-without-goal"
    title = Text("Handling peger ikke på et mål", "Aktivitet pekar inte på ett mål", "Action points at no goal")
    message = Text("Handlingen {action} peger på mål-id'et '{goal}', som ikke findes i filen.",
                   "Aktiviteten {action} pekar på mål-id:t '{goal}', som inte finns i filen.",
                   "Action {action} names the goal id '{goal}', which is not in this file.")
    hint = Text("Vælg et af filens egne mål-id'er i rullelisten.", "Välj ett av filens egna mål-id i listan.",
                "Pick one of this file's own goal ids from the dropdown.")


class IndicatorWithoutGoal(ThreadFinding):
    code = "thread.indicator-without-goal"
    title = Text("Indikator peger ikke på et mål", "Nyckeltal pekar inte på ett mål", "Indicator points at no goal")
    message = Text("Indikatoren '{indicator}' peger på mål-id'et '{goal}', som ikke findes i filen.",
                   "Nyckeltalet '{indicator}' pekar på mål-id:t '{goal}', som inte finns i filen.",
                   "Indicator '{indicator}' names the goal id '{goal}', which is not in this file.")
    hint = ActionWithoutGoal.hint


def _parent_problems(ctx: RuleContext) -> Iterator[tuple[type[FindingKind], Goal, str, SubmissionView | None]]:
    """One pass over every goal's parents: unknown, wrong level, or owned by another party."""
    for goal, file, view in ctx.goal_places():
        allowed = ctx.settings.levels[goal.level].parents if goal.level in ctx.settings.levels else []
        for parent_id in dict.fromkeys(goal.parents):
            parent = ctx.graph.goals.get(parent_id)
            if parent is None:
                yield UnknownParent, goal, parent_id, view
            elif parent.level not in allowed:
                yield ParentWrongLevel, goal, parent_id, view
            elif view is not None and _owner_mismatch(ctx, view, parent) is not None:
                yield ParentOtherOwner, goal, parent_id, view


def _owner_mismatch(ctx: RuleContext, view: SubmissionView, parent: Goal) -> tuple[str, str] | None:
    """(parent's owner, this agreement's owner) when the parent belongs to another party."""
    owner_kind = ctx.settings.levels[parent.level].owner
    if owner_kind == "committee":
        if view.committee is None or view.committee.id in parent.owners:
            return None
        if not any(ctx.register.known(owner, "committee") for owner in parent.owners):
            return None  # the foundation names no committee we know: its error (foundation.unknown-party)
        return ", ".join(parent.owners) or "-", view.committee.id
    parent_submission = ctx.graph.submission_of(parent.id)
    parent_view = ctx.view_of.get(id(parent_submission)) if parent_submission is not None else None
    if parent_view is None:
        return None
    if owner_kind == "department":
        mine, theirs = view.department, parent_view.department
        if mine is None or theirs is None or mine.id == theirs.id:
            return None
        return theirs.id, mine.id
    if owner_kind == "institution":
        mine_ids = {p.id for p in view.institutions}
        theirs_ids = {p.id for p in parent_view.institutions}
        if not mine_ids or not theirs_ids or mine_ids & theirs_ids:
            return None
        return ", ".join(sorted(theirs_ids)), ", ".join(sorted(mine_ids))
    return None


def parent_rules(ctx: RuleContext) -> Iterator[Finding]:
    for kind, goal, parent_id, view in _parent_problems(ctx):
        where = located(goal, "parents", view.file if view else ctx.foundation_file)
        if kind is UnknownParent:
            yield UnknownParent.at(where, row_id=goal.id, goal=shown(goal, goal.id), parent=shown(goal, parent_id))
        elif kind is ParentWrongLevel:
            parent = ctx.graph.goals[parent_id]
            allowed = ctx.settings.levels[goal.level].parents
            params = {**ctx.level_labels("level", goal.level), **ctx.level_labels("parent_level", parent.level),
                      **ctx.level_labels("allowed", *allowed)}
            yield ParentWrongLevel.at(where, row_id=goal.id, goal=shown(goal, goal.id), parent=shown(goal, parent_id), **params)
        else:
            parent_owner, owner = _owner_mismatch(ctx, view, ctx.graph.goals[parent_id])
            yield ParentOtherOwner.at(where, row_id=goal.id, goal=shown(goal, goal.id), parent=shown(goal, parent_id),
                                      parent_owner=parent_owner, owner=owner)


def missing_parent(ctx: RuleContext) -> Iterator[Finding]:
    # Foundation goals are left out: there the parent column is required, and the cell rule says so.
    for view in ctx.views:
        for goal in view.submission.goals:
            level = ctx.settings.levels.get(goal.level)
            if goal.parents or level is None or not level.parents:
                continue
            where = located(goal, "parents", view.file)
            if level.own_goals_allowed:
                if not goal.own_goal:
                    yield UnmarkedOwnGoal.at(where, row_id=goal.id, goal=shown(goal, goal.id))
                continue
            yield MissingParent.at(where, row_id=goal.id, goal=shown(goal, goal.id), **ctx.level_labels("level", goal.level),
                                   **ctx.level_labels("allowed", *level.parents))


def duplicate_ids(ctx: RuleContext) -> Iterator[Finding]:
    first_place: dict[str, tuple[str, Goal]] = {}  # goal id -> (file, goal) of its first use
    for goal, file, _view in ctx.goal_places():
        if goal.id not in first_place:
            first_place[goal.id] = (file, goal)
            continue
        first_file, first_goal = first_place[goal.id]
        kind = DuplicateId if first_file == file else DuplicateIdAcrossFiles
        yield kind.at(located(goal, "id", file), row_id=goal.id, goal=shown(goal, goal.id),
                      first=place(located(first_goal, "id", first_file)))


def duplicate_action_ids(ctx: RuleContext) -> Iterator[Finding]:
    for view in ctx.views:
        first: dict[str, Action] = {}
        for action in view.submission.actions:
            if action.id in first:
                yield DuplicateActionId.at(located(action, "id", view.file), row_id=action.id, action=shown(action, action.id),
                                           first=place(located(first[action.id], "id", view.file)))
            else:
                first[action.id] = action


def cycles(ctx: RuleContext) -> Iterator[Finding]:
    for cycle in ctx.graph.cycles():
        goal = ctx.graph.goals[cycle[0]]
        submission = ctx.graph.submission_of(goal.id)
        fallback = ctx.view_of[id(submission)].file if submission is not None else ctx.foundation_file
        yield Cycle.at(located(goal, "parents", fallback), row_id=goal.id, cycle=" -> ".join(cycle + cycle[:1]))


def indicators_and_actions(ctx: RuleContext) -> Iterator[Finding]:
    for view in ctx.views:
        submission = view.submission
        with_indicator = {i.goal_id for i in submission.indicators}
        with_action = {a.goal_id for a in submission.actions}
        for goal in submission.goals:
            if goal.id not in with_indicator:
                yield GoalWithoutIndicator.at(located(goal, "id", view.file), row_id=goal.id, goal=shown(goal, goal.id),
                                              sheet_name=view.sheet("indicators", ctx.settings))
            if goal.id not in with_action:
                yield GoalWithoutAction.at(located(goal, "id", view.file), row_id=goal.id, goal=shown(goal, goal.id),
                                           sheet_name=view.sheet("actions", ctx.settings))
        for action in submission.actions:
            if action.goal_id and action.goal_id not in view.goal_ids:
                yield ActionWithoutGoal.at(located(action, "goal_id", view.file), row_id=action.id,
                                           action=shown(action, action.id), goal=action.goal_id)
        for indicator in submission.indicators:
            if indicator.goal_id not in view.goal_ids:
                yield IndicatorWithoutGoal.at(located(indicator, "goal_id", view.file), row_id=indicator.goal_id,
                                              indicator=indicator.name, goal=indicator.goal_id)


RULES = (parent_rules, missing_parent, duplicate_ids, duplicate_action_ids, cycles, indicators_and_actions)

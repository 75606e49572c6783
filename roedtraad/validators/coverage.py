"""Coverage: is every objective and policy goal worked towards, and does each agreement say enough?"""
from __future__ import annotations

from typing import Iterator

from ..i18n import Text
from .context import RuleContext, SubmissionView, located
from ..findings import Finding, FindingKind, Severity


class CoverageFinding(FindingKind):
    family = "coverage"
    severity = Severity.ERROR


class ObjectiveUnrealised(CoverageFinding):
    code = "coverage.objective-unrealised"
    severity = Severity.WARNING
    title = Text("Målsætning realiseres ikke", "Övergripande mål förverkligas inte", "Objective not realised")
    message = Text("Ingen aftale arbejder hen imod målsætningen {goal} ('{text}'); {children} mål peger direkte på den.",
                   "Ingen plan arbetar mot det övergripande målet {goal} ('{text}'); {children} mål pekar direkt på det.",
                   "No agreement works towards the objective {goal} ('{text}'); {children} goals name it directly.")
    hint = Text("Aftal med de ansvarlige udvalg, hvilke mål der realiserer målsætningen, eller tag den op i direktionen.",
                "Kom överens med ansvariga nämnder om vilka mål som förverkligar målet, eller lyft det i ledningen.",
                "Agree with the committees responsible which goals realise the objective, or raise it with management.")


class PolicyGoalNotTakenUp(CoverageFinding):
    code = "coverage.policy-goal-not-taken-up"
    severity = Severity.WARNING
    title = Text("Politikmål ikke taget op", "Nämndens mål i styrgrunden inte omhändertaget", "Policy goal not taken up")
    # The level is named by the preset: politikmål (Danish), åtagande (Swedish se-styrsystem).
    message = Text("{level_da} {goal} hører under udvalget {committee}, men ingen af udvalgets aftaler har et mål, "
                   "der realiserer det.",
                   "{level_sv} {goal} hör till nämnden {committee}, men ingen av nämndens planer har ett mål "
                   "som förverkligar det.",
                   "{level_en} {goal} belongs to the committee {committee}, but none of that committee's "
                   "agreements has a goal that realises it.")
    hint = Text("Tilføj et udvalgsmål med {goal} som overordnet mål i en af udvalgets udvalgsaftaler.",
                "Lägg till ett nämndmål med {goal} som överordnat mål i en av nämndens planer.",
                "Add a committee goal with {goal} as its parent in one of the committee's agreements.")


class CrossCuttingUndecided(CoverageFinding):
    code = "coverage.cross-cutting-undecided"
    title = Text("Tværgående mål uden stillingtagen", "Gemensamt mål utan ställningstagande",
                 "Cross-cutting goal not decided on")
    message = Text("Aftalen tager ikke stilling til det tværgående mål {goal}.",
                   "Planen tar inte ställning till det gemensamma målet {goal}.",
                   "The agreement does not decide on the cross-cutting goal {goal}.")
    hint = Text("Skriv 'ja' og de mål-id'er, der bærer målet, eller 'nej' og en begrundelse, på arket {sheet_name}.",
                "Skriv 'ja' och de mål-id som bär målet, eller 'nej' och en motivering, på fliken {sheet_name}.",
                "Enter 'yes' and the goal ids carrying it, or 'no' and a reason, on the sheet {sheet_name}.")


class CrossCuttingUnlinked(CoverageFinding):
    code = "coverage.cross-cutting-unlinked"
    title = Text("Tværgående mål bæres ikke af et mål", "Gemensamt mål bärs inte av något mål",
                 "Cross-cutting goal not carried by a goal")
    message = Text("Det tværgående mål {goal} er relevant, men de mål, der skal bære det, mangler eller findes "
                   "ikke i filen ({carried_by}).",
                   "Det gemensamma målet {goal} är relevant, men målen som ska bära det saknas eller finns inte "
                   "i filen ({carried_by}).",
                   "The cross-cutting goal {goal} is relevant, but the goals carrying it are missing or not in "
                   "this file ({carried_by}).")
    hint = Text("Skriv id'erne på de af aftalens mål, der bærer det tværgående mål, i kolonnen 'Bæres af mål-id'.",
                "Skriv id för de av planens mål som bär det gemensamma målet i kolumnen 'Bärs av mål-id'.",
                "Enter the ids of this agreement's goals that carry it in the column 'Carried by goal ids'.")


class CrossCuttingNoReason(CoverageFinding):
    code = "coverage.cross-cutting-no-reason"
    title = Text("Tværgående mål fravalgt uden begrundelse", "Gemensamt mål bortvalt utan motivering",
                 "Cross-cutting goal declined without a reason")
    message = Text("Det tværgående mål {goal} er markeret som ikke relevant, men der er ingen begrundelse.",
                   "Det gemensamma målet {goal} är markerat som ej relevant men saknar motivering.",
                   "The cross-cutting goal {goal} is marked not relevant, but no reason is given.")
    hint = Text("Skriv kort, hvorfor målet ikke er relevant for aftalen.",
                "Skriv kort varför målet inte är relevant för planen.",
                "Write briefly why the goal is not relevant to this agreement.")


class UnknownCrossCuttingGoal(CoverageFinding):
    code = "coverage.unknown-cross-cutting-goal"
    severity = Severity.WARNING
    title = Text("Ukendt tværgående mål", "Okänt gemensamt mål", "Unknown cross-cutting goal")
    message = Text("'{goal}' er ikke et tværgående mål i styringsgrundlaget.",
                   "'{goal}' är inte ett gemensamt mål i styrgrunden.",
                   "'{goal}' is not a cross-cutting goal in the governance foundation.")
    hint = Text("Brug id'et på et af de tværgående mål, der står i skabelonen, eller slet rækken.",
                "Använd id för ett av de gemensamma mål som står i mallen, eller ta bort raden.",
                "Use the id of one of the cross-cutting goals listed in the template, or delete the row.")


class OnlyOutputGoals(CoverageFinding):
    code = "coverage.only-output-goals"
    severity = Severity.WARNING
    title = Text("Kun produktionsmål", "Bara produktionsmål", "Only output goals")
    message = Text("Alle aftalens {count} mål er produktionsmål; der er intet effektmål.",
                   "Alla planens {count} mål är produktionsmål; det finns inget effektmål.",
                   "All {count} goals of the agreement are output goals; there is no outcome goal.")
    hint = Text("Formulér mindst ét effektmål, der beskriver den forandring, borgerne skal mærke.",
                "Formulera minst ett effektmål som beskriver den förändring invånarna ska märka.",
                "Formulate at least one outcome goal describing the change citizens should notice.")


class TooManyGoals(CoverageFinding):
    code = "coverage.too-many-goals"
    severity = Severity.WARNING
    title = Text("For mange mål", "För många mål", "Too many goals")
    message = Text("Aftalen har {count} mål; højst {limit} anbefales.", "Planen har {count} mål; högst {limit} rekommenderas.",
                   "The agreement has {count} goals; at most {limit} are recommended.")
    hint = Text("Prioritér de vigtigste mål, eller saml beslægtede mål.", "Prioritera de viktigaste målen eller slå ihop "
                "närliggande mål.", "Prioritise the most important goals, or merge related ones.")


class AgreementWithoutGoals(CoverageFinding):
    code = "coverage.agreement-without-goals"
    title = Text("Aftale uden mål", "Plan utan mål", "Agreement without goals")
    message = Text("Aftalen indeholder ingen mål.", "Planen innehåller inga mål.", "The agreement contains no goals.")
    hint = Text("Udfyld arket {sheet_name} med aftalens mål.", "Fyll i fliken {sheet_name} med planens mål.",
                "Fill in the sheet {sheet_name} with the agreement's goals.")


def objective_unrealised(ctx: RuleContext) -> Iterator[Finding]:
    # Only over the whole set, and only once something is submitted: before that every objective would be listed.
    if not ctx.whole_set or not ctx.views or ctx.foundation is None:
        return
    agreement_levels = sorted({a.level for a in ctx.settings.agreements.values()})
    for goal in ctx.foundation.goals:
        if goal.level != ctx.graph.top_level or ctx.graph.goals.get(goal.id) is not goal:
            continue
        if not any(ctx.graph.count_below(goal.id, level) for level in agreement_levels):
            yield ObjectiveUnrealised.at(located(goal, "id", ctx.foundation_file), row_id=goal.id, goal=goal.id,
                                         text=goal.text[:80], children=ctx.graph.realised_by(goal.id))


def policy_goal_not_taken_up(ctx: RuleContext) -> Iterator[Finding]:
    # A committee without any agreement in the set is reported as missing by completeness, not here goal by goal.
    if not ctx.whole_set or ctx.foundation is None:
        return
    committees_with_agreements = {v.committee.id for v in ctx.views
                                  if v.committee is not None and v.agreement and v.agreement.between[0] == "committee"}
    carried_by_committee: dict[str, set[str]] = {}  # cross-cutting goals are taken up by carrying them
    for view in ctx.views:
        if view.committee is None:
            continue
        carried = {d.goal_id for d in view.submission.cross_cutting if d.relevant and d.carried_by}
        carried.update(c for g in view.submission.goals for c in g.carries)
        for goal_id in carried:
            carried_by_committee.setdefault(goal_id, set()).add(view.committee.id)
    for goal in ctx.foundation.goals:
        level = ctx.settings.levels.get(goal.level)
        if level is None or level.owner != "committee" or ctx.graph.goals.get(goal.id) is not goal:
            continue
        taken_up = set(carried_by_committee.get(goal.id, ()))
        for child in ctx.graph.children(goal.id):
            submission = ctx.graph.submission_of(child.id)
            view = ctx.view_of.get(id(submission)) if submission is not None else None
            if view is not None and view.committee is not None:
                taken_up.add(view.committee.id)
        for committee in sorted(set(goal.owners) & committees_with_agreements - taken_up):
            yield PolicyGoalNotTakenUp.at(located(goal, "id", ctx.foundation_file), row_id=goal.id, goal=goal.id,
                                          committee=committee, **ctx.level_labels("level", goal.level))


def _cross_cutting_for(ctx: RuleContext, view: SubmissionView) -> Iterator[Finding]:
    submission = view.submission
    cross_cutting = ctx.cross_cutting_goals
    known = {g.id for g in cross_cutting}
    decisions = {}
    for decision in submission.cross_cutting:
        decisions.setdefault(decision.goal_id, decision)
        if decision.goal_id not in known:
            yield UnknownCrossCuttingGoal.at(located(decision, "goal_id", view.file), row_id=decision.goal_id,
                                             goal=decision.goal_id)
    carried_by_goals: dict[str, list[str]] = {}
    for goal in submission.goals:
        for carried in goal.carries:
            carried_by_goals.setdefault(carried, []).append(goal.id)
            if carried not in known:
                yield UnknownCrossCuttingGoal.at(located(goal, "carries", view.file), row_id=goal.id, goal=carried)
    for goal in cross_cutting:
        decision = decisions.get(goal.id)
        if decision is not None and decision.relevant is False:
            if not decision.reason.strip():
                yield CrossCuttingNoReason.at(located(decision, "reason", view.file), row_id=goal.id, goal=goal.id)
            continue
        carriers = list(decision.carried_by if decision else []) + carried_by_goals.get(goal.id, [])
        if decision is None and not carriers:
            where = view.next_row("cross_cutting", ctx.settings)
            yield CrossCuttingUndecided.at(where, row_id=goal.id, goal=goal.id, sheet_name=where.sheet)
        elif decision is not None and decision.relevant is None and not carriers:
            yield CrossCuttingUndecided.at(located(decision, "relevant", view.file), row_id=goal.id, goal=goal.id,
                                           sheet_name=view.sheet("cross_cutting", ctx.settings))
        elif not carriers or any(c not in view.goal_ids for c in carriers):
            where = located(decision, "carried_by", view.file) if decision else located(
                next(g for g in submission.goals if goal.id in g.carries), "carries", view.file)
            unknown = [c for c in dict.fromkeys(carriers) if c not in view.goal_ids]
            yield CrossCuttingUnlinked.at(where, row_id=goal.id, goal=goal.id, carried_by=", ".join(unknown) or "-")


def cross_cutting(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return
    for view in ctx.views:
        yield from _cross_cutting_for(ctx, view)


def goal_mix(ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.settings.limits.max_goals_per_agreement
    for view in ctx.views:
        goals = view.submission.goals
        if not goals:
            where = view.next_row("goals", ctx.settings)
            yield AgreementWithoutGoals.at(where, sheet_name=where.sheet)
            continue
        types = {g.goal_type for g in goals}
        if "output" in types and "effect" not in types:
            first = next(g for g in goals if g.goal_type == "output")
            yield OnlyOutputGoals.at(located(first, "goal_type", view.file), row_id=first.id, count=len(goals))
        if len(goals) > limit:
            extra = goals[limit]
            yield TooManyGoals.at(located(extra, "id", view.file), row_id=extra.id, count=len(goals), limit=limit)


RULES = (objective_unrealised, policy_goal_not_taken_up, cross_cutting, goal_mix)

"""Strategic projects: every project serves a goal that exists, and no project id is used twice.

The register's required parts (formål, mål, delmål, strategi, organisering, valg af
værktøj) are required columns, so an empty one is already a cell finding at its cell.
"""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, FindingKind, Severity
from ..i18n import Text
from .context import RuleContext, located


class ProjectFinding(FindingKind):
    family = "project"
    severity = Severity.ERROR


class ProjectWithoutGoal(ProjectFinding):
    code = "project.without-goal"
    title = Text("Projekt tjener intet mål", "Projekt tjänar inget mål", "Project serves no goal")
    message = Text("Projektet {project} ('{name}') er ikke knyttet til noget mål.",
                   "Projektet {project} ('{name}') är inte kopplat till något mål.",
                   "The project {project} ('{name}') is linked to no goal.")
    hint = Text("Vælg i kolonnen 'Tjener mål' den målsætning (eller det mål), projektet tjener.",
                "Välj i kolumnen 'Tjänar mål' det övergripande mål (eller mål) som projektet tjänar.",
                "Pick in the column 'Serves goal' the objective (or goal) the project serves.")


class ProjectUnknownGoal(ProjectFinding):
    code = "project.unknown-goal"
    title = Text("Projekt tjener et ukendt mål", "Projekt tjänar ett okänt mål", "Project serves an unknown goal")
    message = Text("Projektet {project} peger på '{goal}', som ikke findes i styringsgrundlaget.",
                   "Projektet {project} pekar på '{goal}', som inte finns i styrgrunden.",
                   "The project {project} names '{goal}', which is not in the governance foundation.")
    hint = Text("Vælg et mål fra rullelisten; den viser styringsgrundlagets mål.",
                "Välj ett mål i listan; den visar styrgrundens mål.",
                "Pick a goal from the dropdown; it lists the foundation's goals.")


class DuplicateProjectId(ProjectFinding):
    code = "project.duplicate-id"
    title = Text("Projekt-id bruges flere gange", "Projekt-id används flera gånger", "Project id used twice")
    message = Text("Projekt-id'et {project} er allerede brugt i {first}.",
                   "Projekt-id {project} används redan i {first}.",
                   "The project id {project} is already used in {first}.")
    hint = Text("Giv projektet et id, som ingen andre projekter har.", "Ge projektet ett id som inget annat "
                "projekt har.", "Give the project an id no other project has.")


def project_links(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return  # without a foundation nothing can be checked against it (completeness says it is missing)
    known = ctx.foundation_goal_ids
    for view in ctx.register_views:
        for project in view.submission.projects:
            if not project.serves:
                yield ProjectWithoutGoal.at(located(project, "serves", view.file), row_id=project.id,
                                            project=project.id, name=project.name[:80])
            for goal_id in dict.fromkeys(project.serves):
                if goal_id not in known:
                    yield ProjectUnknownGoal.at(located(project, "serves", view.file), row_id=project.id,
                                                project=project.id, goal=goal_id)


def duplicate_projects(ctx: RuleContext) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for view in ctx.register_views:
        for project in view.submission.projects:
            where = located(project, "id", view.file)
            if project.id in first:
                yield DuplicateProjectId.at(where, row_id=project.id, project=project.id, first=first[project.id])
            else:
                first[project.id] = f"{where.file}, {where.sheet}!{where.cell}"


RULES = (project_links, duplicate_projects)

"""Follow-up rules: actuals missing at a checkpoint that has passed, own assessments that
contradict the computed traffic light, and rows naming a checkpoint the årshjul does not have."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, FindingKind, Severity
from ..i18n import Text
from ..model import Indicator, Location
from ..validators.context import RuleContext, SubmissionView, located
from ..workbook_templates.followup_sheet import checkpoints
from .status import LABELS, Status, result_status


class FollowUpFinding(FindingKind):
    family = "follow-up"
    severity = Severity.WARNING


class MissingActual(FollowUpFinding):
    code = "follow-up.missing-actual"
    title = Text("Faktisk værdi mangler", "Utfall saknas", "Actual missing")
    message = Text("Indikatoren '{indicator}' (mål {goal}) har ingen faktisk værdi ved '{checkpoint}' ({date}), "
                   "som er passeret.",
                   "Nyckeltalet '{indicator}' (mål {goal}) har inget utfall vid '{checkpoint}' ({date}), som har "
                   "passerat.",
                   "The indicator '{indicator}' (goal {goal}) has no actual value at '{checkpoint}' ({date}), which "
                   "has passed.")
    hint = Text("Skriv den målte værdi på arket Målopfølgning.", "Skriv det uppmätta värdet på fliken Måluppföljning.",
                "Type the measured value on the Goal follow-up sheet.")


class AssessmentContradicts(FollowUpFinding):
    code = "follow-up.assessment-contradicts"
    title = Text("Egen vurdering afviger", "Egen bedömning avviker", "Own assessment differs")
    message = Text("Egen vurdering er {own_da}, men baseline, målværdi og faktisk værdi giver {computed_da}.",
                   "Egen bedömning är {own_sv}, men utgångsvärde, målvärde och utfall ger {computed_sv}.",
                   "The own assessment is {own_en}, but baseline, target and actual give {computed_en}.")
    hint = Text("Den beregnede status gælder; forklar afvigelsen i kommentaren, eller ret værdierne.",
                "Den beräknade statusen gäller; förklara avvikelsen i kommentaren, eller rätta värdena.",
                "The computed status counts; explain the difference in the comment, or correct the values.")


class UnknownCheckpoint(FollowUpFinding):
    code = "follow-up.unknown-checkpoint"
    title = Text("Ukendt opfølgningspunkt", "Okänt uppföljningstillfälle", "Unknown checkpoint")
    message = Text("Opfølgningspunktet '{checkpoint}' findes ikke i årshjulet.",
                   "Uppföljningstillfället '{checkpoint}' finns inte i årscykeln.",
                   "The checkpoint '{checkpoint}' is not in the annual cycle.")
    hint = Text("Brug et opfølgningspunkt fra styringsgrundlagets årshjul.",
                "Använd ett uppföljningstillfälle från styrgrundens årscykel.",
                "Use a checkpoint from the foundation's annual cycle.")


def _labels(prefix: str, status: Status) -> dict[str, str]:
    text = LABELS[status]
    return {f"{prefix}_da": text.da.lower(), f"{prefix}_sv": text.sv.lower(), f"{prefix}_en": text.en.lower()}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def contradicting_assessments(ctx: RuleContext) -> Iterator[Finding]:
    settings = ctx.settings.follow_up
    for view in ctx.views:
        for result in view.submission.results:
            if result.assessment is None:
                continue
            computed = result_status(result, settings)
            if computed is not Status.NOT_MEASURED and computed.value != result.assessment:
                yield AssessmentContradicts.at(located(result, "assessment", view.file), row_id=result.goal_id,
                                               **_labels("own", Status(result.assessment)),
                                               **_labels("computed", computed))


def unknown_checkpoints(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return
    known = {_key(point.phase) for point in checkpoints(ctx.foundation)}
    for view in ctx.views:
        for result in view.submission.results:
            if _key(result.checkpoint) not in known:
                yield UnknownCheckpoint.at(located(result, "checkpoint", view.file), row_id=result.goal_id,
                                           checkpoint=result.checkpoint)


def _in_period(view: SubmissionView, year: int) -> bool:
    header = view.submission.header
    return ((header.first_year is None or header.first_year <= year)
            and (header.last_year is None or year <= header.last_year))


def missing_actuals(ctx: RuleContext) -> Iterator[Finding]:
    """Per indicator and checkpoint passed (dated before today) within the agreement's years: a
    finding unless some row of the follow-up sheet gives its actual. Future checkpoints are not due."""
    passed = [p for p in checkpoints(ctx.foundation) if p.deadline < ctx.today]
    if not passed:
        return
    for view in ctx.views:
        rows = {}
        for result in view.submission.results:
            rows.setdefault((_key(result.checkpoint), result.goal_id, _key(result.indicator)), []).append(result)
        for point in passed:
            if not _in_period(view, point.deadline.year):
                continue
            for indicator in view.submission.indicators:
                found = rows.get((_key(point.phase), indicator.goal_id, _key(indicator.name)), [])
                if any(r.actual is not None for r in found):
                    continue
                yield MissingActual.at(_where(view, found, indicator), row_id=indicator.goal_id,
                                       indicator=indicator.name, goal=indicator.goal_id, checkpoint=point.phase,
                                       date=point.deadline.isoformat())


def _where(view: SubmissionView, found: list, indicator: Indicator) -> Location:
    """The empty actual cell when the row is there; else the indicator on the indicators sheet."""
    if found:
        return located(found[0], "actual", view.file)
    return located(indicator, "name", view.file)


RULES = (missing_actuals, contradicting_assessments, unknown_checkpoints)

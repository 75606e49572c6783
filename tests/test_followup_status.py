"""Follow-up traffic lights: every threshold boundary in both directions, and the roll-up by both rules."""
from __future__ import annotations

import pytest

from roedtraad.cascade import CascadeGraph
from roedtraad.config import FollowUpSettings, build_settings
from roedtraad.followup.rollup import apply_rule, own_statuses, roll_up
from roedtraad.followup.status import Status, indicator_status, result_status
from roedtraad.model import Goal, IndicatorResult

G, Y, R, N = Status.GREEN, Status.YELLOW, Status.RED, Status.NOT_MEASURED


# Higher is better: baseline 80, target 90, green from 100 % of the way, yellow from 50 %.
@pytest.mark.parametrize("actual, expected", [
    (95, G), (90, G), (89.999, Y), (85, Y), (84.999, R), (80, R), (70, R)])
def test_higher_is_better_at_every_boundary(actual, expected):
    assert indicator_status(80, 90, actual) is expected
    assert indicator_status(80, 90, actual, "higher") is expected


# Lower is better: sick leave from 8 % to 6 %; inferred from the target below the baseline, or stated.
@pytest.mark.parametrize("actual, expected", [
    (5, G), (6, G), (6.001, Y), (7, Y), (7.001, R), (8, R), (9, R)])
def test_lower_is_better_at_every_boundary(actual, expected):
    assert indicator_status(8, 6, actual) is expected
    assert indicator_status(8, 6, actual, "lower") is expected


@pytest.mark.parametrize("green_from, yellow_from, actual, expected", [
    (0.8, 0.4, 88, G), (0.8, 0.4, 87.9, Y), (0.8, 0.4, 84, Y), (0.8, 0.4, 83.9, R),
    (1.0, 1.0, 89.9, R), (1.0, 0.0, 80, Y), (1.0, 0.0, 79.9, R)])
def test_thresholds_from_the_preset(green_from, yellow_from, actual, expected):
    assert indicator_status(80, 90, actual, green_from=green_from, yellow_from=yellow_from) is expected


@pytest.mark.parametrize("direction, actual, expected", [
    ("higher", 100, G), ("higher", 99, R), ("lower", 100, G), ("lower", 101, R)])
def test_hold_the_level_target_is_a_bar(direction, actual, expected):
    assert indicator_status(100, 100, actual, direction) is expected


@pytest.mark.parametrize("baseline, direction, actual, expected", [
    (None, None, 120, G), (None, None, 119, R), (None, "lower", 120, G), (None, "lower", 121, R),
    # A stated direction against the target's: the target is still the bar.
    (100, "higher", 94, R), (100, "higher", 95, G)])
def test_without_planned_change_the_target_is_the_bar(baseline, direction, actual, expected):
    target = 120 if baseline is None else 95
    assert indicator_status(baseline, target, actual, direction) is expected


@pytest.mark.parametrize("baseline, target, actual", [(80, 90, None), (80, None, 85), (80, "ukendt", 85),
                                                      (80, 90, "se bilag")])
def test_not_measured_without_numbers(baseline, target, actual):
    assert indicator_status(baseline, target, actual) is N


def test_a_rows_own_thresholds_in_percent_win_over_the_preset():
    preset = FollowUpSettings()
    row = IndicatorResult(checkpoint="H1", goal_id="A", indicator="x", baseline=80, target=90, actual=88)
    assert result_status(row, preset) is Y
    assert result_status(row.model_copy(update={"green_from": 80.0}), preset) is G
    assert result_status(row.model_copy(update={"yellow_from": 90.0}), preset) is R


def test_preset_thresholds_come_from_roedtraad_toml():
    settings = build_settings({"follow_up": {"green_from": 0.8, "rollup": "share_green"}})
    assert settings.follow_up.green_from == 0.8 and settings.follow_up.rollup == "share_green"
    assert build_settings({}).follow_up.rollup == "worst"


@pytest.mark.parametrize("statuses, expected", [
    ([G, G, Y], Y), ([G, R, Y], R), ([G, G], G), ([G, N], G), ([N, N], N), ([], N)])
def test_worst_child_rule(statuses, expected):
    assert apply_rule(statuses, FollowUpSettings(rollup="worst")) is expected


@pytest.mark.parametrize("statuses, expected", [
    ([G, G, G, R], G),  # 75 % green: at the green share
    ([G, G, R, R, N], Y),  # 50 %: at the yellow share; not measured is left out
    ([G, R, R], R),  # 33 %
    ([G, G, G, G, R, R, R, R, R], R),  # 44 %: below the yellow share
    ([N], N)])
def test_share_of_green_rule(statuses, expected):
    assert apply_rule(statuses, FollowUpSettings(rollup="share_green")) is expected


def _graph():
    settings = build_settings({})
    goals = [Goal(id="M1", text="", level="objective"),
             Goal(id="P1", text="", level="policy_goal", parents=["M1"]),
             Goal(id="P2", text="", level="policy_goal", parents=["M1"]),
             Goal(id="U1", text="", level="committee_goal", parents=["P1"]),
             Goal(id="U2", text="", level="committee_goal", parents=["P1"]),
             Goal(id="U3", text="", level="committee_goal", parents=["P2", "P1"]),
             Goal(id="I1", text="", level="institution_goal", parents=["U1"]),
             Goal(id="I2", text="", level="institution_goal", parents=["U1"])]
    return CascadeGraph(settings, {g.id: g for g in goals}, {})


def _results(**actuals):
    # baseline 0, target 10: 10 green, 5 yellow, 0 red
    return [IndicatorResult(checkpoint="H1", goal_id=goal, indicator="x", baseline=0, target=10, actual=value)
            for goal, value in actuals.items()]


def test_roll_up_by_worst_child():
    settings = FollowUpSettings(rollup="worst")
    own = own_statuses(_results(I1=10, I2=5, U1=10, U2=0, U3=10), settings)
    statuses = roll_up(_graph(), own, settings)
    assert statuses["U1"].overall is Y and statuses["U1"].distribution() == {"red": 0, "yellow": 1, "green": 1,
                                                                             "not_measured": 0}
    assert statuses["P1"].distribution() == {"red": 1, "yellow": 1, "green": 1, "not_measured": 0}
    assert statuses["P1"].overall is R
    assert statuses["P2"].overall is G  # U3 counts under both of its parents
    assert statuses["M1"].distribution() == {"red": 1, "yellow": 0, "green": 1, "not_measured": 0}
    assert statuses["M1"].overall is R


def test_roll_up_by_share_of_green():
    settings = FollowUpSettings(rollup="share_green", rollup_green_share=0.75, rollup_yellow_share=0.5)
    own = own_statuses(_results(I1=10, I2=10, U1=10, U2=0, U3=10), settings)
    statuses = roll_up(_graph(), own, settings)
    assert statuses["U1"].overall is G  # itself and both children green
    assert statuses["P1"].overall is Y  # U1, U3 green, U2 red: 2 of 3
    assert statuses["M1"].overall is Y  # P1 yellow, P2 green: 1 of 2


def test_goal_is_its_worst_measured_indicator_and_unmeasured_goals_stay_grey():
    settings = FollowUpSettings()
    own = own_statuses(_results(U1=10) + [IndicatorResult(checkpoint="H1", goal_id="U1", indicator="y",
                                                            baseline=0, target=10, actual=4),
                                          IndicatorResult(checkpoint="H1", goal_id="U2", indicator="z",
                                                          baseline=0, target=10)], settings)
    assert own == {"U1": R, "U2": N}
    statuses = roll_up(_graph(), own, settings)
    assert statuses["I1"].overall is N and statuses["P2"].overall is N

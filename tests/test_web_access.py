"""The one permission function: every action for an allowed and a refused actor."""
from __future__ import annotations

import pytest

from roedtraad.sync.tokens import Actor
from roedtraad.web.access import FINANCE_ONLY, may, own_party

FINANCE = Actor(role="finance", party=None, name="Mette", token_id=1)
SKO = Actor(role="party", party="SKO", name="SKO", token_id=2)
ACTIONS = ("status", "findings", "goals", "versions", "workbook", "upload", "budget", "master")


@pytest.mark.parametrize("action", ACTIONS)
def test_finance_may_do_everything_on_every_party(action):
    assert may(FINANCE, action) and may(FINANCE, action, "SKO") and may(FINANCE, action, ["DAG", "DAG001"])


@pytest.mark.parametrize("action", sorted(set(ACTIONS) - FINANCE_ONLY))
def test_a_party_may_act_on_its_own_data_only(action):
    assert may(SKO, action, "SKO") and may(SKO, action, ["SKO", "SKO001"])
    assert not may(SKO, action, "DAG") and not may(SKO, action, ["DAG", "DAG001"]) and not may(SKO, action, [])


@pytest.mark.parametrize("action", sorted(FINANCE_ONLY))
def test_finance_only_actions_are_refused_to_every_party(action):
    assert not may(SKO, action) and not may(SKO, action, "SKO")


def test_listings_are_narrowed_to_the_party_and_a_party_token_without_party_sees_nothing():
    assert own_party(FINANCE) == "" and own_party(SKO) == "SKO"
    nobody = Actor(role="party", party=None, name="?", token_id=3)
    assert not may(nobody, "findings") and own_party(nobody) == "\0"

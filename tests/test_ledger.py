"""The ledger: migrations, tokens, the writer lock; on SQLite and (when reachable) PostgreSQL."""
from __future__ import annotations

import json

import pytest
from alembic import command
from alembic.config import Config
from importlib import resources
from sqlalchemy import inspect, select, text

from roedtraad.sync.ledger import Ledger, LedgerError, ledger_url
from roedtraad.sync.ledger_schema import runs, tokens
from roedtraad.sync.lock import LockHeld, writer_lock
from roedtraad.sync.tokens import TokenError, actor_for, add_token, list_tokens, revoke_token


def _alembic_config(conn) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("roedtraad.sync") / "migrations"))
    config.attributes["connection"] = conn
    return config


def test_an_old_ledger_with_data_is_upgraded_on_first_use(ledger_url):
    old = Ledger(ledger_url)
    with old.begin() as conn:  # the ledger as the first release made it, with a run and a version in it
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO versions (id, kind, party, source, sha256, size, first_seen, findings, errors, "
                          "warnings, infos, status, reason, merged) VALUES (1, 'committee_agreement', 'SKO', "
                          "'indsendelser/a.xlsx', 'ab', 10, 1.5, '[]', 0, 1, 0, 'accepted', '', true)"))
        conn.execute(text("INSERT INTO files (path, size, mtime_ns, sha256, version_id) "
                          "VALUES ('indsendelser/a.xlsx', 10, 123, 'ab', 1)"))
        conn.execute(text("INSERT INTO runs (id, started, finished, counts) VALUES (1, 1.0, 2.0, '{\"new\": 1}')"))
        conn.execute(text("INSERT INTO parsed (sha256, name, blob) VALUES ('ab', 'indsendelser/a.xlsx', :blob)"),
                     {"blob": b"records"})
    assert "context" not in {c["name"] for c in inspect(old.engine).get_columns("runs")}
    old.close()

    ledger = Ledger(ledger_url)
    ledger.migrate()
    with ledger.begin() as conn:
        run = conn.execute(select(runs)).mappings().one()
        state = conn.execute(text("SELECT path, trace_sha256, version_id FROM files")).one()
        version = conn.execute(text("SELECT source, status, merged FROM versions")).one()
        cached = conn.execute(text("SELECT sha256, name, settings, blob FROM parsed")).one()
    assert run["context"] == "{}" and json.loads(run["counts"]) == {"new": 1}
    assert tuple(state) == ("indsendelser/a.xlsx", None, 1)
    assert tuple(version) == ("indsendelser/a.xlsx", "accepted", True)
    # records cached before they were kept per reading settings: kept, under settings unknown ("")
    assert tuple(cached) == ("ab", "indsendelser/a.xlsx", "", b"records")
    ledger.migrate()  # at head: nothing to do, nothing breaks
    ledger.close()


def test_a_bad_url_is_a_ledger_error(tmp_path):
    with pytest.raises(LedgerError):
        Ledger("no such thing")


def test_tokens_are_stored_hashed_and_can_be_revoked(ledger_url):
    ledger = Ledger(ledger_url)
    ledger.migrate()
    party = add_token(ledger, party="SKO")
    finance = add_token(ledger, finance="Karen Økonomi")
    assert party != finance and party.startswith("rt_") and len(party) > 40
    with ledger.begin() as conn:
        stored = [str(v) for row in conn.execute(select(tokens)) for v in row]
    assert not any(party in v or finance in v for v in stored)

    actor = actor_for(ledger, party)
    assert (actor.role, actor.party, actor.name) == ("party", "SKO", "SKO")
    assert actor_for(ledger, finance).role == "finance" and actor_for(ledger, finance).party is None
    assert actor_for(ledger, party + "x") is None and actor_for(ledger, "") is None and actor_for(ledger, None) is None

    listed = list_tokens(ledger)
    assert [(t.role, t.party, t.name) for t in listed] == [("party", "SKO", "SKO"), ("finance", None, "Karen Økonomi")]
    revoked = revoke_token(ledger, actor.token_id)
    assert revoked.revoked is not None
    assert actor_for(ledger, party) is None and actor_for(ledger, finance) is not None
    with pytest.raises(TokenError):
        revoke_token(ledger, 999)
    with pytest.raises(TokenError):
        add_token(ledger, party="SKO", finance="Karen")
    ledger.close()


def test_one_writer_at_a_time(ledger_url):
    ledger = Ledger(ledger_url)
    ledger.migrate()
    with writer_lock(ledger, holder="first writer"):
        with pytest.raises(LockHeld) as held:
            with writer_lock(ledger, holder="second writer"):
                pass
        assert held.value.holder == "first writer" and held.value.since != "?"
        with pytest.raises(LockHeld):
            with writer_lock(ledger, wait=0.3, holder="patient writer"):
                pass
    with writer_lock(ledger, holder="next writer"):  # released: the next one gets it at once
        pass
    ledger.close()


def test_the_url_comes_from_the_option_the_environment_or_the_project(tmp_path, monkeypatch):
    from roedtraad.scaffold import init_project

    project = init_project(tmp_path / "k")
    monkeypatch.delenv("ROEDTRAAD_DB", raising=False)
    assert ledger_url(project) == f"sqlite:///{(tmp_path / 'k' / 'ledger.sqlite').resolve().as_posix()}"
    config = project.config_path.read_text(encoding="utf-8")
    project.config_path.write_text(config + '\n[ledger]\nurl = "postgresql://u@db.example/roedtraad"\n', "utf-8")
    from roedtraad.project import Project

    project = Project.open(project.root)
    assert ledger_url(project) == "postgresql+psycopg://u@db.example/roedtraad"
    monkeypatch.setenv("ROEDTRAAD_DB", "sqlite:////srv/ledger.sqlite")
    assert ledger_url(project) == "sqlite:////srv/ledger.sqlite"
    assert ledger_url(project, "sqlite:////x.sqlite") == "sqlite:////x.sqlite"

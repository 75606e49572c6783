"""Two uvicorn workers on one PostgreSQL ledger take uploads at the same time, and none is lost.

Runs where ROEDTRAAD_TEST_PG_URL names a PostgreSQL server we may create databases on
(.ci/run starts one); skipped elsewhere, except in CI where a missing server is a failure.
"""
from __future__ import annotations

import io
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import openpyxl
import pytest
from conftest import PG_ENV, _pg_schema_url
from test_web_api import XLSX, sync
from webfixtures import add_token, run_server

DEPARTMENTS = {  # party -> its committee agreement in the demo (scale 12)
    "POB": "Udvalgsaftale_KPU_POB.xlsx", "KLI": "Udvalgsaftale_KPU_KLI.xlsx", "DAG": "Udvalgsaftale_BUU_DAG.xlsx",
    "SKO": "Udvalgsaftale_BUU_SKO.xlsx", "JOB": "Udvalgsaftale_BEU_JOB.xlsx", "HR": "Udvalgsaftale_ØEU_HR.xlsx",
}


@pytest.fixture
def pg_url():
    """A schema of its own on the test PostgreSQL server (as the ledger tests do), dropped afterwards."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip(f"{PG_ENV} not set")
    from sqlalchemy import create_engine

    schema = f"w_{uuid.uuid4().hex[:12]}"
    engine = create_engine(_pg_schema_url(base, "public"))
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


def edited(path, text: str) -> bytes:
    book = openpyxl.load_workbook(path)
    book["Mål"]["B4"] = text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_two_workers_take_uploads_at_once_and_record_every_one(demo_project, pg_url):
    sync(demo_project, pg_url)
    tokens = {party: add_token(demo_project, party=party, db_url=pg_url) for party in DEPARTMENTS}
    folder = demo_project / "indsendelser" / "udvalgsaftaler"
    uploads = {party: edited(folder / name, f"Nyt mål fra {party}") for party, name in DEPARTMENTS.items()}
    with run_server(demo_project, db_url=pg_url, workers=2) as server:
        def send(party: str):
            with server.client(tokens[party]) as http:
                return party, http.post("/api/submissions", files={"file": (DEPARTMENTS[party], uploads[party], XLSX)})

        with ThreadPoolExecutor(len(DEPARTMENTS)) as pool:
            answers = dict(pool.map(send, DEPARTMENTS))
        assert {party: a.status_code for party, a in answers.items()} == {party: 201 for party in DEPARTMENTS}, \
            {p: a.text[:300] for p, a in answers.items()}
        for party, token in tokens.items():
            with server.client(token) as http:
                versions = [v for v in http.get(f"/api/submissions/{party}").json()["versions"]
                            if v["kind"] == "committee_agreement"]  # its project register is the party's too
                assert versions[-1]["version"] == answers[party].json()["version"] and len(versions) == 2
                goals = {g["text"] for g in http.get("/api/goals").json()}
                assert f"Nyt mål fra {party}" in goals
    for party, name in DEPARTMENTS.items():
        assert openpyxl.load_workbook(folder / name)["Mål"]["B4"].value == f"Nyt mål fra {party}"

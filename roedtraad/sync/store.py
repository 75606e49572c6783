"""Reading and writing the ledger's rows: versions, file states, the parsed-records cache, runs.

Functions take an open connection, so a caller decides what one transaction
holds (a run commits each batch of new versions together with their file
states: killed in between, the batch is either fully recorded or not at all).
"""
from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from pydantic import TypeAdapter
from pydantic_core import from_json
from sqlalchemy import Connection, bindparam, delete, func, insert, literal, select, update

from ..findings import Finding, Severity
from ..i18n import Lang, Text
from ..model import Foundation, Submission, Workbook
from .ledger_schema import files, parsed, run_members, runs, versions

Parsed = tuple[Workbook | None, list[Finding]]


def findings_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.model_dump(mode="json", exclude_defaults=True) for f in findings], ensure_ascii=False,
                      sort_keys=True)


def findings_from_json(text: str) -> list[Finding]:
    return [Finding.model_validate(item) for item in json.loads(text or "[]")]


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    key = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}
    for finding in findings:
        counts[key[finding.severity]] += 1
    return counts


# --- the parsed-records cache ------------------------------------------------------------------------------------

# JSON, not pickle: whoever can write to a shared ledger database must not be able to run code
# on every machine that syncs from it. Loading validates each record as any input is validated.
_KINDS: dict[str, type[Workbook]] = {"foundation": Foundation, "submission": Submission}


_FINDINGS = TypeAdapter(list[Finding])


def pack(record: Workbook | None, findings: list[Finding]) -> bytes:
    # pydantic writes the JSON itself (no dicts built in between) and zlib at level 1: together a
    # third of what json.dumps and level 6 cost, for blobs about a third larger.
    kind = next((name for name, cls in _KINDS.items() if isinstance(record, cls)), None)
    body = b"".join((b'{"kind":', json.dumps(kind).encode(), b',"record":',
                     record.model_dump_json().encode() if kind else b"null", b',"findings":',
                     _FINDINGS.dump_json(findings), b"}"))
    return zlib.compress(body, 1)


def unpack(blob: bytes) -> Parsed:
    data = from_json(zlib.decompress(blob))  # pydantic's parser: twice as fast as json.loads here
    kind = data.get("kind")
    record = _KINDS[kind].model_validate(data["record"]) if kind in _KINDS else None
    return record, [Finding.model_validate(item) for item in data.get("findings", [])]


class RecordMemo:
    """The decoded records of the last run, kept by a long-running process (watch mode, the service).

    Decoding a cached record costs about as much as the rest of a run with one change, so a
    process that syncs again and again keeps the last run's records, keyed as the ledger's cache
    is (content hash, name and reading settings, whose entry is never rewritten) and by the ledger's
    address (together the `scope`). A
    run gives each record its own facts again (`intake.realise`). Above `limit` files the
    records are decoded each run, so a national-scale project does not hold them between runs.
    The limit is memory: a parsed submission is about 25 KiB, so at most some 300 MiB are kept,
    and a sync at 10,000 (7 s in watch mode or the service, against 10 s decoding) keeps them.
    """

    def __init__(self, limit: int = 12_000) -> None:
        self.limit = limit
        self._scope: str | None = None
        self._entries: dict[tuple[str, str], Parsed] = {}

    def get(self, scope: str, key: tuple[str, str]) -> Parsed | None:
        return self._entries.get(key) if scope == self._scope else None

    def replace(self, scope: str, entries: dict[tuple[str, str], Parsed]) -> None:
        self._scope, self._entries = (scope, entries) if len(entries) <= self.limit else (None, {})


memo = RecordMemo()


def ledger_address(conn: Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=True)


def memo_scope(conn: Connection, settings_key: str) -> str:
    """What the records kept by `memo` belong to: this ledger, read under these settings."""
    return f"{ledger_address(conn)} {settings_key}"


def reading_key(settings: Any) -> str:
    """A digest of the settings a workbook's records depend on: records parsed under other settings
    (a limit raised, an agreement kind added, another language) are not this run's records.
    Left out: what only the run or the outputs use (the ledger, paths, time zone, the municipality's
    display name, and severities, which validation applies)."""
    kept = settings.model_dump(mode="json", exclude={"municipality", "timezone", "paths", "ledger", "severities"})
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


def put_parsed_many(conn: Connection, entries: Sequence[tuple[str, str, bytes]], settings_key: str) -> None:
    """Cache many (sha256, name, blob) parsed under `settings_key`; entries the cache has already are kept."""
    have = set(_parsed_keys(conn, [(sha, name) for sha, name, _ in entries], settings_key))
    rows, seen = [], set()
    for sha, name, blob in entries:
        if (sha, name) not in have and (sha, name) not in seen:
            seen.add((sha, name))
            rows.append({"sha256": sha, "name": name, "settings": settings_key, "blob": blob})
    if rows:
        conn.execute(insert(parsed), rows)


def _parsed_keys(conn: Connection, keys: Sequence[tuple[str, str]], settings_key: str) -> list[tuple[str, str]]:
    wanted = set(keys)
    hashes = sorted({sha for sha, _ in wanted})
    found = []
    for start in range(0, len(hashes), 500):
        for sha, name in conn.execute(select(parsed.c.sha256, parsed.c.name).where(
                parsed.c.sha256.in_(hashes[start:start + 500]), parsed.c.settings == settings_key)):
            if (sha, name) in wanted:
                found.append((sha, name))
    return found


def get_parsed(conn: Connection, keys: Sequence[tuple[str, str]], settings_key: str, *,
               exact: bool) -> dict[tuple[str, str], bytes]:
    """Blobs for (sha256, name) keys, fetched in batches: those parsed under `settings_key`, and with
    `exact=False` any other where there is none (a view of the ledger between a change of settings and
    the next sync, which reads the files again; a sync or a rebuild asks for exact records)."""
    found: dict[tuple[str, str], bytes] = {}
    other: dict[tuple[str, str], bytes] = {}
    wanted = set(keys)
    hashes = sorted({sha for sha, _ in wanted})
    for start in range(0, len(hashes), 500):
        query = select(parsed.c.sha256, parsed.c.name, parsed.c.settings, parsed.c.blob).where(
            parsed.c.sha256.in_(hashes[start:start + 500]))
        if exact:
            query = query.where(parsed.c.settings == settings_key)
        for sha, name, key, blob in conn.execute(query):
            if (sha, name) in wanted:
                (found if key == settings_key else other)[(sha, name)] = blob
    return {**other, **found}


# --- versions and file states -------------------------------------------------------------------------------------

def add_version(conn: Connection, **values: Any) -> int:
    return conn.execute(insert(versions).values(**values).returning(versions.c.id)).scalar_one()


def add_versions(conn: Connection, rows: Sequence[dict]) -> list[int]:
    """Insert many versions in one statement batch; their ids in the order given."""
    if not rows:
        return []
    result = conn.execute(insert(versions).returning(versions.c.id, sort_by_parameter_order=True), list(rows))
    return [row[0] for row in result]


def put_file_states(conn: Connection, rows: Sequence[dict]) -> None:
    """Replace the states of many paths (each row: path, size, mtime_ns, sha256, version_id, trace_sha256)."""
    if not rows:
        return
    drop_file_states(conn, [r["path"] for r in rows])
    conn.execute(insert(files), list(rows))


def file_states(conn: Connection) -> dict[str, dict]:
    return {row["path"]: dict(row) for row in conn.execute(select(files)).mappings()}


def set_file_state(conn: Connection, path: str, *, size: int, mtime_ns: int, sha256: str, version_id: int,
                   trace_sha256: str | None = None, keep_trace: bool = False) -> None:
    values = {"size": size, "mtime_ns": mtime_ns, "sha256": sha256, "version_id": version_id}
    if not keep_trace:
        values["trace_sha256"] = trace_sha256
    done = conn.execute(update(files).where(files.c.path == path).values(**values)).rowcount
    if not done:
        conn.execute(insert(files).values(path=path, **{"trace_sha256": trace_sha256, **values}))


def drop_file_states(conn: Connection, paths: Iterable[str]) -> None:
    paths = list(paths)
    for start in range(0, len(paths), 500):
        conn.execute(delete(files).where(files.c.path.in_(paths[start:start + 500])))


def set_written(conn: Connection, written: Sequence[tuple[int, str]]) -> None:
    """Record each version's hash after write-back."""
    if written:
        conn.execute(update(versions).where(versions.c.id == bindparam("b_id"))
                     .values(written_sha256=bindparam("b_sha")), [{"b_id": i, "b_sha": s} for i, s in written])


def set_parties(conn: Connection, parties: Sequence[tuple[int, str]]) -> None:
    """Record each version's party key (it follows from the version's records and the foundation)."""
    if parties:
        conn.execute(update(versions).where(versions.c.id == bindparam("b_id")).values(party=bindparam("b_party")),
                     [{"b_id": i, "b_party": p} for i, p in parties])


def set_findings(conn: Connection, judged: Sequence[tuple[int, str, dict]]) -> None:
    """Record each version's findings (JSON) and counts."""
    if judged:
        conn.execute(update(versions).where(versions.c.id == bindparam("b_id")).values(
            findings=bindparam("b_findings"), errors=bindparam("b_errors"), warnings=bindparam("b_warnings"),
            infos=bindparam("b_infos")),
            [{"b_id": i, "b_findings": t, "b_errors": c["errors"], "b_warnings": c["warnings"], "b_infos": c["infos"]}
             for i, t, c in judged])


def versions_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, dict]:
    ids = sorted(set(ids))
    out: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        for row in conn.execute(select(versions).where(versions.c.id.in_(ids[start:start + 500]))).mappings():
            out[row["id"]] = dict(row)
    return out


def last_accepted(conn: Connection, kind: str, party: str) -> dict | None:
    """The newest version of a party's agreement that went into a master."""
    row = conn.execute(select(versions).where(versions.c.kind == kind, versions.c.party == party,
                                              versions.c.status == "accepted", versions.c.merged.is_(True))
                       .order_by(versions.c.id.desc()).limit(1)).mappings().first()
    return dict(row) if row else None


def mark_merged(conn: Connection, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        conn.execute(update(versions).where(versions.c.id.in_(chunk), versions.c.merged.is_(False))
                     .values(merged=True))
        # A file that was in conflict goes into the master once the other file is gone: accepted now.
        conn.execute(update(versions).where(versions.c.id.in_(chunk), versions.c.status == "conflict")
                     .values(status="accepted", reason=""))


# --- runs --------------------------------------------------------------------------------------------------------

def start_run(conn: Connection, started: float) -> int:
    return conn.execute(insert(runs).values(started=started, counts="{}", context="{}").returning(runs.c.id)
                        ).scalar_one()


def last_finished_run(conn: Connection) -> dict | None:
    row = conn.execute(select(runs).where(runs.c.finished.is_not(None)).order_by(runs.c.id.desc()).limit(1)
                       ).mappings().first()
    return dict(row) if row else None


NO_RUN = Text("Ledgeren har ingen afsluttet kørsel {run}; afsluttede kørsler: {known}.",
              "Liggaren har ingen avslutad körning {run}; avslutade körningar: {known}.",
              "The ledger has no finished run {run}; finished runs: {known}.")
NO_RUN_YET = Text("Ledgeren har ingen afsluttet kørsel endnu: kør 'roedtraad sync' først.",
                  "Liggaren har ingen avslutad körning ännu: kör 'roedtraad sync' först.",
                  "The ledger has no finished run yet: run 'roedtraad sync' first.")


class UnknownRun(LookupError):
    """No finished run with that number (a run killed midway never finished): said in the user's language."""

    def __init__(self, run: int | None, known: list[int]) -> None:
        self.run, self.known = run, known
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "da") -> str:
        if self.run is None or not self.known:
            return NO_RUN_YET(lang)
        return NO_RUN(lang, run=self.run, known=", ".join(map(str, self.known)))


def finished_run(conn: Connection, run_id: int | None, *, with_context: bool = False) -> dict:
    """Run `run_id` (the last when None), which must have finished (and, `with_context`, have recorded
    what its master was built with, as runs do since ledger revision 0002); else `UnknownRun`."""
    done = [runs.c.finished.is_not(None)] + ([runs.c.context != "{}"] if with_context else [])
    query = select(runs).where(*done)
    query = query.where(runs.c.id == run_id) if run_id is not None else query.order_by(runs.c.id.desc()).limit(1)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise UnknownRun(run_id, [r for (r,) in conn.execute(select(runs.c.id).where(*done).order_by(runs.c.id))])
    return dict(row)


def last_run(conn: Connection) -> dict | None:
    row = conn.execute(select(runs).order_by(runs.c.id.desc()).limit(1)).mappings().first()
    return dict(row) if row else None


def finish_run(conn: Connection, run_id: int, *, finished: float, counts: dict, master: str | None,
               master_sha256: str | None, context: dict, members: Sequence[tuple[int, str, str]] | None,
               copy_members_from: int | None = None) -> None:
    conn.execute(update(runs).where(runs.c.id == run_id).values(
        finished=finished, counts=json.dumps(counts, sort_keys=True), master=master, master_sha256=master_sha256,
        context=json.dumps(context, sort_keys=True, ensure_ascii=False)))
    if copy_members_from is not None:  # a no-op run's master is its predecessor's: copied inside the database
        source = select(literal(run_id), run_members.c.version_id, run_members.c.path, run_members.c.listed_sha256
                        ).where(run_members.c.run_id == copy_members_from)
        conn.execute(insert(run_members).from_select(["run_id", "version_id", "path", "listed_sha256"], source))
    rows = [{"run_id": run_id, "version_id": v, "path": p, "listed_sha256": s} for v, p, s in members or []]
    if rows:
        conn.execute(insert(run_members), rows)


def run_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(runs)).scalar_one()


def current_versions(conn: Connection) -> list[dict]:
    """The version of every file on disk as the last run left it, with its path."""
    rows = conn.execute(select(versions, files.c.path).join(files, files.c.version_id == versions.c.id)
                        .order_by(files.c.path)).mappings()
    return [dict(row) for row in rows]


def current_foundation(conn: Connection, settings: Any) -> Any:
    """The foundation's records as the ledger last took them in (None before the first sync)."""
    foundation_name = PurePath(settings.paths.foundation).as_posix()
    row = conn.execute(select(versions.c.sha256).join(files, files.c.version_id == versions.c.id)
                       .where(files.c.path == foundation_name)).first()
    if row is None:
        return None
    key = (row[0], foundation_name)
    blob = get_parsed(conn, [key], reading_key(settings), exact=False).get(key)
    return unpack(blob)[0] if blob is not None else None

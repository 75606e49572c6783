"""Arrival times the ledger learns before a sync sees the file.

"Received" is when the ledger first saw a version, never a file's mtime. Some
deliveries are known earlier than the next sync: the demo municipality's
simulated deliveries (some of them late against the årshjul), or a mail
gateway that drops files on the share. A sync that meets exactly these bytes
at this path takes the noted time as the version's first sight.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, insert

from .ledger import Ledger
from .ledger_schema import arrivals


def note_arrivals(ledger: Ledger, deliveries: Mapping[str, tuple[str, float, str | None]]) -> None:
    """`deliveries`: file name relative to the project -> (sha256, received epoch seconds, sender or None)."""
    with ledger.begin() as conn:
        for name, (sha256, received, sender) in sorted(deliveries.items()):
            conn.execute(delete(arrivals).where(arrivals.c.path == name, arrivals.c.sha256 == sha256))
            conn.execute(insert(arrivals).values(path=name, sha256=sha256, received=received, sender=sender))

"""Failures of the machine, not of roedtraad: the ledger's database went away, or the disk is full.

Such a failure is no bug (issue 15 §4): a run stopped by it has left every file whole (everything is
written beside its target and renamed) and the ledger at its last commit, so the next run completes the
work. The doors (the CLI, the service) ask `environment_failure` what an exception means and tell the
user in a line of their language instead of filing a bug report.

The kind is decided from exception types and error numbers, never from message texts: SQLAlchemy's
OperationalError/InterfaceError (connection refused, server terminated, connection closed), psycopg's
own when raised outside SQLAlchemy, SQLite's BUSY/LOCKED/CANTOPEN; errno ENOSPC/EDQUOT/EFBIG, and
SQLite's FULL and IOERR (what it says on a full disk, past a file size limit or on a failing disk).
"""
from __future__ import annotations

import errno
import sqlite3
from typing import Literal

from sqlalchemy import exc as sa_exc

from ..i18n import Text

Failure = Literal["ledger", "disk"]

DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

LEDGER_GONE = Text(
    "Forbindelsen til ledgerens database blev afbrudt eller kan ikke oprettes. Ingen fil er ødelagt; "
    "kør igen, når databasen er tilbage, så gør den næste kørsel arbejdet færdigt.",
    "Anslutningen till liggarens databas bröts eller kan inte upprättas. Ingen fil är skadad; "
    "kör igen när databasen är tillbaka, så gör nästa körning klart arbetet.",
    "The connection to the ledger's database was lost or cannot be made. No file is damaged; "
    "run again when the database is back, and the next run completes the work.")
LEDGER_UNREACHABLE = Text(  # when a command starts: the address may be wrong as well, so it is named
    "Ledgerens database {ledger} kan ikke nås. Kontrollér adressen, og at databasen kører; intet er ændret.",
    "Liggarens databas {ledger} kan inte nås. Kontrollera adressen och att databasen är igång; inget har ändrats.",
    "The ledger's database {ledger} cannot be reached. Check the address and that the database is running; "
    "nothing was changed.")
LEDGER_UNAVAILABLE = Text(  # the service's answer while the database is away
    "Ledgerens database kan ikke nås lige nu. Prøv igen om lidt.",
    "Liggarens databas kan inte nås just nu. Försök igen om en stund.",
    "The ledger's database cannot be reached right now. Try again in a while.")
DISK_FULL_SERVICE = Text(  # the service's answer to an upload it had no room for
    "Serverens disk er fuld, så filen er ikke modtaget. Prøv igen senere, eller sig det til økonomi.",
    "Serverns disk är full, så filen har inte tagits emot. Försök igen senare, eller säg till ekonomi.",
    "The server's disk is full, so the file was not received. Try again later, or tell finance.")
DISK_FULL = Text(
    "Disken er fuld (eller filen blev for stor til filsystemet), så kørslen stoppede. Arbejdsbøger og "
    "masterfil skrives ved siden af og sættes først på plads, når de er hele, så ingen af dem er ødelagt; "
    "gør plads, og kør igen.",
    "Disken är full (eller filen blev för stor för filsystemet), så körningen stoppade. Arbetsböcker och "
    "huvudfil skrivs bredvid och sätts på plats först när de är hela, så ingen av dem är skadad; "
    "frigör utrymme och kör igen.",
    "The disk is full (or the file grew too large for the file system), so the run stopped. Workbooks and the "
    "master are written beside their place and put there only when whole, so none is damaged; free some space "
    "and run again.")
# SQLite's primary result codes for a database file that cannot be reached or used right now.
SQLITE_UNREACHABLE = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN})
SQLITE_DISK = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR})
MESSAGES: dict[Failure, Text] = {"ledger": LEDGER_GONE, "disk": DISK_FULL}


def environment_failure(exc: BaseException | None) -> Failure | None:
    """'ledger' or 'disk' when `exc` (or an exception it was raised from or during) is such a failure."""
    seen: set[int] = set()
    ledger = False
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if _disk_full(exc):
            return "disk"  # a full disk may also cut SQLite's connection: the disk is the cause to name
        if _connection_lost(exc):
            ledger = True
        exc = exc.__cause__ or exc.__context__
    return "ledger" if ledger else None


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        return True
    original = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the driver's exception
    # SQLite on a full disk says FULL; past a file size limit (EFBIG) or on a failing disk it says IOERR.
    return isinstance(original, sqlite3.Error) and \
        (getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF in SQLITE_DISK


def _connection_lost(exc: BaseException) -> bool:
    original = getattr(exc, "orig", None)
    if isinstance(original, sqlite3.Error):  # SQLite's "operational" errors include bugs (no such table)
        return (getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF in SQLITE_UNREACHABLE
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)) or _psycopg_connection_error(exc)


def _psycopg_connection_error(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # no PostgreSQL driver: no PostgreSQL ledger either
        return False
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


__all__ = ["DISK_FULL", "DISK_FULL_SERVICE", "LEDGER_GONE", "LEDGER_UNAVAILABLE", "LEDGER_UNREACHABLE", "MESSAGES",
           "environment_failure"]

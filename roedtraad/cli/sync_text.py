"""What `sync`, `status` and `history` print: one screen, in the user's language."""
from __future__ import annotations

from ..config import Settings
from ..i18n import Lang, Text, count_text, one_line
from ..validators.report_common import kind_label

RUN_LINE = Text("Kørsel {run}: {new} nye, {changed} ændrede, {unchanged} uændrede, {incomplete} ikke færdige, "
                "{conflicts} konflikter, {rejected} afviste; {written} filer opdateret",
                "Körning {run}: {new} nya, {changed} ändrade, {unchanged} oförändrade, {incomplete} inte klara, "
                "{conflicts} konflikter, {rejected} avvisade; {written} filer uppdaterade",
                "Run {run}: {new} new, {changed} changed, {unchanged} unchanged, {incomplete} not complete yet, "
                "{conflicts} conflicts, {rejected} rejected; {written} files updated")
NOTHING_NEW = Text("Kørsel {run}: intet nyt ({unchanged} uændrede filer).",
                   "Körning {run}: inget nytt ({unchanged} oförändrade filer).",
                   "Run {run}: nothing new ({unchanged} unchanged files).")
MASTER = Text("Masterfil: {path}", "Huvudfil: {path}", "Master workbook: {path}")
HEADINGS = {
    "new": Text("Nye", "Nya", "New"),
    "changed": Text("Ændrede", "Ändrade", "Changed"),
    "removed": Text("Fjernet fra mappen", "Borttagna ur mappen", "Removed from the folder"),
    "incomplete": Text("Ikke færdige endnu (tages med ved næste kørsel)", "Inte klara ännu (tas med vid nästa körning)",
                       "Not complete yet (taken in on the next run)"),
    "pending_write_back": Text("Ikke opdateret (åben i Excel e.l.; prøves igen)",
                               "Inte uppdaterade (öppna i Excel e.d.; försöks igen)",
                               "Not updated (open in Excel or similar; tried again)"),
}
CONFLICT = Text("Konflikt, {party} ({kind}): {files}", "Konflikt, {party} ({kind}): {files}",
                "Conflict, {party} ({kind}): {files}")
REJECTED = Text("Afvist: {file}: {reason}", "Avvisad: {file}: {reason}", "Rejected: {file}: {reason}")
MORE = Text("... og {count} flere", "... och {count} till", "... and {count} more")
LOCKED = Text("Ledgeren er optaget: {holder} siden {since}. Prøv igen, eller brug --wait SEKUNDER.",
              "Liggaren är upptagen: {holder} sedan {since}. Försök igen, eller använd --wait SEKUNDER.",
              "The ledger is busy: {holder} since {since}. Try again, or use --wait SECONDS.")
WATCHING = Text("Holder øje med {folder} (Ctrl-C stopper) ...", "Bevakar {folder} (Ctrl-C avslutar) ...",
                "Watching {folder} (Ctrl-C stops) ...")
PROBLEM = {
    "locked": Text("Ledgeren er optaget ({detail}); prøver igen.", "Liggaren är upptagen ({detail}); försöker igen.",
                   "The ledger is busy ({detail}); trying again."),
    "share-lost": Text("Mappen kan ikke nås; venter på, at den kommer tilbage.",
                       "Mappen kan inte nås; väntar på att den kommer tillbaka.",
                       "The folder cannot be reached; waiting for it to come back."),
    "failed": Text("Kørslen fejlede ({detail}); prøver igen.", "Körningen misslyckades ({detail}); försöker igen.",
                   "The run failed ({detail}); trying again."),
}
STOPPED = Text("Stoppet.", "Stoppad.", "Stopped.")
SHOW = 10  # names listed per heading; the rest counted


def findings_counts(lang: Lang, errors: int, warnings: int, infos: int | None = None) -> str:
    """'1 fejl, 1 advarsel, 0 info': each count with its noun in the right number."""
    counts = [(errors, "error"), (warnings, "warning")] + ([(infos, "info")] if infos is not None else [])
    return ", ".join(count_text(count, noun, lang) for count, noun in counts)


def summary_text(summary, lang: Lang, settings: Settings | None = None) -> str:  # noqa: ANN001 - sync.run.SyncSummary
    """The one-screen summary of a run."""
    # Files still waiting (a master or workbook open in Excel) are told on every run until written.
    if not summary.anything_new and not summary.conflicts and not summary.rejected \
            and not summary.pending_write_back:
        lines = [NOTHING_NEW(lang, run=summary.run, unchanged=summary.unchanged)]
    else:
        lines = [RUN_LINE(lang, run=summary.run, new=len(summary.new), changed=len(summary.changed),
                          unchanged=summary.unchanged, incomplete=len(summary.incomplete),
                          conflicts=len(summary.conflicts), rejected=len(summary.rejected),
                          written=len(summary.written_back))]
        for key, heading in HEADINGS.items():
            names = getattr(summary, key)
            if names:
                lines.append(f"{heading(lang)}:")
                lines += [f"  {name}" for name in names[:SHOW]]
                if len(names) > SHOW:
                    lines.append("  " + MORE(lang, count=len(names) - SHOW))
        for conflict in summary.conflicts:
            lines.append(CONFLICT(lang, party=conflict.party, kind=kind_label(conflict.kind, lang, settings),
                                  files=", ".join(conflict.files)))
        for rejection in summary.rejected[:SHOW]:
            lines.append(REJECTED(lang, file=rejection.file, reason=rejection.reason))
        if len(summary.rejected) > SHOW:
            lines.append("  " + MORE(lang, count=len(summary.rejected) - SHOW))
    lines.append(findings_counts(lang, summary.errors, summary.warnings, summary.infos))
    if summary.master:
        lines.append(MASTER(lang, path=summary.master))
    return "\n".join(map(one_line, lines))  # a file name cannot forge a line

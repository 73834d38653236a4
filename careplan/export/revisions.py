"""The clinician summary's "Revision history": every saved revision, newest first.

Newest first because a clinician opens the history to see what was done lately (at a review,
on taking over a caseload); the desktop's History view lists them the same way.  A table
with its header row repeated on each page, so a long history stays readable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable

from careplan.core.history import RevisionSummary
from careplan.export.text import markup, one_line, short_date

if TYPE_CHECKING:
    from careplan.export.renderer import HandoutRenderer

#: Column headings (repeated at the top of each page the table runs onto) and their shares of the width.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Rev.", 0.07),
    ("Saved", 0.15),
    ("By", 0.15),
    ("Change note", 0.23),
    ("What changed", 0.40),
)
#: At most this many "what changed" lines per revision (then "and N more changes"): a row then always
#: fits on one page, and is never split, which ReportLab does by repeating the header in mid-page.
MAX_CHANGES = 12
NO_NOTE = "no note"
NO_CHANGE = "No change to the plan itself"


def local_time(saved_at: dt.datetime) -> dt.datetime:
    """A stored moment in this computer's time zone (the database keeps UTC; a time without a zone
    is taken as local already)."""
    return saved_at.astimezone()


def saved_words(saved_at: dt.datetime) -> str:
    """``30 Nov 2026, 14:05`` in this computer's time zone."""
    local = local_time(saved_at)
    return f"{short_date(local.date())}, {local:%H:%M}"


def revision_history(r: HandoutRenderer, history: Sequence[RevisionSummary]) -> list[Flowable]:
    """The "Revision history" heading and table (nothing when the plan was never saved)."""
    if not history:
        return []
    rows: list[list[Any]] = [[r.raw(title, "cell_head") for title, _share in COLUMNS]]
    for rev in sorted(history, key=lambda h: h.number, reverse=True):
        rows.append(
            [
                r.raw(str(rev.number), "cell_bold"),
                r.raw(saved_words(rev.saved_at), "cell"),
                r.raw(markup(one_line(rev.author)) or "—", "cell"),
                _note(r, rev),
                _changes(r, rev.changes),
            ]
        )
    count = f"{len(history)} revision{'s' if len(history) != 1 else ''}"
    table = r.table(rows, [share for _title, share in COLUMNS])
    table.splitInRow = 0  # whole rows only (see MAX_CHANGES)
    return [
        r.heading("Revision history"),
        r.raw(f"{count}, newest first. Times are this computer's local time.", "meta"),
        table,
    ]


def _note(r: HandoutRenderer, rev: RevisionSummary) -> Any:
    if rev.restored_from is not None:
        return r.raw(f"<b>Restored from revision {rev.restored_from}</b>", "cell")
    note = one_line(rev.note)
    if not note:
        return r.raw(f"<i>{NO_NOTE}</i>", "cell_quiet")
    return r.raw(markup(note[:1].upper() + note[1:]), "cell")


def _changes(r: HandoutRenderer, changes: Sequence[str]) -> Any:
    if not changes:
        return r.raw(f"<i>{NO_CHANGE}</i>", "cell_quiet")
    if len(changes) == 1:
        return r.para(changes[0], "cell")
    shown = list(changes[:MAX_CHANGES])
    if len(changes) > MAX_CHANGES:
        shown[-1] = f"… and {len(changes) - MAX_CHANGES + 1} more changes"
    return r.bullets(shown, "cell_bullet")

"""What changed between two revisions of a plan, in words a clinician reads.

One definition for every place that shows a plan's history: the clinician summary's
"Revision history" table and the desktop's History view.  Pure functions over plan
snapshots; the service that reads the revisions builds the :class:`RevisionSummary` rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from careplan.core.model import Goal, Intervention, Plan, Programme
from careplan.core.text import check_text

#: The longest change note a revision keeps (the database column holds 200 characters).
NOTE_MAX = 200

#: The change note a restore writes (``services.plans.restore_revision``); read back by :func:`restored_from`.
RESTORE_NOTE = "restored revision {number}"
_RESTORE = re.compile(r"restored revision (\d+)")

#: Goals whose wording is at least this alike (difflib ratio) are one goal reworded, not one removed and one added.
_SAME_GOAL = 0.6

#: The item fields a change names, in the words of the clinician summary ("dosage, instructions").
ITEM_FIELDS: dict[str, str] = {
    "kind": "kind",
    "instructions": "instructions",
    "school_instructions": "school instructions",
    "dosage": "dosage",
    "side": "side",
    "setting": "setting",
    "status": "status",
    "wear_schedule": "wear schedule",
    "skin_checks": "skin checks",
    "referral_to": "referral to",
    "referral_reason": "referral reason",
    "audiences": "who it is for",
    "school_days": "school days",
    "catalog_code": "library entry",
    "clinician_note": "clinician note",
    "photo": "photo",
}

#: The plan's fields that a change names in one "Also changed" line (the others have lines of their own).
OTHER_PLAN_FIELDS: dict[str, str] = {
    "regions": "body regions",
    "cervical_form": "cervical form",
    "gmfcs_level": "GMFCS level",
    "catalog_version": "library version",
    "patterns": "pattern of pull",
    "pull_side": "side of pull",
    "neck_level": "neck level",
    "contacts": "team contacts",
    "template": "template started from",
}

PROGRAMME_FIELDS: dict[str, str] = {
    "visits": "visits",
    "home_practice": "home practice",
    "adjustments": "adjustments",
}


@dataclass(frozen=True, slots=True)
class RevisionSummary:
    """One saved revision as a history lists it: who saved it, when, why, and what it changed."""

    number: int
    saved_at: dt.datetime
    author: str | None
    note: str | None
    #: What changed since the revision before, one line each (empty: the plan itself did not change).
    changes: tuple[str, ...] = ()
    #: The revision this one brought back, when it was made by a restore.
    restored_from: int | None = None


def check_note(note: str | None) -> str | None:
    """A therapist's change note ready to store: one line, trimmed, None when blank.

    Raises ValueError, in words for a message, for a note longer than :data:`NOTE_MAX` or holding
    a character the text rule refuses (``careplan.core.text``).
    """
    note = (note or "").strip()
    if not note:
        return None
    if len(note) > NOTE_MAX:
        raise ValueError(f"is {len(note)} characters long; at most {NOTE_MAX} fit")
    return check_text(note, multiline=False)


def restore_note(number: int) -> str:
    """The change note of a revision made by restoring revision ``number``."""
    return RESTORE_NOTE.format(number=number)


def restored_from(note: str | None) -> int | None:
    """The revision a restore brought back, read from its change note (None: not a restore)."""
    found = _RESTORE.fullmatch(note.strip()) if note else None
    return int(found.group(1)) if found else None


def _date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _quoted(text: str, limit: int = 80) -> str:
    words = " ".join(text.split())
    return f"“{words if len(words) <= limit else words[: limit - 1].rstrip() + '…'}”"


def revision_changes(before: Plan, after: Plan) -> list[str]:
    """What ``after`` changed of ``before``, one short line each (empty when the plans are the same).

    Items are told apart by title (an item whose title is kept but whose content changed is
    "changed", naming the fields); goals by wording (a goal reworded a little, or with a new target
    date, is "changed"); the plan's own fields by name.
    """
    if before == after:
        return []
    out: list[str] = []
    out += _plan_fields(before, after)
    out += _item_changes(before.interventions, after.interventions)
    out += _goal_changes(before.goals, after.goals)
    out += _programme_change(before.programme, after.programme)
    if before.clinical_notes != after.clinical_notes:
        out.append("Clinical notes changed")
    other = [label for name, label in OTHER_PLAN_FIELDS.items() if getattr(before, name) != getattr(after, name)]
    if other:
        out.append(f"Also changed: {', '.join(other)}")
    return out


def _plan_fields(before: Plan, after: Plan) -> list[str]:
    out: list[str] = []
    if before.title != after.title:
        out.append(f"Title changed to {_quoted(after.title)}")
    if before.category != after.category:
        out.append(f"Category changed from {before.category.label} to {after.category.label}")
    if before.start_date != after.start_date:
        out.append(_date_change("Start date", before.start_date, after.start_date))
    if before.review_date != after.review_date:
        out.append(_date_change("Review date", before.review_date, after.review_date))
    if before.therapist != after.therapist:
        out.append("Therapist's details changed")
    if before.summary != after.summary:
        out.append("Summary changed")
    return out


def _date_change(what: str, old: dt.date | None, new: dt.date | None) -> str:
    if old is None:
        return f"{what} set to {_date(new)}"
    if new is None:
        return f"{what} removed (was {_date(old)})"
    return f"{what} moved from {_date(old)} to {_date(new)}"


def _item_changes(before: Sequence[Intervention], after: Sequence[Intervention]) -> list[str]:
    old_titles = Counter(i.title for i in before)
    new_titles = Counter(i.title for i in after)
    out = [f"Item added: {_quoted(t)}" for t in (new_titles - old_titles).elements()]
    out += [f"Item removed: {_quoted(t)}" for t in (old_titles - new_titles).elements()]
    old_by_title = _first_by_title(before)
    for title, new in _first_by_title(after).items():
        old = old_by_title.get(title)
        if old is None or old == new:
            continue
        changed = [label for name, label in ITEM_FIELDS.items() if getattr(old, name) != getattr(new, name)]
        out.append(f"Item changed: {_quoted(title)} ({', '.join(changed)})")
    return out


def _first_by_title(items: Sequence[Intervention]) -> dict[str, Intervention]:
    out: dict[str, Intervention] = {}
    for item in items:
        out.setdefault(item.title, item)
    return out


def _goal_changes(before: Sequence[Goal], after: Sequence[Goal]) -> list[str]:
    kept = Counter(before) & Counter(after)
    old = list((Counter(before) - kept).elements())
    new = list((Counter(after) - kept).elements())
    out: list[str] = []
    for goal in new:
        match = _closest(goal, old)
        if match is None:
            out.append(f"Goal added: {_quoted(goal.text)}")
            continue
        old.remove(match)
        out.append(f"Goal changed: {_quoted(goal.text)} ({_goal_difference(match, goal)})")
    out += [f"Goal removed: {_quoted(g.text)}" for g in old]
    return out


def _closest(goal: Goal, candidates: Sequence[Goal]) -> Goal | None:
    """The earlier goal ``goal`` most likely is (same library goal, or wording alike), if any."""
    best, best_ratio = None, _SAME_GOAL
    for old in candidates:
        if goal.code is not None and old.code == goal.code:
            return old
        ratio = difflib.SequenceMatcher(None, old.text, goal.text).ratio()
        if ratio >= best_ratio:
            best, best_ratio = old, ratio
    return best


def _goal_difference(old: Goal, new: Goal) -> str:
    parts: list[str] = []
    if old.text != new.text:
        parts.append(f"was {_quoted(old.text, 60)}")
    if old.domain != new.domain:
        parts.append(f"area {old.domain.label.lower()} → {new.domain.label.lower()}")
    if old.target_date != new.target_date:
        parts.append(f"target date {_date(old.target_date) or 'none'} → {_date(new.target_date) or 'none'}")
    return "; ".join(parts) or "library goal changed"


def _programme_change(before: Programme, after: Programme) -> list[str]:
    changed = [label for name, label in PROGRAMME_FIELDS.items() if getattr(before, name) != getattr(after, name)]
    return [f"Programme changed: {', '.join(changed)}"] if changed else []

"""The library a therapist picks from: the shipped catalog plus their own entries."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan.core.library import OWN_PREFIX, Library, LibraryGoal, LibraryIntervention, Template
from careplan.core.text import check_text, escape_for_terminal, text_problem
from careplan.services.errors import UserError
from careplan.services.stored import template_from_content
from careplan.storage.mapping import (
    own_goal_from_row,
    own_goal_row,
    own_intervention_from_row,
    own_intervention_row,
)
from careplan.storage.models import OwnGoalRow, OwnInterventionRow, OwnTemplateRow


def one_line(text: str) -> str:
    """A title as a message shows it: its refused characters escaped, so it cannot garble the message."""
    return escape_for_terminal(text, keep_newlines=False)


def own_entries(session: Session) -> tuple[list[LibraryIntervention], list[LibraryGoal]]:
    items = [
        own_intervention_from_row(r)
        for r in session.scalars(select(OwnInterventionRow).order_by(OwnInterventionRow.title))
    ]
    goals = [own_goal_from_row(r) for r in session.scalars(select(OwnGoalRow).order_by(OwnGoalRow.text))]
    return items, goals


def own_templates(session: Session) -> list[Template]:
    """The therapist's own templates, by title (each with its version, for a later change)."""
    rows = session.execute(
        select(OwnTemplateRow.content, OwnTemplateRow.version).order_by(OwnTemplateRow.title, OwnTemplateRow.id)
    )
    return [template_from_content(content, version) for content, version in rows]


def full_library(session: Session, shipped: Library) -> Library:
    """The shipped library with the therapist's own entries and own templates beside it."""
    items, goals = own_entries(session)
    return shipped.with_own(items, goals, own_templates(session))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:60] or "entry"


def new_own_code(
    session: Session, title: str, table: type[OwnInterventionRow] | type[OwnGoalRow] | type[OwnTemplateRow]
) -> str:
    """A fresh ``own.`` code made from the title."""
    base = OWN_PREFIX + _slug(title)
    taken = set(session.scalars(select(table.code).where(table.code.like(base + "%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


#: Fields of an own entry that are one line of text; the other text fields may run over several lines.
_ONE_LINE = frozenset({"code", "title", "referral_to", "source", "easier", "harder"})


def _checked_text(entry: Any, what: str) -> Any:
    """``entry`` with its text as stored (line breaks made ``\\n``); UserError names the field that holds
    a character no text may hold (``careplan.core.text``, the rule plan files and the library follow)."""
    changes: dict[str, str] = {}
    for f in dataclasses.fields(entry):
        value = getattr(entry, f.name)
        if not isinstance(value, str):
            continue
        try:
            checked = check_text(value, multiline=f.name not in _ONE_LINE)
        except ValueError as exc:
            raise UserError(f"{what}: {f.name.replace('_', ' ')}: {exc}.") from None
        if checked != value:
            changes[f.name] = checked
    for n, caution in enumerate(getattr(entry, "cautions", ()), start=1):
        for name in ("text", "family"):
            value = getattr(caution, name)
            if isinstance(value, str) and (problem := text_problem(value, multiline=True)):
                raise UserError(f"{what}: caution {n} {name}: {problem}.")
    return dataclasses.replace(entry, **changes) if changes else entry


def add_own_intervention(session: Session, entry: LibraryIntervention) -> LibraryIntervention:
    """Store a therapist's own entry; a blank or shipped code gets a fresh ``own.`` code."""
    entry = _checked_text(entry, f"The library entry {one_line(entry.title)!r}")
    if not entry.is_own:
        entry = replace(entry, code=new_own_code(session, entry.title, OwnInterventionRow))
    elif session.scalar(select(OwnInterventionRow.id).where(OwnInterventionRow.code == entry.code)):
        raise UserError(f"Your library already has an entry with the code {entry.code!r}.")
    session.add(own_intervention_row(entry))
    session.flush()
    return entry


def add_own_goal(session: Session, goal: LibraryGoal) -> LibraryGoal:
    goal = _checked_text(goal, "The library goal")
    if not goal.is_own:
        goal = replace(goal, code=new_own_code(session, goal.text, OwnGoalRow))
    elif session.scalar(select(OwnGoalRow.id).where(OwnGoalRow.code == goal.code)):
        raise UserError(f"Your library already has a goal with the code {goal.code!r}.")
    session.add(own_goal_row(goal))
    session.flush()
    return goal


def merge_carried_entries(
    session: Session, items: tuple[LibraryIntervention, ...], goals: tuple[LibraryGoal, ...]
) -> None:
    """Add own entries that arrived inside a plan file, unless an entry with that code is here already
    (the therapist's own wording is never overwritten by an imported file)."""
    have_items = set(session.scalars(select(OwnInterventionRow.code)))
    for entry in items:
        if entry.code not in have_items:
            session.add(own_intervention_row(entry))
            have_items.add(entry.code)
    have_goals = set(session.scalars(select(OwnGoalRow.code)))
    for goal in goals:
        if goal.code not in have_goals:
            session.add(own_goal_row(goal))
            have_goals.add(goal.code)
    session.flush()

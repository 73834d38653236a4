"""``services.history``: a plan's revisions with what each changed, read in one query; change notes kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.services import plans
from careplan.services.errors import UserError
from careplan.services.handouts import handout_history
from careplan.services.history import AFTER_UNREADABLE, FIRST, UNREADABLE, revision_history
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.storage.models import PlanRevisionRow, PlanRow

from support.db import doc_bytes, example_document
from support.history import AUTHORS, NOTES, SAVED_AT, STRETCH, five_revisions, many_revisions

EMPTY = Library(version="test")


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every SQL statement the store's engine runs inside the block."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = store.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_five_revisions_with_authors_notes_and_changes(store: Store) -> None:
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
    with store.reads.begin() as s:
        history = revision_history(s, plan_id)
    assert [h.number for h in history] == [1, 2, 3, 4, 5]
    assert [h.author for h in history] == list(AUTHORS)
    assert [h.note for h in history] == ["imported", *NOTES[1:4], "restored revision 2"]
    assert [h.saved_at for h in history] == list(SAVED_AT)
    assert [h.restored_from for h in history] == [None, None, None, None, 2]
    assert history[0].changes == (FIRST,)
    assert history[1].changes == (f"Item added: “{STRETCH}”",)
    assert history[2].changes[0] == "Review date moved from 19 February 2027 to 14 May 2027"
    assert "Goal added: “Pain no more than 3 out of 10 after standing”" in history[2].changes
    assert history[3].changes == (f"Item removed: “{STRETCH}”",)
    # The restore brings revision 2 back: the stretch again, the old review date and goal.
    assert f"Item added: “{STRETCH}”" in history[4].changes
    assert "Review date moved from 14 May 2027 to 19 February 2027" in history[4].changes


def test_history_is_one_query_however_long(store: Store) -> None:
    with store.sessions.begin() as s:
        plan_id = many_revisions(s, EMPTY, 40).plan_id
    assert plan_id is not None
    with store.reads.begin() as s, statements(store) as seen:
        history = handout_history(s, plan_id, Audience.CLINICIAN)
    assert len(history) == 40
    assert [q for q in seen if "plan_revisions" in q] == seen and len(seen) == 1, seen
    assert history[-1].note == "Save number 40" and history[-1].changes == (
        "Review date moved from 29 March 2027 to 30 March 2027",
    )


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_no_history_read_for_other_handouts(store: Store, audience: Audience) -> None:
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
    with store.reads.begin() as s, statements(store) as seen:
        assert handout_history(s, plan_id, audience) == []
        assert handout_history(s, None, Audience.CLINICIAN) == []
    assert seen == []


def test_a_damaged_revision_is_listed_and_the_rest_still_compared(store: Store) -> None:
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
        s.execute(
            update(PlanRevisionRow)
            .where(PlanRevisionRow.plan_id == plan_id, PlanRevisionRow.number.in_([1, 3]))
            .values(content={"format": "not a plan"})
        )
    with store.reads.begin() as s:
        history = revision_history(s, plan_id)
    # Each revision is compared only with the one just before it; the others are listed as they are.
    assert [h.changes for h in history[:4]] == [(UNREADABLE,), (AFTER_UNREADABLE,), (UNREADABLE,), (AFTER_UNREADABLE,)]
    assert f"Item added: “{STRETCH}”" in history[4].changes
    assert [h.author for h in history] == list(AUTHORS)


def test_a_change_note_is_kept_trimmed(store: Store) -> None:
    with store.sessions.begin() as s:
        record = import_plan(s, doc_bytes(example_document()), EMPTY, author="Jo Patel", note="  From the old clinic ")
        saved = plans.save_plan(s, record, "Jo Patel", note="   ")
    with store.reads.begin() as s:
        notes = s.execute(select(PlanRevisionRow.note).order_by(PlanRevisionRow.number)).scalars().all()
    assert notes == ["From the old clinic", None]
    assert saved.revision is not None and saved.revision.number == 2


@pytest.mark.parametrize(
    ("note", "why"),
    [("x" * 201, "is 201 characters long; at most 200 fit"), ("Moved\x1b[31m review", "U+001B (ESC)")],
)
def test_a_bad_change_note_saves_nothing(store: Store, note: str, why: str) -> None:
    with store.sessions.begin() as s:
        record = import_plan(s, doc_bytes(example_document()), EMPTY, author="Jo Patel")
    changed = dataclasses.replace(record, plan=record.plan.replace(title="A new title"))
    with pytest.raises(UserError) as caught, store.sessions.begin() as s:
        plans.save_plan(s, changed, "Jo Patel", note=note)
    assert str(caught.value).startswith("The plan was not saved: the change note ") and why in str(caught.value)
    with store.reads.begin() as s:
        assert s.scalar(select(func.count()).select_from(PlanRevisionRow)) == 1
        assert s.execute(select(PlanRow.title, PlanRow.version)).one() == (record.plan.title, 1)

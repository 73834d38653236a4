"""Put into a database what an older Careplan let in before the checks at the door: a damaged photo,
a control character in a title.  Written with sqlite3 straight into the stored revision, as the
older program would have stored it."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock


def edit_stored_plan(database: Path, plan_id: int, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to the plan file every revision of ``plan_id`` holds."""
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT id, content FROM plan_revisions WHERE plan_id = ?", (plan_id,)).fetchall()
        assert rows, f"plan {plan_id} has no revision"
        for row_id, content in rows:
            doc = json.loads(content)
            change(doc)
            db.execute("UPDATE plan_revisions SET content = ? WHERE id = ?", (json.dumps(doc), row_id))
    db.close()


def set_plan_title(database: Path, plan_id: int, title: str) -> None:
    """The plan's title as an older Careplan stored it (the plans row keeps a copy for the list)."""
    edit_stored_plan(database, plan_id, lambda doc: doc["plan"].__setitem__("title", title))
    with sqlite3.connect(database) as db:
        db.execute("UPDATE plans SET title = ? WHERE id = ?", (title, plan_id))
    db.close()


@contextlib.contextmanager
def before_assessments() -> Iterator[None]:
    """Today's plan code writing into a schema from before assessments (0006), to make old data: saving a
    revision also works out the hip X-ray date from the patient's assessments (``services.plans``), whose
    table such a schema does not have.  A real database is migrated before anything is saved, so only
    these fixtures turn it off."""
    with mock.patch("careplan.services.plans._review_dates_follow"):
        yield

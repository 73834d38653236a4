"""Makes ``schema-0002.sqlite3``: a database as schema 0002 (plans stored as rows) wrote it.

It must be run with the Careplan of that schema (commit 23a3d81 or any before 0003), from the
top of that checkout: ``python tests/data/make_schema_0002.py``.  The committed file is what the
upgrade test reads; this script is kept so that it can be re-made.  It imports the full plan file
(every field, a photo, own library entries), saves it again with changes, and adds a second
patient with two plans, one of them with revisions whose rows were then changed by hand
(the migration must keep the rows, the current state).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent)]
TARGET = HERE / "schema-0002.sqlite3"


def main() -> None:
    from careplan.catalog import load_library
    from careplan.core.enums import Category
    from careplan.core.model import Carer, Patient, Plan, PlanRecord
    from careplan.paths import AppPaths
    from careplan.services import plans
    from careplan.services.store import open_store
    from careplan.services.transfer import import_plan
    from careplan.storage.db import sqlite_url
    from careplan.storage.migrate import head_revision

    from support.plans import full_document

    assert head_revision() == "0002", "run this with the Careplan of schema 0002"
    TARGET.unlink(missing_ok=True)
    import datetime as dt
    import tempfile

    tmp = Path(tempfile.mkdtemp())
    paths = AppPaths(tmp / "data", tmp / "config")
    paths.ensure()
    store = open_store(sqlite_url(TARGET), paths)
    library = load_library()
    with store.sessions.begin() as s:
        first = import_plan(s, json.dumps(full_document()).encode(), library, "full.json", "Jo Patel")
    with store.sessions.begin() as s:
        record = plans.load_plan(s, first.plan_id)
        changed = record.plan.replace(summary="Second revision: walk daily.")
        plans.save_plan(s, dataclasses.replace(record, plan=changed), "Sam Lee")
    patient = Patient(
        "Zoë", "Ó Briain", dt.date(2015, 3, 14), "943 476 5919", (Carer("Aoife Ó Briain", "mother", "0870000000"),)
    )
    with store.sessions.begin() as s:
        one = plans.create_plan(
            s, PlanRecord(Plan("Writing without cramp", Category.HAND, review_date=dt.date(2026, 4, 5)), patient)
        )
    with store.sessions.begin() as s:
        plans.create_plan(
            s,
            PlanRecord(
                Plan("Standing and walking", Category.GENERALISED, summary="Rows changed after the revision"),
                dataclasses.replace(one.patient),
            ),
            "Jo Patel",
        )
    store.close()
    db = sqlite3.connect(TARGET)
    with db:
        # A plan whose rows moved on without a revision (the old two-forms bug): the rows win.
        db.execute("UPDATE plans SET summary = 'Rows say this' WHERE title = 'Standing and walking'")
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("VACUUM")
    db.close()
    print(TARGET)


if __name__ == "__main__":
    main()

"""Makes ``schema-0001.sqlite3``: a database as the first released schema (0001) wrote it.

Kept so the fixture can be re-made; the committed file is what the upgrade test reads.
Run: ``python tests/data/make_schema_0001.py``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from careplan.storage.migrate import alembic_config

HERE = Path(__file__).resolve().parent
TARGET = HERE / "schema-0001.sqlite3"

CONTENT = {
    "format": "careplan-plan",
    "format_version": 1,
    "patient": {"given_name": "Niamh", "family_name": "Ó Briain", "date_of_birth": "2014-06-01"},
    "plan": {
        "title": "Writing without cramp",
        "category": "hand",
        "interventions": [{"kind": "exercise", "title": "Finger lifts", "audiences": ["family"]}],
    },
}


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{TARGET}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    db = sqlite3.connect(TARGET)
    with db:
        db.execute(
            "INSERT INTO patients (id, given_name, family_name, date_of_birth, identifier, created_at, updated_at,"
            " version) VALUES (1, 'Niamh', 'Ó Briain', '2014-06-01', 'H123', '2026-01-05 10:00:00.000000',"
            " '2026-01-05 10:00:00.000000', 1)"
        )
        db.execute("INSERT INTO carers (patient_id, position, name, relationship) VALUES (1, 0, 'Aoife', 'mother')")
        db.execute(
            "INSERT INTO plans (id, patient_id, title, category, regions, start_date, review_date, adjustments,"
            " clinical_notes, created_at, updated_at, version) VALUES (1, 1, 'Writing without cramp', 'hand',"
            " '[\"right_hand\"]', '2026-01-05', '2026-04-05', '[]', 'Private note', '2026-01-05 10:00:00.000000',"
            " '2026-01-05 10:00:00.000000', 1)"
        )
        db.execute(
            "INSERT INTO goals (plan_id, position, domain, text) VALUES (1, 0, 'participation',"
            " 'Write a page with no cramp')"
        )
        db.execute(
            "INSERT INTO interventions (plan_id, position, kind, title, reps, times_per_day, audiences)"
            " VALUES (1, 0, 'exercise', 'Finger lifts', 10, 2, '[\"family\"]')"
        )
        db.execute(
            "INSERT INTO plan_revisions (plan_id, number, saved_at, author, content) VALUES"
            " (1, 1, '2026-01-05 10:00:00.000000', 'Jo Patel', ?)",
            (json.dumps(CONTENT),),
        )
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("VACUUM")
    db.close()
    print(TARGET)


if __name__ == "__main__":
    main()

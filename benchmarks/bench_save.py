"""A durable save of a plan against a raw ``sqlite3`` insert and commit of the same rows.

    .venv/bin/python benchmarks/bench_save.py [--saves 200]

Careplan's save is ``services.plans.save_plan`` in one transaction (``store.sessions.begin()``):
BEGIN IMMEDIATE, the versioned UPDATE of the plan row, the reads of the patient, the new revision
(the plan-file document made from the snapshot) and a durable commit.  The baseline writes the same
two rows with the standard library's ``sqlite3``: BEGIN IMMEDIATE, the same UPDATE, an INSERT of the
same document (a ready-made dict: the baseline only turns it into the JSON text the row holds, as
any insert of that row must) and COMMIT, on the same file with the same PRAGMAs (WAL,
synchronous=FULL, foreign keys, busy timeout).  The two alternate,
save by save (paired runs), and the figures are medians.  Goal: at most 3x the baseline.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(TOP), str(Path(__file__).resolve().parent)]

GOAL = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()

    from scale_data import plan_body

    from careplan.core.enums import Category
    from careplan.core.library import Library
    from careplan.core.model import Carer, Patient, PlanRecord
    from careplan.paths import AppPaths
    from careplan.planfile import to_document, to_imported
    from careplan.planfile.io import validate
    from careplan.services import plans
    from careplan.services.store import open_store
    from careplan.storage.db import SQLITE_BUSY_TIMEOUT_S, sqlite_url

    with tempfile.TemporaryDirectory(prefix="careplan-bench-save-", dir=TOP) as tmp:
        paths = AppPaths(Path(tmp) / "data", Path(tmp) / "config")
        paths.ensure()
        store = open_store(sqlite_url(paths.database), paths)
        patient = Patient(
            "Amira", "Okafor", dt.date(2016, 3, 14), "943 476 5919", (Carer("Grace Okafor", "mother", "07700 900001"),)
        )
        body = plan_body(1, "Positioning and school", dt.date.today() + dt.timedelta(days=60))
        doc = {
            "format": "careplan-plan",
            "format_version": 1,
            "patient": {"given_name": "A", "family_name": "B", "date_of_birth": "2016-03-14"},
            "plan": body,
        }
        plan = to_imported(validate(doc), lambda code: None, resolve_codes=False).record.plan
        assert plan.category is Category.GENERALISED
        library = Library(version="bench")
        with store.sessions.begin() as s:
            record = plans.create_plan(s, PlanRecord(plan, patient), "Jo Patel", library)
        assert record.plan_id is not None

        raw = sqlite3.connect(paths.database, isolation_level=None)
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        assert raw.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
        raw.execute("PRAGMA synchronous=FULL")
        with store.reads.begin() as s:
            raw_record = plans.load_plan(s, record.plan_id)
        raw_document = to_document(PlanRecord(raw_record.plan, raw_record.patient))
        # The baseline saves a second plan of the same patient, so the two never conflict.
        with store.sessions.begin() as s:
            twin = plans.create_plan(s, PlanRecord(plan, record.patient), "Jo Patel", library)
        assert twin.plan_id is not None
        raw_state = {"version": 1, "revision": 1}

        def careplan_save(n: int) -> float:
            nonlocal record
            edited = dataclasses.replace(record, plan=record.plan.replace(summary=f"Save {n}"))
            started = time.perf_counter()
            with store.sessions.begin() as s:
                record = plans.save_plan(s, edited, "Jo Patel", library)
            return time.perf_counter() - started

        raw_ready = json.dumps(raw_document, ensure_ascii=False)

        def raw_save(n: int, ready: bool = False) -> float:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            changed = raw.execute(
                "UPDATE plans SET title = ?, category = ?, review_date = ?, updated_at = ?, version = version + 1,"
                " revision = revision + 1 WHERE id = ? AND version = ? RETURNING patient_id, version, revision",
                (
                    plan.title,
                    plan.category.value,
                    plan.review_date.isoformat() if plan.review_date else None,
                    now,
                    twin.plan_id,
                    raw_state["version"],
                ),
            ).fetchone()
            raw.execute(
                "INSERT INTO plan_revisions (plan_id, number, saved_at, author, note, content) VALUES (?,?,?,?,?,?)",
                (
                    twin.plan_id,
                    changed[2],
                    now,
                    "Jo Patel",
                    None,
                    raw_ready if ready else json.dumps(raw_document, ensure_ascii=False),
                ),
            )
            raw.execute("COMMIT")
            elapsed = time.perf_counter() - started
            raw_state["version"], raw_state["revision"] = changed[1], changed[2]
            return elapsed

        for n in range(10):  # warm-up, not counted
            careplan_save(n)
            raw_save(n)
        ours, theirs, ready = [], [], []
        for n in range(args.saves):
            if n % 2:
                ready.append(raw_save(n, ready=True))
                theirs.append(raw_save(n))
                ours.append(careplan_save(n))
            else:
                ours.append(careplan_save(n))
                theirs.append(raw_save(n))
                ready.append(raw_save(n, ready=True))
        raw.close()
        store.close()

    ours_ms, raw_ms = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    ready_ms = statistics.median(ready) * 1000
    ratio = ours_ms / raw_ms
    print(f"a durable save of a plan of {len(plan.interventions)} items, median of {args.saves} paired saves:")
    print(f"  {'Careplan save_plan (one transaction)':<44} {ours_ms:8.2f} ms")
    print(f"  {'raw sqlite3: the same UPDATE + INSERT, COMMIT':<44} {raw_ms:8.2f} ms")
    print(
        f"  {'  the same with the JSON text made beforehand':<44} {ready_ms:8.2f} ms"
        f"  (Careplan: {ours_ms / ready_ms:.2f}x)"
    )
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"goal: at most {GOAL:.1f}x the raw sqlite3 save; measured {ratio:.2f}x ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

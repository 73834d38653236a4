"""Does the reviews-due list (with its reasons) cost more with more patients?  1,000 against 20,000.

    .venv/bin/python benchmarks/bench_reviews_due.py [--runs 7] [--small 1000] [--large 20000]

Builds two databases with ``scale_data.build`` and gives every patient a botulinum toxin injection in
the last 200 days and every third patient a hip X-ray assessment (bulk SQL, the due dates worked out
with the core's rules as ``services.assessments`` does when it writes), then times the list the
desktop shows (``reviews_due_with_reasons``, 200 rows) and its count (``count_reviews_due_with_reasons``,
capped at 999) on both, alternating, and prints medians and the ratio large/small (goal: at most 1.5x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(TOP), str(HERE)]

GOAL = 1.5
SHOWN = 200
COUNTED = 999


def add_reevaluation(path: Path, seed: int = 20261130) -> None:
    """An injection for every patient, a hip X-ray for every third, with their review-due dates."""
    from careplan.core.assessments import (
        Assessment,
        Classification,
        ClassificationLevel,
        HipMigration,
        Injection,
        hip_surveillance_date,
        toxin_review_date,
    )
    from careplan.planfile.convert import assessment_dict, injection_dict

    rng = random.Random(seed)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    injections, assessments = [], []
    for pid, born_text in db.execute("SELECT id, date_of_birth FROM patients").fetchall():
        day = today - dt.timedelta(days=rng.randint(1, 200))
        shot = Injection(day, "Left adductors", "Dr A. Rahman")
        due = toxin_review_date(day).isoformat()
        injections.append((pid, day.isoformat(), "Dr A. Rahman", json.dumps(injection_dict(shot)), now, now, 1, due))
        if pid % 3 == 0:
            seen = today - dt.timedelta(days=rng.randint(1, 400))
            hips = HipMigration(rng.randint(5, 40), rng.randint(5, 40))
            level = rng.randint(2, 5)
            done = Assessment(
                seen, "Jo Patel", hips=hips, classifications=(ClassificationLevel(Classification.GMFCS, level),)
            )
            hip_due = hip_surveillance_date(seen, hips, level, dt.date.fromisoformat(born_text))
            assessments.append(
                (
                    pid,
                    seen.isoformat(),
                    "Jo Patel",
                    json.dumps(assessment_dict(done)),
                    now,
                    now,
                    1,
                    hip_due.isoformat() if hip_due else None,
                )
            )
    with db:
        db.executemany(
            "INSERT INTO injections (patient_id, date, given_by, content, created_at, updated_at, version,"
            " cycle_review_due) VALUES (?,?,?,?,?,?,?,?)",
            injections,
        )
        db.executemany(
            "INSERT INTO assessments (patient_id, date, therapist, content, created_at, updated_at, version,"
            " hip_review_due) VALUES (?,?,?,?,?,?,?,?)",
            assessments,
        )
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def measure(path: Path) -> tuple[float, float, int]:
    """Seconds to read the list and the count once, and how many rows the list showed."""
    from careplan.paths import AppPaths
    from careplan.services.assessments import count_reviews_due_with_reasons, reviews_due_with_reasons
    from careplan.services.store import open_store
    from careplan.storage.db import sqlite_url

    paths = AppPaths(path.parent / "data-unused", path.parent / "config-unused")
    store = open_store(sqlite_url(path), paths)
    try:
        today = dt.date.today()
        with store.reads.begin() as s:
            start = time.perf_counter()
            rows = reviews_due_with_reasons(s, today, limit=SHOWN)
            listed = time.perf_counter() - start
            start = time.perf_counter()
            count_reviews_due_with_reasons(s, today, cap=COUNTED)
            counted = time.perf_counter() - start
        return listed, counted, len(rows)
    finally:
        store.close()


def main() -> None:
    import scale_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {}
        for size in (args.small, args.large):
            path = Path(tmp) / str(size) / "careplan.sqlite3"
            path.parent.mkdir()
            scale_data.build(path, size)
            add_reevaluation(path)
            measure(path)  # warm: imports, the first connection
            dbs[size] = path
        results: dict[int, list[tuple[float, float, int]]] = {size: [] for size in dbs}
        for _ in range(args.runs):
            for size, path in dbs.items():
                results[size].append(measure(path))
    medians = {
        size: (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[0][2])
        for size, runs in results.items()
    }
    for size, (listed, counted, shown) in medians.items():
        print(f"{size:>7} patients: list of {shown} due {listed * 1000:7.1f} ms, count {counted * 1000:6.1f} ms")
    small, large = medians[args.small], medians[args.large]
    for name, i in (("list", 0), ("count", 1)):
        ratio = large[i] / small[i]
        print(f"{name}: {ratio:.2f}x ({'met' if ratio <= GOAL else 'NOT met'}: goal at most {GOAL}x)")


if __name__ == "__main__":
    main()

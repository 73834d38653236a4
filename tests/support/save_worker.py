"""Saves one plan again and again from its own process (driven by tests/storage/test_concurrent_saves.py).

Usage: python save_worker.py DB_URL DATA_DIR PLAN_ID NAME SAVES
Prints "ready" once the database is open, waits for a line on stdin (all workers start together),
then makes SAVES successful saves of the plan, reloading after each conflict the way the desktop
offers, and prints a JSON summary: saves, conflicts, busy and locked failures, revision numbers.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError

from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.errors import PlanConflict
from careplan.services.store import open_store
from careplan.storage.db import DatabaseBusy


def main() -> None:
    url, data_dir, plan_id_text, name, saves_text = sys.argv[1:6]
    plan_id, wanted = int(plan_id_text), int(saves_text)
    paths = AppPaths(Path(data_dir), Path(data_dir) / "config")
    store = open_store(url, paths, migrate=False)
    print("ready", flush=True)
    sys.stdin.readline()
    summary = {"saves": 0, "conflicts": 0, "busy": 0, "locked": 0, "numbers": []}
    with store.reads.begin() as s:
        record = plans.load_plan(s, plan_id)
    while summary["saves"] < wanted:
        edited = dataclasses.replace(record, plan=record.plan.replace(summary=f"{name} {summary['saves']}"))
        try:
            with store.sessions.begin() as s:
                record = plans.save_plan(s, edited, author=name)
        except PlanConflict:
            summary["conflicts"] += 1
            with store.reads.begin() as s:
                record = plans.load_plan(s, plan_id)
            continue
        except DatabaseBusy:
            summary["busy"] += 1
            continue
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            summary["locked"] += 1
            continue
        summary["saves"] += 1
        assert record.revision is not None
        summary["numbers"].append(record.revision.number)
    store.close()
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()

"""Imports and saves plans in a loop until it is killed (driven by tests/storage/test_crash_safety.py).

Usage: python crash_worker.py DB_URL DATA_DIR PLAN_FILE
Prints "ready" once the database is open, then one line after each commit.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from careplan.core.library import Library
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.store import open_store
from careplan.services.transfer import import_plan


def main() -> None:
    url, data_dir, plan_file = sys.argv[1:4]
    paths = AppPaths(Path(data_dir), Path(data_dir) / "config")
    paths.ensure()
    store = open_store(url, paths)
    data = Path(plan_file).read_bytes()
    library = Library(version="test")
    print("ready", flush=True)
    n = 0
    while True:
        with store.sessions.begin() as s:
            record = import_plan(s, data, library, "crash.json", "worker")
        print("imported", record.plan_id, flush=True)
        with store.sessions.begin() as s:
            loaded = plans.load_plan(s, record.plan_id)
            n += 1
            items = tuple(dataclasses.replace(i, title=f"{i.title[:150]} v{n}") for i in loaded.plan.interventions)
            plans.save_plan(s, dataclasses.replace(loaded, plan=loaded.plan.replace(interventions=items)), "worker")
        print("saved", record.plan_id, flush=True)


if __name__ == "__main__":
    main()

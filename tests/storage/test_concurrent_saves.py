"""Four desktops saving one plan at once on SQLite: every save waits its turn (BEGIN IMMEDIATE with a
busy timeout), none fails with "database is locked", and no revision is lost."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careplan.core.enums import Category
from careplan.core.model import Patient, Plan, PlanRecord
from careplan.paths import AppPaths
from careplan.services import plans
from careplan.services.store import open_store
from careplan.storage.db import sqlite_url

WORKER = Path(__file__).resolve().parents[1] / "support" / "save_worker.py"
PROCESSES = 4
SAVES = 150


@pytest.mark.slow
def test_four_processes_save_one_plan_150_times_each(app_paths: AppPaths) -> None:
    url = sqlite_url(app_paths.database)
    store = open_store(url, app_paths)
    try:
        with store.sessions.begin() as s:
            record = plans.create_plan(
                s, PlanRecord(Plan("Shared plan", Category.HAND), Patient("Ada", "Lovelace", dt.date(2010, 5, 1)))
            )
    finally:
        store.close()
    assert record.plan_id is not None
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(WORKER.parents[2]), str(WORKER.parents[1])])}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url, str(app_paths.data), str(record.plan_id), f"desk{i}", str(SAVES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(PROCESSES)
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read() if worker.stderr else ""
    for worker in workers:  # all start together
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    summaries = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    assert sum(s["locked"] for s in summaries) == 0
    assert sum(s["busy"] for s in summaries) == 0
    assert all(s["saves"] == SAVES for s in summaries)
    numbers = sorted(n for s in summaries for n in s["numbers"])
    assert numbers == list(range(2, 2 + PROCESSES * SAVES))  # every save its own revision, none lost
    store = open_store(url, app_paths)
    try:
        with store.reads.begin() as s:
            history = plans.list_revisions(s, record.plan_id)
            current = plans.load_plan(s, record.plan_id)
    finally:
        store.close()
    assert [r.number for r in history] == list(range(1, 2 + PROCESSES * SAVES))
    assert current.revision is not None and current.revision.number == 1 + PROCESSES * SAVES
    print(f"\n{PROCESSES} x {SAVES} saves: conflicts (reloaded) {sum(s['conflicts'] for s in summaries)}")

"""How long the desktop program takes to show a usable patient list, beside an empty Qt window.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--patients 10000]

Each figure is the median wall time of ``--runs`` fresh processes (offscreen),
from just before the process is started to the moment the window is shown with
the patient list filled (for the empty window: shown and its first events
processed).  Three cases: the empty PySide6 QMainWindow, Careplan on an empty
database, and Careplan on a database with ``--patients`` patients (one plan
or two each), seeded beforehand with bulk SQL (``scale_data.py``).  The goal is
at most 3x the empty window.  A first, untimed run of each case warms the disk
cache and makes the day's routine backup.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent

EMPTY_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 760)
window.show()
def ready():
    print("READY", __import__("time").time(), flush=True)
    window.close()
QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""

#: Not a window at all: only the libraries any start of Careplan must load (Qt widgets, pydantic for the
#: settings and the library, the SQLAlchemy ORM and Alembic's migration check).  The floor under the figures.
LIBRARIES_ONLY = """
import time
import PySide6.QtWidgets, pydantic, sqlalchemy.orm, alembic.runtime.migration
print("READY", time.time(), flush=True)
"""

CAREPLAN = """
import sys, time
from careplan.app import setup_logging
from careplan.cli import build_parser
from careplan.paths import AppPaths
from careplan.ui.application import run_gui
from PySide6.QtCore import QTimer

from careplan.ui.main_window import MainWindow
from PySide6.QtWidgets import QMainWindow

def shown(self, event):
    print("SHOWN", time.time(), flush=True)
    QMainWindow.showEvent(self, event)

MainWindow.showEvent = shown

def ready(window):
    # The list reads a page (200 rows) at a time.
    rows = window.patients.patient_model.rowCount()
    assert rows == min(int(sys.argv[1]), 200), rows
    print("READY", time.time(), flush=True)
    QTimer.singleShot(0, window.close)

paths = AppPaths.from_env()
setup_logging(paths)
sys.exit(run_gui(build_parser().parse_args([]), paths, on_ready=ready))
"""


def seed(data: Path, config: Path, patients: int) -> None:
    """A migrated database holding ``patients`` patients (see scale_data.py), or an empty one."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale_data import build

    from careplan.paths import AppPaths
    from careplan.services.store import open_store
    from careplan.settings import Settings, save_settings
    from careplan.storage.db import sqlite_url

    paths = AppPaths(data, config)
    paths.ensure()
    # A desktop a therapist has used before: their name is set, so the first-start question does not open.
    save_settings(config, Settings.model_validate({"therapist": {"name": "Jo Patel"}}))
    if patients:
        build(paths.database, patients)
    else:
        open_store(sqlite_url(paths.database), paths).close()


def run_once(code: str, env: dict[str, str], *args: str) -> tuple[float, float]:
    """Seconds from process start to (window shown, patient list usable)."""
    start = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120, cwd=TOP
    )
    marks = dict(line.split() for line in proc.stdout.splitlines() if line.startswith(("READY ", "SHOWN ")))
    if proc.returncode != 0 or "READY" not in marks:
        raise SystemExit(f"the benchmark process failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    ready = float(marks["READY"]) - start
    return float(marks.get("SHOWN", marks["READY"])) - start, ready


def measure(code: str, env: dict[str, str], runs: int, *args: str) -> tuple[float, float]:
    run_once(code, env, *args)  # warm-up, not counted
    times = [run_once(code, env, *args) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--patients", type=int, default=10_000)
    args = parser.parse_args()

    base = {k: v for k, v in os.environ.items() if k != "CAREPLAN_DB"}
    base["QT_QPA_PLATFORM"] = "offscreen"
    base["PYTHONPATH"] = str(TOP) + os.pathsep + base.get("PYTHONPATH", "")
    results: list[tuple[str, tuple[float, float]]] = []
    with tempfile.TemporaryDirectory(prefix="careplan-bench-") as tmp:
        results.append(("empty PySide6 QMainWindow", measure(EMPTY_WINDOW, base, args.runs)))
        floor = measure(LIBRARIES_ONLY, base, args.runs)[1]
        for label, count in (("Careplan, empty database", 0), (f"Careplan, {args.patients:,} patients", args.patients)):
            data, config = Path(tmp) / f"data-{count}", Path(tmp) / f"config-{count}"
            t0 = time.perf_counter()
            seed(data, config, count)
            seeded = time.perf_counter() - t0
            env = {**base, "CAREPLAN_DATA_DIR": str(data), "CAREPLAN_CONFIG_DIR": str(config)}
            results.append((label, measure(CAREPLAN, env, args.runs, str(count))))
            if count:
                print(f"(seeded {count:,} patients in {seeded:.2f} s)")
    empty = results[0][1][1]
    print(f"from process start, median of {args.runs}, offscreen:")
    print(f"  {'':<34} {'window shown':>12}  {'list usable':>11}  ratio")
    for label, (shown, ready) in results:
        print(f"  {label:<34} {shown * 1000:9.0f} ms  {ready * 1000:8.0f} ms  {ready / empty:4.1f}x the empty window")
    worst = max(ready for _label, (_shown, ready) in results[1:]) / empty
    print(
        f"  (importing Qt widgets, pydantic, the SQLAlchemy ORM and Alembic alone, no window: "
        f"{floor * 1000:.0f} ms, {floor / empty:.1f}x)"
    )
    verdict = "(met)" if worst <= 3.0 else "(NOT met)"
    print(f"goal: a usable list at most 3.0x the empty window; worst: {worst:.1f}x {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

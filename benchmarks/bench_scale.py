"""Does the cost of a screen grow with the number of patients?  1,000 against 100,000.

    .venv/bin/python benchmarks/bench_scale.py [--runs 5] [--small 1000] [--large 100000] [--keep DIR]

Builds two databases with ``scale_data.build`` (bulk SQL; 1-2 plans of ten items, three goals,
1-3 revisions per plan, carers, patient histories; Zipf-distributed names), then measures each
figure on both, alternating small and large run by run (paired runs), and prints medians, the
ratio large/small and, for each goal, "met" or "NOT met" (goal: at most 1.5x):

- start-up to a painted patient list, as a whole process (``run_gui`` offscreen, from before the
  process starts to the first paint of the list), and the process's peak memory
  (VmHWM of /proc/self/status: ru_maxrss survives exec, so it would report this benchmark's own peak);
- a search: typing a patient's family name into Find, a letter at a time (each letter's SQL query,
  model reset and paint), the whole name;
- opening a plan; a save in the window (Ctrl+S after an edit: the save, that patient's row and the
  reviews due read again); the reviews due read again;
- ``careplan list --json`` as a whole process, its time and peak memory (these grow with the data by
  nature: it prints every patient; its memory must not).

``--keep DIR`` keeps (and reuses) the databases in DIR: building 100,000 patients takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TOP = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(TOP), str(HERE)]

GOAL = 1.5
#: The patient whose family name the search types (the same person in both databases).
SEARCHED = 777

STARTUP = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from careplan.app import setup_logging
from careplan.cli import build_parser
from careplan.paths import AppPaths
from careplan.ui.application import run_gui

def ready(window):
    table = window.patients.patient_table
    QApplication.processEvents()
    table.viewport().repaint()  # the list painted
    rows = window.patients.patient_model.rowCount()
    mark = time.time()
    # VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child of this big benchmark process would
    # report the benchmark's own peak.
    rss = int(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
    print("READY", json.dumps({"t": mark, "rows": rows, "rss_kb": rss}), flush=True)
    QTimer.singleShot(0, window.close)

paths = AppPaths.from_env()
setup_logging(paths)
sys.exit(run_gui(build_parser().parse_args(["--db", sys.argv[1]]), paths, on_ready=ready))
"""


def build_databases(folder: Path, sizes: list[int]) -> dict[int, Path]:
    from scale_data import build

    out = {}
    for n in sizes:
        path = folder / f"patients-{n}" / "careplan.sqlite3"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            counts = build(path, n)
            print(
                f"built {n:,} patients ({counts['plans']:,} plans, {counts['revisions']:,} revisions) "
                f"in {time.perf_counter() - started:.1f} s, {path.stat().st_size / 1e6:,.0f} MB",
                flush=True,
            )
        out[n] = path
    return out


def env_for(path: Path) -> dict[str, str]:
    """The environment of a desktop a therapist has used before (their name is in the settings,
    so the first-start question does not open)."""
    from careplan.settings import save_settings, settings_from_dict

    save_settings(path.parent / "config", settings_from_dict({"therapist": {"name": "Jo Patel"}}))
    env = {k: v for k, v in os.environ.items() if k != "CAREPLAN_DB"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(TOP) + os.pathsep + env.get("PYTHONPATH", ""),
        CAREPLAN_DATA_DIR=str(path.parent / "data"),
        CAREPLAN_CONFIG_DIR=str(path.parent / "config"),
    )
    return env


def startup(path: Path) -> tuple[float, int, int]:
    """(seconds to the painted list, peak RSS in bytes at that moment, rows shown)."""
    url = f"sqlite+pysqlite:///{path}"
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", STARTUP, url],
        env=env_for(path),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=TOP,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("READY ")), None)
    if proc.returncode or line is None:
        raise SystemExit(f"start-up failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    mark = json.loads(line.split(" ", 1)[1])
    return mark["t"] - started, mark["rss_kb"] * 1024, mark["rows"]


def list_json(path: Path) -> tuple[float, int]:
    code = (
        "import sys\n"
        "from careplan.app import main\n"
        "code = main(['--db', sys.argv[1], 'list', '--json'])\n"
        "sys.stdout.flush()\n"
        "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "print(peak, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    started = time.time()
    with open(os.devnull, "w") as sink:
        proc = subprocess.run(
            [sys.executable, "-c", code, f"sqlite+pysqlite:///{path}"],
            env=env_for(path),
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            cwd=TOP,
        )
    elapsed = time.time() - started
    if proc.returncode:
        raise SystemExit(f"list --json failed:\n{proc.stderr}")
    return elapsed, int(proc.stderr.strip().splitlines()[-1]) * 1024


class Window:
    """A real main window over one database, in this process (offscreen)."""

    def __init__(self, path: Path, library: Any) -> None:
        from careplan.paths import AppPaths
        from careplan.services.store import open_store
        from careplan.settings import settings_from_dict
        from careplan.ui.main_window import MainWindow
        from careplan.ui.ops import Ops
        from careplan.ui.state import WindowState

        self.paths = AppPaths(path.parent / "inproc-data", path.parent / "inproc-config")
        self.paths.ensure()
        self.store = open_store(f"sqlite+pysqlite:///{path}", self.paths)
        self.window = MainWindow(
            ops=Ops(self.store, self.paths.log_file),
            paths=self.paths,
            settings=settings_from_dict({"therapist": {"name": "Jo Patel"}}),  # no first-start question
            shipped=library,
            state=WindowState(self.paths.config),
        )
        self.window.resize(1280, 760)
        self.window.show()
        self.window.reload_library()
        self.window.patients.reload_lists()
        from careplan.services.plans import load_patient, patient_summary

        with self.store.reads.begin() as s:
            self.family = load_patient(s, SEARCHED).family_name
            self.plan_id = patient_summary(s, SEARCHED).plans[0].plan_id

    def paint(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        self.window.patients.patient_table.viewport().repaint()

    def search(self) -> float:
        w = self.window
        w.patients.search.clear()
        self.paint()
        started = time.perf_counter()
        for i in range(1, len(self.family) + 1):
            w.patients.search.setText(self.family[:i])
            w.patients._search_timer.stop()
            w.patients._apply_search()
            self.paint()
        elapsed = time.perf_counter() - started
        from careplan.services.plans import PatientSummary

        shown = [w.patients.patient_proxy.index(r, 0).data(256) for r in range(w.patients.patient_proxy.rowCount())]
        assert any(isinstance(p, PatientSummary) and p.id == SEARCHED for p in shown), "the patient was not found"
        w.patients.search.clear()
        self.paint()
        return elapsed

    def open_plan(self) -> float:
        w = self.window
        w.session.close_plan()
        self.paint()
        started = time.perf_counter()
        assert w.open_plan(self.plan_id)
        self.paint()
        return time.perf_counter() - started

    def save(self, n: int) -> float:
        w = self.window
        if not w.has_plan:
            w.open_plan(self.plan_id)
        from careplan.ui.editor.editor import PlanEditorWidget

        editor = w.editor
        assert isinstance(editor, PlanEditorWidget), "the benchmark edits through the real editor"
        editor.document.edit(editor.plan().replace(summary=f"Saved in the benchmark, {n}"), "Summary")
        started = time.perf_counter()
        assert w.save()
        self.paint()
        return time.perf_counter() - started

    def reviews(self) -> float:
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        started = time.perf_counter()
        self.window.patients.reload_reviews()
        while self.window.patients.reviews_pending:  # read in the background: until they are shown
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        self.paint()
        return time.perf_counter() - started

    def close(self) -> None:
        self.window.session.close_plan()
        self.window.close()
        self.store.close()


def paired(fn: Any, small: Any, large: Any, runs: int) -> tuple[float, float]:
    a, b = [], []
    for i in range(runs):
        if i % 2:
            b.append(fn(large, i))
            a.append(fn(small, i))
        else:
            a.append(fn(small, i))
            b.append(fn(large, i))
    return statistics.median(a), statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the databases in this folder")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

    with tempfile.TemporaryDirectory(prefix="careplan-bench-scale-", dir=TOP) as tmp:
        folder = args.keep or Path(tmp)
        dbs = build_databases(folder, [args.small, args.large])
        small, large = dbs[args.small], dbs[args.large]
        rows: list[tuple[str, float, float, str, bool]] = []

        # Whole processes.  A first, untimed start of each makes the day's backup and warms the disk cache.
        for path in (small, large):
            startup(path)
            list_json(path)
        starts: dict[Path, list[tuple[float, int, int]]] = {small: [], large: []}
        for i in range(args.runs):
            for path in (small, large) if i % 2 == 0 else (large, small):
                starts[path].append(startup(path))
        s_t = statistics.median(t for t, _rss, _rows in starts[small])
        l_t = statistics.median(t for t, _rss, _rows in starts[large])
        rows.append(("start-up to a painted list", s_t * 1000, l_t * 1000, "ms", True))
        s_m = statistics.median(rss for _t, rss, _rows in starts[small])
        l_m = statistics.median(rss for _t, rss, _rows in starts[large])
        rows.append(("peak memory at start-up", s_m / 2**20, l_m / 2**20, "MiB", True))

        list_runs: dict[Path, list[tuple[float, int]]] = {small: [], large: []}
        for i in range(args.runs):
            for path in (small, large) if i % 2 == 0 else (large, small):
                list_runs[path].append(list_json(path))
        rows.append(
            (
                "careplan list --json (time)",
                statistics.median(t for t, _m in list_runs[small]) * 1000,
                statistics.median(t for t, _m in list_runs[large]) * 1000,
                "ms",
                False,
            )
        )
        rows.append(
            (
                "careplan list --json (peak memory)",
                statistics.median(m for _t, m in list_runs[small]) / 2**20,
                statistics.median(m for _t, m in list_runs[large]) / 2**20,
                "MiB",
                True,
            )
        )

        # In this process: two real windows side by side.
        from PySide6.QtWidgets import QApplication

        from careplan.catalog import load_library

        app = QApplication.instance() or QApplication(sys.argv[:1])
        library = load_library()
        windows = {small: Window(small, library), large: Window(large, library)}
        try:
            for fn in (Window.search, Window.open_plan, Window.reviews):
                fn(windows[small]), fn(windows[large])  # warm-up
            s, l_ = paired(lambda p, _i: windows[p].search(), small, large, args.runs * 2)
            rows.append(
                (f"a search (typing a {len(windows[large].family)}-letter name)", s * 1000, l_ * 1000, "ms", True)
            )
            s, l_ = paired(lambda p, _i: windows[p].open_plan(), small, large, args.runs * 2)
            rows.append(("opening a plan", s * 1000, l_ * 1000, "ms", False))
            s, l_ = paired(lambda p, i: windows[p].save(i), small, large, args.runs * 4)
            rows.append(("a save in the window", s * 1000, l_ * 1000, "ms", True))
            s, l_ = paired(lambda p, _i: windows[p].reviews(), small, large, args.runs * 4)
            rows.append(("reviews due", s * 1000, l_ * 1000, "ms", True))
        finally:
            for w in windows.values():
                w.close()
            app.processEvents()

    print()
    print(f"{args.small:,} against {args.large:,} patients; medians of paired runs ({args.runs} per whole process)")
    print(f"  {'':<42} {args.small:>10,} {args.large:>10,}   ratio  goal <= {GOAL}x")
    verdicts = []
    for label, a, b, unit, goal in rows:
        ratio = b / a if a else float("inf")
        verdict = ("met" if ratio <= GOAL else "NOT met") if goal else ""
        if goal:
            verdicts.append(verdict == "met")
        print(f"  {label:<42} {a:>7.1f} {unit:<3}{b:>7.1f} {unit:<3} {ratio:5.2f}x  {verdict}")
    print(f"goals met: {sum(verdicts)} of {len(verdicts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

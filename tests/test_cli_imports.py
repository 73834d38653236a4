"""What a command loads: the speed of ``careplan handout`` as a process, guarded without timing it.

Each check runs the real program in a fresh Python process and looks at ``sys.modules`` (and
ReportLab's registered fonts) when the command has finished.  A module listed here as absent
costs a user time on every run (``benchmarks/bench_handout.py`` measures how much).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from careplan.cli import EXIT_OK
from careplan.paths import AppPaths

from support.db import example_document
from test_cli import Run

#: Runs one command as ``python -m careplan`` does, then reports what it left loaded.
PROBE = """
import json, sys
from careplan.app import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
modules = sorted(sys.modules)
fonts = []
if "reportlab.pdfbase.pdfmetrics" in sys.modules:
    fonts = sorted(sys.modules["reportlab.pdfbase.pdfmetrics"].getRegisteredFontNames())
loader = sys.modules.get("pydantic.plugin._loader")
scanned = loader is not None and loader._plugins is not None  # installed packages searched for plugins
print(json.dumps({"code": code, "modules": modules, "fonts": fonts, "plugins_scanned": scanned}))
"""

#: Never loaded by a command-line command: the desktop program's toolkit and screens.
DESKTOP = ("PySide6", "shiboken6", "careplan.ui")


def loaded(*args: str) -> tuple[int, set[str], set[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    # No pydantic plugin sees a plan being checked, and none is searched for (see careplan.app.main).
    assert report["plugins_scanned"] is False
    return report["code"], set(report["modules"]), set(report["fonts"])


def under(modules: set[str], package: str) -> set[str]:
    return {m for m in modules if m == package or m.startswith(package + ".")}


def test_a_handout_loads_neither_the_desktop_nor_the_library_files_nor_unneeded_fonts(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    target = run.tmp / "family.pdf"
    args = ("handout", str(plan_id), "--for", "family", "-o", str(target))

    shutil.rmtree(AppPaths.from_env().cache)  # the import above made it
    (run.config / "settings.json").write_text('{"clinic": {"name": "Northside"}}', encoding="utf-8")  # checked, kept
    code, first, _ = loaded(*args)  # without a cache the library files are read, checked and cached
    assert code == EXIT_OK
    assert "careplan.catalog.loader" in first

    code, modules, fonts = loaded(*args)
    assert code == EXIT_OK and target.read_bytes().startswith(b"%PDF")
    for package in DESKTOP:
        assert not under(modules, package), f"a handout loads {package}"
    # The checked library comes from the cache: no TOML parsing, no pydantic library schema.
    assert not {"tomllib", "careplan.catalog.loader", "careplan.catalog.schema"} & modules
    # The stored plan is read without pydantic (planfile.reading), the unchanged settings file comes checked
    # from the cache (careplan.settings): no pydantic at all.
    assert not under(modules, "pydantic") and not under(modules, "pydantic_core")
    # The plan is read from the plain SQLite file with sqlite3 (services.quick_handout): no SQLAlchemy, no
    # Alembic, no ORM models; a fifth of a second a bare ReportLab script does not spend.
    for package in ("sqlalchemy", "alembic", "careplan.storage.models", "careplan.services.store"):
        assert not under(modules, package), f"a handout of a plain SQLite database loads {package}"
    # The stored plan is read as Careplan wrote it (planfile.reading): not checked again by the plan file's
    # schema; and what only assessments, lists and the revision history need is not loaded.
    for module in (
        "careplan.planfile.schema",
        "careplan.core.assessments",
        "careplan.core.summaries",
        "careplan.core.history",
    ):
        assert module not in modules, f"a handout loads {module}"
    # The family handout of a plan in Latin letters is set in DejaVu Sans alone: the 8.7 MB of
    # Chinese, Japanese and Korean fallbacks are not parsed.
    assert "DejaVuSans" in fonts
    assert not {"DroidSansFallback", "NanumGothic"} & fonts
    # ... and the print is still recorded.
    code, out, err = run("audit", str(plan_id), "--json")
    assert code == EXIT_OK, err
    events = json.loads(out)["events"]
    assert [e["detail"] for e in events if e["action"] == "exported"] == ["family handout (PDF)"] * 2


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("handout", "--help")])
def test_help_and_version_load_no_database_forms_or_pdf_code(args: tuple[str, ...]) -> None:
    code, modules, _ = loaded(*args)
    assert code == EXIT_OK
    for package in (*DESKTOP, "sqlalchemy", "pydantic", "reportlab", "careplan.storage", "careplan.planfile"):
        assert not under(modules, package), f"'careplan {' '.join(args)}' loads {package}"


def test_a_clinician_summary_is_made_through_the_store(run: Run) -> None:
    """Its revision history is a query of the store's: the light path steps aside, and the summary is made."""
    plan_id = run.import_ok(example_document())
    target = run.tmp / "clinician.pdf"
    code, modules, _ = loaded("handout", str(plan_id), "--for", "clinician", "-o", str(target))
    assert code == EXIT_OK and target.read_bytes().startswith(b"%PDF")
    assert "sqlalchemy" in modules and "careplan.services.store" in modules

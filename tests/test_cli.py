"""The command line contract (DESIGN.md): commands, exit status, messages, nothing changed on failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from careplan import app
from careplan.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK

from support.db import FIXTURES, doc_bytes, example_document, pg_url_or_skip, reset_pg
from support.plans import full_document

ROOT = Path(__file__).resolve().parents[1]


class Run:
    """Runs ``careplan ARGS`` in-process with its own data folder; keeps stdout, stderr and status."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = tmp_path / "data"
        self.config = tmp_path / "config"
        monkeypatch.setenv("CAREPLAN_DATA_DIR", str(self.data))
        monkeypatch.setenv("CAREPLAN_CONFIG_DIR", str(self.config))
        monkeypatch.delenv("CAREPLAN_DB", raising=False)
        # The therapist has named themselves (tests/test_audit.py checks the commands without a name).
        monkeypatch.setenv("CAREPLAN_THERAPIST", "Jo Patel")
        self.capsys = capsys
        self.tmp = tmp_path

    def __call__(self, *args: str) -> tuple[int, str, str]:
        try:
            code = app.main(list(args))
        except SystemExit as exc:  # argparse: bad arguments
            code = exc.code if isinstance(exc.code, int) else EXIT_FAILURE
        out, err = self.capsys.readouterr()
        return code, out, err

    def write(self, name: str, doc: Any) -> Path:
        path = self.tmp / name
        path.write_bytes(doc if isinstance(doc, bytes) else doc_bytes(doc))
        return path

    def import_ok(self, doc: Any, *extra: str) -> int:
        code, out, err = self(*extra, "import", str(self.write("plan.json", doc)))
        assert code == EXIT_OK, err
        return int(out.strip().splitlines()[-1])


def test_import_prints_the_id_last_and_export_round_trips(run: Run) -> None:
    plan_id = run.import_ok(full_document())
    out_file = run.tmp / "out.json"
    code, _, err = run("export", str(plan_id), "-o", str(out_file))
    assert code == EXIT_OK, err
    second = run.import_ok(json.loads(out_file.read_text(encoding="utf-8")))
    again = run.tmp / "again.json"
    assert run("export", str(second), "-o", str(again))[0] == EXIT_OK
    assert out_file.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")


def test_fixtures_import_or_are_refused_as_named(run: Run) -> None:
    code, out, err = run("import", str(FIXTURES / "example-plan.json"))
    assert code == EXIT_OK and out.strip().isdigit() and err == ""
    for bad in sorted((FIXTURES / "bad").iterdir()):
        code, out, err = run("import", str(bad))
        assert code == EXIT_BAD_INPUT, bad.name
        assert out == ""
        assert err.count("\n") == 1 and "Traceback" not in err
        assert bad.name in err
    code, out, _ = run("list", "--json")
    assert len(json.loads(out)["patients"][0]["plans"]) == 1


def test_reps_zero_message_names_the_field(run: Run) -> None:
    code, _, err = run("import", str(FIXTURES / "bad" / "reps-zero.json"))
    assert code == EXIT_BAD_INPUT
    assert "plan.interventions[0].dosage.reps: must be between 1 and 200 (got 0)" in err


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        ('{"format": "careplan-plan", "x": "é"}'.encode("latin-1"), "not UTF-8"),
        (doc_bytes({**example_document(), "format_version": 7}), "newer version of Careplan"),
        (doc_bytes(example_document()).replace(b'"reps": 5', b'"reps": NaN'), "NaN"),
        (doc_bytes(example_document()).replace(b'"2027-02-19"', b'"19/02/2027"', 1), "plan.review_date"),
    ],
    ids=["empty", "not json", "latin-1", "newer version", "NaN", "date format"],
)
def test_bad_files_exit_2_and_change_nothing(run: Run, data: bytes, words: str) -> None:
    run.import_ok(example_document())
    before = run("list", "--json")[1]
    code, out, err = run("import", str(run.write("bad.json", data)))
    assert code == EXIT_BAD_INPUT
    assert words in err and "Traceback" not in err and out == ""
    assert run("list", "--json")[1] == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["import", "/no/such/file.json"], "no such file"),
        (["export", "999", "-o", "x.json"], "no plan with id 999"),
        (["export", "abc", "-o", "x.json"], "whole number"),
        (["check", "0"], "positive"),
        (["handout", "1", "--for", "neighbour", "-o", "x.pdf"], "invalid choice"),
        (["catalog", "--category", "elbow"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
        (["export", "1"], "required"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(run: Run, args: list[str], words: str) -> None:
    code, _, err = run(*args)
    assert code == EXIT_BAD_INPUT
    assert words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_import_a_folder_is_refused(run: Run) -> None:
    code, _, err = run("import", str(run.tmp))
    assert code == EXIT_BAD_INPUT and "folder" in err


def test_export_to_a_missing_folder_writes_nothing(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    target = run.tmp / "nowhere" / "plan.json"
    code, _, err = run("export", str(plan_id), "-o", str(target))
    assert code == EXIT_BAD_INPUT and "Could not write" in err and "Nothing was written" in err
    assert not target.parent.exists()


def test_list_table_and_json(run: Run) -> None:
    code, out, _ = run("list")
    assert code == EXIT_OK and "No patients yet" in out
    plan_id = run.import_ok(example_document())
    code, out, _ = run("list")
    assert "Amira Okafor" in out and str(plan_id) in out and "Dystonic cerebral palsy" in out
    listed = json.loads(run("list", "--json")[1])
    assert listed["patients"][0]["family_name"] == "Okafor"
    assert listed["patients"][0]["plans"][0] == {
        "id": plan_id,
        "title": "Postural management and school participation",
        "category": "dystonic_cp",
        "review_date": "2027-02-19",
        "revision": 1,
    }


def test_unexpected_failure_exits_1_and_names_the_log(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.import_ok(example_document())

    def explode(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr("careplan.services.plans.iter_patients", explode)
    code, out, err = run("list")
    assert code == EXIT_FAILURE and out == ""
    assert "Traceback" not in err and "unexpected problem" in err
    log_file = run.data / "logs" / "careplan.log"
    assert str(log_file) in err
    logged = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: disk controller on fire" in logged
    assert "Amira" not in logged and "Okafor" not in logged  # names are never logged


def test_db_option_and_environment(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    other = run.tmp / "other.sqlite3"
    plan_id = run.import_ok(example_document(), "--db", f"sqlite:///{other}")
    assert other.exists()
    assert run("list", "--json")[1].count('"id"') == 0  # the default database holds nothing
    monkeypatch.setenv("CAREPLAN_DB", f"sqlite:///{other}")
    listed = json.loads(run("list", "--json")[1])
    assert listed["patients"][0]["plans"][0]["id"] == plan_id


def test_unreachable_database_is_a_plain_error(run: Run) -> None:
    code, _, err = run("--db", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "list")
    assert code == EXIT_BAD_INPUT and "cannot open the database" in err and "pw@" not in err


@pytest.mark.postgres
def test_cli_against_postgres(run: Run) -> None:
    url = pg_url_or_skip()
    reset_pg(url)
    plan_id = run.import_ok(full_document(), "--db", url)
    target = run.tmp / "pg.json"
    assert run("--db", url, "export", str(plan_id), "-o", str(target))[0] == EXIT_OK
    assert json.loads(target.read_text(encoding="utf-8"))["patient"]["given_name"] == "Łukasz"


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, str(ROOT / "main.py")],
        [sys.executable, "-m", "careplan"],
        [shutil.which("careplan") or str(Path(sys.executable).parent / "careplan")],
    ],
    ids=["main.py", "python -m careplan", "console script"],
)
def test_entry_points_run_the_same_program(command: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "CAREPLAN_DATA_DIR": str(tmp_path / "d"), "CAREPLAN_CONFIG_DIR": str(tmp_path / "c")}
    env.pop("CAREPLAN_DB", None)
    done = subprocess.run([*command, "list", "--json"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"patients": []}
    bad = subprocess.run([*command, "import", "nope.json"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_list_streams_and_a_reader_that_stops_early_is_no_failure(tmp_path: Path) -> None:
    """``careplan list --json | head``: the list is written as it is read, and when the reader stops,
    the command ends quietly (no "unexpected problem", no traceback)."""
    import datetime as dt

    from careplan.core.enums import Category
    from careplan.core.model import Patient, Plan, PlanRecord
    from careplan.paths import AppPaths
    from careplan.services.plans import create_plan
    from careplan.services.store import open_store
    from careplan.storage.db import sqlite_url

    paths = AppPaths(tmp_path / "d", tmp_path / "c")
    paths.ensure()
    store = open_store(sqlite_url(paths.database), paths)
    try:
        with store.sessions.begin() as s:
            for i in range(600):  # about 150 kB of JSON: more than a pipe holds
                patient = Patient(f"Given{i}", f"Family{i}", dt.date(2010, 1, 1))
                create_plan(s, PlanRecord(Plan(f"Plan {i}", Category.HAND), patient))
    finally:
        store.close()
    env = {**os.environ, "CAREPLAN_DATA_DIR": str(paths.data), "CAREPLAN_CONFIG_DIR": str(paths.config)}
    env.pop("CAREPLAN_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "careplan", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"{\n"
    proc.stdout.close()  # the reader goes away, as `head -1` does
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == EXIT_OK, err
    assert err == ""

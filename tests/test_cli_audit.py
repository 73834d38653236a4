"""Who did what, from the command line: a name for everything recorded, never the login; ``careplan audit``."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.settings import save_settings, settings_from_dict

from support.db import example_document, pg_url_or_skip, reset_pg
from test_cli import ROOT, Run

#: The computer's login in these tests: it must never be what is recorded.
LOGIN = "loginmarker"
MARKER = "Zqxmarker"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    runner = Run(tmp_path, monkeypatch, capsys)
    monkeypatch.delenv("CAREPLAN_THERAPIST")
    for name in ("USER", "LOGNAME", "USERNAME", "LNAME"):
        monkeypatch.setenv(name, LOGIN)
    return runner


def _audit_rows(run: Run) -> list[tuple[object, ...]]:
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        return db.execute(
            "SELECT who, role, action, plan_id, revision, detail FROM audit_events ORDER BY id"
        ).fetchall()


def _whole_database(run: Run) -> str:
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        return repr([db.execute(f"SELECT * FROM {t}").fetchall() for t in ("plans", "plan_revisions", "audit_events")])


def test_recorded_commands_without_a_name_are_refused_and_change_nothing(run: Run) -> None:
    plan = run.write("plan.json", example_document())
    code, out, err = run("import", str(plan))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.count("\n") == 1 and "no therapist name is set" in err and '--as "Your Name"' in err
    assert "Settings" in err and "CAREPLAN_THERAPIST" in err
    assert not (run.data / "careplan.sqlite3").exists() or _audit_rows(run) == []
    plan_id = run.import_ok(example_document(), "--as", "Jo Patel")
    before = _whole_database(run)
    for args in (
        ["export", str(plan_id), "-o", str(run.tmp / "x.json")],
        ["handout", str(plan_id), "--for", "family", "-o", str(run.tmp / "x.pdf")],
    ):
        code, out, err = run(*args)
        assert code == EXIT_BAD_INPUT and "no therapist name is set" in err, args
    assert not (run.tmp / "x.json").exists() and not (run.tmp / "x.pdf").exists()
    assert _whole_database(run) == before
    # Reading commands need no name.
    assert run("list")[0] == EXIT_OK
    assert run("check", str(plan_id))[0] == EXIT_OK
    assert run("audit")[0] == EXIT_OK


def test_every_recorded_command_records_the_therapist_never_the_login(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_settings(run.config, settings_from_dict({"therapist": {"name": "Amaka Eze", "role": "Physiotherapist"}}))
    plan_id = run.import_ok(example_document())
    assert run("export", str(plan_id), "-o", str(run.tmp / "a.json"))[0] == EXIT_OK
    assert run("--as", "Sam Lee", "handout", str(plan_id), "--for", "school", "-o", str(run.tmp / "a.pdf"))[0] == 0
    monkeypatch.setenv("CAREPLAN_THERAPIST", "Ola Nowak")
    code, _, err = run("handout", str(plan_id), "--for", "family", "--large-print", "-o", str(run.tmp / "b.pdf"))
    assert code == EXIT_OK, err
    assert _audit_rows(run) == [
        ("Amaka Eze", "Physiotherapist", "imported", plan_id, 1, "plan file"),
        ("Amaka Eze", "Physiotherapist", "exported", plan_id, 1, "plan file"),
        ("Sam Lee", None, "exported", plan_id, 1, "school handout (PDF)"),
        ("Ola Nowak", None, "exported", plan_id, 1, "family (large print) handout (PDF)"),
    ]
    assert LOGIN not in _whole_database(run)
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        authors = {r[0] for r in db.execute("SELECT author FROM plan_revisions")}
    assert authors == {"Amaka Eze"}


def test_a_name_with_a_control_character_is_refused(run: Run) -> None:
    code, _, err = run("--as", "Jo\x1b[2J", "import", str(run.write("p.json", example_document())))
    assert code == EXIT_BAD_INPUT and "control character" in err and "\x1b" not in err


def test_audit_text_and_json(run: Run) -> None:
    first = run.import_ok(example_document(), "--as", "Jo Patel")
    doc = example_document()
    doc["patient"]["given_name"] = "Other"
    second = run.import_ok(doc, "--as", "Sam Lee")
    assert run("--as", "Jo Patel", "export", str(first), "-o", str(run.tmp / "f.json"))[0] == EXIT_OK

    code, out, err = run("audit")
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert lines[0].split() == [
        "When",
        "Who",
        "Role",
        "Action",
        "Plan",
        "Patient",
        "Rev",
        "Detail",
        "Computer",
        "(database",
        "role)",
    ]
    assert [line.split()[3:5] for line in lines[2:]] == [
        ["Patel", "exported"],
        ["Lee", "imported"],
        ["Patel", "imported"],
    ]
    # Local time, to the minute: within a minute or two of now on this computer.
    shown = dt.datetime.strptime(lines[2][:16], "%Y-%m-%d %H:%M")
    assert abs(dt.datetime.now() - shown) < dt.timedelta(minutes=2)

    code, out, _ = run("audit", str(first), "--json")
    events = json.loads(out)["events"]
    assert [(e["who"], e["action"], e["plan_id"], e["detail"]) for e in events] == [
        ("Jo Patel", "exported", first, "plan file"),
        ("Jo Patel", "imported", first, "plan file"),
    ]
    assert set(events[0]) == {
        "id",
        "at",
        "who",
        "role",
        "action",
        "patient_id",
        "plan_id",
        "revision",
        "detail",
        "computer",
        "database_role",
    }
    assert dt.datetime.fromisoformat(events[0]["at"]).utcoffset() == dt.timedelta(0)
    patient = events[0]["patient_id"]
    code, out, _ = run("audit", "--patient", str(patient), "--json", "--limit", "1")
    assert [e["plan_id"] for e in json.loads(out)["events"]] == [first]
    code, out, _ = run("audit", "999")
    assert (code, out) == (EXIT_OK, "No activity recorded for this plan.\n")
    code, out, _ = run("audit", str(second), "--json")
    assert [e["who"] for e in json.loads(out)["events"]] == ["Sam Lee"]


def test_audit_rows_and_the_log_hold_no_clinical_content(run: Run) -> None:
    doc = example_document()
    doc["patient"]["given_name"] = f"{MARKER}given"
    doc["patient"]["family_name"] = f"{MARKER}family"
    doc["plan"]["title"] = f"{MARKER} title"
    doc["plan"]["clinical_notes"] = f"{MARKER} notes"
    plan_file = run.write(f"{MARKER}-plan.json", doc)
    code, out, err = run("--as", "Jo Patel", "import", str(plan_file))
    assert code == EXIT_OK, err
    plan_id = out.strip()
    pdf = run.tmp / f"{MARKER} handout.pdf"
    assert run("--as", "Jo Patel", "handout", plan_id, "--for", "clinician", "-o", str(pdf))[0] == EXIT_OK
    assert run("--as", "Jo Patel", "export", plan_id, "-o", str(run.tmp / f"{MARKER}.json"))[0] == EXIT_OK
    code, out, _ = run("audit", "--json")
    assert len(json.loads(out)["events"]) == 3
    assert MARKER not in out
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        assert MARKER not in repr(db.execute("SELECT * FROM audit_events").fetchall())
    log_text = "".join(p.read_text("utf-8") for p in (run.data / "logs").glob("*.log*"))
    assert "imported plan" in log_text and MARKER not in log_text


def test_a_read_that_cannot_be_recorded_warns_and_keeps_the_file(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = run.import_ok(example_document(), "--as", "Jo Patel")
    monkeypatch.setattr("careplan.services.audit.record_read", lambda *a, **k: False)
    code, _, err = run("--as", "Jo Patel", "export", str(plan_id), "-o", str(run.tmp / "kept.json"))
    assert code == EXIT_OK
    assert err.startswith(
        "careplan export: warning: This was done, but Careplan could not write it to the activity log"
    )
    assert (run.tmp / "kept.json").exists()


def test_the_login_is_never_used_in_a_real_process(tmp_path: Path) -> None:
    """A separate ``python -m careplan``, as a user runs it, with the login set to a marker."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "CAREPLAN_DATA_DIR": str(tmp_path / "data"),
        "CAREPLAN_CONFIG_DIR": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "USER": LOGIN,
        "LOGNAME": LOGIN,
    }
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(example_document()), encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "careplan", "import", str(plan)], env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode == EXIT_BAD_INPUT and "no therapist name" in refused.stderr
    done = subprocess.run(
        [sys.executable, "-m", "careplan", "import", str(plan)],
        env={**env, "CAREPLAN_THERAPIST": "Jo Patel"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    with sqlite3.connect(tmp_path / "data" / "careplan.sqlite3") as db:
        rows = db.execute("SELECT who FROM audit_events UNION ALL SELECT author FROM plan_revisions").fetchall()
    assert rows == [("Jo Patel",), ("Jo Patel",)]


@pytest.mark.postgres
def test_on_postgresql_the_database_role_is_recorded(run: Run) -> None:
    url = pg_url_or_skip()
    reset_pg(url)
    plan_id = run.import_ok(example_document(), "--db", url, "--as", "Jo Patel")
    assert run("--db", url, "--as", "Jo Patel", "export", str(plan_id), "-o", str(run.tmp / "p.json"))[0] == 0
    _, out, _ = run("--db", url, "audit", "--json")
    events = json.loads(out)["events"]
    assert [(e["who"], e["action"], e["database_role"]) for e in events] == [
        ("Jo Patel", "exported", "careplan"),
        ("Jo Patel", "imported", "careplan"),
    ]
    _, out, _ = run("--db", url, "audit")
    assert out.splitlines()[2].endswith(" as careplan")
    reset_pg(url)


def test_a_light_handout_that_cannot_be_recorded_warns_and_keeps_the_pdf(run: Run) -> None:
    """The family handout of a plain SQLite file is read and recorded with sqlite3 (``storage.light``): an
    activity log that cannot take the row is the same warning, and the handout stands."""
    plan_id = run.import_ok(example_document(), "--as", "Jo Patel")
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        db.execute("CREATE TRIGGER no_more BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'full'); END")
    db.close()
    pdf = run.tmp / "family.pdf"
    code, _, err = run("--as", "Jo Patel", "handout", str(plan_id), "--for", "family", "-o", str(pdf))
    assert code == EXIT_OK
    assert err.startswith(
        "careplan handout: warning: This was done, but Careplan could not write it to the activity log"
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        assert [r[0] for r in db.execute("SELECT action FROM audit_events")] == ["imported"]
    db.close()

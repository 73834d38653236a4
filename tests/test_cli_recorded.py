"""``careplan recorded`` and ``careplan assessment|injection change|delete ID``: a mistyped assessment or
injection corrected from a JSON file (the object format ``careplan assess`` reads), or one recorded on
the wrong patient deleted, each written with its audit event naming who did it.  A missing id, a bad
file, a stale ``--if-version`` or no name: one line on stderr, exit 2, the database unchanged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from test_cli import Run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "fixtures" / "assessment" / "review-2026-11.json"
INJECTION = {"date": "2026-10-02", "muscles": "left gastrocnemius", "given_by": "Dr Ahmed", "dose": "100 units"}


def _example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _everything(run: Run) -> list[tuple[Any, ...]]:
    """Every assessment and injection row and every audit event, as the database file holds them."""
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        return (
            db.execute("SELECT * FROM assessments ORDER BY id").fetchall()
            + db.execute("SELECT * FROM injections ORDER BY id").fetchall()
            + db.execute("SELECT * FROM audit_events ORDER BY id").fetchall()
        )


def _last_event(run: Run) -> tuple[Any, ...]:
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        found: tuple[Any, ...] = db.execute(
            "SELECT who, action, detail, plan_id, patient_id FROM audit_events ORDER BY id DESC"
        ).fetchone()
    return found


def _seeded(run: Run) -> tuple[int, int, int]:
    """A plan whose file carried one injection, and an assessment added to it: (plan, assessment, injection) ids."""
    document = example_document() | {"format_version": 2, "injections": [INJECTION]}
    plan_id = run.import_ok(document)
    code, out, err = run("assess", str(plan_id), "--from", str(EXAMPLE))
    assert code == EXIT_OK, err
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        (injection_id,) = db.execute("SELECT id FROM injections").fetchone()
    return plan_id, int(out.strip().splitlines()[-1]), injection_id


def _file(run: Run, doc: Any, name: str = "change.json") -> Path:
    path = run.tmp / name
    path.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode("utf-8"))
    return path


def test_recorded_lists_the_plans_assessments_and_injections_with_ids_and_dates(run: Run) -> None:
    plan_id, assessment_id, injection_id = _seeded(run)
    code, out, err = run("recorded", str(plan_id))
    assert code == EXIT_OK, err
    lines = out.splitlines()
    assert lines[0].split() == ["Kind", "Id", "Ver", "Date", "By", "Plan", "Rev"]
    assert lines[2].split() == ["injection", str(injection_id), "1", "2026-10-02", "Dr", "Ahmed"]
    assert lines[3].split() == ["assessment", str(assessment_id), "1", "2026-11-27", "Jo", "Patel", str(plan_id), "1"]
    code, out, err = run("recorded", "--patient", "1", "--json")
    assert code == EXIT_OK, err
    assert [(r["kind"], r["id"], r["date"]) for r in json.loads(out)["recorded"]] == [
        ("injection", injection_id, "2026-10-02"),
        ("assessment", assessment_id, "2026-11-27"),
    ]


def test_recorded_needs_a_plan_or_a_patient_and_says_when_there_is_nothing(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    assert run("recorded", str(plan_id))[1] == "No assessments or injections recorded for this plan.\n"
    code, out, err = run("recorded")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == "careplan recorded: Give a plan id or --patient ID ('careplan list' shows both), not both.\n"
    code, _out, err = run("recorded", "999")
    assert code == EXIT_BAD_INPUT and err.startswith("careplan recorded: There is no plan with id 999.")


def test_an_assessment_is_changed_from_a_file_keeping_its_plan_link_and_the_change_is_recorded(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id, assessment_id, _injection_id = _seeded(run)
    corrected = _example() | {"pain": [{"score": 4, "scale": "faces", "site": "left hip"}]}
    monkeypatch.setenv("CAREPLAN_THERAPIST", "Sam Lee")
    code, out, err = run("assessment", "change", str(assessment_id), "--from", str(_file(run, corrected)))
    assert (code, err) == (EXIT_OK, "")
    assert out == f"Changed the assessment {assessment_id} of 2026-11-27 (now version 2).\n"
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        row = db.execute("SELECT plan_id, plan_revision, version, author, content FROM assessments").fetchone()
    assert row[:4] == (plan_id, 1, 2, "Sam Lee")
    assert json.loads(row[4])["pain"] == [{"score": 4, "scale": "faces", "site": "left hip"}]
    assert _last_event(run) == ("Sam Lee", "changed", "assessment", plan_id, 1)


def test_an_injection_is_changed_then_deleted_each_recorded_as_who_did_it(run: Run) -> None:
    _plan_id, _assessment_id, injection_id = _seeded(run)
    corrected = INJECTION | {"muscles": "right gastrocnemius"}
    code, out, err = run(
        "--as", "Ana Ruiz", "injection", "change", str(injection_id), "--from", str(_file(run, corrected))
    )
    assert (code, err) == (EXIT_OK, "")
    assert out == f"Changed the injection {injection_id} of 2026-10-02 (now version 2).\n"
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        (content,) = db.execute("SELECT content FROM injections").fetchone()
    assert json.loads(content)["muscles"] == "right gastrocnemius"
    assert _last_event(run)[:3] == ("Ana Ruiz", "changed", "injection")
    code, out, err = run("injection", "delete", str(injection_id), "--if-version", "2")
    assert (code, err, out) == (EXIT_OK, "", f"Deleted the injection {injection_id} of 2026-10-02.\n")
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM injections").fetchone() == (0,)
    assert _last_event(run)[:3] == ("Jo Patel", "deleted", "injection")


def test_an_assessment_recorded_on_the_wrong_patient_is_deleted(run: Run) -> None:
    plan_id, assessment_id, _injection_id = _seeded(run)
    code, out, err = run("assessment", "delete", str(assessment_id))
    assert (code, err, out) == (EXIT_OK, "", f"Deleted the assessment {assessment_id} of 2026-11-27.\n")
    assert run("recorded", str(plan_id), "--json")[1].count('"assessment"') == 0
    assert _last_event(run) == ("Jo Patel", "deleted", "assessment", plan_id, 1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("assessment", "delete", "999"), "careplan assessment: There is no assessment with id 999.\n"),
        (("injection", "delete", "999"), "careplan injection: There is no injection with id 999.\n"),
        (
            ("assessment", "change", "999", "--from", "{good}"),
            "careplan assessment: There is no assessment with id 999.\n",
        ),
        (
            ("assessment", "change", "{assessment}", "--from", "{empty}"),
            "careplan assessment: empty.json: the file is empty. Nothing was changed.\n",
        ),
        (
            ("injection", "change", "{injection}", "--from", "{bad}"),
            "careplan injection: change.json: muscles: is required but missing. Nothing was changed.\n",
        ),
        (
            ("assessment", "change", "{assessment}", "--from", "{bad}"),
            "careplan assessment: change.json: therapist: is required but missing; given_by: is not a field",
        ),
        (
            ("assessment", "change", "{assessment}", "--from", "{missing}"),
            "careplan assessment: Cannot read {missing}: there is no such file.\n",
        ),
        (
            ("injection", "delete", "{injection}", "--if-version", "7"),
            "careplan injection: The injection of 02 Oct 2026 was changed on another computer",
        ),
    ],
)
def test_a_missing_id_a_bad_file_or_a_stale_version_is_one_line_and_changes_nothing(
    run: Run, args: tuple[str, ...], expected: str
) -> None:
    _plan_id, assessment_id, injection_id = _seeded(run)
    names = {
        "assessment": str(assessment_id),
        "injection": str(injection_id),
        "good": str(EXAMPLE),
        "empty": str(_file(run, b"", "empty.json")),
        "bad": str(_file(run, {k: v for k, v in INJECTION.items() if k != "muscles"})),
        "missing": str(run.tmp / "nowhere.json"),
    }
    before = _everything(run)
    code, out, err = run(*(a.format(**names) for a in args))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith(expected.format(**names)) and err.count("\n") == 1
    assert _everything(run) == before


def test_nobody_named_changes_nothing(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    _plan_id, assessment_id, _injection_id = _seeded(run)
    before = _everything(run)
    monkeypatch.delenv("CAREPLAN_THERAPIST")
    code, out, err = run("assessment", "delete", str(assessment_id))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "careplan assessment:" in err and "name" in err and err.count("\n") == 1
    assert _everything(run) == before

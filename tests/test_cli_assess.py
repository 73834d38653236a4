"""``careplan assess PLAN_ID --from FILE.json``: one assessment object (as in a plan file's
``assessments``) added to the plan's patient, linked to the plan's current revision; the new id is
the last line.  A bad file, an unknown plan or a wrong value: one line on stderr naming the field,
exit 2, nothing stored."""

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


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def stored(run: Run) -> list[tuple[Any, ...]]:
    """Every assessment row and audit event, as the database holds them."""
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        rows = db.execute("SELECT id, patient_id, plan_id, plan_revision, date, content FROM assessments").fetchall()
        events = db.execute("SELECT id, action FROM audit_events").fetchall()
    return rows + events


def test_an_assessment_is_added_to_the_plan_and_its_id_printed_last(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    code, out, err = run("assess", str(plan_id), "--from", str(EXAMPLE))
    assert code == EXIT_OK, err
    assert err == ""
    lines = out.strip().splitlines()
    assert lines[-1].isdigit()
    assert lines[0] == f"Recorded the assessment of 2026-11-27 for plan {plan_id} (revision 1)."
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        row = db.execute("SELECT id, plan_id, plan_revision, therapist, date, content FROM assessments").fetchone()
        event = db.execute(
            "SELECT who, action, detail, plan_id, revision FROM audit_events ORDER BY id DESC"
        ).fetchone()
    assert row[:5] == (int(lines[-1]), plan_id, 1, "Jo Patel", "2026-11-27")
    content = json.loads(row[5])
    assert content["scales"][0]["items"]["leg_left"] == 3
    assert content["goals"][0]["gas"][2] == "Joins carpet time for 10 minutes, supported in her seat"
    assert event == ("Jo Patel", "recorded", "assessment", plan_id, 1)
    # It travels with the plan file.
    out_file = run.tmp / "out.json"
    assert run("export", str(plan_id), "-o", str(out_file))[0] == EXIT_OK
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert exported["format_version"] == 2
    assert [a["date"] for a in exported["assessments"]] == ["2026-11-27"]


def _bad(run: Run, data: bytes | str) -> Path:
    path = run.tmp / "assessment.json"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _with(**changes: Any) -> str:
    return json.dumps(example() | changes)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "careplan assess: assessment.json: the file is empty. Nothing was recorded."),
        (
            b'{"date": "2026-11-27",',
            "careplan assess: assessment.json: the file is not valid JSON: line 1, column 23: a field name in double "
            "quotes is expected (a comma too many?) (the file seems to be cut short). Nothing was recorded.",
        ),
        (
            b"[1, 2]",
            "careplan assess: assessment.json: the file must hold one JSON object {...}: one assessment, as in a "
            "plan file's assessments. Nothing was recorded.",
        ),
        (
            _with(pain=[{"score": 11}]),
            "careplan assess: assessment.json: pain[0].score: must be at most 10 (got 11). Nothing was recorded.",
        ),
        (
            _with(date="27/11/2026"),
            "careplan assess: assessment.json: date: must be a date written YYYY-MM-DD, e.g. 2026-11-20 "
            "(got '27/11/2026'). Nothing was recorded.",
        ),
        (
            _with(therapist=None),
            "careplan assess: assessment.json: therapist: must be text in quotes (got null). Nothing was recorded.",
        ),
        (
            _with(hips={"left_percent": 28, "right_percent": 101}),
            "careplan assess: assessment.json: hips.right_percent: must be at most 100 (got 101). "
            "Nothing was recorded.",
        ),
        (
            _with(mood="good"),
            "careplan assess: assessment.json: mood: is not a field of the plan file (check the spelling). "
            "Nothing was recorded.",
        ),
    ],
    ids=["empty", "cut short", "not an object", "pain 11", "date format", "no therapist", "migration 101", "typo"],
)
def test_a_bad_file_is_one_line_naming_the_field_and_stores_nothing(run: Run, data: bytes | str, expected: str) -> None:
    plan_id = run.import_ok(example_document())
    before = stored(run)
    code, out, err = run("assess", str(plan_id), "--from", str(_bad(run, data)))
    assert (code, out, err) == (EXIT_BAD_INPUT, "", expected + "\n")
    assert stored(run) == before


def test_an_unknown_plan_or_a_missing_file_stores_nothing(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    before = stored(run)
    code, out, err = run("assess", "999", "--from", str(EXAMPLE))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == "careplan assess: There is no plan with id 999. 'careplan list' shows the plans and their ids.\n"
    missing = run.tmp / "nowhere.json"
    code, out, err = run("assess", str(plan_id), "--from", str(missing))
    assert (code, out, err) == (EXIT_BAD_INPUT, "", f"careplan assess: Cannot read {missing}: there is no such file.\n")
    code, out, err = run("assess", str(plan_id), "--from", str(run.tmp))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == f"careplan assess: Cannot read {run.tmp}: it is a folder, not a file.\n"
    code, _, err = run("assess", "seven", "--from", str(EXAMPLE))
    assert code == EXIT_BAD_INPUT and err.count("\n") == 1 and "a plan id is a whole number" in err
    code, _, err = run("assess", str(plan_id))
    assert code == EXIT_BAD_INPUT and err.count("\n") == 1 and "--from" in err
    assert stored(run) == before


def test_nobody_named_records_nothing(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = run.import_ok(example_document())
    before = stored(run)
    monkeypatch.delenv("CAREPLAN_THERAPIST")
    code, out, err = run("assess", str(plan_id), "--from", str(EXAMPLE))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("careplan assess: Careplan records who records assessments, and no therapist name is set.")
    assert stored(run) == before


def test_a_score_the_scales_catalog_refuses_is_one_line_and_stores_nothing(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    before = stored(run)
    bads = example()["scales"][0]
    del bads["items"]["eyes"]
    path = _bad(run, _with(scales=[bads]))
    code, out, err = run("assess", str(plan_id), "--from", str(path))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == (
        "careplan assess: The assessment was not saved: items: score every part of the BADS; missing: Eyes.\n"
    )
    assert stored(run) == before

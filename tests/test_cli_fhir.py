"""``careplan fhir PLAN_ID -o FILE.json [--version R4B|R5] [--document] [--include-confidential-notes]``:
the stored plan with its assessments and injections as an HL7 FHIR Bundle, written whole and owner-only,
recorded in the activity log; every refusal is one line, exit 2, and leaves the file as it was."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.export.fhir_checks import bundle_problems
from careplan.export.fhir_read import read_bundle

from support.db import example_document
from test_cli import Run

FINDING = "Zebrafinding: adductor tone up"
ASSESSMENT = {"date": "2026-11-23", "therapist": "Jo Patel", "pain": [{"score": 3}], "findings": FINDING}
INJECTION = {"date": "2026-09-01", "muscles": "Hamstrings", "given_by": "Dr A. Khan"}


def plan_doc(**plan_changes: Any) -> dict[str, Any]:
    doc = example_document()
    doc.update(format_version=2, assessments=[ASSESSMENT], injections=[INJECTION])
    doc["plan"].update(plan_changes)
    return doc


@pytest.mark.parametrize("version", ["R4B", "R5"])
def test_writes_a_bundle_the_models_read_back(run: Run, version: str) -> None:
    plan_id = run.import_ok(plan_doc())
    target = run.tmp / "plan.fhir.json"
    code, out, err = run("fhir", str(plan_id), "-o", str(target), "--version", version, "--document")
    assert (code, out, err) == (EXIT_OK, "", "")
    data = target.read_bytes()
    assert bundle_problems(json.loads(data), version) == []
    read = read_bundle(data, version)
    assert read.type == "document" and read.counts["Procedure"] == 1
    assert [(o.code[1], o.value) for o in read.observations] == [("72514-3", 3)]
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_r4b_collection_is_the_default(run: Run) -> None:
    plan_id = run.import_ok(plan_doc())
    target = run.tmp / "plan.json"
    assert run("fhir", str(plan_id), "-o", str(target))[0] == EXIT_OK
    assert json.loads(target.read_bytes())["type"] == "collection"
    read_bundle(target.read_bytes(), "R4B")


def test_confidential_notes_only_with_the_option(run: Run) -> None:
    plan_id = run.import_ok(plan_doc())
    plain, asked = run.tmp / "plain.json", run.tmp / "asked.json"
    assert run("fhir", str(plan_id), "-o", str(plain))[0] == EXIT_OK
    assert run("fhir", str(plan_id), "-o", str(asked), "--include-confidential-notes")[0] == EXIT_OK
    for words in (FINDING, "Confidential. Never printed"):
        assert words not in plain.read_text(encoding="utf-8")
        assert words in asked.read_text(encoding="utf-8")


def test_the_export_is_recorded_in_the_activity_log(run: Run) -> None:
    plan_id = run.import_ok(plan_doc())
    assert run("fhir", str(plan_id), "-o", str(run.tmp / "a.json"), "--document")[0] == EXIT_OK
    assert (
        run("fhir", str(plan_id), "-o", str(run.tmp / "b.json"), "--version", "R5", "--include-confidential-notes")[0]
        == EXIT_OK
    )
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        rows = db.execute(
            "SELECT who, action, plan_id, detail FROM audit_events WHERE detail LIKE 'FHIR%' ORDER BY id"
        ).fetchall()
    assert rows == [
        ("Jo Patel", "exported", plan_id, "FHIR R4B document"),
        ("Jo Patel", "exported", plan_id, "FHIR R5 collection (with confidential notes)"),
    ]


def test_refusals_change_nothing(run: Run) -> None:
    plan_id = run.import_ok(plan_doc())
    nameless = run.import_ok(plan_doc(therapist={}))
    target = run.tmp / "bundle.json"
    target.write_bytes(b"an earlier bundle")
    cases = [
        (["fhir", "999", "-o", str(target)], "There is no plan with id 999"),
        (["fhir", str(nameless), "-o", str(target), "--document"], "A FHIR document needs an author"),
        (["fhir", str(plan_id), "-o", str(target), "--version", "R4"], "invalid choice: 'R4'"),
        (["fhir", str(plan_id), "-o", str(run.tmp / "no" / "folder.json")], "Could not write"),
    ]
    for args, words in cases:
        code, out, err = run(*args)
        assert (code, out) == (EXIT_BAD_INPUT, ""), args
        assert words in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1, err
    assert target.read_bytes() == b"an earlier bundle"
    assert sorted(p.name for p in run.tmp.glob(".bundle*")) == []


def test_a_full_disk_leaves_the_old_file_whole(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = run.import_ok(plan_doc())
    target = run.tmp / "bundle.json"
    target.write_bytes(b"an earlier bundle")
    real = os.replace

    def full(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    code, out, err = run("fhir", str(plan_id), "-o", str(target))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == f"careplan fhir: Could not write {target}: No space left on device. Nothing was written.\n"
    assert target.read_bytes() == b"an earlier bundle"
    assert [p.name for p in run.tmp.iterdir() if p.name.startswith(".bundle")] == []

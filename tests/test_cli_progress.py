"""``careplan progress PLAN_ID -o FILE.pdf [--for clinician|family]``: the progress report of a stored plan,
from the assessments and injections carried in its plan file or added with ``careplan assess``."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from test_cli import Run

FINDING = "Clinician-only Zebrafinding: adductor tone up"

#: The Barry-Albright Dystonia Scale's regions (their codes in the scales catalog).
REGIONS = ("eyes", "mouth", "neck", "trunk", "arm_left", "arm_right", "leg_left", "leg_right")

#: The worked example of issue 13: a child with dystonic CP assessed four times over a year, two toxin cycles.
ASSESSMENTS: list[dict[str, Any]] = [
    {
        "date": date,
        "therapist": "Jo Patel",
        "goals": [
            {"text": "Sit at the table for a whole meal", "achieved": sit},
            {"text": "Stand in the frame for 30 minutes twice a day", "achieved": stand},
        ],
        "pain": [{"score": pain}],
        "scales": [{"scale": "bads", "items": dict(zip(REGIONS, bads, strict=True))}],
        "classifications": [{"system": "gmfcs", "level": 4}],
        "hips": {"left_percent": left, "right_percent": right},
        **({"findings": FINDING} if date == "2026-01-12" else {}),
    }
    for date, sit, stand, pain, bads, left, right in (
        ("2026-01-12", -1, -1, 6, (0, 1, 2, 3, 3, 2, 3, 2), 28, 22),
        ("2026-04-20", 0, -1, 4, (0, 1, 2, 3, 2, 2, 2, 2), 30, 22),
        ("2026-08-03", 1, 0, 3, (0, 1, 1, 2, 2, 2, 2, 1), 33, 24),
        ("2026-11-23", 1, 1, 2, (0, 0, 1, 2, 2, 1, 2, 1), 35, 25),
    )
]
INJECTIONS = [
    {"date": "2026-02-02", "muscles": "Hamstrings and adductors", "given_by": "Dr A. Khan", "dose": "200 units"},
    {"date": "2026-06-01", "muscles": "Hamstrings and adductors", "given_by": "Dr A. Khan"},
]


def plan_file(assessments: list[dict[str, Any]], injections: list[dict[str, Any]]) -> dict[str, Any]:
    doc = example_document()
    doc["format_version"] = 2
    doc["assessments"] = assessments
    doc["injections"] = injections
    return doc


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_clinician_report_of_the_worked_example(run: Run) -> None:
    plan_id = run.import_ok(plan_file(ASSESSMENTS, INJECTIONS))
    target = run.tmp / "progress.pdf"
    code, out, err = run("progress", str(plan_id), "-o", str(target))
    assert (code, out) == (EXIT_OK, ""), err
    text = pdf_text(target)
    assert "Progress report: Amira Okafor" in text
    assert "12 January 2026 to 23 November 2026 (4 assessments)" in text
    assert "12 Jan 2026 16 20 Apr 2026 14 3 Aug 2026 11" in text  # BADS totals, added up from the regions
    assert "12 Jan 2026 28% 22% 20 Apr 2026 30% 22%" in text
    assert "lower 28% 12 Jan 2026 33% 3 Aug 2026 35% 23 Nov 2026 +7% worse +2% worse" in text
    assert "lower 6 12 Jan 2026 3 3 Aug 2026 2 23 Nov 2026 −4 better −1 better" in text
    assert "2 Feb 2026" in text and "200 units" in text
    assert FINDING in text


def test_family_page(run: Run) -> None:
    plan_id = run.import_ok(plan_file(ASSESSMENTS, INJECTIONS))
    target = run.tmp / "family.pdf"
    code, _, err = run("progress", str(plan_id), "--for", "family", "--large-print", "-o", str(target))
    assert code == EXIT_OK, err
    text = pdf_text(target)
    assert "How Amira is doing" in text
    assert "Sit at the table for a whole meal: reached, and past it" in text
    assert "Stand in the frame for 30 minutes twice a day: reached, and past it" in text
    for word in (FINDING, "T-score", "Barry", "BADS", "GMFCS", "migration", "injection"):
        assert word not in text, word


def test_an_assessment_added_with_careplan_assess_is_in_the_report(run: Run) -> None:
    plan_id = run.import_ok(plan_file(ASSESSMENTS[:1], []))
    visit = {"date": "2026-03-02", "therapist": "Sam Reid", "pain": [{"score": 5}]}
    code, _, err = run("assess", str(plan_id), "--from", str(run.write("visit.json", json.dumps(visit).encode())))
    assert code == EXIT_OK, err
    target = run.tmp / "progress.pdf"
    assert run("progress", str(plan_id), "-o", str(target))[0] == EXIT_OK
    text = pdf_text(target)
    assert "(2 assessments)" in text and "Jo Patel and Sam Reid" in text
    assert "lower 6 12 Jan 2026 6 12 Jan 2026 5 2 Mar 2026 −1 better −1 better" in text


@pytest.mark.parametrize("injections", [[], INJECTIONS], ids=["nothing", "injections only"])
def test_no_assessment_exit_2_and_no_file(run: Run, injections: list[dict[str, Any]]) -> None:
    plan_id = run.import_ok(plan_file([], injections))
    target = run.tmp / "progress.pdf"
    code, out, err = run("progress", str(plan_id), "-o", str(target))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == (
        "careplan progress: There is no assessment of Amira Okafor for this plan yet, so there is no progress "
        "to print. Record an assessment first.\n"
    )
    assert not target.exists()
    assert list(run.tmp.glob(".progress*")) == []


def test_refusals_change_nothing(run: Run) -> None:
    plan_id = run.import_ok(plan_file(ASSESSMENTS, INJECTIONS))
    target = run.tmp / "progress.pdf"
    target.write_bytes(b"an earlier report")
    cases = [
        (["progress", "999", "-o", str(target)], "999"),
        (["progress", str(plan_id), "--large-print", "-o", str(target)], "Large print is available"),
        (["progress", str(plan_id), "--for", "school", "-o", str(target)], "invalid choice"),
        (["progress", str(plan_id), "-o", str(run.tmp / "no" / "folder.pdf")], "Could not write"),
    ]
    for args, words in cases:
        code, out, err = run(*args)
        assert code == EXIT_BAD_INPUT and out == "", args
        assert words in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1, err
    assert target.read_bytes() == b"an earlier report"


def test_the_report_is_recorded_in_the_audit_log(run: Run) -> None:
    plan_id = run.import_ok(plan_file(ASSESSMENTS, INJECTIONS))
    assert run("progress", str(plan_id), "-o", str(run.tmp / "a.pdf"))[0] == EXIT_OK
    assert run("progress", str(plan_id), "--for", "family", "-o", str(run.tmp / "b.pdf"))[0] == EXIT_OK
    with sqlite3.connect(run.data / "careplan.sqlite3") as db:
        rows = db.execute(
            "SELECT who, action, plan_id, detail FROM audit_events WHERE detail LIKE '%progress%' ORDER BY id"
        ).fetchall()
    assert rows == [
        ("Jo Patel", "exported", plan_id, "progress report (PDF)"),
        ("Jo Patel", "exported", plan_id, "family progress page (PDF)"),
    ]

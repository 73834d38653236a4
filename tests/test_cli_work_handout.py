"""``careplan handout --for work``: the work and daily life handout is for adults only, and is
held to the same readiness check as the others."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from test_cli import Run


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def adult_document(*, instructions: str = "Sit well back, with the head resting on the headrest.") -> dict[str, Any]:
    """The example plan for a 45-year-old with no school, with one item for the work handout."""
    doc = example_document()
    doc["patient"]["date_of_birth"] = "1981-05-02"
    del doc["patient"]["school"]
    doc["plan"]["interventions"].append(
        {
            "kind": "equipment",
            "title": "Chair with a high back and headrest",
            "instructions": instructions,
            "dosage": {"minutes": 30, "times_per_day": 2},
            "audiences": ["family", "work"],
        }
    )
    return doc


def test_a_child_is_refused_the_work_handout_and_no_file_is_written(run: Run) -> None:
    plan_id = run.import_ok(example_document())  # Amira, born 14 March 2016
    target = run.tmp / "work.pdf"
    code, out, err = run("handout", str(plan_id), "--for", "work", "-o", str(target))
    assert code == EXIT_BAD_INPUT and out == ""
    assert "A work and daily life handout is for adults: this person is" in err
    assert "Choose the family or school handout." in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not target.exists() and list(run.tmp.glob("*.pdf")) == []


def test_an_adult_gets_the_work_handout_with_the_name_only(run: Run) -> None:
    plan_id = run.import_ok(adult_document())
    target = run.tmp / "work.pdf"
    code, out, err = run("handout", str(plan_id), "--for", "work", "-o", str(target))
    assert code == EXIT_OK and out == "", err
    text = text_of(target)
    assert "Supporting Amira Okafor at work and day to day" in text
    assert "Chair with a high back and headrest" in text
    assert "30 minutes, twice a day" in text
    assert "943 476 5919" not in text and "1981" not in text, "no identifier or date of birth"
    assert "Standing frame" not in text, "an item not addressed to the work handout"
    assert "Never printed on a family or school handout" not in text, "no clinical notes"


def test_the_work_handout_is_refused_while_the_plan_is_not_ready_unless_a_draft(run: Run) -> None:
    plan_id = run.import_ok(adult_document(instructions="Sit back for ___ minutes."))
    target = run.tmp / "work.pdf"
    code, out, err = run("handout", str(plan_id), "--for", "work", "-o", str(target))
    assert code == EXIT_BAD_INPUT and out == "" and "Traceback" not in err
    assert "Chair with a high back and headrest" in err and "blank to fill in" in err
    assert not target.exists()
    code, _out, err = run("handout", str(plan_id), "--for", "work", "-o", str(target), "--draft")
    assert code == EXIT_OK, err
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert all("DRAFT" in (page.extract_text() or "") for page in reader.pages)

"""``careplan import --note`` and the revision history of ``careplan handout --for clinician``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from test_cli import Run


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_import_note_prints_in_the_clinician_history_only(run: Run) -> None:
    plan_id = run.import_ok(example_document(), "--as", "Priya Raman")
    second = run.tmp / "second.json"
    second.write_text(json.dumps(example_document()), encoding="utf-8")
    code, out, err = run("--as", "Sam Lee", "import", str(second), "--note", "Referral letter from Dr Adeyemi, 3 Nov")
    assert code == EXIT_OK, err
    noted = int(out.strip().splitlines()[-1])
    clinician, family = run.tmp / "c.pdf", run.tmp / "f.pdf"
    assert run("handout", str(noted), "--for", "clinician", "-o", str(clinician))[0] == EXIT_OK
    assert run("handout", str(noted), "--for", "family", "-o", str(family))[0] == EXIT_OK
    text = pdf_text(clinician)
    history = text[text.index("Revision history") :]
    assert "1 revision, newest first" in history
    assert "Referral letter from Dr Adeyemi, 3 Nov" in history and "Sam Lee" in history
    assert "First saved version of the plan" in history
    assert "Revision history" not in pdf_text(family) and "Dr Adeyemi" not in pdf_text(family)
    # Without --note the first revision says where it came from.
    first = run.tmp / "first.pdf"
    assert run("handout", str(plan_id), "--for", "clinician", "-o", str(first))[0] == EXIT_OK
    assert "Imported" in pdf_text(first) and "Priya Raman" in pdf_text(first)


@pytest.mark.parametrize(
    ("note", "why"),
    [("n" * 201, "is 201 characters long; at most 200 fit"), ("bad\u202enote", "reverses how the text")],
)
def test_a_bad_note_imports_nothing(run: Run, note: str, why: str) -> None:
    path = run.write("plan.json", example_document())
    code, out, err = run("import", str(path), "--note", note)
    assert code == EXIT_BAD_INPUT and out == ""
    assert len(err.strip().splitlines()) == 1 and "change note" in err and why in err and "Traceback" not in err
    code, out, err = run("list", "--json")
    assert code == EXIT_OK and json.loads(out) == {"patients": []}, out

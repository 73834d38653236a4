"""``careplan check`` names what the handouts cannot print as typed (and the exit code stays 0)."""

from __future__ import annotations

from pypdf import PdfReader

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from test_cli import Run


def test_check_lists_an_emoji_with_its_field(run: Run) -> None:
    doc = example_document()
    doc["patient"]["given_name"] = "Amira 🙂"
    doc["patient"]["carers"][0]["name"] = "张伟 🙂"
    plan_id = run.import_ok(doc)
    code, out, _ = run("check", str(plan_id))
    assert code == EXIT_OK
    lines = [line for line in out.splitlines() if line.startswith("Printing: ")]
    tail = "🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed (each prints as its code, like [U+1F642])"
    assert lines == [f"Printing: Given name: {tail}", f"Printing: Carer 1 name: {tail}"]


def test_check_says_nothing_about_printing_when_all_prints(run: Run) -> None:
    doc = example_document()
    doc["patient"]["given_name"] = "山田"
    doc["patient"]["family_name"] = "김민준"
    plan_id = run.import_ok(doc)
    code, out, _ = run("check", str(plan_id))
    assert code == EXIT_OK and "Printing:" not in out


def test_the_handout_prints_the_code_in_place_of_the_emoji(run: Run) -> None:
    """Not ready to print (the handout names the field and writes nothing); a draft shows the code."""
    doc = example_document()
    doc["patient"]["given_name"] = "Amira 🙂"
    plan_id = run.import_ok(doc)
    out = run.data.parent / "family.pdf"
    code, _, err = run("handout", str(plan_id), "--for", "family", "-o", str(out))
    assert code == EXIT_BAD_INPUT and "Given name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed" in err
    assert not out.exists()
    code, _, err = run("handout", str(plan_id), "--for", "family", "-o", str(out), "--draft")
    assert code == EXIT_OK, err
    text = " ".join((page.extract_text() or "") for page in PdfReader(out).pages)
    assert "Amira [U+1F642]" in text

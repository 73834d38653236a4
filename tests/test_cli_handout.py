"""``careplan handout``: the right PDF for each audience, written atomically."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from support.old_data import edit_stored_plan
from test_cli import Run


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("audience", ["family", "school", "clinician"])
def test_handout_for_each_audience(run: Run, audience: str) -> None:
    plan_id = run.import_ok(example_document())
    target = run.tmp / f"{audience}.pdf"
    code, out, err = run("handout", str(plan_id), "--for", audience, "-o", str(target))
    assert code == EXIT_OK and out == "", err
    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target)
    assert "Amira" in text
    notes = "Never printed on a family or school handout"
    if audience == "clinician":
        assert notes in text and "943 476 5919" in text and "Orthopaedic hip surveillance" in text
    else:
        assert notes not in text and "Orthopaedic hip surveillance" not in text
    if audience == "school":
        assert "943 476 5919" not in text and "Standing frame" in text
    if audience == "family":
        assert "Supported sit-to-stand" in text and "Standing frame" not in text


def test_large_print_and_letter_paper(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    normal, large = run.tmp / "n.pdf", run.tmp / "l.pdf"
    assert run("handout", str(plan_id), "--for", "family", "-o", str(normal))[0] == EXIT_OK
    assert (
        run("handout", str(plan_id), "--for", "family", "-o", str(large), "--large-print", "--paper", "Letter")[0] == 0
    )
    assert len(PdfReader(large).pages) > len(PdfReader(normal).pages)
    box = PdfReader(large).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_failed_handout_leaves_no_file(run: Run) -> None:
    """A damaged photo stored by an older Careplan (import now refuses it) is named; no file is written."""
    plan_id = run.import_ok(example_document())
    broken_png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"not really an image").decode()
    photo = {"media_type": "image/png", "data": broken_png}
    edit_stored_plan(
        run.data / "careplan.sqlite3", plan_id, lambda doc: doc["plan"]["interventions"][0].update(photo=photo)
    )
    target = run.tmp / "family.pdf"
    target.write_bytes(b"an older handout")
    code, out, err = run("handout", str(plan_id), "--for", "family", "-o", str(target))
    assert code == EXIT_BAD_INPUT and out == ""
    assert "Supported sit-to-stand' is not a complete PNG image (the file is cut short)" in err
    assert "Traceback" not in err
    assert target.read_bytes() == b"an older handout"
    assert [p.name for p in run.tmp.iterdir() if p.name.startswith(".family")] == []


def test_handout_to_a_missing_folder(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    code, _, err = run("handout", str(plan_id), "--for", "school", "-o", str(run.tmp / "no" / "x.pdf"))
    assert code == EXIT_BAD_INPUT and "Could not write" in err


def test_family_handout_privacy_defaults_settings_and_options(run: Run) -> None:
    from careplan.settings import save_settings, settings_from_dict

    plan_id = run.import_ok(example_document())
    target = run.tmp / "family.pdf"

    def family(*extra: str) -> str:
        code, _out, err = run("handout", str(plan_id), "--for", "family", "-o", str(target), *extra)
        assert code == EXIT_OK, err
        return pdf_text(target)

    default = family()
    assert "Amira Okafor" in default and "943 476 5919" not in default and "14 March 2016" not in default
    both = family("--show-identifier", "--show-date-of-birth")
    assert "943 476 5919" in both and "14 March 2016" in both
    save_settings(run.config, settings_from_dict({"handouts": {"show_identifier": True}}))
    from_settings = family()
    assert "943 476 5919" in from_settings and "14 March 2016" not in from_settings
    overridden = family("--no-show-identifier")
    assert "943 476 5919" not in overridden


def test_school_handout_for_an_adult_with_no_school_is_refused(run: Run) -> None:
    doc = example_document()
    doc["patient"]["date_of_birth"] = "1981-05-02"
    del doc["patient"]["school"]
    plan_id = run.import_ok(doc)
    target = run.tmp / "school.pdf"
    code, out, err = run("handout", str(plan_id), "--for", "school", "-o", str(target))
    assert code == EXIT_BAD_INPUT and out == ""
    assert "children and young people in education" in err and "no school or college contact" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not target.exists() and list(run.tmp.glob("*.pdf")) == []
    assert run("handout", str(plan_id), "--for", "family", "-o", str(target))[0] == EXIT_OK

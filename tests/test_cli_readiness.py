"""Ready to print: each problem is named by its place in ``careplan check``; ``careplan handout``
refuses with exit 2 and the list, writing nothing; ``--draft`` prints DRAFT on every page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK

from support.db import example_document
from test_cli import Run

Edit = Callable[[dict[str, Any]], None]


def _blank_goal(doc: dict[str, Any]) -> None:
    doc["plan"]["goals"][0]["text"] = "Stand for ___ seconds"


def _bare_exercise(doc: dict[str, Any]) -> None:
    doc["plan"]["interventions"][0].pop("instructions", None)


def _no_contact(doc: dict[str, Any]) -> None:
    doc["plan"]["therapist"].pop("phone", None)
    doc["plan"]["therapist"].pop("email", None)


def _review_passed(doc: dict[str, Any]) -> None:
    doc["plan"]["start_date"] = "2020-09-01"
    doc["plan"]["review_date"] = "2020-11-02"
    doc["plan"]["goals"][0]["target_date"] = "2020-10-01"


def _target_after_review(doc: dict[str, Any]) -> None:
    doc["plan"]["goals"][0]["target_date"] = "2099-01-01"


def _emoji(doc: dict[str, Any]) -> None:
    doc["patient"]["given_name"] = "Amira 🙂"


CASES: list[tuple[str, Edit, str]] = [
    ("blank goal", _blank_goal, 'Goal 1: has a blank to fill in ("___")'),
    ("bare exercise", _bare_exercise, "Item 1 (Supported sit-to-stand): has no instructions"),
    ("no contact", _no_contact, "Therapist: no phone number or email for the therapist and no clinic phone"),
    ("review passed", _review_passed, "Review date: 02 November 2020 has passed"),
    ("target after review", _target_after_review, "Goal 1: its target date (01 January 2099) is after the review date"),
    ("unprintable", _emoji, "Given name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed"),
]


def test_the_example_plan_is_ready(run: Run) -> None:
    plan_id = run.import_ok(example_document())
    code, out, _ = run("check", str(plan_id))
    assert code == EXIT_OK and "Not ready" not in out


@pytest.mark.parametrize(("edit", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_is_named_refused_and_printable_as_a_draft(run: Run, edit: Edit, message: str) -> None:
    doc = example_document()
    edit(doc)
    plan_id = run.import_ok(doc)
    code, out, _ = run("check", str(plan_id))
    assert code == EXIT_OK and message in out
    target = run.tmp / "family.pdf"
    code, out, err = run("handout", str(plan_id), "--for", "family", "-o", str(target))
    assert code == EXIT_BAD_INPUT and out == ""
    assert "not ready to print" in err and message in err and "--draft" in err
    assert not target.exists()
    code, _, err = run("handout", str(plan_id), "--for", "family", "-o", str(target), "--draft")
    assert code == EXIT_OK, err
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    assert pages and all("DRAFT" in (page.extract_text() or "") for page in pages)

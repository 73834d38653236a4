"""Printing a stored plan's progress (careplan.services.progress): the plan's assessments and the patient's
injections read from a real database, the revision dates, and a refusal that changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from careplan.catalog import load_library
from careplan.core.assessments import Assessment, PainRating
from careplan.core.enums import Audience
from careplan.core.model import ClinicDetails
from careplan.export.errors import HandoutError
from careplan.services.progress import plan_assessments, progress_pdf, revision_dates
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.storage.models import Base

from support.db import doc_bytes, example_document

CLINIC = ClinicDetails(name="Northside Neuro Physio", phone="0161 496 0100")
FINDING = "Zebrafinding: clinician only"


def visit(date: str, pain: int, sit: int, **more: Any) -> dict[str, Any]:
    return {
        "date": date,
        "therapist": "Jo Patel",
        "pain": [{"score": pain}],
        "goals": [{"text": "Sit at the table for a whole meal", "achieved": sit}],
        "hips": {"left_percent": 20 + pain, "right_percent": 18},
        **more,
    }


def stored(store: Store, assessments: list[dict[str, Any]], injections: list[dict[str, Any]]) -> int:
    doc = example_document()
    doc["format_version"] = 2
    doc["assessments"] = assessments
    doc["injections"] = injections
    with store.sessions.begin() as session:
        record = import_plan(session, doc_bytes(doc), load_library(), "plan.json", "Jo Patel")
    assert record.plan_id is not None
    return record.plan_id


def text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def row_counts(store: Store) -> dict[str, int]:
    with store.reads.begin() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


def test_the_report_and_the_family_page_of_a_stored_plan(store: Store) -> None:
    plan_id = stored(
        store,
        [visit("2026-01-12", 6, -1, findings=FINDING), visit("2026-06-01", 3, 0)],
        [{"date": "2026-02-02", "muscles": "Hamstrings", "given_by": "Dr A. Khan"}],
    )
    with store.reads.begin() as session:
        report = text(progress_pdf(session, plan_id, Audience.CLINICIAN, load_library(), CLINIC))
        family = text(progress_pdf(session, plan_id, Audience.FAMILY, load_library(), CLINIC, large_print=True))
        saved = revision_dates(session, plan_id)
    assert "12 January 2026 to 1 June 2026 (2 assessments)" in report
    assert "lower 26% 12 Jan 2026 26% 12 Jan 2026 23% 1 Jun 2026 −3% better −3% better" in report
    assert "2 Feb 2026 Hamstrings Dr A. Khan" in report and FINDING in report
    assert "Sit at the table for a whole meal: reached" in family and FINDING not in family
    # The plan was imported once: one revision, saved today (this computer's day).
    assert saved == [dt.datetime.now().date()]


def test_no_assessment_is_refused_and_nothing_changes(store: Store) -> None:
    plan_id = stored(store, [], [{"date": "2026-02-02", "muscles": "Hamstrings", "given_by": "Dr A. Khan"}])
    before = row_counts(store)
    with store.reads.begin() as session, pytest.raises(HandoutError, match="no assessment of Amira Okafor"):
        progress_pdf(session, plan_id, Audience.CLINICIAN, load_library(), CLINIC)
    assert row_counts(store) == before


def test_only_this_plans_assessments() -> None:
    """An assessment made for another of the patient's plans belongs to that plan; one carried in a plan
    file from elsewhere (linked to no plan) belongs to every plan of the patient."""
    mine = Assessment(dt.date(2026, 1, 1), "Jo", pain=(PainRating(3),), plan_id=7)
    other = Assessment(dt.date(2026, 2, 1), "Jo", pain=(PainRating(4),), plan_id=8)
    carried = Assessment(dt.date(2026, 3, 1), "Jo", pain=(PainRating(5),))
    assert plan_assessments([mine, other, carried], 7) == [mine, carried]

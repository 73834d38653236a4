"""Making a handout of a stored plan (careplan.services.handouts): what fits, what is not ready and
why, a DRAFT copy, and the revision history on the clinician summary only.  Refusals change nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from careplan.catalog import load_library
from careplan.core.enums import Audience
from careplan.core.model import ClinicDetails
from careplan.core.readiness import Problem
from careplan.services.errors import UserError
from careplan.services.handouts import HandoutNotReady, HandoutOptions, handout_history, make_handout, not_ready
from careplan.services.plans import load_plan
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.storage.models import Base

from support.db import doc_bytes, example_document
from support.history import five_revisions

CLINIC = ClinicDetails(name="Northside Neuro Physio", phone="0161 496 0100")
BEFORE_REVIEW = dt.date(2026, 12, 1)  # the example plan is reviewed on 19 February 2027


def stored(store: Store, doc: dict[str, Any] | None = None) -> int:
    with store.sessions.begin() as session:
        record = import_plan(session, doc_bytes(doc or example_document()), load_library(), "plan.json", "Jo Patel")
    assert record.plan_id is not None
    return record.plan_id


def handout(store: Store, plan_id: int, audience: Audience, **options: Any) -> bytes:
    with store.reads.begin() as session:
        return make_handout(
            session, plan_id, audience, load_library(), CLINIC, HandoutOptions(today=BEFORE_REVIEW, **options)
        )


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def row_counts(store: Store) -> dict[str, int]:
    with store.reads.begin() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN])
def test_a_ready_plan_makes_each_fitting_handout(store: Store, audience: Audience) -> None:
    pages = texts(handout(store, stored(store), audience))
    assert "Amira Okafor" in pages[0]
    assert all("DRAFT" not in page for page in pages)


def test_a_handout_that_does_not_fit_the_person_is_refused_and_nothing_changes(store: Store) -> None:
    plan_id = stored(store)
    before = row_counts(store)
    refused = "A work and daily life handout is for adults: this person is 10. Choose the family or school handout."
    with pytest.raises(UserError) as caught:
        handout(store, plan_id, Audience.WORK)
    assert str(caught.value) == refused and not isinstance(caught.value, HandoutNotReady)
    assert row_counts(store) == before


def test_a_plan_not_ready_is_refused_listing_every_problem(store: Store) -> None:
    doc = example_document()
    doc["plan"]["title"] = "Sitting for ___ minutes"
    doc["patient"]["given_name"] = "Amira 🙂"
    plan_id = stored(store, doc)
    before = row_counts(store)
    with pytest.raises(HandoutNotReady) as caught:
        handout(store, plan_id, Audience.FAMILY)
    places = [p.place for p in caught.value.problems]
    assert places == ["Plan title", "Given name"]
    message = str(caught.value)
    assert message.startswith('the plan is not ready to print (2 problems: Plan title: has a blank to fill in ("___");')
    assert "Given name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed" in message
    assert message.endswith("Fix them, or print a copy marked DRAFT with --draft.")
    assert row_counts(store) == before


def test_one_problem_is_said_in_the_singular(store: Store) -> None:
    plan_id = stored(store)
    with store.reads.begin() as session, pytest.raises(HandoutNotReady) as caught:
        make_handout(
            session, plan_id, Audience.FAMILY, load_library(), CLINIC, HandoutOptions(today=dt.date(2027, 3, 1))
        )
    assert str(caught.value).startswith("the plan is not ready to print (1 problem: Review date: 19 February 2027")
    assert caught.value.problems[0].field == "review_date"


def test_a_draft_prints_despite_the_problems_with_draft_on_every_page(store: Store) -> None:
    doc = example_document()
    doc["plan"]["title"] = "Sitting for ___ minutes"
    pages = texts(handout(store, stored(store, doc), Audience.FAMILY, draft=True))
    assert len(pages) >= 2
    assert all("DRAFT" in page for page in pages)


def test_characters_no_font_has_are_problems_named_by_field(store: Store) -> None:
    doc = example_document()
    doc["patient"]["family_name"] = "Okafor\ue000"
    plan_id = stored(store, doc)
    with store.reads.begin() as session:
        record = load_plan(session, plan_id)
    assert not_ready(record, load_library(), CLINIC, BEFORE_REVIEW) == [
        Problem("Family name", "(U+E000) cannot be printed (each prints as its code, like [U+E000])")
    ]


def test_only_the_clinician_summary_prints_the_revision_history(store: Store) -> None:
    with store.sessions.begin() as session:
        plan_id = five_revisions(session, load_library())
    with store.reads.begin() as session:
        assert len(handout_history(session, plan_id, Audience.CLINICIAN)) == 5
        assert handout_history(session, plan_id, Audience.FAMILY) == []
        assert handout_history(session, None, Audience.CLINICIAN) == []  # a plan never saved
    clinician = "\n".join(texts(handout(store, plan_id, Audience.CLINICIAN, draft=True)))
    family = "\n".join(texts(handout(store, plan_id, Audience.FAMILY, draft=True)))
    assert "Revision history" in clinician and "Sam Lee" in clinician
    assert "Revision history" not in family and "Sam Lee" not in family

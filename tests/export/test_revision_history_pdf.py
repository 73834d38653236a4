"""The clinician summary's revision history, read back from the PDF: who, when (local time), why,
what changed, newest first; a long history keeps its header on every page; no other handout shows it
(careplan.export.revisions)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.export import render_handout
from careplan.paths import AppPaths
from careplan.services.handouts import HandoutOptions, handout_history, make_handout
from careplan.services.plans import load_plan
from careplan.services.store import Store, open_store
from careplan.storage.db import sqlite_url

from handout_samples import CLINIC, page_texts
from support.history import AUTHORS, NOTES, STRETCH, five_revisions, many_revisions

EMPTY = Library(version="test")
HEADER = ("Rev.", "Saved", "By", "Change note", "What changed")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    paths.ensure()
    opened = open_store(sqlite_url(paths.database), paths)
    yield opened
    opened.close()


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer in New York (UTC-5 in winter): printed times must be local, not the stored UTC."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def handout(store: Store, plan_id: int, audience: Audience) -> bytes:
    with store.reads.begin() as s:
        return make_handout(s, plan_id, audience, EMPTY, CLINIC, HandoutOptions(draft=True))


def test_history_prints_dates_authors_notes_and_changes(store: Store, new_york: None) -> None:
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
    text = " ".join(page_texts(handout(store, plan_id, Audience.CLINICIAN)))
    history = text[text.index("Revision history") :]
    assert "5 revisions, newest first" in history
    # The plan's own "Revision" line gives the same local time as the history.
    assert "5, saved 22 February 2027 at 03:10 by Jo Patel" in text[: text.index("Revision history")]
    # Stored 09:30, 15:05, 11:45, 16:20 and 08:10 UTC; printed in New York time, newest first.
    saved = ["22 Feb 2027, 03:10", "19 Feb 2027, 11:20", "8 Jan 2027, 06:45", "4 Dec 2026, 10:05", "20 Nov 2026, 04:30"]
    positions = [history.index(s) for s in saved]
    assert positions == sorted(positions)
    for author in set(AUTHORS):
        assert author in history
    assert "Added night positioning after the home visit" in history
    assert "Review: goal met, target moved" in history
    assert "no note" in history and "Imported" in history
    assert "Restored from revision 2" in history
    assert f"Item added: “{STRETCH}”" in history and f"Item removed: “{STRETCH}”" in history
    assert "Review date moved from 19 February 2027 to 14 May 2027" in history
    assert "First saved version of the plan" in history


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_other_handouts_of_the_same_plan_show_none_of_it(store: Store, audience: Audience) -> None:
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
        history = handout_history(s, plan_id, Audience.CLINICIAN)
    made = " ".join(page_texts(handout(store, plan_id, audience)))
    # Even handed the history directly, the renderer of another audience leaves it out.
    with store.reads.begin() as s:
        record = load_plan(s, plan_id)
    direct = " ".join(page_texts(render_handout(record, audience, CLINIC, history=history, draft=True)))
    for text in (made, direct):
        assert "Amira" in text
        for secret in ("Revision history", "Sam Lee", "Priya Raman", *filter(None, NOTES), "Restored from"):
            assert secret not in text


def test_forty_revisions_keep_the_header_on_every_page(store: Store) -> None:
    with store.sessions.begin() as s:
        plan_id = many_revisions(s, EMPTY, 40).plan_id
    assert plan_id is not None
    pages = page_texts(handout(store, plan_id, Audience.CLINICIAN))
    start = next(i for i, page in enumerate(pages) if "Revision history" in page)
    table_pages = [page for page in pages[start:] if "Save number" in page]
    assert len(table_pages) > 1
    for page in table_pages:
        assert all(title in page for title in HEADER), page[:200]
    every = " ".join(table_pages)
    assert all(f"Save number {n} " in every + " " for n in range(2, 41))
    assert every.index("Save number 40") < every.index("Save number 2 ")


def test_callers_that_pass_no_history_print_none(store: Store) -> None:
    """``render_handout`` without ``history`` (every caller before it existed) prints the summary as before."""
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
        record = load_plan(s, plan_id)
    text = " ".join(page_texts(render_handout(record, Audience.CLINICIAN, CLINIC)))
    assert "Revision history" not in text and "Clinical summary" in text


def test_the_work_handout_never_shows_it_either(store: Store) -> None:
    with store.sessions.begin() as s:
        plan_id = five_revisions(s, EMPTY)
        history = handout_history(s, plan_id, Audience.CLINICIAN)
        record = load_plan(s, plan_id)
    text = " ".join(page_texts(render_handout(record, Audience.WORK, CLINIC, history=history, draft=True)))
    for secret in ("Revision history", "Sam Lee", "Priya Raman", *filter(None, NOTES), "Restored from"):
        assert secret not in text

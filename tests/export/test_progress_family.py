"""The family's "how you are doing" page (``careplan.export.progress_family``), read back: the goals in
plain words, a chart of them, and never a score, a scale's name or a clinician's finding."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from careplan.core.assessments import Assessment, PainRating
from careplan.core.enums import Audience
from careplan.core.model import PlanRecord
from careplan.export.progress import render_progress

from handout_samples import CLINIC, adult_neck_record, all_text, font_sizes, page_texts, render_pages, rich_record
from progress_samples import (
    FINDINGS_MARKER,
    MOVEMENTS,
    REACH,
    SCALES,
    SIT,
    STAND,
    goal,
    monthly,
    sparse,
    worked_example,
)

PRINTED = dt.date(2026, 11, 30)

#: What the family page must never print: scores, scale names, clinical words, findings.
NEVER = (
    "T-score",
    "GAS",
    "Goal Attainment",
    "Barry",
    "Albright",
    "BADS",
    "Dystonia Scale",
    "Arm Dystonia",
    "FLACC",
    "Reimers",
    "migration",
    "GMFCS",
    "Level IV",
    "Botox",
    "toxin",
    "injection",
    "Findings",
    FINDINGS_MARKER,
    "hip surveillance",
    "CONFIDENTIAL",
    "Pain",
    "−1",
    "+1",
)


def family_page(assessments: list[Assessment] | None = None, record: PlanRecord | None = None, **kw: Any) -> bytes:
    example, injections, revisions = worked_example()
    return render_progress(
        record or rich_record(),
        example if assessments is None else assessments,
        injections,
        revisions,
        CLINIC,
        audience=Audience.FAMILY,
        scales=SCALES,
        movements=MOVEMENTS,
        generated_on=PRINTED,
        **kw,
    )


@pytest.mark.parametrize("large_print", [False, True])
def test_goals_in_plain_words(large_print: bool) -> None:
    text = all_text(family_page(large_print=large_print))
    assert "How Amira is doing" in text
    assert f"{SIT}: reached, and past it" in text
    assert f"{STAND}: reached, and past it" in text
    assert f"{REACH}: reached" in text
    assert "Goals last checked 23 November 2026" in text
    assert "The goals over time" in text


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("case", ["worked", "sparse", "monthly"])
def test_never_a_score_a_scale_or_a_finding(case: str, large_print: bool) -> None:
    visits = {"worked": worked_example()[0], "sparse": sparse(), "monthly": monthly(50)}[case]
    text = all_text(family_page(visits, large_print=large_print))
    for word in NEVER:
        assert word.lower() not in text.lower(), word
    # No score of any kind: no decimal (a T-score), no percentage (hip migration), no degrees (range of motion).
    assert re.findall(r"\d\.\d", text) == []
    assert "%" not in text and "°" not in text


def test_the_notice_the_contact_and_the_emergency_line() -> None:
    text = all_text(family_page())
    assert "This is Amira's own care plan, written by Jo Patel (Neurophysiotherapist) for Amira alone." in text
    assert "It is not general medical advice" in text
    assert "contact Jo Patel on 0161 496 0999 or jo.patel@clinic.example" in text
    assert "In an emergency, call 999 first" in text
    assert "We will look at the plan again on 19 February 2027" in text


def test_an_adult_reads_you() -> None:
    record = adult_neck_record()
    visits = [
        Assessment(dt.date(2026, 1, 5), "Jo", goals=(goal("Work at my desk for an hour", -1),)),
        Assessment(dt.date(2026, 4, 6), "Jo", goals=(goal("Work at my desk for an hour", 0),)),
    ]
    text = all_text(family_page(visits, record))
    assert "How you are doing" in text and "Your goals" in text
    assert "the goals in your plan" in text
    assert "Work at my desk for an hour: reached" in text
    assert "This is your own care plan" in text


def test_the_table_says_the_chart_in_words() -> None:
    text = all_text(family_page())
    assert "12 Jan 2026 20 Apr 2026 3 Aug 2026 23 Nov 2026" in text
    assert f"1. {SIT} Not yet Goal reached Past the goal Past the goal" in text
    assert f"2. {STAND} Not yet Not yet Goal reached Past the goal" in text
    assert f"3. {REACH} A long way to go Not yet Not yet Goal reached" in text


def test_not_yet_reached_but_closer() -> None:
    visits = [
        Assessment(dt.date(2026, 1, 5), "Jo", goals=(goal(SIT, -2), goal(STAND, -1))),
        Assessment(dt.date(2026, 4, 6), "Jo", goals=(goal(SIT, -1), goal(STAND, -1))),
    ]
    text = all_text(family_page(visits))
    assert f"{SIT}: not yet reached, but closer than on 5 Jan 2026" in text
    assert f"{STAND}: not yet reached" in text and f"{STAND}: not yet reached, but" not in text


def test_many_checks_chart_the_last_twelve_and_table_the_last_four() -> None:
    text = all_text(family_page(monthly(50)))
    assert "The chart shows the last 12 checks, the table under it the last 4." in text
    assert "15 Nov 2019 15 Dec 2019 15 Jan 2020 15 Feb 2020" in text
    assert "15 Oct 2019" not in text


def test_no_goals_checked_yet() -> None:
    text = all_text(family_page([Assessment(dt.date(2026, 1, 5), "Jo", pain=(PainRating(4),))]))
    assert "The goals have not been checked yet." in text
    assert "The goals over time" not in text


def test_large_print_is_larger(tmp_path: Path) -> None:
    normal, large = family_page(), family_page(large_print=True)
    assert min(font_sizes(large)) > min(font_sizes(normal))
    assert len(PdfReader(io.BytesIO(large)).pages) >= len(PdfReader(io.BytesIO(normal)).pages)


def test_the_chart_is_drawn_and_is_vector(tmp_path: Path) -> None:
    """The goals chart leaves coloured ink on page 1 under its heading, and no page holds an image
    but the clinic logo."""
    pdf = family_page()
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages):
        images = page["/Resources"].get("/XObject") or {}
        assert len(images) == (1 if number == 0 else 0)  # the logo, on the first page
    width, height, pixels = render_pages(pdf, tmp_path, dpi=40)[0]
    lower_half = pixels[(height // 2) * width :]
    assert sum(1 for p in lower_half if p < 200) / len(lower_half) > 0.01


def test_long_goals_keep_their_table_rows_whole(tmp_path: Path) -> None:
    """Large print, eight long goals: the table runs over pages, but each goal's row is on one page."""
    texts = [f"Goal {n}: walk to the shops with a stick and back without a rest" * (1 + n % 3) for n in range(8)]
    visits = [
        Assessment(
            dt.date(2026, month, 3), "Jo", goals=tuple(goal(t, (n + month) % 5 - 2) for n, t in enumerate(texts))
        )
        for month in (1, 3, 5)
    ]
    pages = page_texts(family_page(visits, large_print=True))
    table_pages = [p for p in pages if "3 Jan 2026 3 Mar 2026 3 May 2026" in p]
    assert len(table_pages) >= 2  # the table does run over a page
    for n, text in enumerate(texts, start=1):
        row = f"{n}. {text}"
        assert any(row in page for page in table_pages), row

"""Every section heading of every handout is a PDF bookmark on the page it is printed on, and the
clinician summary shows labels, never the program's internal codes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from careplan.core.enums import Audience
from careplan.core.model import PlanRecord
from careplan.export import render_handout

from handout_samples import CAUTIONS, CLINIC, all_text, page_texts

TODAY = dt.date(2026, 12, 2)


def _outline(pdf: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline]


@pytest.mark.parametrize(
    ("audience", "large_print"),
    # The clinician summary has no large print.
    [(a, large) for a in Audience for large in (False, True) if not (large and a is Audience.CLINICIAN)],
)
def test_each_section_heading_is_a_bookmark_on_its_page(
    record: PlanRecord, audience: Audience, large_print: bool
) -> None:
    pdf = render_handout(record, audience, CLINIC, cautions=CAUTIONS, generated_on=TODAY, large_print=large_print)
    outline = _outline(pdf)
    pages = page_texts(pdf)
    assert len(outline) >= 3
    for title, page in outline:
        flat = " ".join(pages[page].split())
        assert " ".join(title.split()) in flat, f"bookmark {title!r} is not on page {page + 1}"
    assert [p for _, p in outline] == sorted(p for _, p in outline)


def test_clinician_bookmarks_name_its_sections(record: PlanRecord) -> None:
    titles = [t for t, _ in _outline(render_handout(record, Audience.CLINICIAN, CLINIC, cautions=CAUTIONS))]
    for section in ("Patient", "Plan", "Goals", "Cautions that apply", "CONFIDENTIAL — clinical notes"):
        assert section in titles
    assert any(t.startswith("Interventions (") for t in titles)


def test_family_bookmarks_include_the_title_and_the_chart(record: PlanRecord) -> None:
    titles = [t for t, _ in _outline(render_handout(record, Audience.FAMILY, CLINIC, cautions=CAUTIONS))]
    assert titles[0] == "Care plan for Amira Okafor"
    assert "Weekly practice chart for Amira" in titles


#: snake_case words (dystonic_cp) and dotted codes (home.positions_through_the_day).
CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+\.[a-z_]+[a-z]\b")


def test_clinician_summary_prints_no_internal_codes(record: PlanRecord) -> None:
    goals = (dataclasses.replace(record.plan.goals[0], code="goal.sit_tall_at_table"), *record.plan.goals[1:])
    record = dataclasses.replace(record, plan=dataclasses.replace(record.plan, goals=goals))
    pdf = render_handout(record, Audience.CLINICIAN, CLINIC, cautions=CAUTIONS, generated_on=TODAY)
    text = " ".join(page_texts(pdf))
    words = " ".join(w for w in text.split() if "@" not in w and "://" not in w)  # addresses are not codes
    assert CODE.findall(words) == []
    assert "Library code" not in text
    assert f"({record.plan.category.value})" not in text
    assert record.plan.category.label in text


def test_clinician_cautions_print_their_sources(record: PlanRecord) -> None:
    caution = dataclasses.replace(CAUTIONS[0], sources=("Albanese 2013, Movement Disorders", "Dystonia Europe"))
    text = " ".join(all_text(render_handout(record, Audience.CLINICIAN, CLINIC, cautions=(caution,))).split())
    assert (
        "Stop if it brings on neck spasm (Cautionix). Source: Albanese 2013, Movement Disorders; Dystonia Europe"
        in text
    )

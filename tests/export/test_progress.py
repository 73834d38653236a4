"""The clinician's progress report (``careplan.export.progress``, ``careplan.export.progress_report``),
read back: the text with pypdf, the pages rendered with pdftoppm and measured."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from careplan.core.assessments import Assessment, Injection, PainRating
from careplan.core.enums import Audience
from careplan.export.errors import HandoutError
from careplan.export.progress import render_progress
from careplan.export.progress_report import ClinicianProgress, ProgressData
from careplan.export.progress_series import progress_measures
from careplan.export.renderer import NO_CLINIC
from careplan.export.text import short_date

from handout_samples import CLINIC, all_text, body_text, render_pages, rich_record
from progress_samples import FINDINGS_MARKER, MOVEMENTS, SCALES, SIT, monthly, sparse, worked_example

PRINTED = dt.date(2026, 11, 30)


def report(
    assessments: list[Assessment], injections: Sequence[Injection] = (), revisions: Sequence[dt.date] = (), **kw: Any
) -> bytes:
    kw.setdefault("scales", SCALES)
    kw.setdefault("movements", MOVEMENTS)
    return render_progress(rich_record(), assessments, injections, revisions, generated_on=PRINTED, **kw)


def worked_report(**kw: Any) -> bytes:
    assessments, injections, revisions = worked_example()
    return report(assessments, injections, revisions, **kw)


def table_rows(assessments: list[Assessment]) -> list[str]:
    """Each measure's table rows as they read back: the date, then the value of each line."""
    rows = []
    for m in progress_measures(assessments, SCALES, MOVEMENTS):
        if m.key == "gas":
            continue
        values = [dict(s.points) for s in m.series]
        for day in m.dates():
            cells = [m.value(v[day]) if day in v else "—" for v in values]
            rows.append(" ".join([short_date(day), *cells]))
    return rows


def test_worked_example_reads_back() -> None:
    text = all_text(worked_report())
    for words in (
        "Progress report: Amira Okafor",
        "CONFIDENTIAL",
        "Postural management and school participation",
        "12 January 2026 to 23 November 2026 (4 assessments)",
        "Jo Patel and Sam Reid",
        "Change at a glance",
        "GAS T-score",
        "Pain (0-10)",
        "Barry-Albright Dystonia Scale",
        "Range of motion: Hip abduction",
        "Hip migration (Reimers)",
        "Classification levels",
        "Level IV",
        "Botulinum toxin injections",
        "Botox, 200 units",
        "Plan revisions",
        "12 Jan 2026, 21 Apr 2026, 3 Aug 2026",
        "Findings",
        FINDINGS_MARKER,
        "not general guidance",
    ):
        assert words in text, words


def test_table_numbers_equal_the_inputs() -> None:
    assessments, injections, revisions = worked_example()
    text = all_text(report(assessments, injections, revisions))
    rows = table_rows(assessments)
    assert "12 Jan 2026 28% 22%" in rows and "3 Aug 2026 30° 30°" in rows and "23 Nov 2026 9" in rows
    for row in rows:
        assert row in text, row
    # The GAS table: T-score, goals rated and the level of each goal, by number.
    for row in (
        "12 Jan 2026 31.7 3 1: −1, 2: −1, 3: −2",
        "20 Apr 2026 40.9 3 1: 0, 2: −1, 3: −1",
        "3 Aug 2026 50.0 3 1: +1, 2: 0, 3: −1",
        "23 Nov 2026 59.1 3 1: +1, 2: +1, 3: 0",
    ):
        assert row in text, row
    assert f"1 {SIT} 2 × 2 −1 +1 Sits for a whole meal and feeds herself a little" in text


def test_change_since_first_and_previous_with_the_right_direction() -> None:
    text = all_text(worked_report())
    for measure in (
        "GAS T-score",
        "Pain (0-10): Numeric rating",
        "Barry-Albright Dystonia Scale",
        "Hip abduction: Left, passive",
        "Hip abduction: Right, passive",
        "Hip migration (Reimers): Left hip",
        "Hip migration (Reimers): Right hip",
    ):
        assert f"{measure} " in text, measure
    # Each row: which way is better, first, previous and latest, then the changes and their words.
    assert "higher 31.7 12 Jan 2026 50.0 3 Aug 2026 59.1 23 Nov 2026 +27.4 better +9.1 better" in text
    assert "lower 6 12 Jan 2026 3 3 Aug 2026 2 23 Nov 2026 −4 better −1 better" in text
    assert "lower 16 12 Jan 2026 11 3 Aug 2026 9 23 Nov 2026 −7 better −2 better" in text
    assert "higher 20° 12 Jan 2026 20° 12 Jan 2026 30° 3 Aug 2026 +10° better +10° better" in text
    assert "lower 28% 12 Jan 2026 33% 3 Aug 2026 35% 23 Nov 2026 +7% worse +2% worse" in text
    assert "lower 22% 12 Jan 2026 24% 3 Aug 2026 25% 23 Nov 2026 +3% worse +1% worse" in text


def heading_places(pdf: bytes) -> dict[str, tuple[int, float]]:
    """Each section heading (the PDF's outline) with its page and baseline (points from the page foot)."""
    reader = PdfReader(io.BytesIO(pdf))
    out: dict[str, tuple[int, float]] = {}
    for item in reader.outline:
        page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
        found: list[tuple[float, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], _f: object, size: float) -> None:
            if text.strip() == item.title:  # noqa: B023 (used at once)
                found.append((size * tm[3], tm[5] * cm[3] + cm[5]))  # noqa: B023

        reader.pages[page].extract_text(visitor_text=visit)
        if found:
            out[item.title] = (page, max(found)[1])  # the largest type: the heading, not a table cell
    return out


def ink_share(pixels: bytes, width: int, top: int, bottom: int) -> float:
    """The share of pixels darker than paper in rows ``top`` to ``bottom`` (greyscale)."""
    band = pixels[top * width : bottom * width]
    return sum(1 for p in band if p < 235) / max(len(band), 1)


def test_every_chart_is_drawn_under_its_heading(tmp_path: Path) -> None:
    """The band under each chart's heading holds the chart's lines (ink), where the text is sparse."""
    pdf = worked_report(scales=SCALES)
    pages = render_pages(pdf, tmp_path, dpi=50)
    places = heading_places(pdf)
    checked = 0
    for heading in ("GAS T-score", "Pain (0-10)", "Barry-Albright Dystonia Scale (BADS)", "Hip migration (Reimers)"):
        page, y = places[heading]
        width, _height, pixels = pages[page]
        scale = 50 / 72
        top = int((842 - y) * scale) + 12
        chart = ink_share(pixels, width, top, top + int(4.2 * 28.35 * scale))
        assert chart > 0.03, (heading, chart)
        checked += 1
    assert checked == 4


def test_charts_are_vector_graphics() -> None:
    """With no clinic logo, no page holds an image: the charts are lines and text."""
    assessments, injections, revisions = worked_example()
    pdf = render_progress(rich_record(), assessments, injections, revisions, NO_CLINIC, scales=SCALES)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not xobjects


def test_one_assessment() -> None:
    assessments, _i, _r = worked_example()
    text = all_text(report(assessments[:1]))
    assert "12 January 2026 (1 assessment)" in text
    assert "one value only" in text
    assert "Previous" in text
    assert "Botulinum toxin injections" not in text and "The plan was saved on" not in text


def test_fifty_assessments_all_tabled() -> None:
    visits = monthly(50)
    pdf = report(visits)
    text = all_text(pdf)
    for row in table_rows(visits):
        assert row in text, row
    assert "15 January 2016 to 15 February 2020 (50 assessments)" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 12


def test_missing_measures_show_a_dash_and_no_empty_chart() -> None:
    visits = sparse()
    text = all_text(report(visits))
    assert "Range of motion" not in text and "Classification levels" not in text
    assert "FLACC (observed)" in text
    assert "2 Mar 2026 40%" in text and "6 Jul 2026 38%" in text
    assert "Arm Dystonia Disability Scale" in text
    # The scale improves upwards (as the catalog says): 55 then 70 is better.
    assert "higher 55 6 Jul 2026 55 6 Jul 2026 70 7 Sep 2026 +15 better +15 better" in text


def test_injections_but_no_assessments_are_refused() -> None:
    _a, injections, revisions = worked_example()
    with pytest.raises(HandoutError, match=r"There is no assessment of Amira Okafor for this plan yet"):
        report([], injections, revisions)


def test_large_print_and_other_audiences_are_refused() -> None:
    with pytest.raises(HandoutError, match=r"Large print is available .* not the progress report"):
        worked_report(large_print=True)
    with pytest.raises(HandoutError, match="no progress page for the school"):
        worked_report(audience=Audience.SCHOOL)


def test_injection_outside_the_period_is_listed_as_such() -> None:
    assessments, injections, _r = worked_example()
    text = all_text(report(assessments, [*injections, Injection(dt.date(2020, 5, 1), "Neck", "Dr B")]))
    assert "1 May 2020 (outside the period)" in text
    assert "Toxin injections in the period 2" in text


def test_names_in_any_script_print() -> None:
    record = rich_record(given_name="Zoë", family_name="Łukasz-Ахмед")
    pdf = render_progress(record, [Assessment(dt.date(2026, 1, 1), "Jo", pain=(PainRating(3, site="шея"),))])
    text = all_text(pdf)
    assert "Zoë Łukasz-Ахмед" in text and "шея" in text


def test_ten_years_monthly_prints_in_under_a_second() -> None:
    """Issue 13: ten years of monthly assessments chart and print in under a second (best of three)."""
    visits = monthly(120)
    data = ProgressData(tuple(visits), scales=SCALES, movements=MOVEMENTS)
    record = rich_record()
    ClinicianProgress(record, data, CLINIC).render()  # fonts loaded once per process
    best = min(_timed(lambda: ClinicianProgress(record, data, CLINIC).render()) for _ in range(3))
    assert best < 1.0, best


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@pytest.mark.parametrize("audience", [Audience.CLINICIAN, Audience.FAMILY])
def test_letter_paper(audience: Audience) -> None:
    pdf = worked_report(paper="Letter", audience=audience)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_hostile_and_long_text_prints_as_typed() -> None:
    """Markup characters print as typed; findings of 10,000 characters run over pages."""
    long_findings = "Tone <up> & R>L; " * 580
    visits = [
        Assessment(dt.date(2026, 1, 5), "Jo <b>Patel</b>", pain=(PainRating(4, site="neck & <left> shoulder"),)),
        Assessment(
            dt.date(2026, 2, 5), "Jo", pain=(PainRating(3, site="neck & <left> shoulder"),), findings=long_findings
        ),
    ]
    pdf = report(visits, [Injection(dt.date(2026, 1, 20), "SCM & <splenius>", "Dr <i>A</i>")])
    text = all_text(pdf)
    assert "Numeric rating, neck & <left> shoulder" in text
    assert "Jo <b>Patel</b>" in text and "SCM & <splenius>" in text and "Dr <i>A</i>" in text
    # Every word of it, in order: spaces aside (a line broken at a page end joins its halves without one),
    # and without the table's header row, repeated at the top of each page the findings run onto.
    body = "".join(body_text(pdf).split()).replace("DateByFindings", "")
    assert body.count("Tone<up>&R>L;") == 580
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3

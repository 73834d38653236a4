"""The family handout's weekly tick chart: day columns follow each item's days a week,
equipment has rows, a row notes how it went and pain, and the chart stays on one page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from careplan.core.enums import Audience, EquipmentStatus, Kind
from careplan.core.model import Dosage, Intervention, PlanRecord
from careplan.export import render_handout

from handout_samples import CLINIC, FAMILY, page_texts, pdftoppm_or_skip, render_pages, rich_record

TODAY = dt.date(2026, 12, 2)


def chart_record(*items: Intervention) -> PlanRecord:
    base = rich_record()
    return PlanRecord(plan=base.plan.replace(interventions=items), patient=base.patient)


def exercise(title: str, days: int | None, times: int = 1) -> Intervention:
    return Intervention(
        kind=Kind.EXERCISE,
        title=title,
        instructions="Slowly.",
        dosage=Dosage(reps=5, times_per_day=times, days_per_week=days),
        audiences=FAMILY,
    )


def chart_pages(pdf: bytes) -> list[str]:
    texts = page_texts(pdf)
    start = next(i for i, t in enumerate(texts) if "Weekly practice chart" in t)
    return texts[start:]


def render(record: PlanRecord, large_print: bool = False) -> bytes:
    return render_handout(record, Audience.FAMILY, CLINIC, generated_on=TODAY, large_print=large_print)


def test_columns_follow_days_per_week() -> None:
    record = chart_record(
        exercise("Daily stretch", 7), exercise("Three day reach", 3), exercise("Unsaid days kick", None)
    )
    chart = " ".join(chart_pages(render(record)))
    every_day = re.search(r"Every day Mon Tue Wed Thu Fri Sat Sun (.*?)3 days a week", chart)
    assert every_day, chart[:400]
    assert "Daily stretch" in every_day.group(1) and "Unsaid days kick" in every_day.group(1)
    three = re.search(r"3 days a week: day 1 2 3 (\S+ \S+ \S+)", chart)
    assert three and three.group(1) == "Three day reach", chart
    assert not re.search(r"3 days a week: day 1 2 3 4", chart)


def test_one_day_a_week_has_one_column() -> None:
    chart = " ".join(chart_pages(render(chart_record(exercise("Weekly swim", 1)))))
    assert "Once a week: day 1 Weekly swim" in chart
    assert "Every day" not in chart.split("Each day")[0]


def test_equipment_has_rows_and_pain_row_is_there() -> None:
    frame = Intervention(
        kind=Kind.EQUIPMENT,
        title="Standing frame",
        instructions="Thirty minutes.",
        dosage=Dosage(minutes=30, times_per_day=2, days_per_week=5),
        status=EquipmentStatus.ISSUED,
        audiences=FAMILY,
    )
    chart = " ".join(chart_pages(render(chart_record(exercise("Daily stretch", 7), frame))))
    assert re.search(r"5 days a week: day 1 2 3 4 5 Standing frame", chart), chart
    assert "How did it go?" in chart and "Pain 0–10" in chart


def test_no_chart_without_exercises_or_equipment() -> None:
    base = rich_record()
    items = tuple(i for i in base.plan.interventions if i.kind not in (Kind.EXERCISE, Kind.EQUIPMENT))
    texts = page_texts(render(chart_record(*items)))
    assert not any("Weekly practice chart" in t for t in texts)


def test_chart_kept_on_one_page(tmp_path: Path) -> None:
    """The rich plan's chart fits one page: title, every row and the pain row on the same page."""
    pdf = render(rich_record())
    pages = chart_pages(pdf)
    assert "How did it go?" in pages[0], pages
    assert "Weekly practice chart" not in " ".join(pages[1:])
    pdftoppm_or_skip()
    rendered = render_pages(pdf, tmp_path)
    assert len(rendered) == len(page_texts(pdf))  # every page rasterises, the chart page included


def test_large_print_chart_breaks_only_between_tables() -> None:
    """Too tall for one page in large print, the chart breaks between its tables, not inside one."""
    pages = chart_pages(render(rich_record(), large_print=True))
    holder = next(t for t in pages if "5 days a week: day" in t)
    assert "Supported sit-to-stand" in holder
    every_day = next(t for t in pages if "Every day Mon" in t)
    assert "Chin tuck" in every_day and "Reach and grasp" in every_day
    assert any("How did it go?" in t and "Each day Mon" in t for t in pages)

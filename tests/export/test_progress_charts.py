"""The charts of the progress pages (``careplan.export.progress_charts``): vector drawings whose axes,
lines and marks are where the numbers say."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String

from careplan.export.progress_charts import (
    INJECTION,
    INJECTION_LABEL,
    REVISION,
    REVISION_LABEL,
    Marks,
    TimeAxis,
    exact_ticks,
    level_chart,
    nice_ticks,
    time_chart,
    value_ticks,
)
from careplan.export.progress_series import Better, Measure, Series, progress_measures

from progress_samples import SCALES, monthly, worked_example

D = dt.date


def strings(drawing: Drawing) -> list[str]:
    return [s.text for s in drawing.getContents() if isinstance(s, String)]


def shapes(drawing: Drawing) -> list[object]:
    """Every shape in the drawing, groups opened."""
    out: list[object] = []

    def walk(node: object) -> None:
        out.append(node)
        for child in getattr(node, "contents", []) or []:
            walk(child)

    for node in drawing.getContents():
        walk(node)
    return out


def plot_of(drawing: Drawing) -> LinePlot:
    return next(s for s in drawing.getContents() if isinstance(s, LinePlot))


def test_time_axis_short_span_labels_months() -> None:
    axis = TimeAxis.spanning([D(2026, 1, 12), D(2026, 11, 23)])
    ticks = axis.ticks()
    assert axis.start < D(2026, 1, 12) and axis.end > D(2026, 11, 23)
    assert [t for _d, t in ticks][:2] == ["Jan 2026", "Mar 2026"]  # every second month: at most seven
    assert len(ticks) <= 7
    assert all(d.day == 1 for d, _t in ticks)


def test_time_axis_ten_years_labels_years() -> None:
    axis = TimeAxis.spanning([D(2016, 1, 15), D(2025, 12, 15)])
    labels = [t for _d, t in axis.ticks()]
    assert labels == ["2016", "2018", "2020", "2022", "2024", "2026"]  # the axis runs on a little past the last


def test_time_axis_of_one_date() -> None:
    axis = TimeAxis.spanning([D(2026, 3, 14)])
    assert (axis.start, axis.end) == (D(2026, 2, 12), D(2026, 4, 13))
    assert [t for _d, t in axis.ticks()] == ["Mar 2026", "Apr 2026"]
    # Too short a span for the first of any month: its middle is labelled with a date.
    short = TimeAxis(D(2026, 3, 2), D(2026, 3, 20))
    assert short.ticks() == [(D(2026, 3, 11), "11 Mar 2026")]


def test_value_ticks() -> None:
    assert nice_ticks(0, 37.4) == [0, 10, 20, 30, 40]
    assert exact_ticks(0, 32) == [0, 8, 16, 24, 32]
    assert exact_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert exact_ticks(20, 80) == [20, 30, 40, 50, 60, 70, 80]
    assert exact_ticks(0, 85) is None
    pain = Measure("pain", "Pain", "", Better.LOWER, 0, 10, (Series("", ((D(2026, 1, 1), 3),)),))
    assert value_ticks(pain) == [0, 2, 4, 6, 8, 10]
    # A value outside the scale's range (a mistyped maximum) widens the axis, never falls off it.
    over = Measure("x", "X", "", Better.LOWER, 0, 32, (Series("", ((D(2026, 1, 1), 40),)),))
    assert value_ticks(over)[-1] >= 40


def test_chart_has_a_line_per_series_and_marks_inside_the_axis() -> None:
    assessments, injections, revisions = worked_example()
    hips = next(m for m in progress_measures(assessments, SCALES) if m.key == "hips")
    axis = TimeAxis.spanning([a.date for a in assessments])
    outside = D(2020, 1, 1)
    marks = Marks((outside, *(i.date for i in injections)), tuple(revisions))
    drawing = time_chart(hips, axis, 450, 140, marks)
    plot = plot_of(drawing)
    assert plot.data == [
        [(d.toordinal(), v) for d, v in hips.series[0].points],
        [(d.toordinal(), v) for d, v in hips.series[1].points],
    ]
    everything = shapes(drawing)
    injection_lines = [s for s in everything if isinstance(s, Line) and s.strokeColor == INJECTION]
    revision_lines = [s for s in everything if isinstance(s, Line) and s.strokeColor == REVISION]
    # One line per injection and revision in the axis's span (the 2020 one is not), plus one each in the legend.
    assert len(injection_lines) == len(injections) + 1
    assert len(revision_lines) == len(revisions) + 1
    x_first = (
        plot.x
        + (injections[0].date.toordinal() - axis.start.toordinal())
        / (axis.end.toordinal() - axis.start.toordinal())
        * plot.width
    )
    assert any(abs(line.x1 - x_first) < 0.01 for line in injection_lines)
    assert {"Left hip", "Right hip", INJECTION_LABEL, REVISION_LABEL} <= set(strings(drawing))
    assert any(isinstance(s, Polygon) for s in everything)  # the injection's triangle


def test_one_line_charts_have_no_line_legend_and_no_marks_no_mark_legend() -> None:
    pain = Measure("pain", "Pain (0-10)", "", Better.LOWER, 0, 10, (Series("Total", ((D(2026, 1, 1), 3),)),))
    drawing = time_chart(pain, TimeAxis.spanning([D(2026, 1, 1)]), 400, 120)
    assert "Total" not in strings(drawing)
    assert INJECTION_LABEL not in strings(drawing) and REVISION_LABEL not in strings(drawing)


def test_chart_renders_as_vector_graphics() -> None:
    """No image in the PDF: lines and text, sharp at any zoom and read by a text extractor."""
    measures = progress_measures(monthly(120), SCALES)
    axis = TimeAxis.spanning([D(2016, 1, 15), D(2025, 12, 15)])
    pdf = renderPDF.drawToString(time_chart(measures[0], axis, 450, 140))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    resources = page["/Resources"]
    assert "/XObject" not in resources or not resources["/XObject"]
    text = page.extract_text()
    assert "2016" in text and "2024" in text


def test_level_chart_words_numbers_and_band() -> None:
    lines = [
        [(D(2026, 1, 1), -1.0), (D(2026, 6, 1), 1.0)],
        [(D(2026, 1, 1), -1.0), (D(2026, 6, 1), 1.0)],
        [(D(2026, 1, 1), -2.0), (D(2026, 6, 1), 0.0)],
    ]
    words = [(-2, "A long way to go"), (-1, "Not yet"), (0, "Goal reached"), (1, "Past"), (2, "Well past")]
    drawing = level_chart(lines, words, TimeAxis.spanning([D(2026, 1, 1), D(2026, 6, 1)]), 450, 150, band=0)
    plot = plot_of(drawing)
    labels = [plot.yValueAxis.labelTextFormat(v) for v in plot.yValueAxis.valueSteps]
    assert labels == ["A long way to go", "Not yet", "Goal reached", "Past", "Well past"]
    # Lines on the same levels are drawn a hair apart, never more than a fifth of a level.
    assert plot.data[0][1][1] != plot.data[1][1][1]
    assert all(abs(y - round(y)) <= 0.2 for line in plot.data for _x, y in line)
    # The two lines ending together share one place, numbered "1" and "2"; the third is "3".
    assert [s for s in strings(drawing) if s.strip().isdigit()] == ["1", "2", "3"]
    assert any(isinstance(s, Rect) for s in drawing.getContents())  # the "goal reached" band

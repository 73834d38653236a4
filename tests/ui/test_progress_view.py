"""The Progress view: its charts (one point, gaps, ten years of monthly values), markers and table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCharts import QLineSeries, QScatterSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from careplan.ui.progress_view import (
    Marker,
    MarkerKind,
    ProgressTableModel,
    ProgressView,
    describe,
    progress_rows,
)


# Measures shaped as careplan.export.progress_series gives them (careplan.ui.progress_view.MeasureLike).
@dataclass(frozen=True)
class _Series:
    label: str
    points: tuple[tuple[dt.date, float], ...]


@dataclass(frozen=True)
class _Measure:
    key: str
    title: str
    unit: str
    low: float | None
    high: float | None
    series: tuple[_Series, ...]
    decimals: int = 0

    def value(self, value: float, *, signed: bool = False) -> str:
        return f"{value:.{self.decimals}f}{self.unit}"


D = (dt.date(2026, 1, 5), dt.date(2026, 4, 6), dt.date(2026, 7, 6), dt.date(2026, 11, 30))
PAIN = _Measure("pain", "Pain (0-10)", "", 0, 10, (_Series("", tuple(zip(D, (7.0, 6.0, 4.0, 3.0), strict=True))),))
HIPS = _Measure(
    "hips",
    "Hip migration (Reimers)",
    "%",
    0,
    100,
    # The right hip was not on the first X-ray: a gap at the start of its line.
    (_Series("Left hip", tuple(zip(D, (28.0, 30.0, 31.0, 33.0), strict=True))), _Series("Right hip", ((D[2], 40.0),))),
)
MARKERS = (
    Marker(dt.date(2026, 2, 2), MarkerKind.INJECTION, "left hamstrings"),
    Marker(dt.date(2026, 4, 6), MarkerKind.REVISION, "Review after assessment of 6 Apr 2026"),
)


def _lines(view: ProgressView, number: int) -> dict[str, list[tuple[float, float]]]:
    chart = view.chart_views[number].chart()
    return {s.name(): [(p.x(), p.y()) for p in s.points()] for s in chart.series() if isinstance(s, QLineSeries)}


def test_each_measure_has_a_chart_with_its_lines_and_the_markers_on_the_time_axis(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ProgressView("Amara Okafor", [PAIN, HIPS], MARKERS)
    qtbot.addWidget(view)
    assert [v.chart().title() for v in view.chart_views] == ["Pain (0-10)", "Hip migration (Reimers) (%)"]
    pain = _lines(view, 0)
    assert [y for _x, y in pain["Pain (0-10)"]] == [7.0, 6.0, 4.0, 3.0]
    hips = _lines(view, 1)
    assert [y for _x, y in hips["Left hip"]] == [28.0, 30.0, 31.0, 33.0]
    assert [y for _x, y in hips["Right hip"]] == [40.0]  # one value: a dot, drawn
    marks = {s.name(): len(s.points()) for s in view.chart_views[0].chart().series() if isinstance(s, QScatterSeries)}
    assert marks == {"Injections": 1, "Plan revisions": 1}
    # The marks sit at their dates on the same time axis as the values.
    revision_x = next(s.points()[0].x() for s in view.chart_views[0].chart().series() if s.name() == "Plan revisions")
    assert revision_x == pain["Pain (0-10)"][1][0]


def test_the_table_holds_every_number_and_event_in_date_order(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = progress_rows([PAIN, HIPS], MARKERS)
    model = ProgressTableModel(rows)
    qtmodeltester.check(model)
    table = [
        tuple(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) for c in range(4))
        for r in range(model.rowCount())
    ]
    assert table[:4] == [
        ("5 Jan 2026", "Pain (0-10)", "", "7"),
        ("5 Jan 2026", "Hip migration (Reimers)", "Left hip", "28%"),
        ("2 Feb 2026", "Botulinum toxin injection", "", "left hamstrings"),
        ("6 Apr 2026", "Pain (0-10)", "", "6"),
    ]
    assert ("6 Jul 2026", "Hip migration (Reimers)", "Right hip", "40%") in table
    assert len(table) == 4 + 5 + 2


def test_charts_are_reached_by_tab_and_say_what_they_show(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ProgressView("Amara Okafor", [PAIN, HIPS], MARKERS)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.tabs.tabBar().setFocus()
    reached = []
    for _ in range(6):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        reached.append(view.focusWidget())
    assert view.chart_views[0] in reached and view.chart_views[1] in reached
    assert view.chart_views[0].accessibleName() == "Chart: Pain (0-10)"
    assert view.chart_views[1].accessibleDescription() == describe(HIPS)
    assert "Left hip: 4 values from 5 Jan 2026 to 30 Nov 2026, first 28%, latest 33%" in describe(HIPS)
    assert "Right hip: one value, 40% on 6 Jul 2026" in describe(HIPS)
    assert view.table.accessibleName() == "Progress as a table"


def test_no_assessment_yet_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ProgressView("Amara Okafor", [], MARKERS)
    qtbot.addWidget(view)
    assert view.chart_views == []
    assert view.model.rowCount() == 2  # the events are still listed
    texts = [label.text() for label in view.charts_page.findChildren(QLabel)]
    assert any(t.startswith("No assessments recorded yet") for t in texts)
    assert not view.save_report.isEnabled() and not view.save_family.isEnabled()  # nothing to print yet


def test_ten_years_of_monthly_assessments_all_charted_and_listed(qtbot) -> None:  # type: ignore[no-untyped-def]
    start = dt.date(2016, 12, 1)
    days = [start + dt.timedelta(days=30 * n) for n in range(120)]
    measures = [
        _Measure(
            f"m{k}", f"Measure {k}", "", 0, 100, (_Series("", tuple((d, float(n % 100)) for n, d in enumerate(days))),)
        )
        for k in range(8)
    ]
    markers = [Marker(d, MarkerKind.INJECTION, "neck") for d in days[::3]]
    # Every chart and every number is there (speed is for benchmarks, not a timed test).
    view = ProgressView("Amara Okafor", measures, markers)
    qtbot.addWidget(view)
    view.resize(900, 760)
    view.grab()
    for chart in view.chart_views:  # every chart painted, also those scrolled out of sight
        chart.grab()
    assert len(view.chart_views) == 8
    assert view.model.rowCount() == 8 * 120 + 40
    assert all(not chart.grab().isNull() for chart in view.chart_views)

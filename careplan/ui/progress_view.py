"""The Progress view: a patient's measures over time, as line charts and as a table.

One chart per measure (GAS T-score, pain, each scale's total, range of motion per movement, hip
migration), each line a series of dated values, with the botulinum toxin injections and the plan's
revisions marked along the time axis.  The numbers come from the same derivation as the printed
progress report (``careplan.export.progress_series``), so the screen and the paper never disagree.
The table tab holds every number of the charts, one per row, for screen readers and for a quick
look at exact values; every chart is reachable by Tab and says in words what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    QTime,
)
from PySide6.QtGui import QColor, QFocusEvent, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplan.core.assessments import Assessment, Injection
from careplan.ui.formatting import format_date
from careplan.ui.screen import fit_on_screen
from careplan.ui.widgets import named

#: The height of one chart: room for its title, legend and a readable line.
CHART_HEIGHT = 280
#: Days of room either side of the first and last date, so points at the ends are not cut in half.
_MARGIN_DAYS = 10


class SeriesLike(Protocol):
    """One line of a chart: its label ("" when the chart has only this line) and its dated values."""

    @property
    def label(self) -> str: ...
    @property
    def points(self) -> Sequence[tuple[dt.date, float]]: ...


class MeasureLike(Protocol):
    """One measure and its lines (``careplan.export.progress_series.Measure``)."""

    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def series(self) -> Sequence[SeriesLike]: ...
    def value(self, value: float, *, signed: bool = False) -> str: ...


class MarkerKind(StrEnum):
    INJECTION = "injection"
    REVISION = "revision"

    @property
    def label(self) -> str:
        return {"injection": "Botulinum toxin injection", "revision": "Plan revision"}[self.value]

    @property
    def plural(self) -> str:
        return {"injection": "Injections", "revision": "Plan revisions"}[self.value]


@dataclass(frozen=True)
class Marker:
    """An event marked on the time axis: an injection or a revision of the plan."""

    date: dt.date
    kind: MarkerKind
    #: What the table says about it (the muscles injected; the revision's note).
    text: str = ""


# --- the table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    date: dt.date
    measure: str
    line: str
    value: str


def progress_rows(measures: Sequence[MeasureLike], markers: Sequence[Marker]) -> list[ProgressRow]:
    """Every number of the charts and every marked event, one per row, in date order (then by measure)."""
    rows = [
        ProgressRow(day, measure.title, series.label, measure.value(value))
        for measure in measures
        for series in measure.series
        for day, value in series.points
    ]
    rows += [ProgressRow(m.date, m.kind.label, "", m.text) for m in markers]
    order = {m.title: i for i, m in enumerate(measures)}
    return sorted(rows, key=lambda r: (r.date, order.get(r.measure, len(order)), r.line))


class ProgressTableModel(QAbstractTableModel):
    """The numbers of the Progress view as a table: date, measure, line, value."""

    HEADERS = ("Date", "Measure", "Line", "Value")

    def __init__(self, rows: Sequence[ProgressRow] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)

    def set_rows(self, rows: Sequence[ProgressRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (format_date(row.date), row.measure, row.line, row.value)[index.column()]
        if role == Qt.ItemDataRole.UserRole and index.column() == 0:
            return row.date.isoformat()  # sorts as dates do
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def row(self, number: int) -> ProgressRow:
        return self._rows[number]


# --- what was recorded ----------------------------------------------------------------------------


def recorded_what(record: Assessment | Injection) -> str:
    """ "Assessment" or "Botulinum toxin injection": the kind, as the table and the confirmations say it."""
    return "Assessment" if isinstance(record, Assessment) else MarkerKind.INJECTION.label


def recorded_details(record: Assessment | Injection) -> str:
    """What a recorded entry holds, in short: the parts of an assessment; the muscles of an injection."""
    if isinstance(record, Injection):
        return record.muscles
    parts = [
        (record.goals, "goals"),
        (record.pain, "pain"),
        (record.scales, "scales"),
        (record.classifications, "classification levels"),
        (record.rom, "range of motion"),
        (record.hips, "hip migration"),
        (record.findings, "findings"),
    ]
    shown = [words for value, words in parts if value]
    return (", ".join(shown) or "nothing measured").capitalize()


class RecordedModel(QAbstractTableModel):
    """The patient's recorded assessments and injections, newest first: the list to correct or delete from."""

    HEADERS = ("Date", "Recorded", "By", "Holds")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[Assessment | Injection] = []

    def set_records(self, records: Sequence[Assessment | Injection]) -> None:
        self.beginResetModel()
        self._records = sorted(records, key=lambda r: (r.date, isinstance(r, Assessment), r.id or 0), reverse=True)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            who = record.therapist if isinstance(record, Assessment) else record.given_by
            return (format_date(record.date), recorded_what(record), who, recorded_details(record))[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def record(self, number: int) -> Assessment | Injection:
        return self._records[number]


# --- the charts ------------------------------------------------------------------------------------


def _msecs(day: dt.date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def _qdatetime(day: dt.date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))


def describe(measure: MeasureLike) -> str:
    """What a chart shows, in words, for a screen reader: each line's count, span and latest value."""
    parts = []
    for series in measure.series:
        points = sorted(series.points)
        if not points:
            continue
        name = f"{series.label}: " if series.label else ""
        first, last = points[0], points[-1]
        span = (
            f"one value, {measure.value(first[1])} on {format_date(first[0])}"
            if len(points) == 1
            else (
                f"{len(points)} values from {format_date(first[0])} to {format_date(last[0])}, "
                f"first {measure.value(first[1])}, latest {measure.value(last[1])}"
            )
        )
        parts.append(name + span)
    return f"{measure.title}. " + "; ".join(parts) + "."


def value_range(measure: MeasureLike) -> tuple[float, float]:
    """The value axis: the measure's fixed range where it has one, else its values with some room."""
    values = [v for s in measure.series for _d, v in s.points]
    low = measure.low if measure.low is not None else min(values)
    high = measure.high if measure.high is not None else max(values)
    if measure.low is None or measure.high is None:
        room = max((high - low) * 0.1, 1.0)
        low = low - room if measure.low is None else low
        high = high + room if measure.high is None else high
    if high <= low:
        high = low + 1
    return float(low), float(high)


def build_chart(measure: MeasureLike, markers: Sequence[Marker], span: tuple[dt.date, dt.date]) -> QChart:
    """A line chart of ``measure`` over ``span``, the ``markers`` as points along its time axis."""
    chart = QChart()
    chart.setTitle(measure.title + (f" ({measure.unit.strip()})" if measure.unit.strip() else ""))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    axis_x = QDateTimeAxis()
    axis_x.setFormat("MMM yyyy")
    start, end = span
    axis_x.setRange(
        _qdatetime(start - dt.timedelta(days=_MARGIN_DAYS)), _qdatetime(end + dt.timedelta(days=_MARGIN_DAYS))
    )
    axis_x.setTickCount(min(7, max(2, (end - start).days // 30 + 2)))
    axis_y = QValueAxis()
    low, high = value_range(measure)
    axis_y.setRange(low, high)
    if measure.low is not None and measure.high is not None and (high - low) % 5 == 0:
        axis_y.setTickCount(6)  # 0, 2, 4 … 10 for pain; 0, 20 … 100 for hip migration
    else:
        axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%g")
    # The markers sit just above the time axis, whole (not cut in half by the plot's edge).
    mark_at = axis_y.min() + (axis_y.max() - axis_y.min()) * 0.04
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for series in measure.series:
        line = QLineSeries()
        line.setName(series.label or measure.title)
        line.append([_point(d, v) for d, v in sorted(series.points)])
        line.setPointsVisible(True)  # a single value shows as a dot
        chart.addSeries(line)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)
    marked = False
    for kind, shape, colour in (
        (MarkerKind.INJECTION, QScatterSeries.MarkerShape.MarkerShapeTriangle, QColor("#b0306a")),
        (MarkerKind.REVISION, QScatterSeries.MarkerShape.MarkerShapeRectangle, QColor("#4a4a4a")),
    ):
        dates = [m.date for m in markers if m.kind is kind and start <= m.date <= end]
        if not dates:
            continue
        marks = QScatterSeries()
        marks.setName(kind.plural)
        marks.setMarkerShape(shape)
        marks.setMarkerSize(11)
        marks.setColor(colour)
        marks.setPen(QPen(colour))
        marks.append([_point(d, mark_at) for d in dates])
        chart.addSeries(marks)
        marks.attachAxis(axis_x)
        marks.attachAxis(axis_y)
        marked = True
    if len(measure.series) == 1 and not marked:
        chart.legend().hide()
    return chart


def _point(day: dt.date, value: float) -> QPointF:
    return QPointF(_msecs(day), value)


class ChartView(QChartView):
    """A chart that Tab reaches: a frame shows when it has focus, and its accessible name says what it shows."""

    def __init__(self, chart: QChart, measure: MeasureLike) -> None:
        super().__init__(chart)
        self.measure = measure
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(CHART_HEIGHT)
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(0)
        named(self, f"Chart: {measure.title}", describe(measure))
        self.setToolTip(describe(measure))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setLineWidth(2)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setLineWidth(0)
        super().focusOutEvent(event)


# --- the window ------------------------------------------------------------------------------------


class ProgressView(QDialog):
    """The Progress view of one patient (a window of its own: the plan stays open beside it)."""

    def __init__(
        self,
        patient_name: str,
        measures: Sequence[MeasureLike],
        markers: Sequence[Marker] = (),
        parent: QWidget | None = None,
        records: Sequence[Assessment | Injection] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Progress: {patient_name}" if patient_name else "Progress")
        named(self, self.windowTitle())
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tabs = named(QTabWidget(), "Progress as charts or as a table")
        self.charts_page = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_page)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.charts_page)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.model = ProgressTableModel(parent=self)
        self.table = named(QTableView(), "Progress as a table", "Every value of the charts, one per row, by date")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.scroller, "&Charts")
        self.tabs.addTab(self.table, "&Table")
        self.tabs.addTab(self._build_recorded(), "&Assessments and injections")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        # The same measures as PDFs: the clinician's report and the family's page (careplan.export.progress).
        self.save_report = self.buttons.addButton(
            "Save progress &report as PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_report.setToolTip("The clinician's progress report: charts, tables, changes and findings")
        self.save_family = self.buttons.addButton(
            "Save the &family page as PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_family.setToolTip("How the person is doing, in plain words: goals only, no scores or findings")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.chart_views: list[ChartView] = []
        self._fitted = False
        self.show_progress(measures, markers, records)

    def _build_recorded(self) -> QWidget:
        """The recorded assessments and injections, each to correct (a mistyped value) or delete (one
        recorded on the wrong patient); the window's ``Reevaluation`` does both."""
        page = QWidget()
        self.recorded_model = RecordedModel(self)
        self.recorded = named(
            QTableView(),
            "Recorded assessments and injections",
            "Newest first. Select one, then Correct or Delete.",
        )
        self.recorded.setModel(self.recorded_model)
        self.recorded.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recorded.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recorded.setTabKeyNavigation(False)
        self.recorded.setWordWrap(True)
        self.recorded.verticalHeader().hide()
        header = self.recorded.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.correct_button = named(
            QPushButton("C&orrect…"), "Correct the selected entry", "Open it in its form, change it, save"
        )
        self.delete_button = named(QPushButton("&Delete…"), "Delete the selected entry", "Asks before deleting")
        self.correct_button.setToolTip("Open the selected assessment or injection in its form to correct it")
        self.delete_button.setToolTip("Delete the selected assessment or injection (asks first)")
        self.recorded.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.recorded.doubleClicked.connect(lambda _i: self.correct_button.click())
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.recorded, 1)
        layout.addLayout(buttons)
        self._selection_changed()
        return page

    def _selection_changed(self) -> None:
        chosen = self.selected_record() is not None
        self.correct_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def selected_record(self) -> Assessment | Injection | None:
        """The assessment or injection selected in the list (None: none is)."""
        rows = self.recorded.selectionModel().selectedRows()
        return self.recorded_model.record(rows[0].row()) if rows else None

    def select_record(self, record_id: int | None, kind: type[Assessment] | type[Injection]) -> bool:
        """Select the entry with this id and kind (after a refresh, the one just corrected)."""
        for number in range(self.recorded_model.rowCount()):
            found = self.recorded_model.record(number)
            if isinstance(found, kind) and found.id == record_id:
                self.recorded.selectRow(number)
                return True
        return False

    def show_progress(
        self,
        measures: Sequence[MeasureLike],
        markers: Sequence[Marker],
        records: Sequence[Assessment | Injection] = (),
    ) -> None:
        """Draw the charts and fill the tables again (after an assessment or injection was added,
        corrected or deleted)."""
        self.chart_views = []
        while self.charts_layout.count():
            item = self.charts_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        measures = [m for m in measures if any(s.points for s in m.series)]
        for button in (self.save_report, self.save_family):  # nothing to print before an assessment
            button.setEnabled(bool(measures))
        if not measures:
            empty = QLabel(
                "No assessments recorded yet. Record one (Plan > New assessment) and its measures show here over time."
            )
            empty.setWordWrap(True)
            self.charts_layout.addWidget(empty)
        else:
            dates = [d for m in measures for s in m.series for d, _v in s.points]
            span = (min(dates), max(dates))
            for measure in measures:
                view = ChartView(build_chart(measure, markers, span), measure)
                self.chart_views.append(view)
                self.charts_layout.addWidget(view)
        self.charts_layout.addStretch(1)
        self.model.set_rows(progress_rows(measures, markers))
        self.recorded_model.set_records(records)
        self._selection_changed()

    def sizeHint(self) -> QSize:
        return QSize(900, 760)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_on_screen(self, self.sizeHint())
        super().showEvent(event)

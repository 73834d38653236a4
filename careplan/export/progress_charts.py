"""Charts over time for the progress report and the family page, as vector graphics.

Each chart is a ReportLab ``Drawing`` (a flowable) holding a ``LinePlot``: the dates on the time
axis, one coloured line with its own marker and dash per series (told apart in greyscale too),
and the toxin injections and plan revisions marked as vertical lines on the time axis, each kind
named in the legend.  Nothing here is the only place a number is printed: every chart has a
table of the same numbers beside it (its text equivalent).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from careplan.export import fonts
from careplan.export.progress_series import Measure
from careplan.export.renderer import Palette
from careplan.export.text import short_date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Line colours (Okabe and Ito's palette, told apart with colour blindness), markers and dashes
#: (told apart in greyscale), used in turn.
LINE_COLOURS = tuple(colors.HexColor(c) for c in ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"))
MARKERS = ("FilledCircle", "FilledSquare", "FilledTriangle", "FilledDiamond")
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (5, 2), (1.5, 2), (6, 2, 1.5, 2))

#: The handouts' own ink and muted grey (one definition: ``renderer.Palette``).
INK = Palette.ink
MUTED = Palette.muted
GRID = colors.HexColor("#d5e2e8")
INJECTION = colors.HexColor("#b35900")
REVISION = colors.HexColor("#6a5acd")
REACHED = colors.HexColor("#e6f4ea")

INJECTION_LABEL = "toxin injection"
REVISION_LABEL = "plan revision"

#: A line of more points than this has no marker at each point (three years of monthly values:
#: beyond, the markers merge into a thick line and take most of the time a long report prints in).
MOST_MARKED = 36

#: The most ticks on the time axis (more labels would collide).
MAX_TIME_TICKS = 7


@dataclass(frozen=True, slots=True)
class Marks:
    """Dates marked on the time axis of every chart."""

    injections: tuple[dt.date, ...] = ()
    revisions: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """The time axis shared by the charts of one report, so they line up down the page."""

    start: dt.date
    end: dt.date

    @classmethod
    def spanning(cls, dates: Sequence[dt.date]) -> TimeAxis:
        """From a little before the first date to a little after the last (a month either side of one date)."""
        first, last = min(dates), max(dates)
        pad = max(10, round((last - first).days * 0.04)) if last > first else 30
        return cls(first - dt.timedelta(days=pad), last + dt.timedelta(days=pad))

    def ticks(self, most: int = MAX_TIME_TICKS) -> list[tuple[dt.date, str]]:
        """At most ``most`` dates to label: the first of every k-th month, or of every k-th year over
        a long span; a span with no such date labels its middle."""
        most = max(most, 2)
        months = _month_starts(self.start, self.end)
        years = [d for d in months if d.month == 1]
        label: Callable[[dt.date], str]
        if len(months) <= most:
            chosen, label = months, _month_label
        elif len(years) >= 2:
            step = math.ceil(len(years) / most)
            chosen, label = years[::step], _year_label
        else:
            step = math.ceil(len(months) / most)
            chosen, label = months[::step], _month_label
        if not chosen:
            middle = self.start + (self.end - self.start) / 2
            return [(middle, short_date(middle))]
        return [(d, label(d)) for d in chosen]

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of each month from ``start`` to ``end``."""
    index = start.year * 12 + start.month - 1 + (start.day != 1)
    out = []
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= end:
        out.append(day)
        index += 1
    return out


def _year_label(day: dt.date) -> str:
    return str(day.year)


def _month_label(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round values from ``low`` to at least ``high``, a step of 1, 2 or 5 times a power of ten apart."""
    if high <= low:
        high = low + 1
    raw = (high - low) / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def exact_ticks(low: float, high: float, most: int = 6) -> list[float] | None:
    """Ticks from ``low`` to exactly ``high`` a round step apart (0-32 by 8), or None when no round
    step divides the range into 3 to ``most`` parts."""
    span = high - low
    for step in (1, 2, 2.5, 4, 5, 8, 10, 20, 25, 40, 50, 100, 200, 250, 500):
        parts = span / step
        if parts.is_integer() and 3 <= parts <= most:
            return [low + step * n for n in range(int(parts) + 1)]
    return None


def value_ticks(measure: Measure) -> list[float]:
    """The value axis's ticks: the measure's own range where it has one (pain 0-10, a scale's total),
    widened to hold every value; else from the values, with room above the highest."""
    values = [v for s in measure.series for _d, v in s.points]
    low = min(values) if measure.low is None else min(measure.low, *values)
    if measure.high is not None and max(values) <= measure.high:
        fixed = exact_ticks(low, measure.high)
        return fixed if fixed is not None else nice_ticks(low, measure.high)
    high = max(values)
    return nice_ticks(low, high + ((high - low) * 0.1 or 1))


@dataclass
class ChartStyle:
    """Sizes of a chart's type and lines (large print scales them)."""

    font_size: float = 8
    line_width: float = 1.6
    marker_size: float = 5


def time_chart(
    measure: Measure,
    axis: TimeAxis,
    width: float,
    height: float,
    marks: Marks = Marks(),
    style: ChartStyle | None = None,
    *,
    reference: tuple[float, str] | None = None,
) -> Drawing:
    """``measure`` over time: a line per series, the marks, a legend under the plot.

    ``reference`` is a value drawn as a dotted level line with its label (the GAS T-score's 50)."""
    style = style or ChartStyle()
    ticks = value_ticks(measure)
    labels = [measure.value(t).removesuffix(measure.unit) for t in ticks]
    if measure.decimals and all(float(t).is_integer() for t in ticks):
        labels = [f"{t:.0f}".replace("-", "−") for t in ticks]
    names = measure.line_names()
    return _chart(
        [s.points for s in measure.series],
        names,
        axis,
        width,
        height,
        marks,
        style,
        value_ticks=list(zip(ticks, labels, strict=True)),
        unit=measure.unit,
        reference=reference,
    )


def level_chart(
    lines: Sequence[Sequence[tuple[dt.date, float]]],
    level_words: Sequence[tuple[int, str]],
    axis: TimeAxis,
    width: float,
    height: float,
    style: ChartStyle | None = None,
    *,
    band: int | None = None,
) -> Drawing:
    """Lines of levels (the family's goals) labelled in words on the value axis, each line numbered
    at its last point; ``band`` is a level shaded across the plot (the goal reached)."""
    style = style or ChartStyle()
    names = [str(n) for n in range(1, len(lines) + 1)]
    # Lines on the same levels are drawn a hair apart (a twentieth of a level each), so one does not
    # hide another; the words on the axis and in the table are the levels themselves.
    apart = [
        [(day, value + (i - (len(lines) - 1) / 2) * 0.05) for day, value in points] for i, points in enumerate(lines)
    ]
    return _chart(
        apart,
        names,
        axis,
        width,
        height,
        Marks(),
        style,
        value_ticks=[(float(v), w) for v, w in level_words],
        number_ends=True,
        band=band,
        legend=False,
    )


def _chart(
    lines: Sequence[Sequence[tuple[dt.date, float]]],
    names: Sequence[str],
    axis: TimeAxis,
    width: float,
    height: float,
    marks: Marks,
    style: ChartStyle,
    *,
    value_ticks: Sequence[tuple[float, str]],
    unit: str = "",
    reference: tuple[float, str] | None = None,
    number_ends: bool = False,
    band: int | None = None,
    legend: bool = True,
) -> Drawing:
    size = style.font_size
    marks = Marks(
        tuple(d for d in marks.injections if axis.holds(d)), tuple(d for d in marks.revisions if axis.holds(d))
    )
    legend_items = _legend_items(names, marks, reference[1] if reference else None) if legend else []
    legend_rows = _legend_rows(legend_items, width, style)
    legend_height = len(legend_rows) * size * 1.7
    # ``height`` is the plot and its axes; the legend's rows are added below them.
    drawing = Drawing(width, height + legend_height)
    label_width = max(fonts.string_width(text + unit, fonts.REGULAR, size) for _v, text in value_ticks)
    plot = LinePlot()
    plot.x = label_width + size * 1.3
    plot.y = legend_height + size * 2.8
    ends = _line_ends(lines) if number_ends else {}
    ends_room = max(
        (fonts.string_width(" ".join(names[i] for i in which), fonts.BOLD, size) + size for which in ends.values()),
        default=0.0,
    )
    plot.width = width - plot.x - max(ends_room, size * 0.8)
    plot.height = height - size * 2.8 - size * 1.3
    plot.data = [[(day.toordinal(), value) for day, value in points] for points in lines]
    widest = fonts.string_width("Mar 2026", fonts.REGULAR, size) + size * 1.5
    x_low, x_high = axis.start.toordinal(), axis.end.toordinal()

    def x_of(day: dt.date) -> float:
        return float(plot.x + (day.toordinal() - x_low) / (x_high - x_low) * plot.width)

    # A date whose label would reach far past the plot's left edge (under the value labels) is not labelled.
    tick_labels = {
        d.toordinal(): text
        for d, text in axis.ticks(int(plot.width // widest))
        if x_of(d) - fonts.string_width(text, fonts.REGULAR, size) / 2 >= plot.x - size * 2
    }
    _set_axes(plot, style, x_low, x_high, tick_labels, value_ticks, unit)
    for i in range(len(lines)):
        line = plot.lines[i]
        line.strokeColor = LINE_COLOURS[i % len(LINE_COLOURS)]
        line.strokeWidth = style.line_width
        line.strokeDashArray = DASHES[i % len(DASHES)]
        if len(lines[i]) <= MOST_MARKED or len(lines[i]) == 1:
            marker = makeMarker(MARKERS[i % len(MARKERS)])
            marker.size = style.marker_size
            marker.fillColor = LINE_COLOURS[i % len(LINE_COLOURS)]
            marker.strokeColor = LINE_COLOURS[i % len(LINE_COLOURS)]
            line.symbol = marker

    def y_of(value: float) -> float:
        v_low, v_high = value_ticks[0][0], value_ticks[-1][0]
        return float(plot.y + (value - v_low) / (v_high - v_low) * plot.height)

    if band is not None:
        half = plot.height / max(len(value_ticks) - 1, 1) / 2
        drawing.add(
            Rect(plot.x, y_of(band) - half, plot.width, 2 * half, fillColor=REACHED, strokeColor=None, strokeWidth=0)
        )
    # The marks first: the lines of the measure are drawn over them.
    behind = Group()
    for day in marks.revisions:
        x = x_of(day)
        behind.add(
            Line(x, plot.y, x, plot.y + plot.height, strokeColor=REVISION, strokeWidth=0.9, strokeDashArray=(3, 2))
        )
        behind.add(_square(x, plot.y + plot.height + size * 0.45, size * 0.35, REVISION))
    for day in marks.injections:
        x = x_of(day)
        behind.add(Line(x, plot.y, x, plot.y + plot.height, strokeColor=INJECTION, strokeWidth=0.9))
        behind.add(_triangle(x, plot.y + plot.height + size * 0.45, size * 0.45, INJECTION))
    drawing.add(behind)
    drawing.add(plot)
    if reference is not None:  # over the grid, named in the legend (a label on the plot hid points)
        y = y_of(reference[0])
        drawing.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=MUTED, strokeWidth=0.8, strokeDashArray=(1, 2)))
    if number_ends:
        _number_ends(drawing, ends, names, x_of, y_of, size)
    _draw_legend(drawing, legend_rows, style)
    return drawing


def _line_ends(lines: Sequence[Sequence[tuple[dt.date, float]]]) -> dict[tuple[dt.date, int], list[int]]:
    """The lines by where they end (last date, level): lines ending together share one label."""
    ends: dict[tuple[dt.date, int], list[int]] = {}
    for i, points in enumerate(lines):
        if points:
            day, value = points[-1]
            ends.setdefault((day, round(value)), []).append(i)
    return ends


def _number_ends(
    drawing: Drawing,
    ends: dict[tuple[dt.date, int], list[int]],
    names: Sequence[str],
    x_of: Callable[[dt.date], float],
    y_of: Callable[[float], float],
    size: float,
) -> None:
    """Each line's name after its last point, in its colour; lines ending at the same place share
    one label ("1 2"), so no number is printed over another."""
    for (day, level), which in ends.items():
        x = x_of(day) + size * 0.7
        for i in which:
            colour = LINE_COLOURS[i % len(LINE_COLOURS)]
            _text(drawing, x, y_of(level) - size * 0.35, names[i], size, colour, bold=True)
            x += fonts.string_width(names[i] + " ", fonts.BOLD, size)


def _set_axes(
    plot: LinePlot,
    style: ChartStyle,
    x_low: int,
    x_high: int,
    tick_labels: dict[int, str],
    value_ticks: Sequence[tuple[float, str]],
    unit: str,
) -> None:
    size = style.font_size
    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = x_low, x_high
    x_axis.valueSteps = sorted(tick_labels)
    x_axis.labelTextFormat = _labeller(tick_labels)
    x_axis.labels.fontName, x_axis.labels.fontSize = fonts.REGULAR, size
    x_axis.labels.fillColor = INK
    x_axis.strokeColor = MUTED
    x_axis.tickDown = size * 0.4
    x_axis.labels.dy = -size * 0.9  # clear of the lowest value label
    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax = value_ticks[0][0], value_ticks[-1][0]
    y_axis.valueSteps = [v for v, _text in value_ticks]
    words = {v: text + unit for v, text in value_ticks}
    y_axis.labelTextFormat = lambda v: words.get(v, "")
    y_axis.labels.fontName, y_axis.labels.fontSize = fonts.REGULAR, size
    y_axis.labels.fillColor = INK
    y_axis.strokeColor = MUTED
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = GRID
    y_axis.gridStrokeWidth = 0.5
    y_axis.tickLeft = size * 0.4
    y_axis.labels.dx = -size * 0.7


def _labeller(labels: dict[int, str]) -> Callable[[float], str]:
    return lambda value: labels.get(round(value), "")


def _triangle(x: float, y: float, r: float, colour: colors.Color) -> Polygon:
    """A triangle pointing down at the plot, centred on ``x``."""
    return Polygon([x - r, y + r * 0.8, x + r, y + r * 0.8, x, y - r * 0.8], fillColor=colour, strokeColor=colour)


def _square(x: float, y: float, r: float, colour: colors.Color) -> Rect:
    return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=colors.white, strokeColor=colour, strokeWidth=1)


# ------------------------------------------------------------------ legend and text


@dataclass(frozen=True, slots=True)
class _LegendItem:
    label: str
    kind: str  # "line", "reference", "injection", "revision"
    index: int = 0


def _legend_items(names: Sequence[str], marks: Marks, reference: str | None) -> list[_LegendItem]:
    items = [_LegendItem(name, "line", i) for i, name in enumerate(names) if name]
    if reference:
        items.append(_LegendItem(reference, "reference"))
    if marks.injections:
        items.append(_LegendItem(INJECTION_LABEL, "injection"))
    if marks.revisions:
        items.append(_LegendItem(REVISION_LABEL, "revision"))
    return items


def _legend_rows(items: Sequence[_LegendItem], width: float, style: ChartStyle) -> list[list[_LegendItem]]:
    """The legend's items in rows that fit ``width``."""
    size = style.font_size
    rows: list[list[_LegendItem]] = []
    used = width
    for item in items:
        need = _legend_width(item, size)
        if not rows or (rows[-1] and used + need > width):
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += need
    return rows


def _legend_width(item: _LegendItem, size: float) -> float:
    return size * 3.2 + fonts.string_width(item.label, fonts.REGULAR, size) + size * 1.5


def _draw_legend(drawing: Drawing, rows: Sequence[Sequence[_LegendItem]], style: ChartStyle) -> None:
    size = style.font_size
    for n, row in enumerate(rows):
        y = (len(rows) - 1 - n) * size * 1.7 + size * 0.4
        x = 0.0
        for item in row:
            mid = y + size * 0.35
            if item.kind == "line":
                colour = LINE_COLOURS[item.index % len(LINE_COLOURS)]
                drawing.add(
                    Line(
                        x,
                        mid,
                        x + size * 2.4,
                        mid,
                        strokeColor=colour,
                        strokeWidth=style.line_width,
                        strokeDashArray=DASHES[item.index % len(DASHES)],
                    )
                )
                marker = makeMarker(MARKERS[item.index % len(MARKERS)])
                marker.x, marker.y, marker.size = x + size * 1.2, mid, style.marker_size
                marker.fillColor = marker.strokeColor = colour
                drawing.add(marker)
            elif item.kind == "reference":
                drawing.add(
                    Line(x, mid, x + size * 2.4, mid, strokeColor=MUTED, strokeWidth=0.8, strokeDashArray=(1, 2))
                )
            elif item.kind == "injection":
                drawing.add(Line(x + size * 1.2, y - size * 0.2, x + size * 1.2, y + size * 0.6, strokeColor=INJECTION))
                drawing.add(_triangle(x + size * 1.2, y + size * 0.8, size * 0.45, INJECTION))
            else:
                drawing.add(
                    Line(
                        x + size * 1.2,
                        y - size * 0.2,
                        x + size * 1.2,
                        y + size * 0.6,
                        strokeColor=REVISION,
                        strokeDashArray=(3, 2),
                    )
                )
                drawing.add(_square(x + size * 1.2, y + size * 0.8, size * 0.35, REVISION))
            _text(drawing, x + size * 3.2, y, item.label, size, INK)
            x += _legend_width(item, size)


def _text(
    drawing: Drawing,
    x: float,
    y: float,
    text: str,
    size: float,
    colour: colors.Color,
    *,
    anchor: str = "start",
    bold: bool = False,
) -> None:
    """``text`` at (x, y), each run in the font that has its characters (a site or a scale's name
    typed in any script)."""
    face = fonts.BOLD if bold else fonts.REGULAR
    if anchor == "end":
        x -= fonts.string_width(text, face, size)
    for wanted, run in fonts.print_runs(text):
        font = wanted or face
        drawing.add(String(x, y, run, fontName=font, fontSize=size, fillColor=colour))
        x += pdfmetrics.stringWidth(run, font, size)

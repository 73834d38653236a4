"""The numbers a progress report shows: one series of dated values per line of a chart.

Built from the assessment snapshots alone (``careplan.core.assessments``), with no ReportLab: the
clinician report charts and tabulates them, the family page charts the goals, and the desktop's
Progress view can chart the same series.  Each measure says which way is better, so the change
since the first and since the previous assessment is called "better" or "worse" in one place:
lower pain and lower dystonia scale scores are better, higher GAS T-scores and range of motion
are better, a higher hip migration percentage is worse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from careplan.core.assessments import Assessment, GoalRating, PainScale, RomMode, gas_t_score
from careplan.core.enums import Side
from careplan.core.scales import RomMovement, ScaleDefinition

#: A dated value.
Point = tuple[dt.date, float]

#: The labels of a measure's only line that say nothing its heading does not (not repeated in legends).
T_SCORE = "T-score"
TOTAL = "Total"


class Better(StrEnum):
    """Which way a measure improves."""

    HIGHER = "higher"
    LOWER = "lower"


#: How each pain scale is named in a clinician's table (all give 0-10).
PAIN_SCALE_NAMES: dict[PainScale, str] = {
    PainScale.NRS: "numeric rating",
    PainScale.FACES: "Faces Pain Scale - Revised",
    PainScale.FLACC: "FLACC (observed)",
    PainScale.R_FLACC: "r-FLACC (observed)",
}


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: its label in the legend and the heading of its column in the table."""

    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Measure:
    """One chart and its table: a measure and its lines, e.g. hip migration, left and right."""

    key: str
    title: str
    #: Printed after each value: "%", "°", or "" for scores.
    unit: str
    better: Better
    #: The measure's range where it is fixed (pain 0-10, a scale's total): the chart's value axis.
    low: float | None
    high: float | None
    series: tuple[Series, ...]
    #: Decimal places the values are printed with (the GAS T-score: 1).
    decimals: int = 0

    def line_names(self) -> list[str]:
        """Each line's name where it adds to the heading ("" for the only line, a total or a T-score)."""
        if len(self.series) == 1 and self.series[0].label in (T_SCORE, TOTAL):
            return [""]
        return [s.label for s in self.series]

    def dates(self) -> list[dt.date]:
        """Every date some line has a value on, in order (the rows of the measure's table)."""
        return sorted({day for s in self.series for day, _value in s.points})

    def value(self, value: float, *, signed: bool = False) -> str:
        """``value`` as the report prints it (a minus sign, not a hyphen)."""
        text = f"{value:+.{self.decimals}f}" if signed else f"{value:.{self.decimals}f}"
        return text.replace("-", "−") + self.unit


@dataclass(frozen=True, slots=True)
class Change:
    """How one line moved: since its first value and since the value before its latest."""

    measure: Measure
    series: Series

    @property
    def first(self) -> Point:
        return self.series.points[0]

    @property
    def latest(self) -> Point:
        return self.series.points[-1]

    @property
    def previous(self) -> Point | None:
        return self.series.points[-2] if len(self.series.points) > 1 else None

    @property
    def since_first(self) -> float | None:
        return None if self.previous is None else self.latest[1] - self.first[1]

    @property
    def since_previous(self) -> float | None:
        previous = self.previous
        return None if previous is None else self.latest[1] - previous[1]


def direction_word(delta: float | None, better: Better) -> str:
    """ "better", "worse" or "no change" for a change of ``delta`` in a measure improving the ``better`` way."""
    if delta is None:
        return ""
    if abs(delta) < 1e-9:
        return "no change"
    return "better" if (delta > 0) == (better is Better.HIGHER) else "worse"


def in_order(assessments: Sequence[Assessment]) -> list[Assessment]:
    """Oldest first (stable: two on one day keep the order they were given in)."""
    return sorted(assessments, key=lambda a: a.date)


def progress_measures(
    assessments: Sequence[Assessment],
    scales: Iterable[ScaleDefinition] = (),
    movements: Iterable[RomMovement] = (),
) -> list[Measure]:
    """Every measure recorded at least once, in the report's order: goal attainment, pain, each scale,
    range of motion per movement, hip migration.  ``scales`` and ``movements`` are the scales catalog's
    (``Library.scales``, ``Library.movements``): names, ranges and which way is better; a code the
    catalog lacks is printed as it is, and lower taken as better."""
    ordered = in_order(assessments)
    found = [gas_measure(ordered), pain_measure(ordered)]
    found += scale_measures(ordered, {s.code: s for s in scales})
    found += rom_measures(ordered, {m.code: m for m in movements})
    found.append(hip_measure(ordered))
    return [m for m in found if m is not None and m.series]


def gas_measure(ordered: Sequence[Assessment]) -> Measure | None:
    points: list[Point] = []
    for a in ordered:
        score = gas_t_score(a.goals) if a.goals else None
        if score is not None:
            points.append((a.date, float(score)))
    if not points:
        return None
    # The axis shows 20 to 80 (widened for a value outside): goals as expected (50) sit mid-chart.
    return Measure("gas", "GAS T-score", "", Better.HIGHER, 20, 80, (Series(T_SCORE, tuple(points)),), decimals=1)


def pain_measure(ordered: Sequence[Assessment]) -> Measure | None:
    """One line per pain scale and site (a child rated by FLACC, then by the numeric scale once able)."""
    lines: dict[tuple[PainScale, str], dict[dt.date, float]] = {}
    for a in ordered:
        for rating in a.pain:
            lines.setdefault((rating.scale, (rating.site or "").strip()), {})[a.date] = float(rating.score)
    if not lines:
        return None
    series = []
    for (scale, site), values in lines.items():
        label = PAIN_SCALE_NAMES[scale] + (f", {site}" if site else "")
        series.append(Series(label[:1].upper() + label[1:], tuple(sorted(values.items()))))
    return Measure("pain", "Pain (0-10)", "", Better.LOWER, 0, 10, tuple(series))


def scale_measures(ordered: Sequence[Assessment], scales: dict[str, ScaleDefinition]) -> list[Measure]:
    """One measure per scale: its total, and each subscale total as a line of its own."""
    found: dict[str, dict[str, dict[dt.date, float]]] = {}
    for a in ordered:
        for score in a.scales:
            total = score.total
            if total is None and score.items:
                total = float(sum(value for _code, value in score.items))
            lines = found.setdefault(score.scale, {})
            if total is not None:
                lines.setdefault("", {})[a.date] = float(total)
            for code, value in score.subscores:
                lines.setdefault(code, {})[a.date] = float(value)
    out = []
    for code, lines in found.items():
        definition = scales.get(code)
        subscales = {sub.code: sub.name for sub in definition.subscales} if definition is not None else {}
        series = []
        if "" in lines:
            series.append(Series(TOTAL, tuple(sorted(lines[""].items()))))
        series += [Series(words(subscales.get(sub, sub)), tuple(sorted(v.items()))) for sub, v in lines.items() if sub]
        decimals = 0 if all(v.is_integer() for s in series for _d, v in s.points) else 1
        if definition is None:
            out.append(Measure(f"scale:{code}", code.upper(), "", Better.LOWER, 0, None, tuple(series), decimals))
            continue
        title = definition.name
        if definition.short_name and definition.short_name.casefold() not in title.casefold():
            title += f" ({definition.short_name})"
        better = Better.HIGHER if definition.higher_is_better else Better.LOWER
        out.append(
            Measure(f"scale:{code}", title, "", better, definition.low, definition.high, tuple(series), decimals)
        )
    return out


def rom_measures(ordered: Sequence[Assessment], movements: dict[str, RomMovement]) -> list[Measure]:
    """One measure per movement, a line per side and mode (left passive, left active ...)."""
    found: dict[str, dict[tuple[Side | None, RomMode], dict[dt.date, float]]] = {}
    for a in ordered:
        for m in a.rom:
            found.setdefault(m.movement, {}).setdefault((m.side, m.mode), {})[a.date] = float(m.degrees)
    out = []
    for code, lines in found.items():
        series = []
        for (side, mode), values in sorted(lines.items(), key=lambda kv: (_side_order(kv[0][0]), kv[0][1].value)):
            parts = [side.label if side is not None and side is not Side.NONE else "", mode.value]
            label = ", ".join(p for p in parts if p)
            series.append(Series(label[:1].upper() + label[1:], tuple(sorted(values.items()))))
        lowest = min(v for s in series for _d, v in s.points)
        movement = movements.get(code)
        title = f"Range of motion: {movement.label if movement is not None else words(code)}"
        # More range is better, except for a movement measured as what is missing (the popliteal angle).
        higher = getattr(movement, "higher_is_better", True)
        better = Better.HIGHER if higher else Better.LOWER
        out.append(Measure(f"rom:{code}", title, "°", better, min(0.0, lowest), None, tuple(series)))
    return out


def _side_order(side: Side | None) -> int:
    return [Side.LEFT, Side.RIGHT, Side.BOTH, Side.NONE, None].index(side)


def hip_measure(ordered: Sequence[Assessment]) -> Measure | None:
    left: list[Point] = []
    right: list[Point] = []
    for a in ordered:
        if a.hips is None:
            continue
        if a.hips.left_percent is not None:
            left.append((a.date, float(a.hips.left_percent)))
        if a.hips.right_percent is not None:
            right.append((a.date, float(a.hips.right_percent)))
    series = tuple(Series(label, tuple(p)) for label, p in (("Left hip", left), ("Right hip", right)) if p)
    if not series:
        return None
    # The axis runs from 0 to a little above the highest value (not to 100%): a hip moving from 28% to
    # 35% must show, and it is a change the surveillance acts on.
    return Measure("hips", "Hip migration (Reimers)", "%", Better.LOWER, 0, None, series)


def changes(measures: Sequence[Measure]) -> list[Change]:
    """One change per line of every measure."""
    return [Change(m, s) for m in measures for s in m.series]


def words(code: str) -> str:
    """``neck_rotation`` -> ``Neck rotation``."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ goals, for the family page


@dataclass(frozen=True, slots=True)
class GoalTrack:
    """One goal across the assessments that rated it: its latest wording and each level reached."""

    key: str
    text: str
    ratings: tuple[tuple[dt.date, GoalRating], ...]

    @property
    def latest(self) -> GoalRating:
        return self.ratings[-1][1]

    @property
    def first(self) -> GoalRating:
        return self.ratings[0][1]


def goal_tracks(assessments: Sequence[Assessment]) -> list[GoalTrack]:
    """Each goal ever rated, in the order first rated; a goal is the same goal across assessments by
    its library code, else by its wording (so a goal reworded in the plan starts a new line)."""
    tracks: dict[str, list[tuple[dt.date, GoalRating]]] = {}
    for a in in_order(assessments):
        for rating in a.goals:
            tracks.setdefault(goal_key(rating), []).append((a.date, rating))
    return [GoalTrack(key, " ".join(r[-1][1].goal_text.split()), tuple(r)) for key, r in tracks.items()]


def goal_key(rating: GoalRating) -> str:
    """What makes two ratings the same goal: the library code, else the wording (spacing and case aside)."""
    return rating.goal_code or " ".join(rating.goal_text.split()).casefold()


def goal_dates(assessments: Sequence[Assessment]) -> list[dt.date]:
    """The dates the goals were rated on."""
    return sorted({a.date for a in assessments if a.goals})

"""The clinician's progress report: every measure over time, as a chart and as a table.

The person, the plan and the period covered; the change in each measure since the first and the
previous assessment, with which way is better; then for each measure a chart (vector graphics,
with toxin injections and plan revisions marked on the time axis) and a table of the same
numbers (the chart's text equivalent); the classification levels, the injections, the plan's
revisions and the clinicians' findings.  Built on the handout renderer (fonts, letterhead,
header and footer, "Page x of y"); the family's page is ``progress_family``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from careplan.core.assessments import Assessment, Classification, Injection, gas_t_score
from careplan.core.enums import Audience
from careplan.core.model import ClinicDetails, PlanRecord
from careplan.core.scales import RomMovement, ScaleDefinition
from careplan.export import phrases
from careplan.export.clinician import ClinicianSummary
from careplan.export.errors import HandoutError
from careplan.export.images import check_image
from careplan.export.progress_charts import Marks, TimeAxis, time_chart
from careplan.export.progress_series import (
    Better,
    Change,
    Measure,
    changes,
    direction_word,
    goal_key,
    goal_tracks,
    in_order,
    progress_measures,
)
from careplan.export.renderer import NO_CLINIC, HandoutRenderer, KeepShortTogether, TypeSizes
from careplan.export.text import join_words, long_date, markup, one_line, short_date

#: The GAS T-score of goals reached exactly as expected: the chart's reference line.
GAS_EXPECTED = 50.0
NOT_RECORDED = "—"
#: The height of a chart's plot and axes (its legend adds a line or two below).
CHART_HEIGHT = 4.8 * cm


@dataclass(frozen=True, slots=True)
class ProgressData:
    """What a progress report is made from, besides the plan: snapshots only (no database)."""

    assessments: tuple[Assessment, ...]
    injections: tuple[Injection, ...] = ()
    #: The dates the plan was revised on (its saved revisions).
    revisions: tuple[dt.date, ...] = ()
    #: The scales catalog's scales and movements (names, ranges, which way is better).
    scales: tuple[ScaleDefinition, ...] = ()
    movements: tuple[RomMovement, ...] = ()

    @property
    def ordered(self) -> list[Assessment]:
        return in_order(self.assessments)

    def period(self) -> tuple[dt.date, dt.date]:
        ordered = self.ordered
        return ordered[0].date, ordered[-1].date

    def axis(self) -> TimeAxis:
        """One time axis for every chart of the report, so their dates line up down the page."""
        return TimeAxis.spanning([a.date for a in self.assessments])

    def marks(self) -> Marks:
        """The injections and revisions to mark on the time axis (those outside it are left off)."""
        return Marks(tuple(sorted(i.date for i in self.injections)), tuple(sorted(self.revisions)))


def no_assessments(name: str) -> HandoutError:
    """The refusal when there is nothing to chart (injections alone are not progress): one wording for
    the renderer, the service and the command line."""
    return HandoutError(
        f"There is no assessment of {name} for this plan yet, so there is no progress to print. "
        "Record an assessment first."
    )


class ProgressPages(HandoutRenderer):
    """A handout made from a plan and its assessments (the clinician report or the family page)."""

    def __init__(self, record: PlanRecord, data: ProgressData, clinic: ClinicDetails = NO_CLINIC, **kw: Any) -> None:
        super().__init__(record, clinic, **kw)
        if not data.assessments:
            raise no_assessments(self.person_name)
        self.data = data

    def _check_images(self) -> None:
        """Only the clinic logo is printed (no item photos): only it is decoded."""
        self.logo = check_image(self.clinic.logo, "the clinic logo in the settings")

    def period_words(self) -> str:
        first, last = self.data.period()
        count = len(self.data.assessments)
        said = f"{count} assessment{'s' if count != 1 else ''}"
        if first == last:
            return f"{long_date(first)} ({said})"
        return f"{long_date(first)} to {long_date(last)} ({said})"


class ClinicianProgress(ProgressPages):
    """The progress report for clinicians: dense, confidential, every number."""

    audience: ClassVar[Audience] = Audience.CLINICIAN
    label: ClassVar[str] = "progress report (confidential)"
    supports_large_print: ClassVar[bool] = False
    base_sizes: ClassVar[TypeSizes] = ClinicianSummary.base_sizes

    def __init__(self, record: PlanRecord, data: ProgressData, clinic: ClinicDetails = NO_CLINIC, **kw: Any) -> None:
        super().__init__(record, data, clinic, **kw)
        self.measures = progress_measures(data.assessments, data.scales, data.movements)

    def _get_title(self) -> str:
        return f"Progress report: {self.person_name} (confidential)"

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.title_block()
        story += self.details()
        story += self.change_table()
        for measure in self.measures:
            story += self.measure_section(measure)
        story += self.classifications()
        story += self.injections()
        story += self.revisions()
        story += self.findings()
        story += self.notice()
        return story

    # ------------------------------------------------------------ sections

    def title_block(self) -> list[Flowable]:
        return [
            self.raw(f"Progress report: {markup(self.person_name)}", "title"),
            self.para(self.plan.title, "subtitle"),
            self.raw(
                f'<font color="{self.palette.confidential.hexval()}"><b>CONFIDENTIAL</b></font>'
                " — contains identifiable and clinical information.",
                "small",
            ),
        ]

    def details(self) -> list[Flowable]:
        p = self.patient
        t = self.plan.therapist
        first, last = self.data.period()
        injections = [i for i in self.data.injections if first <= i.date <= last]
        revised = [d for d in self.data.revisions if first <= d <= last]
        assessors = list(dict.fromkeys(one_line(a.therapist) for a in self.data.ordered if one_line(a.therapist)))
        plan = f"{one_line(self.plan.title)}" + (f" (id {self.record.plan_id})" if self.record.plan_id else "")
        facts: list[tuple[str, str | None]] = [
            ("Name", self.person_name),
            ("Date of birth", long_date(p.date_of_birth)),
            ("Identifier", p.identifier),
            ("Therapist", ", ".join(one_line(x) for x in (t.name, t.role) if x)),
            ("Plan", plan),
            ("Period covered", self.period_words()),
            ("Assessed by", join_words(assessors)),
            ("Printed", long_date(self.generated_on)),
            ("Toxin injections in the period", str(len(injections))),
            ("Plan revisions in the period", str(len(revised))),
        ]
        return [self.facts_grid([(label, value) for label, value in facts if value])]

    def facts_grid(self, facts: list[tuple[str, str]]) -> Flowable:
        """Label and value pairs two to a row (half the height of one pair a row)."""
        cells = [[self.raw(label, "cell_bold"), self.para(value, "cell")] for label, value in facts]
        rows = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""]) for i in range(0, len(cells), 2)]
        tint = self.palette.tint
        return self.table(
            rows,
            [0.17, 0.33, 0.17, 0.33],
            header=False,
            zebra=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), tint), ("BACKGROUND", (2, 0), (2, -1), tint)],
        )

    def change_table(self) -> list[Flowable]:
        """Each line of each measure: first, previous and latest values, and the change since the
        first and since the previous, each called better or worse the measure's own way."""
        heads = ("Measure", "Better is", "First", "Previous", "Latest", "Since first", "Since previous")
        rows: list[list[Any]] = [[self.raw(h, "cell_head") for h in heads]]
        for change in changes(self.measures):
            rows.append(self.change_row(change))
        intro = self.raw(
            "How each measure moved since the first assessment of the period and since the one before the "
            "latest. Lower pain, lower dystonia scale scores and a lower hip migration percentage are better; "
            "a higher GAS T-score and a larger range of motion are better.",
            "small",
        )
        return [
            self.heading("Change at a glance"),
            intro,
            self.table(rows, [0.24, 0.08, 0.136, 0.136, 0.136, 0.136, 0.136]),
        ]

    def change_row(self, change: Change) -> list[Any]:
        m = change.measure
        line = m.line_names()[m.series.index(change.series)]
        name = markup(m.title) + (f": {markup(line)}" if line else "")
        muted = self.palette.muted.hexval()

        def at(point: tuple[dt.date, float] | None) -> Any:
            if point is None:
                return NOT_RECORDED
            day = short_date(point[0])
            return self.raw(
                f"{m.value(point[1])}<br/><font size={self.sizes.small} color='{muted}'>{day}</font>", "cell"
            )

        def moved(delta: float | None) -> Any:
            if delta is None:
                return self.raw("<i>one value only</i>", "cell_quiet")
            word = direction_word(delta, m.better)
            shown = "0" if word == "no change" else m.value(delta, signed=True)
            return self.raw(f"{shown}<br/><b>{word}</b>", "cell")

        return [
            self.raw(name, "cell"),
            "higher" if m.better is Better.HIGHER else "lower",
            at(change.first),
            at(change.previous),
            at(change.latest),
            moved(change.since_first),
            moved(change.since_previous),
        ]

    def chart(self, measure: Measure) -> Flowable:
        reference = (GAS_EXPECTED, "50: goals reached as expected") if measure.key == "gas" else None
        return time_chart(measure, self.data.axis(), self.width, CHART_HEIGHT, self.data.marks(), reference=reference)

    def measure_section(self, measure: Measure) -> list[Flowable]:
        """The measure's heading, chart and table, kept on one page where they fit; a long table runs
        on over the page (its header row repeated), the heading kept with the chart."""
        tables = self.gas_tables() if measure.key == "gas" else [self.measure_table(measure)]
        _side, bottom, _top_first, top = self.frame_edges
        chart = [self.heading(measure.title), self.chart(measure), Spacer(0, self.sizes.small * 0.5)]
        return [KeepShortTogether([*chart, *tables], (top - bottom) * 0.9)]

    def measure_table(self, measure: Measure) -> Flowable:
        """Date, then a column per line of the chart; a dash where the measure was not recorded.  A
        table of one or two lines is set in two or three groups of columns side by side, dates running
        left to right then down (a year of monthly values fills a third of a page, not a whole one)."""
        names = [s.label for s in measure.series]
        values = [dict(s.points) for s in measure.series]
        cells = [
            [short_date(day), *(measure.value(v[day]) if day in v else NOT_RECORDED for v in values)]
            for day in measure.dates()
        ]
        group = 1 + len(names)
        across = max(1, min(3, 7 // group, len(cells)))
        head = [self.raw("Date", "cell_head"), *(self.raw(markup(n), "cell_head") for n in names)]
        rows: list[list[Any]] = [head * across]
        for start in range(0, len(cells), across):
            chunk = cells[start : start + across]
            rows.append([cell for row in chunk for cell in row] + [""] * group * (across - len(chunk)))
        widths = ([0.15] + [0.12] * len(names)) * across
        lines = [
            ("LINEAFTER", (group * n - 1, 0), (group * n - 1, -1), 1.0, self.palette.rule) for n in range(1, across)
        ]
        return self.table(rows, widths, total_width=min(self.width, self.width * sum(widths)), extra=lines)

    def gas_tables(self) -> list[Flowable]:
        """The goals (numbered, with their weights and latest level), then the T-score and the level
        each goal reached at each assessment."""
        tracks = goal_tracks(self.data.assessments)
        number = {t.key: n for n, t in enumerate(tracks, start=1)}
        key: list[list[Any]] = [
            [self.raw(h, "cell_head") for h in ("No.", "Goal", "Weight", "Baseline", "Latest level")]
        ]
        for track in tracks:
            latest = track.latest
            level = signed(latest.achieved)
            described = latest.levels[latest.achieved + 2] if len(latest.levels) == 5 else ""
            key.append(
                [
                    str(number[track.key]),
                    self.para(track.text, "cell"),
                    f"{latest.importance} × {latest.difficulty}",
                    signed(latest.baseline),
                    self.raw(f"<b>{level}</b>" + (f" {markup(described)}" if described else ""), "cell"),
                ]
            )
        rows: list[list[Any]] = [
            [self.raw(h, "cell_head") for h in ("Date", "T-score", "Goals rated", "Level reached, by goal number")]
        ]
        for a in self.data.ordered:
            if not a.goals:
                continue
            score = gas_t_score(a.goals)
            levels = ", ".join(f"{number[goal_key(r)]}: {signed(r.achieved)}" for r in a.goals)
            rows.append(
                [short_date(a.date), NOT_RECORDED if score is None else f"{score:.1f}", str(len(a.goals)), levels]
            )
        note = self.raw(
            "Levels run from −2 (much less than expected) through 0 (the expected outcome) to +2 (much more). "
            "Weight is importance × difficulty (each 0-3); the T-score uses ρ = 0.3 (Turner-Stokes 2009).",
            "small",
        )
        return [
            self.table(key, [0.06, 0.5, 0.1, 0.1, 0.24]),
            note,
            self.table(rows, [0.18, 0.12, 0.14, 0.56]),
        ]

    def classifications(self) -> list[Flowable]:
        systems = [
            s for s in Classification if any(c.system is s for a in self.data.assessments for c in a.classifications)
        ]
        if not systems:
            return []
        rows: list[list[Any]] = [[self.raw(h, "cell_head") for h in ("Date", *(s.value.upper() for s in systems))]]
        for a in self.data.ordered:
            levels = {c.system: c for c in a.classifications}
            if levels:
                rows.append(
                    [
                        short_date(a.date),
                        *(f"Level {levels[s].roman}" if s in levels else NOT_RECORDED for s in systems),
                    ]
                )
        share = 0.2
        return [
            self.heading("Classification levels"),
            self.table(rows, [0.22, *([share] * len(systems))], total_width=self.width * (0.22 + share * len(systems))),
        ]

    def injections(self) -> list[Flowable]:
        if not self.data.injections:
            return []
        first, last = self.data.period()
        rows: list[list[Any]] = [
            [self.raw(h, "cell_head") for h in ("Date", "Muscles or region", "Given by", "Product and dose")]
        ]
        for i in sorted(self.data.injections, key=lambda i: i.date):
            when = short_date(i.date) + ("" if first <= i.date <= last else " (outside the period)")
            product = ", ".join(one_line(x) for x in (i.product, i.dose) if x) or NOT_RECORDED
            rows.append(
                [
                    self.raw(when, "cell"),
                    self.para(i.muscles, "cell"),
                    self.para(i.given_by, "cell"),
                    self.para(product, "cell"),
                ]
            )
        return [
            self.heading("Botulinum toxin injections"),
            self.raw("Each is marked on the charts' time axis with a triangle and a solid line.", "small"),
            self.table(rows, [0.2, 0.35, 0.2, 0.25]),
        ]

    def revisions(self) -> list[Flowable]:
        if not self.data.revisions:
            return []
        dates = ", ".join(short_date(d) for d in sorted(self.data.revisions))
        return [
            self.heading("Plan revisions"),
            self.raw(
                f"The plan was saved on {dates}. Each is marked on the charts' time axis with a square and a "
                "dashed line.",
            ),
        ]

    def findings(self) -> list[Flowable]:
        found = [a for a in self.data.ordered if a.findings and a.findings.strip()]
        if not found:
            return []
        rows: list[list[Any]] = [[self.raw(h, "cell_head") for h in ("Date", "By", "Findings")]]
        for a in found:
            rows.append([short_date(a.date), self.para(a.therapist, "cell"), self.para(a.findings, "cell")])
        return [self.heading("Findings"), self.table(rows, [0.15, 0.2, 0.65])]

    def notice(self) -> list[Flowable]:
        text = phrases.NOTICE_PROGRESS.format(
            name=self.person_name, therapist=self.therapist_words(), contact=self.contact_words()
        )
        return [self.para(text, "notice")]


def signed(level: int) -> str:
    """A GAS level as printed: +1, 0, −2 (a minus sign, not a hyphen)."""
    return f"{level:+d}".replace("-", "−") if level else "0"

"""The family's "how you are doing" page: the goals of the plan, how far each has come, in plain words.

Made from the same assessments as the clinician's report but shows only the goals: each goal with
"reached" or "not yet reached", a simple chart of the goals over time with the levels named in
words, and a table of the same words (the chart's text equivalent).  Never a score, a scale's
name or the clinicians' findings.  Like the family handout it is written to the person when an
adult and about them to their family when a child, has a large-print version, ends with whom
to contact and the notice that this is the person's own plan, not general medical advice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Paragraph

from careplan.core.audience import writes_to_the_person
from careplan.core.enums import Audience
from careplan.export.day_chart import column_fraction
from careplan.export.family import FamilyHandout
from careplan.export.progress_charts import ChartStyle, TimeAxis, level_chart
from careplan.export.progress_report import ProgressPages
from careplan.export.progress_series import GoalTrack, goal_dates, goal_tracks
from careplan.export.renderer import LARGE_PRINT_SCALE
from careplan.export.text import long_date, markup, short_date

#: Each level of a goal in the family's words (the five levels the therapist wrote, -2 ... +2).
LEVEL_WORDS: dict[int, str] = {
    2: "Well past the goal",
    1: "Past the goal",
    0: "Goal reached",
    -1: "Not yet",
    -2: "A long way to go",
}

#: How far a goal has come, said after the goal ("Sitting at the table for a whole meal: reached").
STATUS_WORDS: dict[int, str] = {
    2: "reached, and well past it",
    1: "reached, and past it",
    0: "reached",
    -1: "not yet reached",
    -2: "not yet reached",
}

#: In the table, a goal not yet in the plan (or left out) at a check.
NOT_CHECKED = "not checked"

#: A goal of at most this many characters keeps its table row on one page.
LONGEST_WHOLE_ROW = 400

#: The table lists the goals at this many of the latest checks, the chart at this many.
TABLE_CHECKS = 4
CHART_CHECKS = 12


def status_words(track: GoalTrack) -> str:
    """ "reached", or "not yet reached" with "closer than on 12 Jan 2026" when it has moved on."""
    latest = track.latest.achieved
    said = STATUS_WORDS[latest]
    first_day, first = track.ratings[0]
    if latest < 0 and first.achieved < latest:
        said += f", but closer than on {short_date(first_day)}"
    return said


class FamilyProgress(ProgressPages, FamilyHandout):
    """One page (two in large print, or with many goals) for the person and their family."""

    audience: ClassVar[Audience] = Audience.FAMILY
    label: ClassVar[str] = "how things are going"

    def _get_title(self) -> str:
        return f"How {self.whom_is} doing"

    @property
    def whom_is(self) -> str:
        """ "you are" on an adult's own page, "Amira is" on a child's."""
        return "you are" if writes_to_the_person(self.patient, self.generated_on) else f"{self.given_name} is"

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.title_block()
        story += self.goals_reached()
        story += self.goals_chart()
        story += self.contact()
        return story

    def title_block(self) -> list[Flowable]:
        # The therapist's phone and email are in "Questions" at the end, where the reader looks for them.
        rows: list[tuple[str, Any]] = [("For", self.person_name), ("Your therapist", self.therapist_words())]
        checked = goal_dates(self.data.assessments)
        if checked:
            rows.append(("Goals last checked", long_date(checked[-1])))
        return [
            self.raw(f"How {markup(self.whom_is)} doing", "title"),
            self.para(self.plan.title, "subtitle"),
            self.key_values(rows),
        ]

    def tracks(self) -> list[GoalTrack]:
        return goal_tracks(self.data.assessments)

    def goals_reached(self) -> list[Flowable]:
        tracks = self.tracks()
        whose = "Your goals" if self.whom == "you" else f"{self.given_name}'s goals"
        if not tracks:
            return [
                self.heading(whose),
                self.raw(f"The goals have not been checked yet. {self.therapist_words()} will check them with you."),
            ]
        plan_of = "your plan" if self.whom == "you" else f"{markup(self.given_name)}'s plan"
        intro = self.raw(
            f"At each review, {markup(self.therapist_words())} looks with you at the goals in {plan_of}. "
            "This is how far each goal has come."
        )
        lines = [
            Paragraph(f"<b>{markup(t.text)}</b>: {status_words(t)}", self.styles["bullet"], bulletText=f"{n}.")
            for n, t in enumerate(tracks, start=1)
        ]
        return [self.heading(whose), intro, *lines]

    def goals_chart(self) -> list[Flowable]:
        """The goals at the latest checks: a line per goal, numbered as in the list; then the same in
        words, in a table."""
        tracks = self.tracks()
        if not tracks:
            return []
        dates = goal_dates(self.data.assessments)
        charted = dates[-CHART_CHECKS:]
        scale = LARGE_PRINT_SCALE if self.large_print else 1.0
        style = ChartStyle(font_size=self.sizes.table * 0.95, line_width=2.2 * scale, marker_size=7 * scale)
        lines = [[(day, float(r.achieved)) for day, r in t.ratings if day >= charted[0]] for t in tracks]
        chart = level_chart(
            lines,
            sorted(LEVEL_WORDS.items()),
            TimeAxis.spanning(charted),
            self.width,
            self.chart_height(len(tracks)),
            style,
            band=0,
        )
        intro = (
            "Each line is one goal, with its number from the list above. The higher the line, the further the "
            "goal has come. The green band is the goal reached."
        )
        shown = dates[-TABLE_CHECKS:]
        if len(dates) > len(shown):
            intro += f" The chart shows the last {len(charted)} checks, the table under it the last {len(shown)}."
        # The heading, its words and the chart on one page; the table may start the next (and is split
        # only when it cannot fit a page: never one row left over on the next).
        return [
            KeepTogether([self.heading("The goals over time"), self.raw(intro), chart]),
            KeepTogether([self.goals_table(tracks, shown)]),
        ]

    def goals_table(self, tracks: list[GoalTrack], shown: list[dt.date]) -> Flowable:
        """The chart in words: each goal at the latest checks."""
        rows: list[list[Any]] = [
            [self.raw("Goal", "cell_head"), *(self.raw(short_date(d), "cell_head_center") for d in shown)]
        ]
        for n, track in enumerate(tracks, start=1):
            levels = dict(track.ratings)
            rows.append(
                [
                    self.raw(f"{n}. {markup(track.text)}", "cell"),
                    *(
                        self.raw(LEVEL_WORDS[levels[d].achieved] if d in levels else NOT_CHECKED, "cell_center")
                        for d in shown
                    ),
                ]
            )
        # Each date column as wide as its longest word needs (no "reach / ed" in large print).
        words = (*LEVEL_WORDS.values(), NOT_CHECKED, *(short_date(d) for d in shown))
        share = column_fraction(self, words, 0.14, padding=self.sizes.table * 0.45)
        table = self.table(rows, [1 - share * len(shown), *([share] * len(shown))])
        # Whole rows only on each page (a goal's words are not cut in two), unless a goal is so long
        # that its row could be taller than a page.
        table.splitInRow = 0 if max(len(t.text) for t in tracks) <= LONGEST_WHOLE_ROW else 1
        return table

    def chart_height(self, goals: int) -> float:
        """Taller with more goals (their lines need room apart), in large print by the same scale."""
        scale = LARGE_PRINT_SCALE if self.large_print else 1.0
        return min(4.8 + 0.35 * max(goals - 3, 0), 7.5) * cm * scale

    def contact(self) -> list[Flowable]:
        """Whom to call, the emergency line, the next review and the notice, kept together at the end."""
        box = self.stop_box_words()
        out: list[Flowable] = [self.heading("Questions")]
        if self.plan.review_date:
            out.append(self.raw(f"We will look at the plan again on <b>{long_date(self.plan.review_date)}</b>."))
        out.append(self.raw(f"If you have questions about this page, contact {markup(self.contact_words())}."))
        out.append(self.raw(f"<b>{markup(box.emergency)}</b>"))
        return [KeepTogether([*out, *self.notice()])]

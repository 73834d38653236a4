"""The handout for the person and their family: plain words, a chart for the fridge."""

from __future__ import annotations

from typing import Any, ClassVar

from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, PageBreak, Spacer, Table

from careplan.core.audience import shows_date_of_birth, shows_identifier, writes_to_the_person
from careplan.core.enums import Audience, Kind, Setting
from careplan.core.model import Intervention
from careplan.core.wording import dosage_sentence
from careplan.export import phrases
from careplan.export.day_chart import positioning_chart
from careplan.export.renderer import HandoutRenderer, KeepShortTogether, Palette
from careplan.export.text import long_date, markup

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class TickBoxes(Flowable):
    """``count`` empty squares stacked one above the other, to tick by hand."""

    def __init__(self, count: int, size: float) -> None:
        super().__init__()
        self.count = count
        self.size = size
        self.gap = size * 0.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self.size
        self.height = self.count * self.size + (self.count - 1) * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(Palette.ink)
        canvas.setLineWidth(0.9)
        for i in range(self.count):
            canvas.rect(0, i * (self.size + self.gap), self.size, self.size, stroke=1, fill=0)


def chart_days(item: Intervention) -> int:
    """Day columns for an item on the tick chart: its days a week, or every day when unsaid; for an
    item shared with the school, the days home does it (the school ticks its own)."""
    if item.home_days is not None:
        return max(item.home_days, 1)
    return item.dosage.days_per_week if item.dosage and item.dosage.days_per_week else 7


class _TallTable(KeepShortTogether):
    """A chart table: kept whole when it fits a page; taller, it starts where it is only when most
    of the page is left (so it opens near the top), else on the next page, never opening low
    down with a header and a row or two at the foot."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if aH < self.limit * 0.75:
            return list(KeepTogether.split(self, aW, aH))
        return super().split(aW, aH)


class FamilyHandout(HandoutRenderer):
    audience: ClassVar[Audience] = Audience.FAMILY
    label: ClassVar[str] = "care plan for home"

    def _get_title(self) -> str:
        return f"Care plan for {self.person_name}"

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.title_block()
        story += self.about()
        story += self.goals()
        story += self.exercises()
        story += self.orthoses()
        story += self.equipment()
        story += positioning_chart(self)
        story += self.advice()
        story += self.education()
        story += self.referrals()
        story += self.stop_box_section()
        story += self.programme()
        story += self.practice_chart()
        story += self.action_plan_page()
        return story

    # ------------------------------------------------------------ sections

    def title_block(self) -> list[Flowable]:
        p = self.patient
        plan = self.plan
        rows: list[tuple[str, Any]] = [("For", self.person_name)]
        if shows_date_of_birth(self.audience, self.privacy):
            rows.append(("Date of birth", long_date(p.date_of_birth)))
        if shows_identifier(self.audience, self.privacy):
            rows.append(("Reference number", p.identifier))
        rows += [
            (("Your therapist" if label == "Therapist" else label), value)
            for label, value in self.therapist_contact_rows()
        ]
        rows += [
            ("Plan started", long_date(plan.start_date)),
            ("Next review", long_date(plan.review_date)),
        ]
        return [
            self.raw(f"Care plan for {markup(self.person_name)}", "title"),
            self.para(plan.title, "subtitle"),
            self.key_values(rows),
        ]

    def about(self) -> list[Flowable]:
        if not self.plan.summary:
            return []
        return [self.heading("About this plan"), self.para(self.plan.summary)]

    def goals(self) -> list[Flowable]:
        if not self.plan.goals:
            return []
        return [self.heading("What we are working towards"), *self.bullets(self.goals_lines(), is_markup=True)]

    def exercises(self) -> list[Flowable]:
        items = self.items_of(Kind.EXERCISE)
        if not items:
            return []
        intro = self.para(
            "Do these exercises as shown here. Tick them off on the weekly chart at the end of this plan."
        )
        # With the first exercise: the heading and this line stood alone at the foot of page 1.
        intro.keepWithNext = True
        return self.section("Exercises", [intro], [self.exercise_block(i, item) for i, item in items])

    def orthoses(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.ORTHOSIS):
            body: list[Flowable] = []
            meta = self.side_words(item)
            if meta:
                body.append(self.raw(meta, "meta"))
            body.append(self.labelled("When to wear it:", item.wear_schedule or "As your therapist showed you."))
            if item.instructions:
                body.append(self.labelled("How to put it on:", item.instructions))
            body.append(self.labelled("Check the skin:", item.skin_checks or phrases.DEFAULT_SKIN_CHECK))
            blocks.append(
                [self.para(item.title, "h3"), *self.with_photo(index, body), Spacer(0, self.sizes.body * 0.4)]
            )
        return self.section("Splints", [], blocks) if blocks else []

    def equipment(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.EQUIPMENT):
            body: list[Flowable] = []
            if item.status is not None:
                body.append(self.raw(item.status.plain, "meta"))
            body += self.how_much(item)
            if item.instructions:
                body.append(self.labelled("How to use it:", item.instructions))
            blocks.append(
                [self.para(item.title, "h3"), *self.with_photo(index, body), Spacer(0, self.sizes.body * 0.4)]
            )
        return self.section("Equipment", [], blocks) if blocks else []

    def advice(self) -> list[Flowable]:
        # "Away from home", not "Out and about": the library's community advice includes work
        # ("Breaks in the working day", "Telling your employer"), which "out and about" misdescribed.
        where = {Setting.COMMUNITY: "Away from home", Setting.SCHOOL: "At school"}
        blocks = []
        for index, item in self.items_of(Kind.ADVICE):
            body: list[Flowable] = []
            if item.setting is not None and item.setting in where:
                body.append(self.raw(where[item.setting], "meta"))
            if item.instructions:
                body.append(self.para(item.instructions))
            blocks.append([self.para(item.title, "h3"), *self.with_photo(index, body)])
        return self.section("Everyday advice", [], blocks) if blocks else []

    def education(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.EDUCATION):
            body = [self.para(item.instructions)] if item.instructions else []
            blocks.append([self.para(item.title, "h3"), *self.with_photo(index, body)])
        return self.section("Understanding dystonia", [], blocks) if blocks else []

    def referrals(self) -> list[Flowable]:
        """Referrals the therapist chose to tell the family about (usually clinician-only)."""
        blocks = []
        for _index, item in self.items_of(Kind.REFERRAL):
            body: list[Flowable] = [self.para(item.title, "h3")]
            # The library's referral wording already says who we are asking, in plain words; the
            # clinical service name is added only where there is none ("We have asked Patient
            # organisation support group ..." contradicted "We suggest you get in touch").
            if item.referral_to and not item.instructions:
                body.append(self.raw(f"We have asked <b>{markup(item.referral_to)}</b> to see {markup(self.whom)}."))
            if item.instructions:
                body.append(self.para(item.instructions))
            blocks.append(body)
        return self.section("Appointments with other services", [], blocks) if blocks else []

    def programme(self) -> list[Flowable]:
        prog = self.plan.programme
        out: list[Flowable] = []
        if prog.visits or prog.home_practice or prog.adjustments:
            works: list[Flowable] = [self.heading("How the plan works")]
            if prog.visits:
                works.append(self.labelled("Visits:", prog.visits))
            if prog.home_practice:
                works.append(self.labelled("Practice at home:", prog.home_practice))
            if prog.adjustments:
                works.append(self.raw("<b>Changes to your routine and surroundings:</b>", keep_with_next=True))
                works += self.bullets(prog.adjustments)
            out += works
        review: list[Flowable] = [self.heading("Next review")]
        if self.plan.review_date:
            review.append(
                self.raw(f"We will look at this plan again with you on <b>{long_date(self.plan.review_date)}</b>.")
            )
        else:
            review.append(self.raw("Your therapist will tell you when the plan will be looked at again."))
        # How the plan works, the review date and the notice end the handout together (no notice
        # or review alone on a page; a block taller than a page still breaks).
        return [KeepTogether([*out, *review, *self.notice()])]

    @property
    def whom(self) -> str:
        """ "you" on an adult's own handout, the person's name on a child's (read by the parent or carer)."""
        return "you" if writes_to_the_person(self.patient, self.generated_on) else self.given_name

    #: The closing notes: to the person (an adult's own handout), and about the person (a child's).
    notices = (phrases.NOTICE_YOU, phrases.NOTICE_FAMILY)

    def notice(self) -> list[Flowable]:
        adult = writes_to_the_person(self.patient, self.generated_on)
        text = self.notices[0 if adult else 1].format(
            name=self.given_name, therapist=self.therapist_words(), contact=self.contact_words()
        )
        return [self.para(text, "notice")]

    def chart_items(self) -> list[Intervention]:
        """What goes on the tick chart: the exercises, then the equipment (used on set days too);
        not an item the school does on all its days."""
        return [
            item
            for kind in (Kind.EXERCISE, Kind.EQUIPMENT)
            for _index, item in self.items_of(kind)
            if item.home_days != 0
        ]

    def practice_chart(self) -> list[Flowable]:
        """The weekly tick chart: one table per number of days a week, so each row has as many
        day columns as its dosage asks for (a 3-days-a-week exercise gets 3, not 7), and a row
        to note how the week went and pain from 0 to 10. Kept on one page where it fits."""
        items = self.chart_items()
        if not items:
            return []
        groups: dict[int, list[Intervention]] = {}
        for item in items:
            groups.setdefault(chart_days(item), []).append(item)
        tables = [self.chart_table(days, groups[days]) for days in sorted(groups, reverse=True)]
        spaced: list[Flowable] = []
        for table in tables:
            # Where the whole chart cannot fit one page (large print, many items), it breaks
            # between tables, never inside one; a table taller than a whole page flows on under the
            # heading (its header row repeated) rather than leave the chart's first page empty.
            _side, bottom, _top_first, top = self.frame_edges
            spaced += [_TallTable([table], top - bottom), Spacer(0, self.sizes.body * 0.6)]
        return [
            PageBreak(),
            KeepTogether(
                [
                    self.raw(f"Weekly practice chart for {markup(self.given_name)}", "title"),
                    self.week_starting(),
                    Spacer(0, self.sizes.body * 0.4),
                    self.para(
                        "Tick a box each time it is done (one box for each time in the day). "
                        "Where an item is not done every day, choose the days and write them in. "
                        "Bring the chart to your next visit."
                    ),
                    *spaced,
                    KeepTogether([self.how_did_it_go()]),
                ]
            ),
        ]

    def chart_table(self, days: int, items: list[Intervention]) -> Flowable:
        """Tick boxes for the items done ``days`` days a week: Mon to Sun when every day,
        otherwise "Day 1" to "Day n" for the family to date."""
        labels = DAYS if days == 7 else tuple(f"{n}" for n in range(1, days + 1))
        first = "Every day" if days == 7 else f"{'Once a week' if days == 1 else f'{days} days a week'}: day"
        head: list[Any] = [self.raw(first, "cell_head")] + [self.raw(d, "cell_head_center") for d in labels]
        rows: list[list[Any]] = [head]
        for item in items:
            dosage = item.dosage
            boxes = min(dosage.times_per_day or 1, 4) if dosage else 1
            what = f"<b>{markup(item.title)}</b>"
            # Equipment's dose is said once, in its section; exercises repeat theirs as a reminder.
            sentence = dosage_sentence(dosage) if item.kind is Kind.EXERCISE else None
            if sentence:
                what += f"<br/><font size={self.sizes.small:.1f}>{markup(sentence)}</font>"
            tick = TickBoxes(boxes, self.sizes.table * 1.1)
            rows.append([self.raw(what, "cell")] + [tick] * days)
        table = self.table(
            rows,
            [0.3] + [0.1] * days,
            extra=self.chart_style(),
            total_width=self.width * (0.3 + 0.1 * days),
        )
        self._whole_rows(table)
        return table

    def _whole_rows(self, table: Table) -> None:
        """Rows break between pages, not inside themselves, when each fits a page: a tick-box row
        split in two drew its boxes over the repeated header row (large print).  A row taller
        than a page (a very long title) still splits inside itself, never a LayoutError."""
        _side, bottom, _top_first, top = self.frame_edges
        table.wrap(self.width, 10 * (top - bottom))
        heights = list(table._rowHeights)
        if max(heights[1:], default=0) + heights[0] < (top - bottom):
            table.splitInRow = 0

    def how_did_it_go(self) -> Flowable:
        """A row a day to write how it went and pain from 0 (none) to 10 (the worst)."""
        head: list[Any] = [self.raw("Each day", "cell_head")] + [self.raw(d, "cell_head_center") for d in DAYS]
        row: list[Any] = [self.raw("<b>How did it go?</b><br/>Pain 0–10 (0 none, 10 the worst)", "cell")]
        row += [Spacer(0, self.sizes.table * 2)] * 7
        return self.table([head, row], [0.3] + [0.1] * 7, extra=self.chart_style())

    def week_starting(self) -> Flowable:
        """A ruled space to write the date the week starts."""
        return self.table(
            [[self.raw("<b>Week starting:</b>", "cell"), ""]],
            [0.3, 0.4],
            header=False,
            zebra=False,
            lines=False,
            total_width=self.width * 0.7,
            extra=[("LINEBELOW", (1, 0), (1, 0), 0.8, Palette.ink)],
        )

    def chart_style(self) -> list[tuple[Any, ...]]:
        return [
            ("VALIGN", (1, 1), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 1), (-1, -1), "CENTER"),
            ("LINEAFTER", (0, 0), (-2, -1), 0.5, self.palette.grid),
            ("LEFTPADDING", (1, 0), (-1, -1), 2),
            ("RIGHTPADDING", (1, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 1), (-1, -1), self.sizes.table * 0.7),
            ("BOTTOMPADDING", (0, 1), (-1, -1), self.sizes.table * 0.8),
        ]

    # ------------------------------------------------------------- wording


__all__ = ["FamilyHandout"]

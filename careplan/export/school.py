"""The handout for teachers and teaching assistants.

Only the child's name identifies them: never the identifier, never clinical notes
or clinician notes, and only the items addressed to the school.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer

from careplan.core.day_plan import does_at_school, who_short, who_words
from careplan.core.enums import Audience, Kind, Side
from careplan.core.model import Intervention
from careplan.core.wording import dosage_sentence
from careplan.export import phrases
from careplan.export.day_chart import column_fraction, positioning_chart
from careplan.export.family import TickBoxes
from careplan.export.renderer import HandoutRenderer
from careplan.export.text import long_date, markup

#: The "When" cell of a session the plan gives no time for: a line for the school to write on.
WRITE_IN = "________"


@dataclasses.dataclass(frozen=True, slots=True)
class TimetableRow:
    """One session of the school day: when (a line to fill in), what, how long, who does it."""

    when: str
    what: str  # markup
    how_long: str
    who: str
    #: Who does it on which days, said in full (a shared item), under the title.
    note: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SchoolDay:
    """The school day as a timetable of sessions, and plain sentences for what has no session:
    what is worn or used through the day, and advice to keep in mind."""

    rows: tuple[TimetableRow, ...]
    sentences: tuple[str, ...]  # markup


def session_amount(item: Intervention) -> str:
    """How much in one session, e.g. "2 sets of 5" or "For 30 minutes"."""
    d = item.dosage
    if d is None or d.is_empty():
        return ""
    return dosage_sentence(dataclasses.replace(d, times_per_day=None, days_per_week=None))


def _title(item: Intervention) -> str:
    title = f"<b>{markup(item.title)}</b>"
    if item.side is not None and item.side not in (Side.NONE, Side.BOTH):
        title += f" ({item.side.label.lower()} side)"
    return title


#: More sessions a day than this print as one row ("6 times a day: spread over the day").
MAX_SESSION_ROWS = 4


def _session_rows(item: Intervention) -> list[TimetableRow]:
    """A row per session a day of an exercise or a piece of equipment used at set times."""
    dosage = item.dosage
    per_day = (dosage.times_per_day if dosage else None) or 1
    how_long = session_amount(item) or "—"
    who = who_short(item)
    note = who_words(item) if item.is_shared else None
    what = _title(item)
    if not item.is_shared and dosage and dosage.days_per_week and dosage.days_per_week < 5:
        what += f" ({dosage.days_per_week} {'day' if dosage.days_per_week == 1 else 'days'} a week)"
    if per_day > MAX_SESSION_ROWS:
        return [TimetableRow(WRITE_IN, f"{what} ({per_day} times a day: spread over the day)", how_long, who, note)]
    rows = []
    for n in range(1, per_day + 1):
        label = f"{what}, session {n} of {per_day}" if per_day > 1 else what
        rows.append(TimetableRow(WRITE_IN, label, how_long, who, note if n == 1 else None))
    return rows


def school_day(items: list[Intervention], name: str, visits: str | None = None) -> SchoolDay:
    """The school's items as a timetable: a row per session (the plan gives no clock times, so
    each "When" is a line for the school to fill in), and sentences under it for what is worn
    or used through the day.  No row says "all day": that is a sentence, not a session.  (Advice
    has its own section, and a session of its own only where it is an exercise.)"""
    rows: list[TimetableRow] = []
    worn: list[str] = []
    used: list[str] = []
    home_only: list[str] = []
    for item in items:
        sessions = item.kind is Kind.EXERCISE or (
            item.kind is Kind.EQUIPMENT and item.dosage is not None and not item.dosage.is_empty()
        )
        if sessions and not does_at_school(item):
            home_only.append(_title(item))
        elif sessions:
            rows += _session_rows(item)
        elif item.kind is Kind.EQUIPMENT:
            used.append(_title(item))
        elif item.kind is Kind.ORTHOSIS:
            when = markup(item.wear_schedule).strip().rstrip(".") if item.wear_schedule else ""
            worn.append(f"{markup(name)} wears the {_title(item)} at school: {when or 'as the family advise'}.")
    sentences = list(worn)
    if used:
        sentences.append(f"{markup(name)} uses these at school, as set out below: {'; '.join(used)}.")
    if home_only:
        sentences.append(f"Done at home, not at school: {'; '.join(home_only)}.")
    if visits:
        sentences.append(f"<b>The therapist's visits:</b> {markup(visits)}")
    return SchoolDay(tuple(rows), tuple(sentences))


class SchoolHandout(HandoutRenderer):
    audience: ClassVar[Audience] = Audience.SCHOOL
    label: ClassVar[str] = "information for school"

    def _get_title(self) -> str:
        return f"Supporting {self.person_name} at school"

    def instructions(self, item: Intervention) -> str | None:
        return item.school_instructions or item.instructions

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.title_block()
        story += self.school_day()
        story += self.about()
        story += self.routine()
        story += positioning_chart(self)
        story += self.handling()
        story += self.exercises()
        story += self.equipment()
        story += self.orthoses()
        story += self.other_items()
        story += self.adapting()
        story += self.stop_box_section()
        # Contacts and the notice end the handout together, never a notice alone on a page.
        story.append(KeepTogether([*self.contacts(), *self.notice()]))
        story += self.action_plan_page()
        return story

    # ------------------------------------------------------------ sections

    def title_block(self) -> list[Flowable]:
        school = self.patient.school
        rows: list[tuple[str, Any]] = [("Pupil", self.person_name)]
        if school is not None:
            rows.append(("School", school.name))
        rows += self.therapist_contact_rows()
        rows.append(("Next review", long_date(self.plan.review_date)))
        return [
            self.raw(f"Supporting {markup(self.person_name)} at school", "title"),
            self.raw(f"For teachers and teaching assistants · {markup(self.plan.title)}", "subtitle"),
            self.key_values(rows),
        ]

    def school_day(self) -> list[Flowable]:
        category, common = phrases.school_day_paragraphs(self.plan.category, self.given_name)
        return [
            self.heading(f"What dystonia means for {self.given_name}'s school day"),
            self.para(category),
            self.para(common),
        ]

    def about(self) -> list[Flowable]:
        out: list[Flowable] = []
        if self.plan.summary:
            out += [self.heading("About this plan"), self.para(self.plan.summary)]
        if self.plan.goals:
            out += [self.heading("What we are working towards"), *self.bullets(self.goals_lines(), is_markup=True)]
        return out

    def routine(self) -> list[Flowable]:
        """The timetable: a row per session with a line to write its time or lesson, who does it and
        a box to tick; what is worn or used through the day is said under it.  Kept on one page
        where it fits."""
        day = school_day(list(self.items), self.given_name, self.plan.programme.visits)
        if not day.rows and not day.sentences:
            return []
        out: list[Flowable] = [self.heading(f"{self.given_name}'s school day")]
        if day.rows:
            out.append(
                self.para(
                    "Write in the time or lesson for each session, and tick the box when it is done. "
                    "Where home and school share an item, agree the days with the family."
                )
            )
            out.append(self.timetable(day.rows))
        if day.sentences:
            out.append(Spacer(0, self.sizes.body * 0.5))
            out += self.bullets(day.sentences[:-1], is_markup=True)
        # The table and what is said under it stay together; the last sentence may follow on the
        # next page (so a block just taller than what is left never pushes the table over).
        return [KeepTogether(out), *self.bullets(day.sentences[-1:], is_markup=True)]

    def timetable(self, rows: tuple[TimetableRow, ...]) -> Flowable:
        head = ("When (time or lesson)", "What", "How long", "Who", "Done")
        data: list[list[Any]] = [[self.raw(h, "cell_head") for h in head]]
        for row in rows:
            what: list[Flowable] = [self.raw(row.what, "cell")]
            if row.note:
                what.append(self.raw(f"<i>{markup(row.note)}</i>", "cell_quiet"))
            data.append(
                [
                    self.raw(row.when, "cell_quiet"),
                    what,
                    self.para(row.how_long, "cell"),
                    self.para(row.who, "cell"),
                    TickBoxes(1, self.sizes.table * 1.1),
                ]
            )
        extra: list[tuple[Any, ...]] = [("VALIGN", (-1, 1), (-1, -1), "MIDDLE"), ("ALIGN", (-1, 1), (-1, -1), "CENTER")]
        done = column_fraction(self, ("Done",), 0.1, padding=self.sizes.table * 0.45)
        return self.table(data, [0.2, 0.36, 0.18, 0.16, done], extra=extra)

    def handling(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.ADVICE):
            text = self.instructions(item)
            body = [self.para(text)] if text else []
            blocks.append([self.para(item.title, "h3"), *self.with_photo(index, body)])
        return self.section("Handling and positioning", [], blocks) if blocks else []

    def exercises(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.EXERCISE):
            blocks.append(self.exercise_block(index, item))
        return self.section("Exercises and activities", [], blocks) if blocks else []

    def equipment(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.EQUIPMENT):
            body: list[Flowable] = []
            if item.status is not None:
                body.append(self.para(item.status.plain_about(self.given_name), "meta"))
            body += self.how_much(item)
            if self.instructions(item):
                body.append(self.labelled("How to use it:", self.instructions(item)))
            body.append(self.labelled("Check it:", phrases.EQUIPMENT_CHECK_SCHOOL))
            blocks.append(
                [self.para(item.title, "h3"), *self.with_photo(index, body), Spacer(0, self.sizes.body * 0.4)]
            )
        return self.section("Equipment", [], blocks) if blocks else []

    def orthoses(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.ORTHOSIS):
            body: list[Flowable] = [
                self.labelled("When to wear it:", item.wear_schedule or "As the family and therapist advise."),
            ]
            if self.instructions(item):
                body.append(self.labelled("Putting it on:", self.instructions(item)))
            body.append(self.labelled("Check the skin:", item.skin_checks or phrases.DEFAULT_SKIN_CHECK_SCHOOL))
            blocks.append(
                [self.para(item.title, "h3"), *self.with_photo(index, body), Spacer(0, self.sizes.body * 0.4)]
            )
        return self.section("Splints and orthoses worn at school", [], blocks) if blocks else []

    def other_items(self) -> list[Flowable]:
        """Education and referrals the therapist addressed to the school."""
        out: list[Flowable] = []
        for kind, title in ((Kind.EDUCATION, "Understanding dystonia"), (Kind.REFERRAL, "Other services involved")):
            blocks = []
            for index, item in self.items_of(kind):
                body: list[Flowable] = []
                if kind is Kind.REFERRAL and item.referral_to:
                    body.append(self.labelled("Service:", item.referral_to))
                if self.instructions(item):
                    body.append(self.para(self.instructions(item)))
                blocks.append([self.para(item.title, "h3"), *self.with_photo(index, body)])
            if blocks:
                out += self.section(title, [], blocks)
        return out

    def adapting(self) -> list[Flowable]:
        return [
            self.heading("Adapting PE, play and classroom activities"),
            *self.bullets(phrases.adaptations(self.plan.category, self.given_name)),
        ]

    def contacts(self) -> list[Flowable]:
        t = self.plan.therapist
        rows: list[list[Any]] = [[self.raw("Who", "cell_head"), self.raw("How to reach them", "cell_head")]]

        def add(who: str, *ways: str | None) -> None:
            reach = "<br/>".join(markup(w) for w in ways if w)
            rows.append([self.raw(who, "cell"), self.raw(reach or "—", "cell")])

        if t.name or t.phone or t.email:
            add(
                f"<b>{markup(t.name or 'Therapist')}</b>" + (f"<br/>{markup(t.role)}" if t.role else ""),
                t.phone,
                t.email,
            )
        school = self.patient.school
        if school is not None and (school.contact_name or school.phone or school.email):
            add(
                f"<b>{markup(school.contact_name or 'School contact')}</b>"
                + (f"<br/>{markup(school.name)}" if school.name else ""),
                school.phone,
                school.email,
            )
        for carer in self.patient.carers:
            add(
                f"<b>{markup(carer.name)}</b>" + (f"<br/>{markup(carer.relationship)}" if carer.relationship else ""),
                carer.phone,
            )
        if len(rows) == 1:
            return []
        return [self.heading("Who to contact"), self.table(rows, [0.45, 0.55])]

    def notice(self) -> list[Flowable]:
        text = phrases.NOTICE_SCHOOL.format(
            name=self.given_name, therapist=self.therapist_words(), contact=self.contact_words()
        )
        return [self.para(text, "notice")]


__all__ = ["SchoolDay", "SchoolHandout", "TimetableRow", "school_day"]

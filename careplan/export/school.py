"""The handout for teachers and teaching assistants.

Only the child's name identifies them: never the identifier, never clinical notes
or clinician notes, and only the items addressed to the school.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer

from careplan.core.enums import Audience, Kind, Side
from careplan.core.model import Intervention
from careplan.core.wording import dosage_sentence
from careplan.export import phrases
from careplan.export.renderer import HandoutRenderer
from careplan.export.text import long_date, markup

#: Time-of-day slots of the routine table, in the order of the day.
START, MORNING, BREAK, LUNCH, AFTERNOON, ALL_DAY = (
    "Start of the day",
    "Morning",
    "Morning break",
    "Lunchtime",
    "Afternoon",
    "Throughout the day",
)
SLOT_ORDER = (START, MORNING, BREAK, LUNCH, AFTERNOON, ALL_DAY)

#: Sessions a day -> slots they go in.
_SPREAD = {
    1: (MORNING,),
    2: (MORNING, AFTERNOON),
    3: (MORNING, LUNCH, AFTERNOON),
    4: (MORNING, BREAK, LUNCH, AFTERNOON),
}


@dataclasses.dataclass(frozen=True, slots=True)
class RoutineRow:
    slot: str
    what: str  # markup
    how_long: str


def session_amount(item: Intervention) -> str:
    """How much in one session, e.g. "2 sets of 5" or "20 minutes"."""
    d = item.dosage
    if d is None or d.is_empty():
        return ""
    return dosage_sentence(dataclasses.replace(d, times_per_day=None, days_per_week=None))


def school_routine(items: list[Intervention]) -> list[RoutineRow]:
    """The school's items as a day plan: sessions spread over morning, break, lunch and afternoon."""
    rows: list[tuple[int, int, RoutineRow]] = []
    for order, item in enumerate(items):
        title = f"<b>{markup(item.title)}</b>"
        if item.side is not None and item.side not in (Side.NONE, Side.BOTH):
            title += f" ({item.side.label.lower()} side)"
        if item.kind in (Kind.EXERCISE, Kind.EQUIPMENT) and item.dosage and not item.dosage.is_empty():
            per_day = item.dosage.times_per_day or 1
            slots = _SPREAD[min(per_day, 4)]
            what = title
            if per_day > 4:
                what += f" ({per_day} times a day: spread over the day)"
            if item.dosage.days_per_week and item.dosage.days_per_week < 5:
                what += f" ({item.dosage.days_per_week} days a week)"
            amount = session_amount(item) or "See below"
            rows += [(SLOT_ORDER.index(slot), order, RoutineRow(slot, what, amount)) for slot in slots]
        elif item.kind is Kind.EXERCISE:
            rows.append((SLOT_ORDER.index(MORNING), order, RoutineRow(MORNING, title, "See Exercises below")))
        elif item.kind is Kind.EQUIPMENT:
            rows.append((SLOT_ORDER.index(ALL_DAY), order, RoutineRow(ALL_DAY, title, "See Equipment below")))
        elif item.kind is Kind.ORTHOSIS:
            rows.append(
                (
                    SLOT_ORDER.index(START),
                    order,
                    RoutineRow(START, f"{title}: check it is on and comfortable", "A quick check"),
                )
            )
        elif item.kind is Kind.ADVICE:
            rows.append((SLOT_ORDER.index(ALL_DAY), order, RoutineRow(ALL_DAY, title, "All day")))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


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
        rows = school_routine(list(self.items))
        if not rows:
            return []
        data: list[list[Any]] = [
            [self.raw("When", "cell_head"), self.raw("What", "cell_head"), self.raw("How long", "cell_head")]
        ]
        previous = None
        group_starts = []
        for number, row in enumerate(rows, start=1):
            # The slot is named on every row (so a page that starts mid-slot still says when),
            # in bold where the slot begins and quietly after that.
            if row.slot != previous:
                group_starts.append(number)
                when = self.raw(markup(row.slot), "cell_bold")
            else:
                when = self.raw(markup(row.slot), "cell_quiet")
            previous = row.slot
            data.append([when, self.raw(row.what, "cell"), self.para(row.how_long, "cell")])
        # One band per time of day: a tinted "When" column, a rule above each new slot.
        extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 1), (0, -1), self.palette.tint)]
        extra += [("LINEABOVE", (0, n), (-1, n), 1.0, self.palette.rule) for n in group_starts[1:]]
        return [
            self.heading(f"{self.given_name}'s school day"),
            self.para("A suggested routine: fit it around the timetable, and keep to it as far as you can."),
            self.table(data, [0.27, 0.47, 0.26], zebra=False, extra=extra),
        ]

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
                body.append(self.raw(f"Status: {item.status.label}", "meta"))
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


__all__ = ["SchoolHandout", "school_routine"]

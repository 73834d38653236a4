"""The work and daily life handout: for an adult's employer, carer or care home.

Written about the person for a third reader: the work set-up, breaks and pacing, handling and
positioning, splints and equipment with how much to use them, what helps on a bad day and when
to stop and get help.  Like the school handout it shows the name only (never the identifier or
the date of birth), never clinical notes, and only the items addressed to it.  The plan's
summary and goals stay with the person and the family: an employer needs what to do, not why.
"""

from __future__ import annotations

from typing import Any, ClassVar

from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from careplan.core.action_plan import ACTION_PLAN_CODE
from careplan.core.enums import Audience, Kind
from careplan.export import phrases_work as words
from careplan.export.renderer import HandoutRenderer
from careplan.export.text import long_date, markup


class WorkHandout(HandoutRenderer):
    audience: ClassVar[Audience] = Audience.WORK
    label: ClassVar[str] = "work and daily life"

    def _get_title(self) -> str:
        return f"Supporting {self.person_name} at work and day to day"

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.title_block()
        # Whose plan this is, and that it is not general advice, before anything else is read.
        story += self.notice()
        story += self.day_to_day()
        # Safety first: what helps on a bad day, when to stop and get help and whom to contact come
        # before the items (and the handout ends with its last item, never a page of contacts alone).
        story += self.bad_day()
        story += self.stop_box_section()
        story += self.contacts()
        story += self.advice()
        story += self.exercises()
        story += self.equipment()
        story += self.orthoses()
        story += self.action_plan_page()
        return story

    # ------------------------------------------------------------ sections

    def title_block(self) -> list[Flowable]:
        rows: list[tuple[str, Any]] = [("Name", self.person_name), *self.therapist_contact_rows()]
        rows.append(("Next review", long_date(self.plan.review_date)))
        return [
            self.raw(f"Supporting {markup(self.person_name)} at work and day to day", "title"),
            self.raw(f"For employers, carers and care staff · {markup(self.plan.title)}", "subtitle"),
            self.key_values(rows),
        ]

    def day_to_day(self) -> list[Flowable]:
        category, common = words.day_to_day_paragraphs(self.plan.category, self.given_name)
        return [
            self.heading(f"What dystonia means for {self.given_name} day to day"),
            self.para(category),
            self.para(common),
        ]

    def intro(self) -> list[Flowable]:
        return [self.para(words.ITEMS_INTRO.format(name=self.given_name))]

    def advice(self) -> list[Flowable]:
        """Work set-up, breaks, pacing, handling and positioning: the advice addressed to this handout.
        The action plan's own item is left out when its page prints (the bad-day section points to it)."""
        blocks = []
        for index, item in self.items_of(Kind.ADVICE):
            if item.catalog_code == ACTION_PLAN_CODE and self.action_plan is not None:
                continue
            body = [self.para(item.instructions)] if item.instructions else []
            blocks.append([self.para(item.title, "h3"), *self.with_photo(index, body)])
        return self.section("At work and day to day", self.intro(), blocks) if blocks else []

    def exercises(self) -> list[Flowable]:
        blocks = [self.exercise_block(index, item) for index, item in self.items_of(Kind.EXERCISE)]
        if not blocks:
            return []
        intro = self.para(f"Help {self.given_name} find the time and space for these, as {self.given_name} asks.")
        return self.section("Exercises", [intro], blocks)

    def equipment(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.EQUIPMENT):
            body: list[Flowable] = [*self.how_much(item)]
            if item.instructions:
                body.append(self.labelled("How to use it:", item.instructions))
            body.append(self.labelled("Check it:", words.EQUIPMENT_CHECK.format(name=self.given_name)))
            blocks.append(
                [self.para(item.title, "h3"), *self.with_photo(index, body), Spacer(0, self.sizes.body * 0.4)]
            )
        return self.section("Equipment", [], blocks) if blocks else []

    def orthoses(self) -> list[Flowable]:
        blocks = []
        for index, item in self.items_of(Kind.ORTHOSIS):
            body: list[Flowable] = []
            side = self.side_words(item)
            if side:
                body.append(self.raw(side, "meta"))
            when = item.wear_schedule or f"As {self.given_name} and the therapist advise."
            body.append(self.labelled("When to wear it:", when))
            if item.instructions:
                body.append(self.labelled("Putting it on:", item.instructions))
            body.append(
                self.labelled("Check the skin:", item.skin_checks or words.SKIN_CHECK.format(name=self.given_name))
            )
            blocks.append(
                [self.para(item.title, "h3"), *self.with_photo(index, body), Spacer(0, self.sizes.body * 0.4)]
            )
        return self.section("Splints and supports", [], blocks) if blocks else []

    def bad_day(self) -> list[Flowable]:
        lines = [line.format(name=self.given_name) for line in words.BAD_DAY]
        if self.action_plan is not None:
            lines.append(words.BAD_DAY_ACTION_PLAN)
        return [self.heading("What helps on a bad day"), *self.bullets(lines)]

    def contacts(self) -> list[Flowable]:
        t = self.plan.therapist
        rows: list[list[Any]] = [[self.raw("Who", "cell_head"), self.raw("How to reach them", "cell_head")]]

        def add(who: str, *ways: str | None) -> None:
            reach = "<br/>".join(markup(w) for w in ways if w)
            rows.append([self.raw(who, "cell"), self.raw(reach or "—", "cell")])

        if t.name or t.phone or t.email:
            role = f"<br/>{markup(t.role)}" if t.role else ""
            add(f"<b>{markup(t.name or 'Therapist')}</b>{role}", t.phone, t.email)
        for carer in self.patient.carers:
            relationship = f"<br/>{markup(carer.relationship)}" if carer.relationship else ""
            add(f"<b>{markup(carer.name)}</b>{relationship}", carer.phone)
        if len(rows) == 1:
            return []
        return [self.heading("Who to contact"), self.table(rows, [0.45, 0.55])]

    def notice(self) -> list[Flowable]:
        text = words.NOTICE.format(name=self.given_name, therapist=self.therapist_words(), contact=self.contact_words())
        return [self.para(text, "notice")]


__all__ = ["WorkHandout"]

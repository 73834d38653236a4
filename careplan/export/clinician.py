"""The clinician summary: everything in the plan, compact, marked confidential."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer

from careplan.core.audience import fitting_audiences
from careplan.core.day_plan import who_words
from careplan.core.enums import Audience, Side
from careplan.core.history import RevisionSummary
from careplan.core.model import AppliedCaution, Intervention
from careplan.core.stop_box import stop_box
from careplan.core.wording import dosage_sentence
from careplan.export import phrases, revisions
from careplan.export.renderer import LAST_PAGE, HandoutRenderer, TypeSizes
from careplan.export.text import join_words, long_date, markup, one_line, region_words


class ClinicianSummary(HandoutRenderer):
    """Every item and field of the plan, the cautions that apply and the confidential notes.

    Large print is refused (HandoutError): the summary is a dense reference for
    colleagues, and a silently unchanged PDF would mislead whoever asked for it.
    """

    audience: ClassVar[Audience] = Audience.CLINICIAN
    label: ClassVar[str] = "clinical summary (confidential)"
    supports_large_print: ClassVar[bool] = False
    base_sizes: ClassVar[TypeSizes] = TypeSizes(
        body=9.5,
        small=8.5,
        title=17,
        subtitle=11,
        h2=12.5,
        h3=10.5,
        table=9,
        footer=8,
        letterhead=13,
    )

    def __init__(self, *args: Any, history: Sequence[RevisionSummary] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Every saved revision with its author, note and changes (only this summary prints them).
        self.history = tuple(history)

    def _get_title(self) -> str:
        return f"Clinical summary: {self.person_name} (confidential)"

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.title_block()
        story += self.patient_section()
        story += self.plan_section()
        story += self.goals()
        story += self.cautions_section()
        story += self.family_stop_box()
        story += self.interventions()
        story += self.programme()
        story += self.clinical_notes()
        story += revisions.revision_history(self, self.history)
        story += self.notice()
        return story

    def title_block(self) -> list[Flowable]:
        return [
            self.raw(f"Clinical summary: {markup(self.person_name)}", "title"),
            self.para(self.plan.title, "subtitle"),
            self.raw(
                f'<font color="{self.palette.confidential.hexval()}"><b>CONFIDENTIAL</b></font>'
                " — contains identifiable and clinical information.",
                "small",
            ),
        ]

    def patient_section(self) -> list[Flowable]:
        p = self.patient
        school = p.school
        school_lines = []
        if school is not None:
            school_lines = [one_line(x) for x in (school.name, school.contact_name, school.phone, school.email) if x]
        carers = self.bullets(self.carers_words(), "cell_bullet") if p.carers else None
        return [
            self.heading("Patient"),
            self.key_values(
                [
                    ("Name", self.person_name),
                    ("Date of birth", f"{long_date(p.date_of_birth)} (age {self.age()})"),
                    ("Identifier", p.identifier),
                    ("Carers", carers),
                    ("School", "\n".join(school_lines)),
                ]
            ),
        ]

    def age(self) -> int:
        born = self.patient.date_of_birth
        today = self.generated_on
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def plan_section(self) -> list[Flowable]:
        plan = self.plan
        t = plan.therapist
        rev = self.record.revision
        if rev is None:
            revision = "not yet saved"
        else:
            saved = revisions.local_time(rev.saved_at)  # as the revision history prints it
            revision = f"{rev.number}, saved {long_date(saved.date())} at {saved:%H:%M}"
            if rev.author:
                revision += f" by {one_line(rev.author)}"
        category = self.raw(
            f"{markup(plan.category.label)}<br/>"
            f"<font size={self.sizes.small}>{markup(plan.category.description)}</font>",
            "cell",
        )
        return [
            self.heading("Plan"),
            self.key_values(
                [
                    ("Title", plan.title),
                    ("Category", category),
                    ("Regions", join_words([region_words(r) for r in plan.regions])),
                    ("Cervical form", plan.cervical_form.label if plan.cervical_form else None),
                    ("GMFCS level", f"Level {_roman(plan.gmfcs_level)}" if plan.gmfcs_level else None),
                    ("Therapist", "\n".join(one_line(x) for x in (t.name, t.role, t.phone, t.email) if x)),
                    ("Start date", long_date(plan.start_date)),
                    ("Review date", long_date(plan.review_date)),
                    ("Library version", plan.catalog_version),
                    ("Plan id", str(self.record.plan_id) if self.record.plan_id is not None else None),
                    ("Revision", revision),
                    ("Printed", long_date(self.generated_on)),
                ]
            ),
            *([self.heading("Summary"), self.para(plan.summary)] if plan.summary else []),
        ]

    def goals(self) -> list[Flowable]:
        if not self.plan.goals:
            return []
        rows: list[list[Any]] = [
            [self.raw("Domain", "cell_head"), self.raw("Goal", "cell_head"), self.raw("Target date", "cell_head")]
        ]
        for goal in self.plan.goals:
            text = markup(goal.text)
            rows.append(
                [
                    self.raw(goal.domain.label, "cell"),
                    self.raw(text, "cell"),
                    self.raw(long_date(goal.target_date) or "—", "cell"),
                ]
            )
        return [self.heading("Goals"), self.table(rows, [0.2, 0.58, 0.22])]

    def cautions_section(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Cautions that apply")]
        if not self.cautions:
            return [*out, self.para("None for this plan.")]
        rows: list[list[Any]] = [[self.raw("Item", "cell_head"), self.raw("Caution", "cell_head")]]
        for c in self.cautions:
            item = markup(c.item_title) if c.item_index is not None or c.item_title else "Whole plan"
            rows.append([self.raw(f"<b>{item}</b>", "cell"), self.caution_with_sources(c)])
        return [
            *out,
            self.table(
                rows,
                [0.3, 0.7],
                zebra=False,
                extra=[
                    ("BACKGROUND", (0, 1), (-1, -1), self.palette.warn_bg),
                    ("BOX", (0, 0), (-1, -1), 1.0, self.palette.warn_border),
                ],
            ),
        ]

    def caution_with_sources(self, caution: AppliedCaution) -> Flowable:
        """The caution, then the works the library rests it on (a colleague can check why it applies)."""
        text = markup(caution.text)
        if caution.sources:
            cited = "; ".join(markup(s) for s in caution.sources)
            text += f"<br/><font size={self.sizes.small} color='{self.palette.muted.hexval()}'>Source: {cited}</font>"
        return self.raw(text, "cell")

    def family_stop_box(self) -> list[Flowable]:
        """What the family's stop box says for this plan (it follows the plan's items), so a
        colleague knows which warnings the family was given, and on what they rest."""
        # The family's copy prints the action plan page last, when the plan holds it.
        box = stop_box(
            self.plan,
            self.audience,
            name=self.given_name,
            emergency_number=self.clinic.emergency_number,
            action_plan_where=LAST_PAGE,
        )
        lines = [box.emergency, box.heading, *(f"• {line}" for line in box.lines)]
        text = "<br/>".join(markup(line) for line in lines)
        cited = "; ".join(markup(s) for s in box.sources)
        text += f"<br/><font size={self.sizes.small} color='{self.palette.muted.hexval()}'>Source: {cited}</font>"
        return [
            self.heading("Stop box on the family's handout"),
            self.table(
                [[self.raw(text, "cell")]],
                [1.0],
                header=False,
                zebra=False,
                extra=[("BACKGROUND", (0, 0), (-1, -1), self.palette.warn_bg)],
            ),
        ]

    def interventions(self) -> list[Flowable]:
        items = self.plan.interventions
        out: list[Flowable] = [self.heading(f"Interventions ({len(items)})")]
        if not items:
            out.append(self.para("No interventions in this plan."))
        for index, item in enumerate(items):
            out.append(
                KeepTogether(
                    [
                        self.para(f"{index + 1}. {item.kind.label}: {one_line(item.title)}", "h3"),
                        self.item_table(index, item),
                        Spacer(0, self.sizes.body * 0.6),
                    ]
                )
            )
        return out

    def item_table(self, index: int, item: Intervention) -> Flowable:
        # Only the handouts this person can be given: an adult's summary said "For: Family, School"
        # and quoted the school wording ("the pupil") for a plan no school handout is made from.
        fits = fitting_audiences(self.patient, self.generated_on)
        audiences = [a.label for a in fits if a in item.audiences] or ["Clinician only"]
        value_width = self.width * 0.74
        dosage = dosage_sentence(item.dosage) or None
        own_cautions = [c for c in self.cautions if c.item_index == index]
        photo = self.photos.get(index)
        rows: list[tuple[str, Any]] = [
            ("For", ", ".join(audiences)),
            ("Source", "Clinical library" if item.catalog_code else "Written for this plan"),
            ("Side", item.side.label if item.side is not None and item.side is not Side.NONE else None),
            ("Setting", item.setting.label if item.setting else None),
            ("Status", item.status.label if item.status else None),
            ("Dosage", dosage),
            ("Who does it", who_words(item) if item.is_shared and Audience.SCHOOL in fits else None),
            ("Wear schedule", item.wear_schedule),
            ("Skin checks", item.skin_checks),
            ("Referral to", item.referral_to),
            ("Referral reason", item.referral_reason),
            ("Instructions", item.instructions),
            ("School instructions", item.school_instructions if Audience.SCHOOL in fits else None),
            ("Clinician note", item.clinician_note),
            ("Cautions", self.bullets([c.text for c in own_cautions], "cell_bullet") if own_cautions else None),
            ("Photo", [photo.flowable(value_width * 0.4, 2.5 * cm)] if photo else None),
        ]
        return self.key_values(rows, (0.26, 0.74))

    def programme(self) -> list[Flowable]:
        prog = self.plan.programme
        if not (prog.visits or prog.home_practice or prog.adjustments):
            return []
        adjustments = self.bullets(prog.adjustments, "cell_bullet") if prog.adjustments else None
        return [
            self.heading("Programme"),
            self.key_values(
                [
                    ("Visits", prog.visits),
                    ("Home practice", prog.home_practice),
                    ("Adjustments", adjustments),
                ]
            ),
        ]

    def clinical_notes(self) -> list[Flowable]:
        notes = self.plan.clinical_notes
        head = self.raw(
            f'<font color="{self.palette.confidential.hexval()}">CONFIDENTIAL</font> — clinical notes', "h2"
        )
        if not notes:
            return [head, self.para("No clinical notes recorded.")]
        box = self.table(
            [[self.para(notes, "cell")]],
            [1.0],
            header=False,
            zebra=False,
            extra=[
                ("BACKGROUND", (0, 0), (-1, -1), self.palette.confidential_bg),
                ("BOX", (0, 0), (-1, -1), 1.2, self.palette.confidential),
                ("LEFTPADDING", (0, 0), (-1, -1), self.sizes.body),
                ("RIGHTPADDING", (0, 0), (-1, -1), self.sizes.body),
                ("TOPPADDING", (0, 0), (-1, -1), self.sizes.body * 0.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.sizes.body * 0.8),
            ],
        )
        return [head, box]

    def notice(self) -> list[Flowable]:
        text = phrases.NOTICE_CLINICIAN.format(
            name=self.person_name, therapist=self.therapist_words(), contact=self.contact_words()
        )
        return [self.para(text, "notice")]


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V")[n - 1]

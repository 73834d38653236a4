"""The therapist's own templates (saved from a plan, versioned), new plans from a template, and
copies of a plan for another patient.

An own template is stored as the plan file's ``own_library.templates[]`` object, mapped by
``careplan.planfile`` (one mapping for the database and the files it travels in), with a version:
replacing or deleting one from a stale copy is a ``TemplateConflict``, never a silent overwrite.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, ClassVar

from pydantic import ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from careplan.core.enums import Category
from careplan.core.library import OWN_PREFIX, Library, LibraryGoal, LibraryIntervention, Template
from careplan.core.limits import MAX_GOALS, MAX_ITEMS
from careplan.core.model import Patient, Plan, PlanRecord, Therapist
from careplan.core.templates import (
    apply_template,
    copy_for_another_patient,
    name_key,
    personal_details_in,
    template_from_plan,
)
from careplan.planfile.convert import own_template_dict
from careplan.planfile.errors import problems_from_validation
from careplan.planfile.schema import OwnTemplateModel
from careplan.services.errors import (
    NotFoundError,
    UserError,
    _by_whom,  # the conflicts' one wording of who and when
)
from careplan.services.library import new_own_code, one_line, template_from_content
from careplan.services.plans import create_plan, load_patient, load_plan, own_entries_used
from careplan.storage.models import OwnTemplateRow, utcnow


class TemplateConflict(UserError):
    """Another desktop changed or deleted this own template after it was read here."""

    title: ClassVar[str] = "Template not saved"
    #: What the message advises (a subclass for a rename or a delete says its own).
    advice: ClassVar[str] = "Nothing was saved: look at the template again, then save under a new name or replace it."

    def __init__(self, title: str, saved_by: str | None = None, saved_at: dt.datetime | None = None) -> None:
        self.saved_by = saved_by
        self.saved_at = saved_at
        changed = "changed" if saved_by or saved_at else "changed or deleted"
        super().__init__(
            f"Your template {one_line(title)!r} was {changed} on another computer{_by_whom(saved_by, saved_at)} "
            f"after you opened it. {self.advice}"
        )


class TemplateChangeConflict(TemplateConflict):
    """A rename or delete from a stale list: the template changed (or went) on another desktop meanwhile."""

    title: ClassVar[str] = "Template not changed"
    advice: ClassVar[str] = (
        "Nothing was changed: look at your templates again (they now show the other change), then try again."
    )


# --- reading ---------------------------------------------------------------------------------------


def _template_row(session: Session, code: str) -> OwnTemplateRow | None:
    return session.scalar(select(OwnTemplateRow).where(OwnTemplateRow.code == code))


def _own_row(session: Session, code: str) -> OwnTemplateRow:
    """The stored own template ``code``, for a rename or a delete; UserError when ``code`` is a starter
    template's (they come with Careplan: changing one would change every therapist's) or unknown."""
    if not code.startswith(OWN_PREFIX):
        raise UserError(
            f"{one_line(code)!r} is not one of your own templates: starter templates come with Careplan and "
            "cannot be renamed or deleted. Nothing was changed."
        )
    row = _template_row(session, code)
    if row is None:
        raise NotFoundError(f"There is no template of your own with the code {one_line(code)!r}. Nothing was changed.")
    return row


def _refuse_name_clash(session: Session, title: str, category: Category, code: str | None = None) -> None:
    """UserError when another own template of ``category`` (not ``code``) is already called ``title``:
    two entries with one name in the New plan list cannot be told apart."""
    others = session.execute(
        select(OwnTemplateRow.code, OwnTemplateRow.title).where(OwnTemplateRow.category == category.value)
    )
    same = next((name for other, name in others if other != code and name_key(name) == name_key(title)), None)
    if same is not None:
        raise UserError(
            f"You already have a {category.label} template called {one_line(same)!r}. "
            "Choose another name (or replace that template). Nothing was changed."
        )


# --- saving -----------------------------------------------------------------------------------------


def _checked_content(template: Template) -> dict[str, Any]:
    """The template as stored; UserError naming the field when it holds what a plan file may not (it
    travels in plan files, so it keeps their rules: the text rule, the lengths, the limits)."""
    content = own_template_dict(template)
    try:
        OwnTemplateModel.model_validate(content)
    except ValidationError as exc:
        problems = problems_from_validation(exc)
        raise UserError(
            f"The template {one_line(template.title)!r} was not saved: " + "; ".join(problems[:3]) + "."
        ) from None
    return content


def save_own_template(session: Session, template: Template, author: str | None = None) -> Template:
    """Store ``template`` as a new own template (a fresh ``own.`` code made from its title); version 1."""
    title = " ".join(template.title.split())
    if not title:
        raise UserError("A template needs a name. Nothing was saved.")
    _refuse_name_clash(session, title, template.category)
    code = new_own_code(session, "template " + title, OwnTemplateRow)
    template = dataclasses.replace(template, code=code, title=title, version=1)
    content = _checked_content(template)
    now = utcnow()
    session.add(
        OwnTemplateRow(
            code=code,
            category=template.category.value,
            title=title,
            content=content,
            created_at=now,
            updated_at=now,
            author=author,
            version=1,
        )
    )
    session.flush()
    return template


def replace_own_template(
    session: Session, code: str, template: Template, expected_version: int, author: str | None = None
) -> Template:
    """Put ``template`` in place of the own template ``code`` read at ``expected_version``: one UPDATE
    that matches that version; TemplateConflict (nothing written) when another desktop got there first."""
    row = _template_row(session, code)
    if row is None:
        raise TemplateConflict(template.title)
    template = dataclasses.replace(template, code=code, title=" ".join(template.title.split()) or row.title)
    _refuse_name_clash(session, template.title, template.category, code)
    content = _checked_content(template)
    changed = session.execute(
        update(OwnTemplateRow)
        .where(OwnTemplateRow.code == code, OwnTemplateRow.version == expected_version)
        .values(
            category=template.category.value,
            title=template.title,
            content=content,
            updated_at=utcnow(),
            author=author,
            version=OwnTemplateRow.version + 1,
        )
        .returning(OwnTemplateRow.version)
        .execution_options(synchronize_session=False)
    ).first()
    if changed is None:
        raise TemplateConflict(row.title, row.author, row.updated_at)
    return dataclasses.replace(template, version=changed.version)


def rename_own_template(
    session: Session, code: str, title: str, expected_version: int | None, author: str | None = None
) -> Template:
    """Give the own template ``code`` (read at ``expected_version``; None: as it is now) a new name; its
    code stays, so plans started from it still name it.  A name another of the category's own
    templates has is refused; a stale version is a TemplateConflict; nothing is written either way."""
    row = _own_row(session, code)
    title = " ".join(title.split())
    if not title:
        raise UserError("A template needs a name. Nothing was changed.")
    if expected_version is not None and row.version != expected_version:
        raise TemplateChangeConflict(row.title, row.author, row.updated_at)
    template = template_from_content(row.content, row.version)
    _refuse_name_clash(session, title, template.category, code)
    try:
        return replace_own_template(session, code, dataclasses.replace(template, title=title), row.version, author)
    except TemplateConflict as exc:  # changed between the read above and the write: the UPDATE matched nothing
        raise TemplateChangeConflict(row.title, exc.saved_by, exc.saved_at) from None


def delete_own_template(session: Session, code: str, expected_version: int | None) -> str:
    """Delete an own template read at ``expected_version`` (None: as it is now); plans started from it
    keep their items.  Returns the name it had (for the message that confirms it)."""
    row = _own_row(session, code)
    if expected_version is None:
        expected_version = row.version
    gone = session.execute(
        delete(OwnTemplateRow)
        .where(OwnTemplateRow.code == code, OwnTemplateRow.version == expected_version)
        .returning(OwnTemplateRow.id)
        .execution_options(synchronize_session=False)
    ).first()
    if gone is None:
        raise TemplateChangeConflict(row.title, row.author, row.updated_at)
    return row.title


def template_of_plan(
    plan: Plan, patient: Patient, library: Library, *, title: str, approach: str = "", code: str = ""
) -> Template:
    """``plan`` as one of the therapist's own templates; UserError (naming where) when its text names the
    patient: a template is shared between patients and plan files, so it holds no one's details."""
    template = template_from_plan(plan, library, code=code, title=" ".join(title.split()), approach=approach.strip())
    found = personal_details_in(template, patient)
    if found:
        shown = "; ".join(one_line(f) for f in found[:3]) + (f" (and {len(found) - 3} more)" if len(found) > 3 else "")
        raise UserError(
            f"The template was not saved: it would carry {patient.full_name}'s details ({shown}). "
            "A template holds no names; reword those items in the plan (or take the name out of the "
            "template's name or description), then save it again."
        )
    return template


def merge_carried_templates(session: Session, templates: tuple[Template, ...], author: str | None = None) -> None:
    """Add own templates that arrived inside a plan file, unless one with that code is here already
    (the therapist's own template is never overwritten by an imported file)."""
    if not templates:
        return
    have = set(session.scalars(select(OwnTemplateRow.code)))
    now = utcnow()
    for template in templates:
        if template.code in have:
            continue
        have.add(template.code)
        session.add(
            OwnTemplateRow(
                code=template.code,
                category=template.category.value,
                title=template.title,
                content=_checked_content(template),
                created_at=now,
                updated_at=now,
                author=author,
                version=1,
            )
        )
    session.flush()


def own_library_used(
    plan: Plan, library: Library
) -> tuple[list[LibraryIntervention], list[LibraryGoal], list[Template]]:
    """What of the therapist's own library a plan file of ``plan`` carries: the own entries it uses and
    the own template it was started from, with the own entries that template uses."""
    template = library.template(plan.template) if plan.template else None
    if template is None or not template.is_own:
        return (*own_entries_used(plan, library), [])
    both = plan.replace(interventions=plan.interventions + template.items, goals=plan.goals + template.plan_goals)
    return (*own_entries_used(both, library), [template])


# --- new plans --------------------------------------------------------------------------------------


def plan_from_template(
    library: Library,
    code: str,
    *,
    therapist: Therapist,
    today: dt.date,
    category: Category | None = None,
    title: str | None = None,
) -> Plan:
    """A new plan started from the starter or own template ``code`` (UserError for an unknown code or a
    template of another category than ``category``)."""
    template = library.template(code)
    if template is None:
        raise NotFoundError(
            f"There is no template with the code {code!r}. 'careplan catalog' lists the starter templates and your own."
        )
    if category is not None and template.category is not category:
        raise UserError(
            f"The template {code!r} is for {template.category.label}, not {category.label}. "
            f"'careplan catalog --category {category.value}' lists the templates for {category.label}."
        )
    blank = Plan(
        title=" ".join((title or "").split()), category=template.category, therapist=therapist, start_date=today
    )
    plan = apply_template(blank, library, template)
    if len(plan.interventions) > MAX_ITEMS or len(plan.goals) > MAX_GOALS:
        raise UserError(f"The template {code!r} holds more than a plan can; nothing was created.")
    return plan


def new_plan_from_template(
    session: Session,
    patient_id: int,
    plan: Plan,
    library: Library,
    author: str | None = None,
) -> PlanRecord:
    """Store ``plan`` (from ``plan_from_template``) as a new plan of the stored patient ``patient_id``."""
    patient = load_patient(session, patient_id)
    return create_plan(session, PlanRecord(plan, patient), author, library, note="started from a template")


# --- copying a plan to another patient --------------------------------------------------------------


def copy_of_plan(
    session: Session, plan_id: int, to_patient_id: int, *, therapist: Therapist, today: dt.date
) -> tuple[PlanRecord, PlanRecord]:
    """The plan ``plan_id`` as read (for the activity log), and a new, unsaved plan for the patient
    ``to_patient_id`` made from it: its items, goals and programme, none of the first patient's
    details (``core.templates.copy_for_another_patient``)."""
    source = load_plan(session, plan_id)
    patient = load_patient(session, to_patient_id)
    if source.patient.id == patient.id:
        raise UserError(
            f"Plan {plan_id} is already {patient.full_name}'s. To copy a plan to the same person, "
            "open it and save it as a copy."
        )
    return source, PlanRecord(copy_for_another_patient(source.plan, today, therapist), patient)


def store_copy(
    session: Session, copy: PlanRecord, plan_id: int, library: Library | None = None, author: str | None = None
) -> PlanRecord:
    """Store a copy made by ``copy_of_plan`` as the new plan's first revision."""
    return create_plan(session, copy, author, library, note=f"copied from plan {plan_id}")

"""The dystonia action plan, personalised: the library's green / amber / red wording with the
numbers of this person's family and team.

A plan "has" an action plan when it holds the library entry ``ACTION_PLAN_CODE``; the
handouts then print ``personal_action_plan`` as its own page.  Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplan.core.library import ActionPlanText
from careplan.core.model import ClinicDetails, Patient, Plan

#: Library code of the action plan item.
ACTION_PLAN_CODE = "advice.dystonia_action_plan"

#: Printed in place of a number that is not on file, so the gap is seen, never hidden.
NO_NUMBER = "no number on file: ask your therapist to add one"


@dataclass(frozen=True, slots=True)
class Call:
    """One line of "who to call": who, and their number (or ``NO_NUMBER``)."""

    who: str
    number: str

    @property
    def missing(self) -> bool:
        return self.number == NO_NUMBER


@dataclass(frozen=True, slots=True)
class PersonalLevel:
    colour: str
    heading: str
    signs: tuple[str, ...]
    actions: tuple[str, ...]
    calls: tuple[Call, ...]


@dataclass(frozen=True, slots=True)
class PersonalActionPlan:
    title: str
    intro: str
    levels: tuple[PersonalLevel, ...]
    triggers: tuple[str, ...]

    def missing_numbers(self) -> tuple[str, ...]:
        """Who the plan tells the reader to call but has no number for."""
        seen: dict[str, None] = {}
        for level in self.levels:
            for call in level.calls:
                if call.missing:
                    seen.setdefault(call.who)
        return tuple(seen)


def has_action_plan(plan: Plan) -> bool:
    return any(item.catalog_code == ACTION_PLAN_CODE for item in plan.interventions)


def personal_action_plan(
    text: ActionPlanText,
    plan: Plan,
    patient: Patient,
    clinic: ClinicDetails | None = None,
    *,
    for_family: bool = False,
) -> PersonalActionPlan:
    """The action plan with the numbers of this person's family, therapist and team.

    With ``for_family`` (the family's own copy) the family is not told to call itself: the
    calls go straight to the emergency number and the team.
    """
    clinic = clinic or ClinicDetails()
    skip = {"family"} if for_family else set()
    return PersonalActionPlan(
        title=text.title,
        intro=text.intro,
        triggers=text.triggers,
        levels=tuple(
            PersonalLevel(
                colour=level.colour,
                heading=level.heading,
                signs=level.signs,
                actions=tuple(_with_name(line, patient) for line in level.actions),
                calls=tuple(
                    call for role in level.call if role not in skip for call in _calls(role, plan, patient, clinic)
                ),
            )
            for level in text.levels
        ),
    )


def _with_name(line: str, patient: Patient) -> str:
    """``line`` with ``{name}`` as the person's first name: the reader is told what to do for
    Leo, not for "the person" (the library writes ``{name}`` where the name goes)."""
    return line.replace("{name}", patient.given_name.strip() or "the person")


def _calls(role: str, plan: Plan, patient: Patient, clinic: ClinicDetails) -> tuple[Call, ...]:
    if role == "emergency":
        return (Call("Emergency", clinic.emergency_number or "the emergency number"),)
    if role == "family":
        carers = tuple(
            Call(_named(c.name, c.relationship), (c.phone or "").strip())
            for c in patient.carers
            if (c.phone or "").strip()
        )
        return carers or (Call("Family", NO_NUMBER),)
    if role == "therapist":
        therapist = plan.therapist
        who = _named(therapist.name, "therapist") if therapist.name else "Therapist"
        number = (therapist.phone or "").strip() or (clinic.phone or "").strip()
        return (Call(who, number or NO_NUMBER),)
    if role == "team":
        team = tuple(Call(_named(c.name, c.role) if c.name else c.role, c.phone) for c in plan.contacts)
        return team or (Call("The team (neurology or community nursing)", NO_NUMBER),)
    if role == "clinic":
        return (Call(clinic.name or "The clinic", (clinic.phone or "").strip() or NO_NUMBER),)
    raise ValueError(f"unknown role to call: {role!r}")


def _named(name: str | None, role: str | None) -> str:
    if name and role:
        return f"{name} ({role})"
    return name or (role or "").capitalize()

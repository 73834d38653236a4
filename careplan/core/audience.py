"""Which parts of a plan each audience may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplan.core.enums import Audience, Kind, Setting
from careplan.core.model import Intervention, Patient, Plan

#: Audiences an item gets when neither the plan file nor the library says.  Splints and equipment are
#: used wherever the person is, so the work and daily life handout (an employer, a carer, a care home)
#: shows them too; it is offered for adults only, so a child's items carrying WORK print nowhere new.
KIND_DEFAULT_AUDIENCES: dict[Kind, frozenset[Audience]] = {
    Kind.EXERCISE: frozenset({Audience.FAMILY}),
    Kind.ORTHOSIS: frozenset({Audience.FAMILY, Audience.SCHOOL, Audience.WORK}),
    Kind.EQUIPMENT: frozenset({Audience.FAMILY, Audience.SCHOOL, Audience.WORK}),
    Kind.ADVICE: frozenset({Audience.FAMILY}),
    Kind.REFERRAL: frozenset({Audience.CLINICIAN}),
    Kind.EDUCATION: frozenset({Audience.FAMILY}),
}

_SETTING_AUDIENCE = {
    Setting.HOME: frozenset({Audience.FAMILY}),
    Setting.SCHOOL: frozenset({Audience.SCHOOL}),
    Setting.COMMUNITY: frozenset({Audience.FAMILY}),
}


def default_audiences(kind: Kind, setting: Setting | None = None) -> frozenset[Audience]:
    """The audiences of an item whose source names none."""
    if kind is Kind.ADVICE and setting is not None:
        return _SETTING_AUDIENCE[setting]
    return KIND_DEFAULT_AUDIENCES[kind]


def items_for(plan: Plan, audience: Audience) -> tuple[Intervention, ...]:
    """The plan's items a handout for ``audience`` shows, in plan order."""
    return tuple(item for item in plan.interventions if item.is_for(audience))


def shows_clinical_notes(audience: Audience) -> bool:
    """Confidential clinical notes reach the clinician summary only."""
    return audience is Audience.CLINICIAN


@dataclass(frozen=True, slots=True)
class HandoutPrivacy:
    """What the family handout shows besides the name.  It goes on the fridge, which is not
    private: by default neither the identifier nor the date of birth (the name is enough)."""

    show_identifier: bool = False
    show_date_of_birth: bool = False


#: The default: the family handout shows the name only.
NAME_ONLY = HandoutPrivacy()


#: Handouts read outside the family (a school, an employer or carer): never the identifier or date of birth.
_NAME_ONLY_AUDIENCES = frozenset({Audience.SCHOOL, Audience.WORK})


def shows_identifier(audience: Audience, privacy: HandoutPrivacy = NAME_ONLY) -> bool:
    """The clinician summary always shows the identifier, the school and work handouts never; the
    family handout only when the privacy setting allows it."""
    if audience is Audience.CLINICIAN:
        return True
    return audience not in _NAME_ONLY_AUDIENCES and privacy.show_identifier


def shows_date_of_birth(audience: Audience, privacy: HandoutPrivacy = NAME_ONLY) -> bool:
    """The clinician summary always shows the date of birth; the family handout only when the
    privacy setting allows it (the school and work handouts never print it)."""
    if audience is Audience.CLINICIAN:
        return True
    return audience not in _NAME_ONLY_AUDIENCES and privacy.show_date_of_birth


#: The school handout fits anyone under this age (children and young people in education, up to 18),
#: and anyone older who has a school or college contact on file.
SCHOOL_AGE_LIMIT = 19


def audience_misfit(patient: Patient, audience: Audience, on: dt.date | None = None) -> str | None:
    """Why a handout for ``audience`` does not fit ``patient`` (None: it fits).

    The one definition the desktop and the command line share.  A young person under 19 fits the
    school handout even with no school contact on file (a 17-year-old at college whose college is not
    yet recorded still needs one); an adult fits it only when a school or college contact is recorded.
    The work and daily life handout (for an employer, a carer or a care home) fits adults only
    (``ADULT_AGE``, the age from which the family handout says "you").
    """
    if audience is Audience.WORK:
        return _work_misfit(patient, on)
    if audience is not Audience.SCHOOL or patient.school is not None:
        return None
    age = patient.age_on(on)
    if age < SCHOOL_AGE_LIMIT:
        return None
    return (
        f"A school handout is for children and young people in education: this person is {age} "
        "and has no school or college contact on file. Add one to the person's details first, "
        "or choose the family handout."
    )


def _work_misfit(patient: Patient, on: dt.date | None) -> str | None:
    age = patient.age_on(on)
    if age >= ADULT_AGE:
        return None
    return f"A work and daily life handout is for adults: this person is {age}. Choose the family or school handout."


def fitting_audiences(patient: Patient, on: dt.date | None = None) -> tuple[Audience, ...]:
    """The handouts that fit ``patient`` on ``on`` (today by default), in the order the desktop offers them."""
    return tuple(a for a in Audience if audience_misfit(patient, a, on) is None)


#: From this age the family handout is written to the person ("you"); below it, to the parent or carer.
ADULT_AGE = 18


def writes_to_the_person(patient: Patient, on: dt.date | None = None) -> bool:
    """An adult manages their own plan: their family handout says "you", not their name."""
    return patient.age_on(on) >= ADULT_AGE

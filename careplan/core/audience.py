"""Which parts of a plan each audience may see."""

from __future__ import annotations

from careplan.core.enums import Audience, Kind, Setting
from careplan.core.model import Intervention, Plan

#: Audiences an item gets when neither the plan file nor the library says.
KIND_DEFAULT_AUDIENCES: dict[Kind, frozenset[Audience]] = {
    Kind.EXERCISE: frozenset({Audience.FAMILY}),
    Kind.ORTHOSIS: frozenset({Audience.FAMILY, Audience.SCHOOL}),
    Kind.EQUIPMENT: frozenset({Audience.FAMILY, Audience.SCHOOL}),
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


def shows_identifier(audience: Audience) -> bool:
    """The patient identifier never appears on the school handout."""
    return audience is not Audience.SCHOOL

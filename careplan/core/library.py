"""The clinical library as core types: entries a therapist picks from.

The shipped library is read from ``resources/catalog`` by ``careplan.catalog``;
a therapist's own entries come from the database.  Both end up as these types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from careplan.core.audience import default_audiences
from careplan.core.enums import (
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    Setting,
)
from careplan.core.model import Dosage, Intervention

#: Code prefix that marks a therapist's own entry (never used by the shipped library).
OWN_PREFIX = "own."


@dataclass(frozen=True, slots=True)
class Caution:
    """A warning that an item can aggravate dystonia in some people.

    It applies when the plan's category is in ``categories`` (empty: every
    category) and, for cervical dystonia, when the recorded form is in
    ``cervical_forms`` (empty: whatever the form, recorded or not).
    """

    text: str
    categories: frozenset[Category] = frozenset()
    cervical_forms: frozenset[CervicalForm] = frozenset()

    def applies(self, category: Category, cervical_form: CervicalForm | None) -> bool:
        if self.categories and category not in self.categories:
            return False
        if self.cervical_forms and category is Category.CERVICAL:
            return cervical_form in self.cervical_forms
        return True


@dataclass(frozen=True, slots=True)
class LibraryIntervention:
    code: str
    kind: Kind
    title: str
    instructions: str
    categories: frozenset[Category]
    source: str
    school_instructions: str | None = None
    clinician_note: str | None = None
    dosage: Dosage | None = None
    wear_schedule: str | None = None
    skin_checks: str | None = None
    setting: Setting | None = None
    status: EquipmentStatus | None = None
    referral_to: str | None = None
    referral_reason: str | None = None
    audiences: frozenset[Audience] = frozenset()
    regions: tuple[str, ...] = ()
    cautions: tuple[Caution, ...] = ()

    @property
    def is_own(self) -> bool:
        return self.code.startswith(OWN_PREFIX)

    def effective_audiences(self) -> frozenset[Audience]:
        return self.audiences or default_audiences(self.kind, self.setting)

    def suits(self, category: Category) -> bool:
        return category in self.categories

    def to_intervention(self) -> Intervention:
        """A plan item made from this entry, with the entry's defaults."""
        return Intervention(
            kind=self.kind,
            title=self.title,
            instructions=self.instructions,
            school_instructions=self.school_instructions,
            dosage=self.dosage,
            setting=self.setting,
            status=self.status,
            wear_schedule=self.wear_schedule,
            skin_checks=self.skin_checks,
            referral_to=self.referral_to,
            referral_reason=self.referral_reason,
            audiences=self.effective_audiences(),
            catalog_code=self.code,
            clinician_note=self.clinician_note,
        )


@dataclass(frozen=True, slots=True)
class LibraryGoal:
    """A measurable goal template; ``text`` has a ``___`` blank for the number or time."""

    code: str
    domain: GoalDomain
    text: str
    categories: frozenset[Category] = frozenset()
    source: str | None = None

    @property
    def is_own(self) -> bool:
        return self.code.startswith(OWN_PREFIX)

    def suits(self, category: Category) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True, slots=True)
class Template:
    """A starter plan for one category."""

    code: str
    category: Category
    title: str
    approach: str
    interventions: tuple[str, ...]
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    """Everything a therapist can pick from, looked up by code."""

    version: str
    interventions: tuple[LibraryIntervention, ...] = ()
    goals: tuple[LibraryGoal, ...] = ()
    templates: tuple[Template, ...] = ()
    _by_code: Mapping[str, LibraryIntervention] = field(init=False, repr=False, compare=False)
    _goals_by_code: Mapping[str, LibraryGoal] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {e.code: e for e in self.interventions})
        object.__setattr__(self, "_goals_by_code", {g.code: g for g in self.goals})

    def intervention(self, code: str) -> LibraryIntervention | None:
        return self._by_code.get(code)

    def goal(self, code: str) -> LibraryGoal | None:
        return self._goals_by_code.get(code)

    def template(self, code: str) -> Template | None:
        return next((t for t in self.templates if t.code == code), None)

    def templates_for(self, category: Category) -> tuple[Template, ...]:
        return tuple(t for t in self.templates if t.category is category)

    def for_category(self, category: Category) -> Library:
        """The part of the library that suits ``category``."""
        return Library(
            version=self.version,
            interventions=tuple(e for e in self.interventions if e.suits(category)),
            goals=tuple(g for g in self.goals if g.suits(category)),
            templates=self.templates_for(category),
        )

    def with_own(
        self,
        interventions: Iterable[LibraryIntervention] = (),
        goals: Iterable[LibraryGoal] = (),
    ) -> Library:
        """This library with a therapist's own entries listed beside the shipped ones."""
        return Library(
            version=self.version,
            interventions=self.interventions + tuple(interventions),
            goals=self.goals + tuple(goals),
            templates=self.templates,
        )

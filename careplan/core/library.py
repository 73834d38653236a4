"""The clinical library as core types: entries a therapist picks from.

The shipped library is read from ``resources/catalog`` by ``careplan.catalog``;
a therapist's own entries come from the database.  Both end up as these types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from careplan.core.audience import default_audiences
from careplan.core.enums import (
    AgeGroup,
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    Pattern,
    Setting,
    Side,
    SourceType,
    ToxinPhase,
)
from careplan.core.model import Dosage, Goal, Intervention, Programme
from careplan.core.scales import RomMovement, ScaleDefinition

#: Code prefix that marks a therapist's own entry (never used by the shipped library).
OWN_PREFIX = "own."

#: Placeholders a library text may hold, filled from the plan's pull side when an item is added.
SIDE_PLACEHOLDERS: dict[str, tuple[str, str]] = {
    # placeholder: (words when the side is known, formatted with the side; words when it is not)
    "away_side": ("to the {side}", "away from the side it pulls to"),
    "toward_side": ("to the {side}", "towards the side it pulls to"),
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def placeholders_in(text: str) -> set[str]:
    """The ``{name}`` placeholders in ``text``."""
    return set(_PLACEHOLDER.findall(text))


def fill_sides(text: str | None, pull_side: Side | None) -> str | None:
    """``text`` with ``{away_side}`` and ``{toward_side}`` in words for a pull to ``pull_side``."""
    if text is None or "{" not in text:
        return text
    opposite = {Side.LEFT: "right", Side.RIGHT: "left"}

    def words(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in SIDE_PLACEHOLDERS:
            return match.group(0)
        known, unknown = SIDE_PLACEHOLDERS[name]
        if pull_side not in opposite:
            return unknown
        side = opposite[pull_side] if name == "away_side" else pull_side.value
        return known.format(side=side)

    return _PLACEHOLDER.sub(words, text)


@dataclass(frozen=True, slots=True)
class Source:
    """A work the library cites: a paper, a guideline, a consensus or a named resource page."""

    key: str
    type: SourceType
    authors: str
    year: int | None
    title: str
    published_in: str
    doi: str | None = None
    url: str | None = None
    #: False when the details could not be confirmed (printed as "unchecked").
    checked: bool = True

    @property
    def short(self) -> str:
        """``Bleton 2010``, ``Allen et al. 2014`` or ``NICE 2017``."""
        first = self.authors.split(",")[0].strip()
        if " " in first and first.split()[-1].isupper() and len(first.split()[-1]) <= 3:
            first = first.rsplit(" ", 1)[0]  # "Bleton JP" -> "Bleton"
        more = " et al." if "," in self.authors else ""
        return f"{first}{more} {self.year or 'n.d.'}"

    @property
    def citation(self) -> str:
        """The full reference, as the clinician summary prints it."""
        parts = [f"{self.authors} ({self.year or 'n.d.'}). {self.title}. {self.published_in}."]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        if not self.checked:
            parts.append("(unchecked)")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Caution:
    """A warning that an item can aggravate dystonia in some people.

    ``text`` is for the clinician; ``family`` says the same in plain words for the family
    and school, printed beside the item.  The caution is in scope when the plan's category
    is in ``categories`` (empty: any) and the plan involves one of ``regions`` (empty: any;
    the category implies regions: cervical is the neck).  ``cervical_forms`` and ``patterns``
    narrow it to a form or a pattern of the dystonia; when the plan has not recorded the
    form or the pattern, the caution applies with a note to record it
    (``careplan.core.cautions`` decides).
    """

    text: str
    categories: frozenset[Category] = frozenset()
    cervical_forms: frozenset[CervicalForm] = frozenset()
    family: str | None = None
    regions: frozenset[str] = frozenset()
    patterns: frozenset[Pattern] = frozenset()


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
    #: The works cited (shipped entries); ``source`` is their short form, or an own entry's note.
    sources: tuple[Source, ...] = ()
    #: Patterns and neck forms the entry suits (empty: any).
    patterns: frozenset[Pattern] = frozenset()
    forms: frozenset[CervicalForm] = frozenset()
    #: Codes of the easier and harder step of an exercise.
    easier: str | None = None
    harder: str | None = None
    #: Phases of a botulinum toxin cycle the entry suits (empty: not tied to the cycle).
    toxin_phases: frozenset[ToxinPhase] = frozenset()
    #: Ages the entry suits (empty: any).
    ages: frozenset[AgeGroup] = frozenset()
    #: Advice whose main message is a body position: every such entry has a drawing, like an exercise.
    positioning: bool = False

    @property
    def is_own(self) -> bool:
        return self.code.startswith(OWN_PREFIX)

    def effective_audiences(self) -> frozenset[Audience]:
        return self.audiences or default_audiences(self.kind, self.setting)

    def suits(self, category: Category) -> bool:
        return category in self.categories

    def to_intervention(self, pull_side: Side | None = None) -> Intervention:
        """A plan item made from this entry, with the entry's defaults.

        Directions in the wording (``{away_side}``) are filled in for a pull to ``pull_side``,
        or in words that need no side when it is not recorded.
        """
        return Intervention(
            kind=self.kind,
            title=self.title,
            instructions=fill_sides(self.instructions, pull_side),
            school_instructions=fill_sides(self.school_instructions, pull_side),
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
    sources: tuple[Source, ...] = ()
    #: Goal Attainment Scaling levels -2, -1, 0, +1, +2 (level 0 is the goal itself).
    gas: tuple[str, ...] = ()
    ages: frozenset[AgeGroup] = frozenset()

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
    sources: tuple[Source, ...] = ()
    patterns: frozenset[Pattern] = frozenset()
    ages: frozenset[AgeGroup] = frozenset()
    gmfcs: frozenset[int] = frozenset()
    #: A therapist's own template (code ``own.…``, saved from a plan: ``careplan.core.templates``): its
    #: items and goals as the plan had them (dosage, wording) and the programme.  A starter template
    #: leaves these empty and names library codes in ``interventions`` and ``goals`` instead.
    items: tuple[Intervention, ...] = ()
    plan_goals: tuple[Goal, ...] = ()
    programme: Programme = field(default_factory=Programme)
    #: An own template's stored version (optimistic lock: a stale change is a conflict); None otherwise.
    version: int | None = None

    @property
    def is_own(self) -> bool:
        return self.code.startswith(OWN_PREFIX)


@dataclass(frozen=True, slots=True)
class ActionLevel:
    """One level of the dystonia action plan: what it looks like, what to do, whom to call."""

    colour: str
    heading: str
    signs: tuple[str, ...]
    actions: tuple[str, ...]
    #: Who to call, in order: ``emergency``, ``family``, ``therapist``, ``team``, ``clinic``.
    call: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionPlanText:
    """The library's dystonia action plan, before it is personalised for a person."""

    title: str
    intro: str
    levels: tuple[ActionLevel, ...]
    triggers: tuple[str, ...]
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Library:
    """Everything a therapist can pick from, looked up by code."""

    version: str
    interventions: tuple[LibraryIntervention, ...] = ()
    goals: tuple[LibraryGoal, ...] = ()
    templates: tuple[Template, ...] = ()
    sources: tuple[Source, ...] = ()
    action_plan: ActionPlanText | None = None
    #: Scales an assessment can record, and joint movements whose range is measured (scales.toml).
    scales: tuple[ScaleDefinition, ...] = ()
    movements: tuple[RomMovement, ...] = ()
    _by_code: Mapping[str, LibraryIntervention] = field(init=False, repr=False, compare=False)
    _goals_by_code: Mapping[str, LibraryGoal] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {e.code: e for e in self.interventions})
        object.__setattr__(self, "_goals_by_code", {g.code: g for g in self.goals})

    def intervention(self, code: str) -> LibraryIntervention | None:
        return self._by_code.get(code)

    def goal(self, code: str) -> LibraryGoal | None:
        return self._goals_by_code.get(code)

    def scale(self, code: str) -> ScaleDefinition | None:
        return next((s for s in self.scales if s.code == code), None)

    def movement(self, code: str) -> RomMovement | None:
        return next((m for m in self.movements if m.code == code), None)

    def source(self, key: str) -> Source | None:
        return next((s for s in self.sources if s.key == key), None)

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
            sources=self.sources,
            action_plan=self.action_plan,
            scales=self.scales,
            movements=self.movements,
        )

    def with_own(
        self,
        interventions: Iterable[LibraryIntervention] = (),
        goals: Iterable[LibraryGoal] = (),
        templates: Iterable[Template] = (),
    ) -> Library:
        """This library with a therapist's own entries (and own templates) listed beside the shipped ones."""
        return Library(
            version=self.version,
            interventions=self.interventions + tuple(interventions),
            goals=self.goals + tuple(goals),
            templates=self.templates + tuple(templates),
            sources=self.sources,
            action_plan=self.action_plan,
            scales=self.scales,
            movements=self.movements,
        )

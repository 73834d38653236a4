"""The person's day: who does each shared item on which days, and which position each piece of
equipment or positioning advice puts them in (the 24-hour positioning chart).

Pure rules over plan snapshots; the school timetable and the day chart print what these say.
Nothing here invents a time: the plan has days a week and times a day, never clock times, so a
session's time is left for the family or school to write in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from careplan.core.enums import Audience, Kind
from careplan.core.model import Intervention, Plan


class Position(StrEnum):
    """The positions of a 24-hour postural management plan, in the order the chart lists them."""

    STANDING = "standing"
    SITTING = "sitting"
    LYING = "lying"
    SLEEPING = "sleeping"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: Library entries by the position they put the person in.  An entry of the therapist's own
#: library (or an item written for the plan) is placed by the words of its title instead.
_POSITION_BY_CODE: dict[str, Position] = {
    "equipment.prone_stander": Position.STANDING,
    "equipment.supine_stander": Position.STANDING,
    "equipment.upright_stander": Position.STANDING,
    "equipment.standing_wheelchair": Position.STANDING,
    "child.standing_hips_apart": Position.STANDING,
    "equipment.specialist_seating": Position.SITTING,
    "equipment.tilt_in_space": Position.SITTING,
    "equipment.classroom_chair": Position.SITTING,
    "equipment.floor_sitter": Position.SITTING,
    "equipment.adaptive_buggy": Position.SITTING,
    "equipment.manual_wheelchair": Position.SITTING,
    "equipment.powered_wheelchair": Position.SITTING,
    "equipment.high_back_chair": Position.SITTING,
    "equipment.side_lyer": Position.LYING,
    "child.side_lying_play": Position.LYING,
    "equipment.sleep_system": Position.SLEEPING,
    "child.sleep_system_safety": Position.SLEEPING,
    "home.lying_at_night": Position.SLEEPING,
}

#: Title words that place an item, checked in this order (sleep before lying: "lying at night").
_POSITION_WORDS: tuple[tuple[Position, tuple[str, ...]], ...] = (
    (Position.SLEEPING, ("sleep system", "sleeping", "at night", "night position")),
    (Position.STANDING, ("standing frame", "stander", "standing")),
    (Position.LYING, ("side-lyer", "side lyer", "side-lying", "side lying", "lying")),
    (Position.SITTING, ("seating", "seat", "chair", "wheelchair", "floor sitter", "buggy")),
)


def position_of(item: Intervention) -> Position | None:
    """The position ``item`` puts the person in, or None when it is not about a position."""
    if item.catalog_code in _POSITION_BY_CODE:
        return _POSITION_BY_CODE[item.catalog_code]
    if item.kind is not Kind.EQUIPMENT:
        # Exercises and advice are placed by their library code only: "sit to stand" is an
        # exercise, not time spent standing, and "a seat in assembly" is not seating equipment.
        return None
    if item.catalog_code and not item.catalog_code.startswith("own."):
        return None  # a library entry not listed above is not about a position
    title = " ".join(item.title.lower().split())
    for position, words in _POSITION_WORDS:
        if any(word in title for word in words):
            return position
    return None


def does_at_school(item: Intervention) -> bool:
    """The school does it on some days (it is addressed to the school, and not all left to home)."""
    return Audience.SCHOOL in item.audiences and item.school_days != 0


def does_at_home(item: Intervention) -> bool:
    """The family does it on some days."""
    if Audience.FAMILY not in item.audiences:
        return False
    return item.home_days is None or item.home_days > 0


def _count(n: int) -> str:
    return "one day" if n == 1 else f"{n} days"


def _days(n: int) -> str:
    return f"{_count(n)} a week"


def who_words(item: Intervention) -> str:
    """Who does ``item`` and on which days, for a shared item: "School on 3 days a week, home on
    the other 4", or a request to agree it when the plan does not say."""
    days = item.days_a_week
    if item.school_days is None:
        return (
            f"Home and school: agree who does this on which days, so it is done {_days(days)}, not twice."
            if days < 7
            else "Home and school: agree who does this on which days, so it is done every day, not twice."
        )
    home = item.home_days or 0
    if item.school_days == 0:
        return f"Home does this ({_days(days)}); not at school."
    if home == 0:
        return f"School does this ({_days(item.school_days)}); not at home."
    return f"School on {_days(item.school_days)}; home on the other {_count(home)}."


def who_short(item: Intervention) -> str:
    """The "Who" cell of the school timetable: School, Home, or both with the days."""
    if not item.is_shared:
        return "School" if Audience.SCHOOL in item.audiences else "Home"
    if item.school_days is None:
        return "Home and school: agree days"
    home = item.home_days or 0
    if item.school_days == 0:
        return "Home"
    if home == 0:
        return f"School ({_days(item.school_days)})"
    return f"School {_count(item.school_days)}, home {_count(home)}"


@dataclass(frozen=True, slots=True)
class PositionedItem:
    """An item of the day chart: its index in the plan, the item and its position."""

    index: int
    item: Intervention
    position: Position


def positioned_items(plan: Plan) -> list[PositionedItem]:
    """The plan's items that place the person (for the family or the school), in chart order,
    one row per position and piece of equipment.

    The chart is shared by home and school, so an item for either reader is on it; a
    clinician-only item never is."""
    found = [
        PositionedItem(index, item, position)
        for index, item in enumerate(plan.interventions)
        if (item.audiences & {Audience.FAMILY, Audience.SCHOOL}) and (position := position_of(item)) is not None
    ]
    # Advice about a position the equipment already shows ("using the sleep system safely" beside
    # the sleep system) would be the same row twice: the equipment's row stands for both.
    with_equipment = {p.position for p in found if p.item.kind is Kind.EQUIPMENT}
    found = [p for p in found if p.item.kind is Kind.EQUIPMENT or p.position not in with_equipment]
    order = list(Position)
    return sorted(found, key=lambda p: (order.index(p.position), p.index))


def has_positioning_equipment(plan: Plan) -> bool:
    """The day chart prints for a person with equipment that places them (a frame, a seat, a sleep system)."""
    return any(p.item.kind is Kind.EQUIPMENT for p in positioned_items(plan))

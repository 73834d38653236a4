"""The 24-hour positioning chart: a day strip from morning to night, a row for each piece of
equipment or positioning advice, grouped by position (standing, sitting, lying, sleeping).

Printed on the school handout and on the family handout of a child with equipment, so home and
school read the same day.  Built only from the plan: which part of the day an item can happen in
follows from who does it (home, school) and its position (sleeping is at night); the plan holds
no clock times, so each shaded box is a line for the family or school to write the time on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, KeepTogether

from careplan.core.audience import writes_to_the_person
from careplan.core.day_plan import (
    Position,
    PositionedItem,
    does_at_home,
    does_at_school,
    has_positioning_equipment,
    positioned_items,
)
from careplan.core.enums import Audience
from careplan.export import fonts
from careplan.export.text import markup

if TYPE_CHECKING:
    from careplan.export.renderer import HandoutRenderer

#: The day strip's columns, from morning to night.
MORNING, SCHOOL, AFTER_SCHOOL, EVENING, NIGHT = "Morning", "School day", "After school", "Evening", "Night"
PARTS = (MORNING, SCHOOL, AFTER_SCHOOL, EVENING, NIGHT)
HOME_PARTS = (MORNING, AFTER_SCHOOL, EVENING)

#: Points either side of a day-part box's text (narrow, so five parts of the day fit beside the names).
CELL_PADDING = 2

#: What a shaded box holds: a line to write the time on.
TIME_LINE = "at ______"


def parts_of_day(entry: PositionedItem) -> tuple[str, ...]:
    """The parts of the day ``entry`` can happen in, from the plan alone: sleeping at night; the
    rest in the school day when the school does it, and at home times when the family does it."""
    if entry.position is Position.SLEEPING:
        return (NIGHT,)
    parts: list[str] = []
    if does_at_home(entry.item):
        parts += [MORNING, AFTER_SCHOOL, EVENING]
    if does_at_school(entry.item):
        parts.append(SCHOOL)
    return tuple(p for p in PARTS if p in parts)


def column_fraction(handout: HandoutRenderer, headings: tuple[str, ...], least: float, padding: float) -> float:
    """The share of the text width a column needs so no word of its headings breaks ("Mornin / g"
    in large print), with ``padding`` points either side, and at least ``least``."""
    size = handout.sizes.table
    widest = max(fonts.string_width(word, fonts.BOLD, size) for text in headings for word in text.split())
    return max(least, (widest + 2 * padding + 2) / handout.width)


def row_name(handout: HandoutRenderer, entry: PositionedItem) -> str:
    """The equipment or advice a row stands for (its dose is said once, with the item).  An item
    addressed to the other reader is not named, only where it happens: each handout shows only
    its own items, and the strip still shows the whole day and night."""
    if entry.item.is_for(handout.audience):
        return markup(entry.item.title)
    return (
        "At home (in the family's plan)"
        if Audience.FAMILY in entry.item.audiences
        else "At school (in the school's plan)"
    )


def shows_chart(handout: HandoutRenderer) -> bool:
    """The chart is for a child (the family handout is written to the parent or carer) who has
    equipment that places them."""
    child = not writes_to_the_person(handout.patient, handout.generated_on)
    return child and has_positioning_equipment(handout.plan)


def positioning_chart(handout: HandoutRenderer) -> list[Flowable]:
    """The chart's heading, how to read it and the strip, kept on one page; nothing for a person
    without positioning equipment."""
    if not shows_chart(handout):
        return []
    entries = positioned_items(handout.plan)
    name = markup(handout.given_name)
    head: list[Any] = [handout.raw("Position and equipment", "cell_head")]
    head += [handout.raw(part, "cell_head_center") for part in PARTS]
    rows: list[list[Any]] = [head]
    shade: list[tuple[Any, ...]] = []
    previous: Position | None = None
    group_starts: list[int] = []
    for entry in entries:
        if entry.position is not previous:
            group_starts.append(len(rows))
        previous = entry.position
        row: list[Any] = [handout.raw(f"<b>{entry.position.label}</b><br/>{row_name(handout, entry)}", "cell")]
        when = parts_of_day(entry)
        for column, part in enumerate(PARTS, start=1):
            if part in when:
                row.append(handout.raw(TIME_LINE, "cell_center"))
                shade.append(("BACKGROUND", (column, len(rows)), (column, len(rows)), handout.palette.tint_strong))
            else:
                row.append("")
        rows.append(row)
    extra: list[tuple[Any, ...]] = [
        ("VALIGN", (1, 1), (-1, -1), "MIDDLE"),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, handout.palette.grid),
        ("LEFTPADDING", (1, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (1, 0), (-1, -1), CELL_PADDING),
        *shade,
        *(("LINEABOVE", (0, n), (-1, n), 1.2, handout.palette.rule) for n in group_starts[1:]),
    ]
    share = column_fraction(handout, PARTS, 0.13, padding=CELL_PADDING)
    table = handout.table(rows, [1 - share * len(PARTS)] + [share] * len(PARTS), zebra=False, extra=extra)
    intro = (
        f"How {name} is positioned through the day and night, at home and at school. "
        "A shaded box is a time of day the plan uses this position; write in the time you do it."
    )
    return [
        KeepTogether(
            [
                handout.heading(f"{handout.given_name}'s day and night: positions and equipment"),
                handout.raw(intro),
                table,
            ]
        )
    ]


__all__ = ["PARTS", "parts_of_day", "positioning_chart", "shows_chart"]

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

from careplan.core.audience import audience_misfit
from careplan.core.day_plan import (
    Position,
    PositionedItem,
    does_at_home,
    does_at_school,
    has_positioning_equipment,
    positioned_items,
)
from careplan.core.enums import Audience
from careplan.core.wording import dosage_sentence
from careplan.export.text import markup

if TYPE_CHECKING:
    from careplan.export.renderer import HandoutRenderer

#: The day strip's columns, from morning to night.
MORNING, SCHOOL, AFTER_SCHOOL, EVENING, NIGHT = "Morning", "School day", "After school", "Evening", "Night"
PARTS = (MORNING, SCHOOL, AFTER_SCHOOL, EVENING, NIGHT)
HOME_PARTS = (MORNING, AFTER_SCHOOL, EVENING)

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


def shows_chart(handout: HandoutRenderer) -> bool:
    """The chart is for a child or young person in education who has equipment that places them."""
    fits_school = audience_misfit(handout.patient, Audience.SCHOOL, handout.generated_on) is None
    return fits_school and has_positioning_equipment(handout.plan)


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
        label = f"<b>{entry.position.label}</b><br/>{markup(entry.item.title)}"
        dose = dosage_sentence(entry.item.dosage)
        if dose:
            label += f"<br/><font size={handout.sizes.small:.1f}>{markup(dose)}</font>"
        row: list[Any] = [handout.raw(label, "cell")]
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
        ("LEFTPADDING", (1, 0), (-1, -1), 2),
        ("RIGHTPADDING", (1, 0), (-1, -1), 2),
        *shade,
        *(("LINEABOVE", (0, n), (-1, n), 1.2, handout.palette.rule) for n in group_starts[1:]),
    ]
    table = handout.table(rows, [0.3] + [0.14] * len(PARTS), zebra=False, extra=extra)
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

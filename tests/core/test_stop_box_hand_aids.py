"""A pen grip is not a seat: hand aids bring no seating, skin or wheelchair lines to the stop box."""

from __future__ import annotations

from careplan.catalog import load_library
from careplan.core.enums import Audience, Category, Kind
from careplan.core.model import Intervention, Plan
from careplan.core.stop_box import EQUIPMENT, HAND_AIDS, stop_box

EVERYONE = frozenset({Audience.FAMILY, Audience.SCHOOL, Audience.WORK})


def equipment(code: str | None, title: str) -> Intervention:
    return Intervention(kind=Kind.EQUIPMENT, title=title, instructions="Use it.", audiences=EVERYONE, catalog_code=code)


def lines(*items: Intervention, audience: Audience = Audience.FAMILY) -> tuple[tuple[str, ...], str]:
    box = stop_box(
        Plan(title="Plan", category=Category.HAND, interventions=items), audience, name="Tom", emergency_number="999"
    )
    return box.groups, " ".join(box.lines)


def test_hand_aids_are_the_library_equipment_for_the_hand_alone() -> None:
    """The set follows the library: every equipment entry whose regions are the hand only, and no other."""
    library = load_library()
    hand_only = {e.code for e in library.interventions if e.kind is Kind.EQUIPMENT and set(e.regions) == {"hand"}}
    assert hand_only == HAND_AIDS


def test_writing_aids_alone_bring_no_equipment_lines_for_any_reader() -> None:
    for audience in (Audience.FAMILY, Audience.SCHOOL, Audience.WORK, Audience.CLINICIAN):
        groups, text = lines(equipment("equipment.writing_aids", "Writing aids"), audience=audience)
        assert EQUIPMENT not in groups, audience
        assert "wheelchair" not in text and "standing frame" not in text and "heels" not in text


def test_a_seat_beside_a_hand_aid_still_brings_them() -> None:
    groups, text = lines(
        equipment("equipment.writing_aids", "Writing aids"), equipment("equipment.manual_wheelchair", "Wheelchair")
    )
    assert EQUIPMENT in groups and "wheelchair" in text


def test_equipment_written_for_the_plan_keeps_them() -> None:
    """Unknown equipment (no library code) may be a seat: the lines stay (safety first)."""
    groups, _text = lines(equipment(None, "Home-made pen grip"))
    assert EQUIPMENT in groups

"""careplan.export.figures: which side an item's drawing shows, so that picture and words agree.

(The family handout does not place the drawings yet: see the notes; these tests hold the side rule.)"""

from __future__ import annotations

import dataclasses

import pytest

from careplan.catalog import load_library
from careplan.core.enums import Side
from careplan.export.figures import figure_side, item_drawing, shipped_figures

ORANGE = (0xC2, 0x41, 0x0C)


@pytest.mark.parametrize("pull", [Side.LEFT, Side.RIGHT])
def test_every_sided_drawing_shows_the_side_its_words_name(pull: Side) -> None:
    library = load_library()
    away = "right" if pull is Side.LEFT else "left"
    checked = 0
    for code, fig in shipped_figures().items():
        entry = library.intervention(code)
        assert entry is not None, code
        item = entry.to_intervention(pull)
        side = figure_side(fig, item, pull)
        if fig.moves_to == "none":
            assert side == "none"
            continue
        if "{away_side}" in (entry.instructions or ""):
            assert side == away, code
            assert f"to the {away}" in (item.instructions or ""), code
            checked += 1
        else:  # a drawing of one hand or limb follows the item's own side
            for own in (Side.LEFT, Side.RIGHT):
                assert figure_side(fig, dataclasses.replace(item, side=own), pull) == own.value, code
            checked += 1
    assert checked >= 3


def test_without_a_known_side_a_sided_drawing_is_left_out() -> None:
    library = load_library()
    entry = library.intervention("neck.rotate_away_supported")
    assert entry is not None
    item = entry.to_intervention(None)
    assert "away from the side it pulls to" in (item.instructions or "")
    assert item_drawing(item, None, 100) is None
    # A drawing with no side is always shown.
    nod = library.intervention("neck.chin_nod_sitting")
    assert nod is not None
    assert item_drawing(nod.to_intervention(None), None, 100) is not None

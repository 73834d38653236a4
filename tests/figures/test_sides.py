"""careplan.figures.sides: the one rule for which side a plan item's drawing shows (handouts and screen)."""

from __future__ import annotations

import dataclasses

import pytest

from careplan.core.enums import Kind, Side
from careplan.core.model import Intervention
from careplan.figures.sides import figure_side, shipped_figures, side_words

ITEM = Intervention(kind=Kind.EXERCISE, title="Turning the head", instructions="Turn away from the side it pulls to.")


@pytest.mark.parametrize(
    ("item_side", "pull_side", "shown"),
    [
        (Side.LEFT, Side.LEFT, "left"),  # the item's own side comes first
        (Side.RIGHT, None, "right"),
        (None, Side.RIGHT, "left"),  # else away from the pull, as the words "{away_side}" say
        (Side.BOTH, Side.LEFT, "none"),  # both sides: no one side to name, the drawing as drawn
        (Side.NONE, None, None),  # not known: the drawing is left out, not shown on a side nobody named
        (None, None, None),
    ],
)
def test_the_items_side_first_then_away_from_the_pull(
    item_side: Side | None, pull_side: Side | None, shown: str
) -> None:
    fig = shipped_figures()["neck.rotate_away_supported"]
    assert figure_side(fig, dataclasses.replace(ITEM, side=item_side), pull_side) == shown


def test_without_a_pull_words_that_name_no_side_go_with_the_drawing_as_drawn() -> None:
    fig = shipped_figures()["neck.rotate_away_supported"]
    turning = dataclasses.replace(ITEM, instructions="Turn your head away from the side it pulls to.")
    plain = dataclasses.replace(ITEM, instructions="Lie on your side on the mat.")
    assert figure_side(fig, turning, None) is None
    assert figure_side(fig, plain, None) == "none"


def test_a_drawing_without_a_side_is_shown_as_drawn() -> None:
    fig = shipped_figures()["neck.chin_nod_sitting"]
    assert fig.moves_to == "none"
    assert figure_side(fig, dataclasses.replace(ITEM, side=Side.LEFT), Side.RIGHT) == "none"


def test_the_side_in_words_says_what_the_picture_turns_to() -> None:
    rotate = shipped_figures()["neck.rotate_away_supported"]
    assert side_words(rotate, "left") == "turned to the person's left"
    assert side_words(shipped_figures()["hand.thumb_touches"], "right") == "for the right hand"


def test_the_handouts_use_the_same_rule() -> None:
    """One definition: careplan.export.figures draws with this very function."""
    from careplan.export import figures

    assert figures.figure_side is figure_side and figures.shipped_figures is shipped_figures

"""Which drawing a plan item shows, on which of the person's sides: one rule for handouts and screen.

The handouts (``careplan.export.figures``) and the desktop (the item editor's preview, the library's
thumbnails) both ask here, so a picture on screen turns the way the printed one does.
"""

from __future__ import annotations

from typing import Literal, Protocol

from careplan.core.enums import Side
from careplan.core.library import SIDE_PLACEHOLDERS
from careplan.core.model import Intervention
from careplan.figures.primitives import PersonSide
from careplan.figures.shipped import shipped_figures

__all__ = ["Sided", "figure_side", "shipped_figures", "side_words"]


class Sided(Protocol):
    """What the rule needs of a drawing: a shipped one (``ShippedFigure``) or a description (``Figure``)."""

    @property
    def moves_to(self) -> Literal["left", "right", "none"]: ...
    @property
    def follows(self) -> Literal["away_side", "toward_side", "item_side"]: ...
    @property
    def hand(self) -> object: ...


def figure_side(fig: Sided, item: Intervention, pull_side: Side | None) -> PersonSide | Literal["none"] | None:
    """The person's side a drawing of ``item`` must show, matching the words the family reads.

    The item's own side comes first (a hand, a leg); else a neck exercise moves away from the plan's
    pull, as its wording ``{away_side}`` says, or towards it when the drawing ``follows`` the entry's
    ``{toward_side}`` (a high shoulder on the side of the pull); a drawing that follows ``item_side``
    (one foot, one hand) has only the item's own side. ``"none"`` for a drawing with no side, for an
    item done on both sides, and for words that name no side (the drawing as drawn); None when the side
    is not known: then the drawing is left out rather than show one side the words do not name.
    """
    if fig.moves_to == "none" or item.side is Side.BOTH:
        return "none"  # both sides: no one side to name, the drawing as drawn
    if item.side in (Side.LEFT, Side.RIGHT):
        return "left" if item.side is Side.LEFT else "right"
    if fig.follows == "item_side":
        return None
    if pull_side in (Side.LEFT, Side.RIGHT):
        if fig.follows == "toward_side":
            return "left" if pull_side is Side.LEFT else "right"
        return "right" if pull_side is Side.LEFT else "left"
    # No pull recorded: left out only when the words turn with the pull ("away from the side it pulls to");
    # words that name no side (a child's side-lying play) go with the drawing as drawn.
    said = " ".join(text for text in (item.instructions, item.school_instructions) if text)
    if any(unknown in said for _known, unknown in SIDE_PLACEHOLDERS.values()):
        return None
    return "none"


def side_words(fig: Sided, side: PersonSide) -> str:
    """The side a drawing shows, in words for a screen reader or a tooltip: what the picture turns to.

    ``hand`` is a hand close-up's pose (None for any other) on a description, a flag on a shipped drawing."""
    if fig.hand:
        return f"for the {side} hand"
    return f"turned to the person's {side}"

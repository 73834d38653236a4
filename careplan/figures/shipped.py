"""The shipped drawings, checked and drawn ahead, kept ready in the cache folder.

Reading ``resources/figures`` (TOML and pydantic checks), importing the geometry that draws a figure
(pose, body, props, hands, feet, marks) and drawing every item's figure cost a ``careplan handout``
about a fifth of its time.  What a handout and the screen need of each shipped figure (its code,
description, the side it moves to and which words it follows, whether it is a hand) and its finished
drawing for every side it can be shown on are stored here as a pickle, under a key made of the
program version, the Python version and the size and modification time of every drawings file and
of the code that draws them.  Any change to those files changes the key, so the drawings are read,
checked and drawn again (and a broken file raises ``FigureError`` exactly as without the cache).

The cache only saves time: a cache file that is missing, unreadable, damaged, from another version
or not drawings is ignored and rebuilt; a folder that cannot be written is no error (the drawings
made this run are used).  The file is written atomically and owner-only in an owner-only folder (the
user's cache folder, ``AppPaths.cache``, named once at start in ``careplan.core.cache_folder``); it holds only
the shipped drawings, no patient data, and is unpickled only if this account owns it and no one else
can write it.

This module and what it unpickles (``careplan.figures.primitives``) are light: a warm run imports
neither pydantic nor tomllib nor the geometry modules.
"""

from __future__ import annotations

import functools
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from careplan import __version__
from careplan.core.cache_folder import cache_folder
from careplan.core.cached import file_stamps, read_cached, write_cached
from careplan.core.resources import resource_path
from careplan.figures.primitives import Drawing, PersonSide, Primitive, fit, mirror

if TYPE_CHECKING:
    from careplan.figures.library import Figure

CACHE_FILENAME = "figures.pickle"

#: The code whose output is cached: a change to any of it (in a development checkout, where the
#: version does not change) makes the cache stale just as a changed drawings file does.
_CODE = Path(__file__).resolve().parent

#: Every side a drawing can be shown on: as drawn, and turned to the person's left or right.
SIDES: tuple[Literal["none"] | PersonSide, ...] = ("none", "left", "right")


@dataclass(frozen=True, slots=True)
class ShippedFigure:
    """One shipped drawing, checked and drawn: what the rule for its side needs and its finished shapes.

    ``drawn`` holds the finished drawings (fitted to a square) by side, ``shapes`` the shapes before
    fitting by the side the words name, each pickled on its own: a handout unpickles only the few
    figures it prints."""

    code: str
    description: str
    moves_to: Literal["left", "right", "none"]
    follows: Literal["away_side", "toward_side", "item_side"]
    #: A hand close-up (its side is said "for the left hand").
    hand: bool
    drawn: bytes
    shapes: bytes

    def drawing(self, side: PersonSide | None = None, aspect: float = 1.0) -> Drawing:
        """The drawing for a person whose movement goes to ``side`` (None: as drawn), fitted to a box
        ``aspect`` wide to high; the same shapes ``careplan.figures.drawing.render`` makes."""
        if aspect == 1.0:
            drawings: dict[str, Drawing] = pickle.loads(self.drawn)
            return drawings[side or "none"]
        shapes: dict[str, tuple[Primitive, ...]] = pickle.loads(self.shapes)
        return finished(shapes[words_side(self.moves_to, side)], self.moves_to, side, aspect, self.description)


def words_side(moves_to: Literal["left", "right", "none"], side: PersonSide | None) -> PersonSide:
    """The side a drawing's labels name (``{side}``) for ``side`` (None: as drawn)."""
    return side or (moves_to if moves_to != "none" else "left")


def finished(
    shapes: Sequence[Primitive],
    moves_to: Literal["left", "right", "none"],
    side: PersonSide | None,
    aspect: float,
    description: str,
) -> Drawing:
    """A drawing's shapes (in body units, labels naming ``words_side``) fitted to a box ``aspect`` wide to
    high, and mirrored when the drawing moves to one side and is asked for the other."""
    drawing = Drawing(fit(shapes, aspect), aspect, description)
    return mirror(drawing) if moves_to != "none" and side is not None and side != moves_to else drawing


def drawn_ahead(fig: Figure) -> ShippedFigure:
    """``fig`` drawn for every side it can be shown on (sides that draw the same share one drawing)."""
    from careplan.figures.drawing import compose

    shapes: dict[str, tuple[Primitive, ...]] = {}
    for words in ("left", "right"):
        made = compose(fig, words)
        shapes[words] = next((s for s in shapes.values() if s == made), made)
    drawings: dict[str, Drawing] = {}
    for shown in SIDES:
        side = None if shown == "none" else shown
        drawing = finished(shapes[words_side(fig.moves_to, side)], fig.moves_to, side, 1.0, fig.description)
        drawings[shown] = next((d for d in drawings.values() if d == drawing), drawing)
    return ShippedFigure(
        fig.code,
        fig.description,
        fig.moves_to,
        fig.follows,
        fig.hand is not None,
        pickle.dumps(drawings, protocol=pickle.HIGHEST_PROTOCOL),
        pickle.dumps(shapes, protocol=pickle.HIGHEST_PROTOCOL),
    )


@functools.cache
def shipped_figures() -> dict[str, ShippedFigure]:
    """The drawings shipped in resources/figures, by code: read once a run, from the cache when it
    matches (a broken file raises FigureError)."""
    return load_shipped_figures(cache_folder())


def cache_key() -> tuple[Any, ...]:
    """What the cached drawings were made from: versions, and every drawings and code file's size and time."""
    return (__version__, sys.version, file_stamps(resource_path("figures"), "*.toml") + file_stamps(_CODE, "*.py"))


def load_shipped_figures(folder: Path | None) -> dict[str, ShippedFigure]:
    """The shipped drawings: from the cache in ``folder`` when it matches, else read, checked, drawn
    and cached (None: not cached)."""
    path = Path(folder) / CACHE_FILENAME if folder is not None else None
    try:
        key = cache_key()
    except OSError:  # a drawings file that cannot be looked at: let the loader say what is wrong
        key = None
    if key is not None and path is not None:
        cached = read_cached(path, key)
        if _drawings(cached):
            return cached  # type: ignore[return-value]
    from careplan.figures.library import load_figures

    figures = {code: drawn_ahead(fig) for code, fig in load_figures(resource_path("figures")).items()}
    if key is not None and path is not None:
        write_cached(path, key, figures)
    return figures


def _drawings(value: object) -> bool:
    """Whether a cached value is drawings by code (a file from an older layout is not)."""
    return isinstance(value, dict) and all(isinstance(fig, ShippedFigure) for fig in value.values())

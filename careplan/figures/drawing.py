"""A figure description turned into a finished drawing, on the side of the person it is for.

Descriptions are drawn as written (``moves_to`` says to which of the person's sides the movement
goes); asked for the other side, the drawing is mirrored and its labels' ``{side}`` words swapped.
"""

from __future__ import annotations

from dataclasses import replace

from careplan.figures.annotate import Mark, draw
from careplan.figures.body import (
    ADULT,
    BUILDS,
    LEG_W,
    THIGH,
    Build,
    Vec,
    View,
    face,
    face_points,
    figure,
    project,
    skeleton,
)
from careplan.figures.feet import foot_scene
from careplan.figures.hands import hand_scene
from careplan.figures.library import Figure
from careplan.figures.pose import Pose
from careplan.figures.primitives import Drawing, PersonSide, Primitive, moved
from careplan.figures.props import IN_FRONT, PROPS, Place
from careplan.figures.shipped import finished, words_side


def place_for(pose: Pose, view: View, origin: Vec = (0.0, 0.0, 0.0), build: Build = ADULT) -> Place:
    """Where the figure's joints land in ``view``, and the floor just under its lowest point (props stand on it)."""
    sk = skeleton(pose, origin, build)
    head_r = build.head_r
    joints = {name: project(view, p) for name, p in sk.joints.items()}
    # Between the eyes, on the face: where a sightline starts.
    head, forward = sk.joints["head"], tuple(row[2] for row in sk.head)
    joints["eyes"] = project(view, tuple(h + f * head_r * 0.95 for h, f in zip(head, forward, strict=True)))  # type: ignore[arg-type]
    floor = min(y for _, y in joints.values()) - LEG_W * 0.5
    # The mouth and the chin, on the face's front: marks for the jaw can go there on a whole figure too.
    up = tuple(row[1] for row in sk.head)
    for name, (u, f) in {"mouth": (-0.52, 0.82), "chin": (-0.85, 0.5)}.items():
        p = tuple(h + head_r * (u * a + f * b) for h, a, b in zip(head, up, forward, strict=True))
        joints[name] = project(view, p)  # type: ignore[arg-type]
    return Place(joints, floor, size=build.thigh / THIGH)


def _side_words(text: str, side: str) -> str:
    other = {"left": "right", "right": "left"}.get(side, side)
    return text.replace("{side}", side).replace("{other_side}", other)


def compose(fig: Figure, side: str) -> tuple[Primitive, ...]:
    """The drawing's shapes in body units, as written (movement towards ``fig.moves_to``)."""
    shapes: list[Primitive] = []
    front: list[Primitive] = []  # props worn or held: painted over the person
    if fig.hand is not None:
        hand_shapes, place = hand_scene(fig.hand)
        shapes += hand_shapes
    elif fig.foot is not None:
        foot_shapes, place = foot_scene(fig.foot)
        shapes += foot_shapes
    else:
        if fig.view == "face":
            place = Place(face_points(fig.pose), -0.8)
            for prop in fig.props:
                (front if prop.kind in IN_FRONT else shapes).extend(
                    moved(PROPS[prop.kind](fig.view, place), prop.dx, prop.dy)
                )
            shapes += face(fig.start, ghost=True) if fig.start is not None else ()
            shapes += face(fig.pose)
            shapes += front
        else:
            build = BUILDS[fig.proportions]
            place = place_for(fig.pose, fig.view, build=build)
            # The start is drawn where its anchor joint meets the end's (the feet of a sit to stand stay put).
            shift = _anchor_shift(fig)
            start = place_for(fig.start, fig.view, shift, build) if fig.start is not None else place
            if fig.anchor != "pelvis":  # both stand on one floor, under the lower of the two
                floor = min(place.floor, start.floor)
                place, start = replace(place, floor=floor), replace(start, floor=floor)
            # Props worn or held (IN_FRONT), and a prop's shapes marked "prop_front" (a water line), go over
            # the person; the rest behind.
            for prop in fig.props:
                layer = front if prop.kind in IN_FRONT else shapes
                for shape in moved(PROPS[prop.kind](fig.view, start if prop.start else place), prop.dx, prop.dy):
                    (front if shape.role == "prop_front" else layer).append(shape)
            if fig.start is not None:
                shapes += figure(fig.start, fig.view, origin=shift, ghost=True, compare=fig.pose, build=build)
            shapes += figure(fig.pose, fig.view, build=build) + tuple(front)
    for entry in fig.marks:
        x, y = place[entry.at]
        mark = Mark(
            entry.kind,
            (x + entry.dx, y + entry.dy),
            entry.angle,
            entry.length,
            entry.radius,
            entry.start,
            entry.end,
            _side_words(entry.text, side),
        )
        shapes += draw(mark)
    return tuple(shapes)


def _anchor_shift(fig: Figure) -> Vec:
    """How far the start pose's pelvis sits from the end's so that ``fig.anchor`` is the same joint in both."""
    if fig.start is None or fig.anchor == "pelvis":
        return (0.0, 0.0, 0.0)
    build = BUILDS[fig.proportions]
    end, start = skeleton(fig.pose, build=build).joints[fig.anchor], skeleton(fig.start, build=build).joints[fig.anchor]
    return end[0] - start[0], end[1] - start[1], end[2] - start[2]


def render(fig: Figure, side: PersonSide | None = None, aspect: float = 1.0) -> Drawing:
    """The drawing for a person whose movement goes to ``side`` (None: as written).

    A drawing that moves to one side, asked for the other, comes back mirrored: the figure, props and
    arrows reflected, the face turned the other way, labels still readable and their side words swapped.
    """
    return finished(compose(fig, words_side(fig.moves_to, side)), fig.moves_to, side, aspect, fig.description)

"""Read the drawings' descriptions (``resources/figures/*.toml``): plain data a clinic can edit.

Each ``[[figure]]`` names the library entry it illustrates (``code``), the ``view``, the ``pose``
(joint -> movement -> degrees; ``hip`` means both hips), an optional ``start`` pose (drawn grey and
dashed beneath where it differs), ``props`` and ``marks``, and ``moves_to``: the person's side the
drawn movement goes to, so the drawing can be turned to any person's side. Everything is checked
before anything is returned; a broken file raises ``FigureError`` naming the file, the entry and
the field, and nothing is loaded.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from careplan.figures.annotate import KINDS
from careplan.figures.body import VIEWS, Proportions, View, skeleton
from careplan.figures.errors import FigureError, FigureProblem
from careplan.figures.feet import FOOT_ANCHORS, FOOT_MOVES, FootPose
from careplan.figures.hands import HAND_ANCHORS, HAND_PROPS
from careplan.figures.pose import FINGER_RANGE, FINGERS, JOINTS, LIFT_RANGE, HandPose, Pose
from careplan.figures.props import FACE_PROPS, PROPS

Side = Literal["left", "right", "none"]
#: Which side a sided drawing turns to when the item has no side of its own: away from the plan's pull
#: (the words' ``{away_side}``), towards it (``{toward_side}``), or none (``item_side``: a foot, a hand).
Follows = Literal["away_side", "toward_side", "item_side"]
#: Joints written without a side mean both sides.
PAIRED = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
#: Where a mark may be placed: the figure's joints (and "hand" on a hand drawing).
ANCHORS = (
    "pelvis",
    "neck",
    "head",
    "eyes",
    "hand",
    "mouth",
    "chin",
    *(
        f"{j}_{s}"
        for j in ("shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "toe")
        for s in ("left", "right")
    ),
    *HAND_ANCHORS,
    *FOOT_ANCHORS,
)

#: The joints a start pose may be pinned to (``anchor``): the skeleton's own joints.
START_ANCHORS = tuple(skeleton(Pose()).joints)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PropEntry(_Strict):
    kind: str
    dx: float = Field(0.0, ge=-1, le=1)
    dy: float = Field(0.0, ge=-1, le=1)
    #: placed from the start position (a chair under the seated start of a sit to stand)
    start: bool = False


class MarkEntry(_Strict):
    kind: Literal["arrow", "arc", "hold", "label", "sightline"]
    at: str
    dx: float = Field(0.0, ge=-1, le=1)
    dy: float = Field(0.0, ge=-1, le=1)
    angle: float = Field(0.0, ge=-360, le=360)
    length: float = Field(0.15, gt=0, le=1)
    radius: float = Field(0.115, gt=0, le=1)
    start: float = Field(60.0, ge=-360, le=360)
    end: float = Field(120.0, ge=-360, le=360)
    text: str = Field("", max_length=24)


class HandStart(_Strict):
    """A hand's earlier position (drawn grey beneath): only what differs."""

    bend: dict[str, float] = {}
    lift: dict[str, float] = {}
    wrist: float | None = Field(None, ge=-60, le=60)


class HandEntry(_Strict):
    bend: dict[str, float] = {}
    spread: bool = False
    view: Literal["palm", "back", "side"] = "palm"
    lift: dict[str, float] = {}
    wrist: float = Field(0.0, ge=-60, le=60)
    grip: Literal["", "pen", "pen_between", "stick"] = ""
    turn: float = Field(0.0, ge=-180, le=180)
    pair: bool = False
    hidden: Literal["", "this", "other"] = ""
    start: HandStart | None = None
    props: list[PropEntry] = []

    def pose(self) -> HandPose:
        """The hand as drawn, with its start position (if any) as a second pose."""
        start = None
        if self.start is not None:
            start = HandPose(
                {**self.bend, **self.start.bend},
                self.spread,
                self.view,
                {**self.lift, **self.start.lift},
                self.wrist if self.start.wrist is None else self.start.wrist,
                self.grip,
            )
        props = tuple((p.kind, p.dx, p.dy) for p in self.props)
        return HandPose(
            self.bend,
            self.spread,
            self.view,
            self.lift,
            self.wrist,
            self.grip,
            self.turn,
            self.pair,
            self.hidden,
            start,
            props,
        )


class FootEntry(_Strict):
    """A foot close-up (``[figure.foot]``): heel, front of the foot and toes lifted, in degrees."""

    heel: float = Field(0.0, ge=FOOT_MOVES["heel"][0], le=FOOT_MOVES["heel"][1])
    front: float = Field(0.0, ge=FOOT_MOVES["front"][0], le=FOOT_MOVES["front"][1])
    toes: float = Field(0.0, ge=FOOT_MOVES["toes"][0], le=FOOT_MOVES["toes"][1])


class FigureEntry(_Strict):
    code: str = Field(min_length=1)
    description: str = Field(min_length=10)
    view: Literal["front", "side", "above", "face"] = "front"
    moves_to: Side = "none"
    follows: Follows = "away_side"
    pose: dict[str, dict[str, float]] = {}
    start: dict[str, dict[str, float]] = {}
    props: list[PropEntry] = []
    marks: list[MarkEntry] = []
    hand: HandEntry | None = None
    foot: FootEntry | None = None
    #: the joint that stays put between the start and the end (ankle_right for a sit to stand)
    anchor: str = "pelvis"
    #: whose body is drawn: an adult's, or a young child's (bigger head, shorter limbs and trunk)
    proportions: Proportions = "adult"


@dataclass(frozen=True, slots=True)
class Figure:
    """One checked drawing description."""

    code: str
    description: str
    view: View
    moves_to: Side
    pose: Pose
    start: Pose | None
    props: tuple[PropEntry, ...]
    marks: tuple[MarkEntry, ...]
    hand: HandPose | None
    source: str
    #: The placeholder of the entry's words the drawn side matches when it comes from the plan's pull.
    follows: Follows = "away_side"
    foot: FootPose | None = None
    anchor: str = "pelvis"
    proportions: Proportions = "adult"


def _expand(angles: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for joint, moves in angles.items():
        names = [f"{joint}_left", f"{joint}_right"] if joint in PAIRED else [joint]
        for name in names:
            out.setdefault(name, {}).update(moves)
    return out


def _angle_problems(angles: Mapping[str, Mapping[str, float]], where: str) -> Iterable[tuple[str, str]]:
    for joint, moves in angles.items():
        name = f"{joint}_left" if joint in PAIRED else joint
        if name not in JOINTS:
            yield f"{where}.{joint}", f"unknown joint {joint!r}; the joints are {', '.join(_joint_names())}"
            continue
        for move, value in moves.items():
            if move not in JOINTS[name]:
                yield f"{where}.{joint}.{move}", f"{joint} has no movement {move!r}; it has {', '.join(JOINTS[name])}"
                continue
            low, high = JOINTS[name][move]
            if not low <= value <= high:
                yield (
                    f"{where}.{joint}.{move}",
                    f"{value:g} degrees is out of range; it must be from {low:g} to {high:g}",
                )


def _joint_names() -> list[str]:
    """The joints as a clinic writes them: paired ones once (``hip``), each also with ``_left``/``_right``."""
    single = {j for j in JOINTS if not j.endswith(("_left", "_right"))}
    return sorted(single | {f"{p} (or {p}_left, {p}_right)" for p in PAIRED})


def entry_problems(entry: FigureEntry) -> list[tuple[str, str]]:
    """What is wrong in one entry beyond its shape: joints, angles, props, marks, fingers."""
    found = list(_angle_problems(entry.pose, "pose")) + list(_angle_problems(entry.start, "start"))
    if entry.foot is not None and entry.hand is not None:
        found.append(("foot", "a drawing is a hand or a foot close-up, not both"))
    if entry.follows != "away_side" and entry.moves_to == "none":
        found.append(("follows", "a drawing with no side cannot follow a side; set moves_to to the side drawn"))
    for i, prop in enumerate(entry.props, 1):
        if prop.kind not in PROPS:
            found.append((f"props[{i}].kind", f"unknown prop {prop.kind!r}; the props are {', '.join(sorted(PROPS))}"))
        elif (entry.view == "face") != (prop.kind in FACE_PROPS):
            where = "goes only on" if prop.kind in FACE_PROPS else "does not go on"
            found.append((f"props[{i}].kind", f'{prop.kind!r} {where} a face close-up (view = "face")'))
    for i, mark in enumerate(entry.marks, 1):
        if mark.at not in ANCHORS:
            found.append(
                (f"marks[{i}].at", f"unknown place {mark.at!r}; marks go at a joint such as head, neck, hand_left")
            )
        if mark.kind in ("label",) and not mark.text:
            found.append((f"marks[{i}].text", "a label needs its text"))
    if entry.proportions == "child" and (entry.hand or entry.foot or entry.view == "face"):
        found.append(
            ("proportions", "a hand, foot or face close-up is drawn alike for all ages; leave proportions out")
        )
    if entry.anchor not in START_ANCHORS:
        found.append(("anchor", f"unknown joint {entry.anchor!r}; the start is placed by a joint such as ankle_right"))
    if entry.hand is not None:
        found += _hand_problems(entry.hand)
        for finger, value in entry.hand.bend.items():
            if finger not in FINGERS:
                found.append(
                    (f"hand.bend.{finger}", f"unknown finger {finger!r}; the fingers are {', '.join(FINGERS)}")
                )
            elif not FINGER_RANGE[0] <= value <= FINGER_RANGE[1]:
                found.append((f"hand.bend.{finger}", f"{value:g} degrees is out of range; it must be from 0 to 90"))
    return found


def _hand_problems(hand: HandEntry) -> list[tuple[str, str]]:
    """A hand close-up's lifted fingers and props (the bent fingers are checked with the rest)."""
    found: list[tuple[str, str]] = []
    lifts = [("hand.lift", hand.lift)] + ([("hand.start.lift", hand.start.lift)] if hand.start else [])
    for where, lift in lifts:
        for finger, value in lift.items():
            if finger not in FINGERS:
                found.append((f"{where}.{finger}", f"unknown finger {finger!r}; the fingers are {', '.join(FINGERS)}"))
            elif not LIFT_RANGE[0] <= value <= LIFT_RANGE[1]:
                found.append((f"{where}.{finger}", f"{value:g} degrees is out of range; it must be from 0 to 60"))
    for i, prop in enumerate(hand.props, 1):
        if prop.kind not in HAND_PROPS:
            found.append(
                (
                    f"hand.props[{i}].kind",
                    f"unknown prop {prop.kind!r}; a hand's props are {', '.join(sorted(HAND_PROPS))}",
                )
            )
    if hand.pair and hand.view == "side":
        found.append(("hand.pair", "both hands are drawn from the palm or from above, not from the side"))
    return found


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


#: Pydantic's words replaced where a clinic would not follow them.
_MESSAGES = {
    "extra_forbidden": "is not a field a drawing has (check the spelling)",
    "missing": "is missing",
}


def _message(kind: str, message: str) -> str:
    return _MESSAGES.get(kind, message)


def _read(path: Path, problems: list[FigureProblem]) -> list[Figure]:
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(FigureProblem(name, f"could not be read ({exc.__class__.__name__})"))
        return []
    except tomllib.TOMLDecodeError as exc:
        problems.append(FigureProblem(name, f"is not valid TOML: {exc}"))
        return []
    unknown = set(data) - {"figure"}
    if unknown:
        problems.append(FigureProblem(name, f"unknown table {sorted(unknown)[0]!r}; this file holds [[figure]] tables"))
    out: list[Figure] = []
    for i, raw in enumerate(data.get("figure", []), 1):
        label = raw.get("code") if isinstance(raw, dict) and isinstance(raw.get("code"), str) else f"entry {i}"
        try:
            entry = FigureEntry.model_validate(raw)
        except ValidationError as exc:
            problems += [
                FigureProblem(name, _message(e["type"], e["msg"]), label, _loc(e["loc"])) for e in exc.errors()
            ]
            continue
        found = entry_problems(entry)
        problems += [FigureProblem(name, message, label, where) for where, message in found]
        if not found:
            out.append(from_entry(entry, name))
    return out


def from_entry(entry: FigureEntry, source: str) -> Figure:
    """A checked entry as a drawing description (paired joints such as ``hip`` given to both sides)."""
    pose = Pose(_expand(entry.pose))
    return Figure(
        code=entry.code,
        description=entry.description,
        view=entry.view,
        moves_to=entry.moves_to,
        pose=pose,
        start=pose.merged(_expand(entry.start)) if entry.start else None,
        props=tuple(entry.props),
        marks=tuple(entry.marks),
        hand=entry.hand.pose() if entry.hand else None,
        source=source,
        follows=entry.follows,
        foot=FootPose(entry.foot.heel, entry.foot.front, entry.foot.toes) if entry.foot else None,
        anchor=entry.anchor,
        proportions=entry.proportions,
    )


def load_figures(folder: Path) -> dict[str, Figure]:
    """Every drawing in ``folder``'s ``*.toml`` files, by code; ``FigureError`` lists every problem."""
    problems: list[FigureProblem] = []
    figures: dict[str, Figure] = {}
    for path in sorted(folder.glob("*.toml")):
        for fig in _read(path, problems):
            if fig.code in figures:
                problems.append(
                    FigureProblem(path.name, f"is drawn twice (also in {figures[fig.code].source})", fig.code, "code")
                )
            figures[fig.code] = fig
    if problems:
        raise FigureError(problems)
    return figures


__all__ = ["KINDS", "VIEWS", "Figure", "FigureError", "FigureProblem", "load_figures"]

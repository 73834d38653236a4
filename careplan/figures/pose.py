"""A pose: the joint angles of one person, in degrees, in the person's own frame.

Signs follow the person, not the paper: ``turn`` and ``tilt`` are positive towards the person's LEFT,
``nod`` and ``lean`` are positive forwards (chin down, trunk forward), limbs bend positive in their
usual direction (elbow and knee bend, hip and shoulder raise forwards, ``out`` away from the body).
``head.shift`` leans the neck forwards (+) or back on the trunk, carrying the head without turning the
face (a forward head); ``shoulder.shrug`` lifts (+) or drops the shoulder itself. ``head.side_shift``
slides the head sideways (+: to the LEFT), eyes level; ``shoulder.forward`` brings the shoulder forwards (+)
or draws the shoulder blade back (-); ``shoulder.across`` swings a raised arm across the chest (+) or out to
the side (-). ``eyelids.close`` shuts the eyes (from 45: drawn as closed lids).
``JOINTS`` is the one list of joints, their movements and the range each may take: the library's
validation and the drawing read it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: joint -> movement -> (lowest, highest) angle in degrees.
JOINTS: Mapping[str, Mapping[str, tuple[float, float]]] = MappingProxyType(
    {
        "body": {"pitch": (-90, 90), "roll": (-90, 90), "yaw": (-180, 180)},
        "head": {"turn": (-90, 90), "tilt": (-45, 45), "nod": (-60, 60), "shift": (-30, 45), "side_shift": (-30, 30)},
        "jaw": {"open": (0, 30)},
        "trunk": {"lean": (-30, 90), "bend": (-40, 40), "turn": (-60, 60)},
        "eyelids": {"close": (0, 90)},
        **{
            f"shoulder_{side}": {
                "raise": (-60, 180),
                "out": (-10, 180),
                "shrug": (-20, 40),
                "forward": (-30, 30),
                "across": (-90, 60),
            }
            for side in ("left", "right")
        },
        **{f"elbow_{side}": {"bend": (0, 150)} for side in ("left", "right")},
        **{f"wrist_{side}": {"bend": (-80, 80)} for side in ("left", "right")},
        **{f"hip_{side}": {"bend": (-30, 130), "out": (-20, 60)} for side in ("left", "right")},
        **{f"knee_{side}": {"bend": (0, 150)} for side in ("left", "right")},
        **{f"ankle_{side}": {"bend": (-50, 40)} for side in ("left", "right")},
    }
)

#: The fingers of the hand model, thumb first; each bends 0 (straight) .. 90 degrees.
FINGERS = ("thumb", "index", "middle", "ring", "little")
FINGER_RANGE = (0.0, 90.0)


@dataclass(frozen=True, slots=True)
class Pose:
    """Joint angles (missing ones are 0: standing straight, arms by the sides, face ahead)."""

    angles: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for joint, moves in self.angles.items():
            if joint not in JOINTS:
                raise ValueError(f"unknown joint {joint!r}")
            for move, value in moves.items():
                if move not in JOINTS[joint]:
                    raise ValueError(f"{joint} has no movement {move!r}")
                low, high = JOINTS[joint][move]
                if not low <= value <= high:
                    raise ValueError(f"{joint}.{move} is {value:g}; it must be from {low:g} to {high:g}")

    def get(self, joint: str, move: str) -> float:
        return float(self.angles.get(joint, {}).get(move, 0.0))

    def merged(self, other: Mapping[str, Mapping[str, float]]) -> Pose:
        """This pose with the joints in ``other`` changed (the start position of a movement, say)."""
        angles = {joint: dict(moves) for joint, moves in self.angles.items()}
        for joint, moves in other.items():
            angles.setdefault(joint, {}).update(moves)
        return Pose(angles)


#: How a hand close-up is seen: ``palm`` (its owner looks at the palm, fingers up), ``back`` (from above,
#: palm down on a table, fingers pointing away) or ``side`` (from the thumb side, resting on a table).
HAND_VIEWS = ("palm", "back", "side")
#: What the hand holds: a pen between thumb and first finger, a pen between first and middle finger, a stick.
GRIPS = ("", "pen", "pen_between", "stick")
#: A finger lifted off the table (side view), and the wrist bent up (+) or down (-), in degrees.
LIFT_RANGE = (0.0, 60.0)
WRIST_RANGE = (-60.0, 60.0)


@dataclass(frozen=True, slots=True)
class HandPose:
    """How far each finger bends (0 straight .. 90), and whether the fingers are spread.

    A close-up may also say how it is seen (``view``), fingers lifted off the table (``lift``), the
    wrist bent up or down (``wrist``), what the hand holds (``grip``), a turn of the whole hand on the
    paper (``turn``, degrees counter-clockwise), the other hand beside it (``pair``) and which hand is
    hidden (``hidden``: ``this`` or ``other``, drawn grey and dashed), an earlier position drawn grey
    beneath (``start``) and things around the hand (``props``: kind, dx, dy).
    """

    bend: Mapping[str, float] = field(default_factory=dict)
    spread: bool = False
    view: str = "palm"
    lift: Mapping[str, float] = field(default_factory=dict)
    wrist: float = 0.0
    grip: str = ""
    turn: float = 0.0
    pair: bool = False
    hidden: str = ""
    start: HandPose | None = None
    props: tuple[tuple[str, float, float], ...] = ()

    def __post_init__(self) -> None:
        for finger, value in self.bend.items():
            if finger not in FINGERS:
                raise ValueError(f"unknown finger {finger!r}")
            if not FINGER_RANGE[0] <= value <= FINGER_RANGE[1]:
                raise ValueError(f"{finger} is {value:g}; it must be from 0 to 90")
        for finger, value in self.lift.items():
            if finger not in FINGERS or not LIFT_RANGE[0] <= value <= LIFT_RANGE[1]:
                raise ValueError(f"lift {finger} {value:g}: a finger lifts 0 to 60 degrees")
        if self.view not in HAND_VIEWS or self.grip not in GRIPS or self.hidden not in ("", "this", "other"):
            raise ValueError(f"unknown hand view {self.view!r}, grip {self.grip!r} or hidden {self.hidden!r}")
        if not WRIST_RANGE[0] <= self.wrist <= WRIST_RANGE[1]:
            raise ValueError(f"wrist is {self.wrist:g}; it must be from -60 to 60")

    def get(self, finger: str) -> float:
        return float(self.bend.get(finger, 0.0))

    def lifted(self, finger: str) -> float:
        return float(self.lift.get(finger, 0.0))

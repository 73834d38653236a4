"""d1's drawings (neck, foot) and what they needed: the ``follows`` side rule, the foot close-up, and the
head's sideways shift, the shoulder's shrug/forward/across and closed eyelids."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from careplan.catalog import load_library
from careplan.core.enums import Side
from careplan.core.model import Intervention
from careplan.export.figures import figure_side, shipped_figures
from careplan.figures import FIGURES_DIR, FigureError, load_figures, render
from careplan.figures.body import face_direction, figure, skeleton
from careplan.figures.feet import FootPose, foot_points
from careplan.figures.pose import Pose

#: The library entries d1 draws (issue 14): every one must have its drawing.
D1_CODES = [
    "neck.turn_against_pull",
    "neck.lying_head_roll",
    "neck.chin_nod",
    "neck.level_shoulders",
    "neck.trunk_turns",
    "neck.gentle_lengthening",
    "neck.sensory_trick",
    "neck.eyes_closed_midline",
    "neck.shoulder_blade_squeeze",
    "neck.hands_knees_head_hold",
    "neck.midline_reading",
    "neck.arm_swing_walk",
    "neck.lying_midline_rest",
    "neck.midline_hold_standing",
    "neck.rotate_away_follow_hand",
    "neck.lying_side_bend_away",
    "neck.lying_head_press_back",
    "neck.look_down_task",
    "neck.lateral_shift_glide",
    "neck.rotate_away_supported",
    "neck.side_bend_away_sitting",
    "neck.chin_nod_sitting",
    "neck.head_up_sitting",
    "neck.mirror_midline_hold",
    "neck.back_to_wall",
    "foot.toe_lift_spread",
    "foot.heel_toe_rock",
    "foot.standing_weight_shift",
    "foot.backwards_walking",
    "foot.sensory_trick_walk",
]

OPPOSITE = {Side.LEFT: "right", Side.RIGHT: "left"}


def test_every_d1_entry_has_a_drawing_of_a_library_entry() -> None:
    figures = load_figures(FIGURES_DIR)  # the descriptions (the shipped, drawn ones: tests/figures/test_shipped.py)
    library = load_library()
    missing = [code for code in D1_CODES if code not in figures]
    assert missing == []
    for code in D1_CODES:
        assert library.intervention(code) is not None, code
        # Both sides render (a sided drawing mirrored), with shapes and its description.
        for side in ("left", "right"):
            drawing = render(figures[code], side)
            assert drawing.primitives and drawing.description == figures[code].description


@pytest.mark.parametrize("pull", [Side.LEFT, Side.RIGHT])
def test_the_follows_field_matches_the_side_its_entry_words_name(pull: Side) -> None:
    """Picture and words agree for every sided neck drawing: {away_side} words, away-side drawings;
    {toward_side} words, toward-side drawings (with the words filled in for the same side)."""
    library = load_library()
    for code, fig in shipped_figures().items():
        entry = library.intervention(code)
        assert entry is not None, code
        words = entry.instructions or ""
        if fig.moves_to == "none" or fig.follows == "item_side":
            continue
        item = entry.to_intervention(pull)
        side = figure_side(fig, item, pull)
        if "{toward_side}" in words:
            assert fig.follows == "toward_side", code
            assert side == pull.value and f"to the {pull.value}" in (item.instructions or ""), code
        if "{away_side}" in words:
            assert fig.follows == "away_side", code
            assert side == OPPOSITE[pull] and f"to the {OPPOSITE[pull]}" in (item.instructions or ""), code


def _figure(tmp_path: Path, body: str) -> dict:
    (tmp_path / "x.toml").write_text(body, encoding="utf-8")
    return load_figures(tmp_path)


TOWARD = """
[[figure]]
code = "neck.x"
description = "Turning the head towards the side it pulls to."
view = "front"
moves_to = "left"
follows = "{follows}"
pose = {{ head = {{ turn = 30 }} }}
"""


@pytest.mark.parametrize("pull", [Side.LEFT, Side.RIGHT])
def test_a_toward_side_drawing_turns_to_the_pull_and_an_item_side_one_only_to_the_item(
    tmp_path: Path, pull: Side
) -> None:
    toward = _figure(tmp_path, TOWARD.format(follows="toward_side"))["neck.x"]
    away = dataclasses.replace(toward, follows="away_side")
    own = dataclasses.replace(toward, follows="item_side")
    item = Intervention(kind=load_library().intervention("neck.turn_against_pull").kind, title="x")  # type: ignore[union-attr]
    assert figure_side(toward, item, pull) == pull.value
    assert figure_side(away, item, pull) == OPPOSITE[pull]
    # A one-limb drawing never follows the neck's pull: left out without the item's own side.
    assert figure_side(own, item, pull) is None
    for fig in (toward, away, own):  # the item's own side always comes first
        assert figure_side(fig, dataclasses.replace(item, side=Side.RIGHT), pull) == "right"
    # The toward-side drawing as printed for this pull turns the face to that side of the person.
    drawing_side = figure_side(toward, item, pull)
    turned = render(toward, drawing_side)  # type: ignore[arg-type]
    mirrored = render(toward, "right" if drawing_side == "left" else "left")
    assert turned != mirrored


def test_level_shoulders_drops_the_shoulder_on_the_side_of_the_pull() -> None:
    fig = load_figures(FIGURES_DIR)["neck.level_shoulders"]
    item = load_library().intervention("neck.level_shoulders").to_intervention(Side.LEFT)  # type: ignore[union-attr]
    assert fig.follows == "toward_side" and figure_side(fig, item, Side.LEFT) == "left"
    # In the drawing as written (moves_to right), the start's RIGHT shoulder is the high one.
    assert fig.start is not None and fig.moves_to == "right"
    high, low = skeleton(fig.start).joints, skeleton(fig.pose).joints
    assert high["shoulder_right"][1] > low["shoulder_right"][1] + 0.04
    assert high["shoulder_left"] == low["shoulder_left"]


def test_a_foot_drawing_follows_only_the_items_own_side() -> None:
    fig = shipped_figures()["foot.standing_weight_shift"]
    item = load_library().intervention("foot.standing_weight_shift").to_intervention(Side.RIGHT)  # type: ignore[union-attr]
    assert figure_side(fig, item, Side.RIGHT) is None
    assert figure_side(fig, dataclasses.replace(item, side=Side.LEFT), Side.RIGHT) == "left"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ('moves_to = "left"', "follows", "cannot follow a side"),
        ('follows = "toward_side"', "follows", "Input should be"),
    ],
)
def test_a_wrong_follows_stops_loading_naming_the_field(tmp_path: Path, change: str, field: str, words: str) -> None:
    body = TOWARD.format(follows="toward_side").replace(
        change, 'moves_to = "none"' if "moves_to" in change else 'follows = "towards"'
    )
    with pytest.raises(FigureError) as caught:
        _figure(tmp_path, body)
    message = str(caught.value)
    assert "x.toml" in message and "neck.x" in message and field in message and words in message


def test_foot_close_up_heel_lift_keeps_the_toes_down_and_toe_lift_keeps_the_heel_down() -> None:
    flat = foot_points(FootPose())
    heel_up = foot_points(FootPose(heel=25))
    assert heel_up["heel"][1] > flat["heel"][1] + 0.1 and heel_up["toes"] == pytest.approx(flat["toes"])
    toes_up = foot_points(FootPose(toes=40))
    assert toes_up["toes"][1] > flat["toes"][1] + 0.08 and toes_up["heel"] == pytest.approx(flat["heel"])
    front_up = foot_points(FootPose(front=20))
    assert front_up["ball"][1] > flat["ball"][1] + 0.1 and front_up["heel"] == pytest.approx(flat["heel"])
    with pytest.raises(ValueError, match="foot toes is 70"):
        FootPose(toes=70)


def test_a_foot_close_up_out_of_range_or_with_a_hand_stops_loading(tmp_path: Path) -> None:
    body = '[[figure]]\ncode = "foot.x"\ndescription = "A foot, toes lifted."\nfoot = { toes = 90 }\n'
    with pytest.raises(FigureError) as caught:
        _figure(tmp_path, body)
    assert "foot.toes" in str(caught.value) and "foot.x" in str(caught.value)
    both = body.replace("toes = 90", "toes = 10") + "hand = { bend = { index = 10 } }\n"
    with pytest.raises(FigureError, match="not both"):
        _figure(tmp_path, both)


def test_a_foot_close_up_draws_the_start_grey_only_when_the_foot_moves() -> None:
    figs = load_figures(FIGURES_DIR)
    lifted = render(figs["foot.toe_lift_spread"])
    assert any(getattr(p, "role", "") == "ghost" for p in lifted.primitives)
    flat = dataclasses.replace(figs["foot.toe_lift_spread"], foot=FootPose())
    assert not any(getattr(p, "role", "") == "ghost" for p in render(flat).primitives)


def test_head_side_shift_carries_the_head_sideways_with_the_face_ahead() -> None:
    still, shifted = skeleton(Pose()), skeleton(Pose({"head": {"side_shift": 25.0}}))
    assert shifted.joints["head"][0] > still.joints["head"][0] + 0.03  # to the person's left
    assert face_direction(Pose({"head": {"side_shift": 25.0}}), "front") == face_direction(Pose(), "front")


def test_shoulder_shrug_forward_and_across_move_the_shoulder_and_arm() -> None:
    still = skeleton(Pose()).joints
    up = skeleton(Pose({"shoulder_right": {"shrug": 30.0}})).joints
    back = skeleton(Pose({"shoulder_left": {"forward": -25.0}})).joints
    assert up["shoulder_right"][1] > still["shoulder_right"][1] + 0.04 and up["shoulder_left"] == still["shoulder_left"]
    assert back["shoulder_left"][2] < still["shoulder_left"][2] - 0.03
    forward = skeleton(Pose({"shoulder_left": {"raise": 90.0}})).joints
    swung = skeleton(Pose({"shoulder_left": {"raise": 90.0, "across": -60.0}})).joints
    assert swung["hand_left"][0] > forward["hand_left"][0] + 0.2  # swung out to the person's left


def test_closed_eyelids_draw_lids_not_eyes() -> None:
    def eyes(pose: Pose) -> list[str]:
        return [type(p).__name__ for p in figure(pose, "front") if getattr(p, "role", "") == "eye"]

    assert eyes(Pose()) == ["Ellipse", "Ellipse"]
    assert eyes(Pose({"eyelids": {"close": 90.0}})) == ["Stroke", "Stroke"]

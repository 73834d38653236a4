"""careplan.figures.hands: hand close-ups from above and from the side, what the hand holds, both hands
with a mirror; and every hand, embouchure and hand-splint entry d3 drew has its drawing."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.figures.hands import HAND_PROPS, hand_scene
from careplan.figures.library import FigureError
from careplan.figures.pose import HandPose
from careplan.figures.primitives import Stroke, Text
from careplan.figures.props import PROPS

FIGURES = load_figures(FIGURES_DIR)

#: The library entries d3 drew (issue 14): each must have a drawing.
D3_CODES = [
    "hand.object_in_bag",
    "hand.texture_discrimination",
    "hand.graphesthesia",
    "hand.braille_dots",
    "hand.mirror_hand",
    "hand.mirror_task_practice",
    "hand.mental_practice",
    "hand.imagine_then_do",
    "hand.finger_lifts",
    "hand.thumb_touches",
    "hand.finger_tapping_sequence",
    "hand.putty_finger_work",
    "hand.wrist_lifts",
    "hand.air_writing",
    "hand.upright_surface",
    "hand.loops_and_curves",
    "hand.prewriting_patterns",
    "hand.writing_patterns",
    "hand.metronome_writing",
    "hand.writing_real_tasks",
    "hand.light_grip",
    "hand.modified_pen_grip",
    "hand.after_splint",
    "hand.metronome_practice",
    "hand.instrument_slow",
    "hand.keyboard_slow_patterns",
    "hand.strings_slow_patterns",
    "hand.guitar_slow_patterns",
    "hand.wind_finger_patterns",
    "hand.drum_slow_strokes",
    "hand.splinted_finger_sequences",
    "hand.immobilisation_splint",
    "embouchure.mouthpiece_buzz",
    "embouchure.soft_long_notes",
    "orthosis.resting_hand_splint",
    "orthosis.functional_wrist_splint",
    "orthosis.writing_splint",
]


def test_every_entry_d3_owns_has_a_drawing() -> None:
    missing = [code for code in D3_CODES if code not in FIGURES]
    assert not missing, missing


def test_every_hand_exercise_drawing_names_the_hand_it_draws() -> None:
    """Hand exercises are done with the hand with the cramp: each drawing of one says its side."""
    for code in D3_CODES:
        if code.startswith("hand.") and FIGURES[code].hand is not None:
            assert FIGURES[code].moves_to == "left", code


def _tip(pose: HandPose, finger: str) -> tuple[float, float]:
    return hand_scene(pose)[1][finger]


def test_from_the_side_a_lifted_finger_rises_and_the_others_stay_on_the_table() -> None:
    flat, lifted = HandPose(view="side"), HandPose(view="side", lift={"index": 30})
    assert _tip(lifted, "index")[1] > _tip(flat, "index")[1] + 0.05
    assert _tip(lifted, "middle") == _tip(flat, "middle")


def test_finger_lifts_lifts_the_first_finger_seen_from_the_side_never_the_middle_one() -> None:
    """An earlier drawing (one finger raised, palm view) read as a rude gesture: this one cannot."""
    hand = FIGURES["hand.finger_lifts"].hand
    assert hand is not None and hand.view == "side"
    assert set(hand.lift) == {"index"}


def test_a_wrist_bent_up_raises_the_fingers_and_its_start_is_drawn_grey_beneath() -> None:
    up = HandPose(view="side", wrist=30, start=HandPose(view="side", wrist=-25))
    assert _tip(up, "middle")[1] > _tip(HandPose(view="side"), "middle")[1] + 0.1
    shapes, _ = hand_scene(up)
    assert any(isinstance(s, Stroke) and s.role == "ghost" for s in shapes)


def test_a_pen_in_the_hand_has_its_tip_on_the_paper_in_every_view() -> None:
    for view in ("side", "back"):
        _, place = hand_scene(HandPose(view=view, grip="pen", bend={"index": 45, "thumb": 40}))
        assert "pen" in place.joints
    _, side = hand_scene(HandPose(view="side", grip="pen", bend={"index": 45}))
    assert side["pen"][1] == 0.0  # on the table's top


def test_the_hidden_hand_behind_the_mirror_is_the_sided_one_on_either_side() -> None:
    fig = FIGURES["hand.mirror_hand"]
    for side in ("left", "right"):
        drawing = render(fig, side)  # type: ignore[arg-type]
        ghost = [p for p in drawing.primitives if isinstance(p, Stroke) and p.role == "ghost"]
        solid = [p for p in drawing.primitives if isinstance(p, Stroke) and p.role == "palm"]
        ghost_x = sum(x for s in ghost for x, _ in s.points) / sum(len(s.points) for s in ghost)
        solid_x = sum(x for s in solid for x, _ in s.points) / sum(len(s.points) for s in solid)
        # From above the person's left hand lies on the paper's left.
        assert (ghost_x < solid_x) == (side == "left"), side
        assert "hidden" in {p.text for p in drawing.primitives if isinstance(p, Text)}


def test_writing_drawings_show_what_their_words_say_on_the_paper() -> None:
    props = {code: {kind for kind, _, _ in FIGURES[code].hand.props} for code in D3_CODES if FIGURES[code].hand}  # type: ignore[union-attr]
    assert "loops" in props["hand.loops_and_curves"]
    assert "waves" in props["hand.prewriting_patterns"]
    assert "letters" in props["hand.writing_patterns"]
    assert {"letters", "metronome"} <= props["hand.metronome_writing"]
    assert "shopping_list" in props["hand.writing_real_tasks"]
    texts = {p.text for p in render(FIGURES["hand.writing_patterns"], "right").primitives if isinstance(p, Text)}
    assert {"lll", "eee"} <= texts  # letters are text: a mirrored drawing still reads them the right way round


def _folder(tmp_path: Path, hand: str) -> Path:
    folder = tmp_path / "figures"
    folder.mkdir()
    text = f'[[figure]]\ncode = "hand.x"\ndescription = "A hand close-up."\n[figure.hand]\n{hand}\n'
    (folder / "hand.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("hand", "message"),
    [
        (
            'props = [{ kind = "harp" }]',
            "hand.toml: hand.x: hand.props[1].kind: unknown prop 'harp'; a hand's props are",
        ),
        (
            "lift = { index = 70 }",
            "hand.toml: hand.x: hand.lift.index: 70 degrees is out of range; it must be from 0 to 60",
        ),
        ("lift = { toe = 10 }", "hand.toml: hand.x: hand.lift.toe: unknown finger 'toe'"),
        (
            'view = "side"\npair = true',
            "hand.toml: hand.x: hand.pair: both hands are drawn from the palm or from above",
        ),
        ('grip = "spoon"', "hand.toml: hand.x: hand.grip:"),
    ],
)
def test_a_wrong_hand_field_is_named_with_file_entry_and_field(tmp_path: Path, hand: str, message: str) -> None:
    with pytest.raises(FigureError) as caught:
        load_figures(_folder(tmp_path, hand))
    assert str(caught.value).startswith(message), str(caught.value)


def test_every_hand_prop_and_the_playing_props_draw_something() -> None:
    for kind in HAND_PROPS:
        view = "side" if kind in ("table_edge", "pad", "resting_splint") else "back"
        pose = HandPose(view=view, grip="stick" if kind == "pad" else "", props=((kind, 0.0, 0.0),))
        bare = HandPose(view=view, grip="stick" if kind == "pad" else "")
        assert len(hand_scene(pose)[0]) > len(hand_scene(bare)[0]), kind
    assert {"thought", "easel", "mouthpiece", "trumpet"} <= set(PROPS)


def test_a_sided_hand_drawing_turns_only_with_the_item_s_own_side() -> None:
    """A hand is the item's hand: the neck's pull (on a plan with both) must never turn it."""
    sided = [f for code, f in FIGURES.items() if code in D3_CODES and f.moves_to != "none"]
    assert len(sided) > 20
    assert [f.code for f in sided if f.follows != "item_side"] == []

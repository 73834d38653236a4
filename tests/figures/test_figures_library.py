"""careplan.figures.library: the drawings' files are checked, and a broken one names file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.catalog.loader import load_library
from careplan.errors import UserFacingError
from careplan.figures import FIGURES_DIR
from careplan.figures.library import FigureError, load_figures

GOOD = """
[[figure]]
code = "neck.chin_nod_sitting"
description = "Sitting, seen from the side: a small nod."
view = "side"
props = [{ kind = "chair" }]
pose = { head = { nod = 20 }, hip = { bend = 90 }, knee = { bend = 90 } }
"""


def _write(tmp_path: Path, text: str, name: str = "neck.toml") -> Path:
    folder = tmp_path / "figures"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(FigureError) as caught:
        load_figures(_write(tmp_path, text))
    assert isinstance(caught.value, UserFacingError)
    return str(caught.value)


def test_a_good_file_loads_and_both_hips_follow_hip(tmp_path: Path) -> None:
    figures = load_figures(_write(tmp_path, GOOD))
    fig = figures["neck.chin_nod_sitting"]
    assert fig.view == "side" and fig.source == "neck.toml"
    assert fig.pose.get("hip_left", "bend") == fig.pose.get("hip_right", "bend") == 90
    assert fig.pose.get("head", "nod") == 20


def test_an_unknown_joint_is_named_with_file_entry_and_field(tmp_path: Path) -> None:
    message = _problem(tmp_path, GOOD.replace("head = { nod = 20 }", "hed = { nod = 20 }"))
    assert message.startswith("neck.toml: neck.chin_nod_sitting: pose.hed: unknown joint 'hed'")
    assert "head" in message  # the joints it could have been


def test_an_unknown_movement_is_named(tmp_path: Path) -> None:
    message = _problem(tmp_path, GOOD.replace("knee = { bend = 90 }", "knee = { twist = 10 }"))
    assert message == "neck.toml: neck.chin_nod_sitting: pose.knee.twist: knee has no movement 'twist'; it has bend"


def test_an_angle_out_of_range_says_the_range(tmp_path: Path) -> None:
    message = _problem(tmp_path, GOOD.replace("nod = 20", "nod = 75"))
    assert message == (
        "neck.toml: neck.chin_nod_sitting: pose.head.nod: 75 degrees is out of range; it must be from -60 to 60"
    )


def test_an_unknown_prop_is_named(tmp_path: Path) -> None:
    message = _problem(tmp_path, GOOD.replace('kind = "chair"', 'kind = "sofa"'))
    assert message.startswith("neck.toml: neck.chin_nod_sitting: props[1].kind: unknown prop 'sofa'")
    assert "wheelchair" in message


def test_a_mark_at_an_unknown_place_and_a_misspelt_field_are_named(tmp_path: Path) -> None:
    message = _problem(tmp_path, GOOD + 'marks = [{ kind = "arc", at = "head" }, { kind = "arc", at = "nose" }]\n')
    assert message.startswith("neck.toml: neck.chin_nod_sitting: marks[2].at: unknown place 'nose'")
    message = _problem(tmp_path, GOOD + 'marks = [{ kind = "arrow", at = "head", lenght = 0.2 }]\n')
    assert message == (
        "neck.toml: neck.chin_nod_sitting: marks[1].lenght: is not a field a drawing has (check the spelling)"
    )


def test_every_problem_of_every_entry_is_listed_and_nothing_is_loaded(tmp_path: Path) -> None:
    text = GOOD.replace("nod = 20", "nod = 99") + GOOD.replace("neck.chin_nod_sitting", "neck.head_up_sitting").replace(
        'view = "side"', 'view = "back"'
    )
    message = _problem(tmp_path, text)
    lines = message.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("neck.toml: neck.chin_nod_sitting: pose.head.nod:")
    assert lines[1].startswith("neck.toml: neck.head_up_sitting: view:")


def test_a_finger_out_of_range_and_a_broken_file_are_named(tmp_path: Path) -> None:
    hand = 'code = "hand.x"\ndescription = "A hand, fingers bent."\n[figure.hand]\nbend = { index = 120, toe = 3 }\n'
    message = _problem(tmp_path, "[[figure]]\n" + hand)
    assert "neck.toml: hand.x: hand.bend.index: 120 degrees is out of range; it must be from 0 to 90" in message
    assert "neck.toml: hand.x: hand.bend.toe: unknown finger 'toe'" in message
    broken = _problem(tmp_path, "[[figure]\ncode =")
    assert broken.startswith("neck.toml: is not valid TOML")


def test_a_drawing_given_twice_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path, GOOD)
    _write(tmp_path, GOOD, "other.toml")
    with pytest.raises(
        FigureError, match=r"other.toml: neck.chin_nod_sitting: code: is drawn twice \(also in neck.toml\)"
    ):
        load_figures(folder)


def test_the_shipped_drawings_load_and_each_draws_a_library_entry() -> None:
    figures = load_figures(FIGURES_DIR)
    assert len(figures) >= 10
    library = load_library()
    codes = {entry.code for entry in library.interventions}
    assert set(figures) <= codes, sorted(set(figures) - codes)

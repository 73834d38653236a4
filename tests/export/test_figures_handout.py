"""careplan.export.figures on the family handout: each drawing beside its item, on the side its words name."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from careplan.catalog import load_library
from careplan.core.enums import Audience, Side
from careplan.core.model import Photo
from careplan.export import render_handout
from careplan.export.figures import figure_side, item_drawing, shipped_figures
from tests.export.handout_samples import adult_library_record, all_text, make_png, poppler_tool

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


def _orange_lean(png: Path) -> float:
    """Where the orange arrows' ink leans, left (-) or right (+) of the middle of their extent: the
    solid head is heavier than the starting dot, so the lean is the way the arrows point."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width = rgb.width
        xs = [
            i % width
            for i, (r, g, b) in enumerate(zip(*[iter(rgb.tobytes())] * 3, strict=True))
            if abs(r - ORANGE[0]) < 40 and abs(g - ORANGE[1]) < 40 and abs(b - ORANGE[2]) < 40
        ]
    assert len(xs) > 30, "no arrow on the page"
    return sum(xs) / len(xs) - (min(xs) + max(xs)) / 2


@pytest.mark.parametrize(("pull", "words", "lean"), [(Side.RIGHT, "to the left", 1), (Side.LEFT, "to the right", -1)])
def test_the_family_handout_shows_the_turn_on_the_side_its_words_say(
    tmp_path: Path, pull: Side, words: str, lean: int
) -> None:
    text, pages = _family_pages(tmp_path, pull)
    assert f"Slowly turn your head {words}." in text
    with_arrow = [p for p in pages if _has_orange(p)]
    assert len(with_arrow) == 1
    # Seen from the front, the person's left is on the paper's right: a turn to the left points right.
    assert _orange_lean(with_arrow[0]) * lean > 1.0


def _has_orange(png: Path) -> bool:
    with Image.open(png) as image:
        return any(
            abs(r - ORANGE[0]) < 40 and abs(g - ORANGE[1]) < 40 and abs(b - ORANGE[2]) < 40
            for r, g, b in zip(*[iter(image.convert("RGB").tobytes())] * 3, strict=True)
        )


def _family_pages(tmp_path: Path, pull: Side, photo: Photo | None = None) -> tuple[str, list[Path]]:
    record = adult_library_record("template.cervical_torticollis", pull_side=pull)
    entry = load_library().intervention("neck.rotate_away_supported")
    assert entry is not None
    item = dataclasses.replace(entry.to_intervention(pull), photo=photo)
    plan = dataclasses.replace(record.plan, interventions=(item,))
    pdf = render_handout(dataclasses.replace(record, plan=plan), Audience.FAMILY)
    source = tmp_path / "family.pdf"
    source.write_bytes(pdf)
    subprocess.run([poppler_tool("pdftoppm"), "-r", "100", "-png", str(source), str(tmp_path / "page")], check=True)
    return all_text(pdf), sorted(tmp_path.glob("page*.png"))


def test_a_therapists_photo_replaces_the_drawing(tmp_path: Path) -> None:
    text, pages = _family_pages(tmp_path, Side.RIGHT, Photo("image/png", make_png(120, 90, (20, 120, 40))))
    assert "Slowly turn your head to the left." in text
    assert not [p for p in pages if _has_orange(p)]

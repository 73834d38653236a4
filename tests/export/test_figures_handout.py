"""Drawings on the family, school and work handouts: beside each item, on the side its words name,
bigger in large print, replaced by the therapist's own photo, and compact (two or three exercises a page).

Pictures are checked on the printed page (pdftoppm: the drawings' skin tone and orange arrows are
colours nothing else on a handout uses), words with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from careplan.catalog import load_library
from careplan.core.enums import Audience, Kind, Side
from careplan.core.model import Photo, PlanRecord
from careplan.export import figures as export_figures
from careplan.export import render_handout
from careplan.export.figures import figure_side, item_drawing, shipped_figures
from careplan.export.renderer import HandoutRenderer
from careplan.figures import Figure
from careplan.figures.shipped import ShippedFigure
from tests.export.handout_samples import (
    ARROW_RGB,
    SKIN_RGB,
    adult_library_record,
    all_text,
    colour_box,
    colour_pages,
    make_png,
    page_texts,
)

HANDOUTS = (Audience.FAMILY, Audience.SCHOOL, Audience.WORK)
EVERY_HANDOUT = frozenset({*HANDOUTS, Audience.CLINICIAN})
TODAY = dt.date(2026, 12, 2)
LEFT_RIGHT = (Side.LEFT, Side.RIGHT)


def away_from(pull: Side) -> str:
    return "right" if pull is Side.LEFT else "left"


def turns_with_the_pull(code: str) -> bool:
    """A drawing whose side follows the plan's pull (its words say ``{away_side}``), not the item's own side."""
    entry = load_library().intervention(code)
    assert entry is not None, code
    return "{away_side}" in (entry.instructions or "") + (entry.school_instructions or "")


def sided_codes() -> list[str]:
    """Every shipped drawing that has a side, with its library entry."""
    return sorted(code for code, fig in shipped_figures().items() if fig.moves_to != "none")


def one_side_plan(codes: list[str], side: Side) -> PlanRecord:
    """A plan holding the library entries ``codes``, each for every handout, all to be shown moving to
    ``side``: a neck exercise away from a pull to the other side, a limb's exercise on that side."""
    pull = Side.RIGHT if side is Side.LEFT else Side.LEFT
    record = adult_library_record("template.cervical_torticollis", pull_side=pull)
    library = load_library()
    items = []
    for code in codes:
        entry = library.intervention(code)
        assert entry is not None, code
        item = dataclasses.replace(entry.to_intervention(pull), audiences=EVERY_HANDOUT)
        if not turns_with_the_pull(code):
            item = dataclasses.replace(item, side=side)
        items.append(item)
    return dataclasses.replace(record, plan=record.plan.replace(interventions=tuple(items)))


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("side", LEFT_RIGHT, ids=lambda s: s.value)
@pytest.mark.parametrize("audience", HANDOUTS, ids=lambda a: a.value)
def test_every_sided_drawing_shows_the_side_its_words_name(
    audience: Audience, side: Side, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every drawing with a side, on every handout, for a person needing the left and the right: the
    drawing is made for the side the printed words name (the picture itself: see the next test)."""
    drawn: dict[str, str | None] = {}
    real_drawing = ShippedFigure.drawing

    def spy(fig: ShippedFigure, person_side: Any = None, aspect: float = 1.0) -> Any:
        drawn[fig.code] = person_side
        return real_drawing(fig, person_side, aspect)

    monkeypatch.setattr(ShippedFigure, "drawing", spy)
    codes = sided_codes()
    record = one_side_plan(codes, side)
    text = words(all_text(render_handout(record, audience, generated_on=TODAY)))
    for code, item in zip(codes, record.plan.interventions, strict=True):
        assert drawn.get(code) == side.value, code
        if turns_with_the_pull(code):
            said = item.school_instructions if audience is Audience.SCHOOL and item.school_instructions else None
            said = said or item.instructions or ""
            assert f"to the {side.value}" in said, code
            sentence = next(s for s in said.split(". ") if f"to the {side.value}" in s)
            assert words(sentence) in text, (code, sentence)
        else:
            assert f"{side.label} side" in text, code
    assert len(codes) >= 3


def _orange_lean(png: Path) -> float:
    """Where the orange arrows' ink leans, left (-) or right (+) of the middle of their extent: the
    solid head is heavier than the tail, so the lean is the way the arrows point."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width = rgb.width
        xs = [
            i % width
            for i, (r, g, b) in enumerate(zip(*[iter(rgb.tobytes())] * 3, strict=True))
            if abs(r - ARROW_RGB[0]) < 40 and abs(g - ARROW_RGB[1]) < 40 and abs(b - ARROW_RGB[2]) < 40
        ]
    assert len(xs) > 30, "no arrow on the page"
    return sum(xs) / len(xs) - (min(xs) + max(xs)) / 2


@pytest.mark.parametrize(("pull", "lean"), [(Side.RIGHT, 1), (Side.LEFT, -1)], ids=["pull right", "pull left"])
@pytest.mark.parametrize("audience", HANDOUTS, ids=lambda a: a.value)
def test_the_printed_turn_goes_the_way_the_words_say(audience: Audience, pull: Side, lean: int, tmp_path: Path) -> None:
    record = one_side_plan(["neck.rotate_away_supported"], Side.LEFT if pull is Side.RIGHT else Side.RIGHT)
    pdf = render_handout(record, audience, generated_on=TODAY)
    assert f"turn your head to the {away_from(pull)}" in words(all_text(pdf))
    with_arrow = [p for p in colour_pages(pdf, tmp_path, 200) if colour_box(p, ARROW_RGB, 40)[0] > 30]
    assert len(with_arrow) == 1
    # Seen from the front, the person's left is on the paper's right: a turn to the left points right.
    assert _orange_lean(with_arrow[0]) * lean > 1.0


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
    # Words that name no side ("one side ... the other side") agree with a sided drawing as drawn.
    lying = library.intervention("child.side_lying_play")
    assert lying is not None
    item = lying.to_intervention(None)
    assert "left" not in (item.instructions or "") and "right" not in (item.instructions or "")
    assert figure_side(shipped_figures()["child.side_lying_play"], item, None) == "none"
    assert item_drawing(item, None, 100) is not None


def test_an_item_for_both_sides_shows_the_drawing_as_drawn() -> None:
    """ "Side: both sides" names no one side: the drawing is not turned by the neck's pull either."""
    fig = shipped_figures()["hand.thumb_touches"]
    entry = load_library().intervention("hand.thumb_touches")
    assert entry is not None
    item = dataclasses.replace(entry.to_intervention(Side.LEFT), side=Side.BOTH)
    assert figure_side(fig, item, Side.LEFT) == "none"


def drawn_plan(photo: Photo | None = None) -> PlanRecord:
    record = one_side_plan(["neck.chin_nod_sitting"], Side.LEFT)
    item = dataclasses.replace(record.plan.interventions[0], photo=photo)
    return dataclasses.replace(record, plan=record.plan.replace(interventions=(item,)))


@pytest.mark.parametrize("audience", HANDOUTS, ids=lambda a: a.value)
def test_a_therapists_photo_replaces_the_drawing(audience: Audience, tmp_path: Path) -> None:
    green = (20, 120, 40)
    with_drawing = colour_pages(render_handout(drawn_plan(), audience, generated_on=TODAY), tmp_path / "a")
    assert sum(colour_box(p, SKIN_RGB, 1)[0] for p in with_drawing) > 100
    assert sum(colour_box(p, green, 10)[0] for p in with_drawing) == 0
    photo = Photo("image/png", make_png(120, 90, green))
    with_photo = colour_pages(render_handout(drawn_plan(photo), audience, generated_on=TODAY), tmp_path / "b")
    assert sum(colour_box(p, green, 10)[0] for p in with_photo) > 1000  # the photo is printed
    assert sum(colour_box(p, SKIN_RGB, 1)[0] for p in with_photo) == 0  # and no drawing


@pytest.mark.parametrize("audience", HANDOUTS, ids=lambda a: a.value)
def test_large_print_draws_the_drawings_bigger(audience: Audience, tmp_path: Path) -> None:
    """The drawn size on the page, measured: the drawing's extent (its skin tone) at 100 dpi."""
    sizes = []
    for large in (False, True):
        pdf = render_handout(drawn_plan(), audience, large_print=large, generated_on=TODAY)
        boxes = [b for p in colour_pages(pdf, tmp_path / str(large), 100) if (b := colour_box(p, SKIN_RGB, 1)[1])]
        assert len(boxes) == 1
        left, top, right, bottom = boxes[0]
        sizes.append((right - left, bottom - top))
    (w0, h0), (w1, h1) = sizes
    assert w1 >= w0 * 1.4 and h1 >= h0 * 1.4, sizes
    # Legible at the size printed: the whole drawing 3.4 cm wide in ordinary print, so the figure
    # (about half the box) is well over a centimetre tall.
    assert h0 / 100 * 2.54 > 1.2


# ------------------------------------------------------------------ compact: exercises per page


def every_item_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every library item drawn (the library is being drawn entry by entry): a stand-in for the rest."""
    shipped = shipped_figures()

    class Every(dict[str, Figure]):
        def get(self, code: str, default: Any = None) -> Figure:  # type: ignore[override]
            return self[code] if code in self else self["neck.chin_nod_sitting"]

    monkeypatch.setattr(export_figures, "shipped_figures", lambda: Every(shipped))


def shared_exercises(record: PlanRecord, audience: Audience) -> PlanRecord:
    """``record`` with its exercises addressed to ``audience`` too, as a therapist ticks them when the
    school or a carer does them with the person (the library addresses most to the family only)."""
    items = tuple(
        dataclasses.replace(item, audiences=item.audiences | {audience}) if item.kind is Kind.EXERCISE else item
        for item in record.plan.interventions
    )
    return dataclasses.replace(record, plan=record.plan.replace(interventions=items))


def child_plan() -> PlanRecord:
    """A child's plan (GMFCS I-II template), for a 9-year-old."""
    record = adult_library_record("template.child_gmfcs_1_2", pull_side=None)
    patient = dataclasses.replace(record.patient, given_name="Amira", date_of_birth=dt.date(2017, 3, 1))
    return dataclasses.replace(record, patient=patient)


def neck_plan() -> PlanRecord:
    return adult_library_record("template.cervical_torticollis", pull_side=Side.RIGHT)


PLANS: dict[str, tuple[Callable[[], PlanRecord], Audience]] = {
    "school: child GMFCS I-II": (lambda: shared_exercises(child_plan(), Audience.SCHOOL), Audience.SCHOOL),
    "work: adult neck": (lambda: shared_exercises(neck_plan(), Audience.WORK), Audience.WORK),
    "family: adult neck": (neck_plan, Audience.FAMILY),
}


@pytest.mark.parametrize("plan", PLANS)
def test_two_or_three_drawn_exercises_fit_a_page(plan: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a realistic plan with a drawing beside every exercise, each page of the exercises holds at
    least two of them (the last page of the section may hold one), read back page by page."""
    every_item_drawn(monkeypatch)
    make, audience = PLANS[plan]
    record = make()
    renderer = _renderer(record, audience)
    exercises = [item.title for _i, item in renderer.items_of(Kind.EXERCISE)]
    assert len(exercises) >= 4, exercises
    pages = [words(t) for t in page_texts(renderer.render())]
    per_page: dict[int, int] = {}
    for title in exercises:
        # The exercise's heading is followed by its words ("Side:", "What to do:"...) on its page.
        found = [n for n, text in enumerate(pages) if f"{words(title)} " in text]
        assert found, title
        per_page[found[-1]] = per_page.get(found[-1], 0) + 1
    counts = [per_page[n] for n in sorted(per_page)]
    assert all(count >= 2 for count in counts[:-1]), counts
    assert len(exercises) / len(counts) >= 2, counts


def _renderer(record: PlanRecord, audience: Audience) -> HandoutRenderer:
    from careplan.export import renderer_class

    return renderer_class(audience)(record, generated_on=TODAY)


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_the_steps_beside_a_drawing_are_never_cut_at_its_foot(plan: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """ReportLab flows the lines that do not fit beside a picture under it, full width, after the rest of
    the picture's height: a list of steps then broke in two ("5." a line below "4." as if a new list
    began).  Each block of words that reaches the picture's foot stays whole beside it; read back from
    the flowables laid out on the pages (only a block that would not fit on the page is cut)."""
    from reportlab.platypus import Paragraph

    from careplan.export.renderer import PictureBeside

    every_item_drawn(monkeypatch)
    make, audience = PLANS[plan]
    renderer = _renderer(make(), audience)
    drawn: list[PictureBeside] = []
    original = PictureBeside.drawOn

    def record(self: PictureBeside, *args: Any, **kwargs: Any) -> None:
        drawn.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(PictureBeside, "drawOn", record)
    renderer.render()
    assert len(drawn) >= 4
    whole = [p for p in drawn if p._fixed != -1]
    assert len(whole) >= len(drawn) - 1, "more than one item cut at a page foot"
    for picture in whole:
        beside = [f for f in picture._C0 if isinstance(f, Paragraph)]
        assert all(f in picture._content for f in beside), "a block beside the picture is a piece of one"

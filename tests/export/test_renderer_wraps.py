"""A handout's paragraphs are broken into lines once per width (``careplan.export.renderer.HandoutParagraph``),
and the pages are the very same bytes as when every wrap breaks them again."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from careplan.core.enums import Audience
from careplan.export import fonts, render_handout
from careplan.export.renderer import HandoutParagraph

from handout_samples import adult_neck_record, rich_record

TODAY = dt.date(2026, 11, 30)
TEXT = "Sit tall with your back against the chair. Gently draw the chin back, as if making a double chin, then relax."


@pytest.fixture
def breaks(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The widths each paragraph was broken into lines for (ReportLab's ``breakLines``)."""
    widths: list[float] = []
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: object) -> object:
        widths.append(self.width)
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    return widths


def _style(**extra: object) -> ParagraphStyle:
    return ParagraphStyle("t", **{"fontName": fonts.register_fonts(), "fontSize": 10, "leading": 13, **extra})


def test_a_second_wrap_at_the_same_width_breaks_nothing(breaks: list[float]) -> None:
    para = HandoutParagraph(TEXT, _style())
    first = para.wrap(120, 500)
    lines = para.blPara
    assert para.wrap(120, 500) == first and para.wrap(120, 9) == first  # the height given does not matter
    assert para.blPara is lines and breaks == [120]
    assert para.wrap(300, 500) != first and breaks == [120, 300]  # another width: broken again
    assert para.wrap(120, 500) == first and breaks == [120, 300, 120]
    plain = Paragraph(TEXT, _style())
    assert plain.wrap(120, 500) == first


def test_a_changed_paragraph_is_broken_again(breaks: list[float]) -> None:
    para = HandoutParagraph(TEXT, _style())
    para.wrap(120, 500)
    para.__init__("Short now.", para.style)  # what the glossary does to a paragraph it explains
    assert para.wrap(120, 500)[1] == 13 and breaks == [120, 120]
    para.style = _style(leading=20)
    assert para.wrap(120, 500)[1] == 20 and len(breaks) == 3
    assert para.split(120, 10) == []  # no room: ReportLab drops the lines it had
    para.wrap(120, 500)
    assert len(breaks) == 4


def test_pieces_of_a_split_are_wrapped_as_reportlab_leaves_them(breaks: list[float]) -> None:
    para = HandoutParagraph(TEXT, _style())
    para.wrap(120, 500)
    first, rest = para.split(120, 30)
    assert type(first) is HandoutParagraph and first.wrap(120, 500)[1] == 26  # two lines, then the rest
    assert rest.wrap(120, 500)[1] == para.height - 26


def test_no_room_at_all_is_answered_as_reportlab_does(breaks: list[float]) -> None:
    para = HandoutParagraph(TEXT, _style())
    assert para.wrap(0, 500) == para.wrap(0, 500) == Paragraph(TEXT, _style()).wrap(0, 500)
    assert para.wrap(120, 500) == Paragraph(TEXT, _style()).wrap(120, 500)
    assert para.wrap(0, 500)[0] == 0 and para.wrap(120, 500)[0] == 120


def test_right_to_left_lines_are_broken_every_time(breaks: list[float]) -> None:
    """Drawing reverses a right-to-left paragraph's lines in place: never used again."""
    para = HandoutParagraph(TEXT, _style(wordWrap="RTL"))
    para.wrap(120, 500)
    para.wrap(120, 500)
    assert breaks == [120, 120]


@pytest.mark.parametrize(
    ("record", "audience", "large"),
    [
        pytest.param(rich_record, Audience.FAMILY, False, id="family"),
        pytest.param(rich_record, Audience.FAMILY, True, id="family-large"),
        pytest.param(rich_record, Audience.SCHOOL, False, id="school"),
        pytest.param(rich_record, Audience.CLINICIAN, False, id="clinician"),
        pytest.param(adult_neck_record, Audience.FAMILY, False, id="neck-family-drawings"),
        pytest.param(adult_neck_record, Audience.WORK, True, id="neck-work-large"),
    ],
)
def test_the_pages_are_the_same_bytes_as_with_every_wrap_done_again(
    monkeypatch: pytest.MonkeyPatch, breaks: list[float], record: object, audience: Audience, large: bool
) -> None:
    made = record()  # type: ignore[operator]
    kept = render_handout(made, audience, generated_on=TODAY, large_print=large)
    once = len(breaks)
    monkeypatch.setattr(HandoutParagraph, "_unchanged_since_wrap", lambda self, width: False)
    assert render_handout(made, audience, generated_on=TODAY, large_print=large) == kept
    assert len(breaks) - once > 1.5 * once  # the lines kept were most of the work


def test_the_words_at_a_pictures_foot_are_split_once_for_each_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """``PictureBeside`` keeps ReportLab's split of the words beside a picture (``_findSplit``, which
    deep-copies the paragraph it cuts) for as long as the width and the picture's height stay the same:
    a frame that offers another page height finds the very same split."""
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import ImageAndFlowables, flowables

    from careplan.export.figures import FigureFlowable
    from careplan.export.renderer import PictureBeside

    copies: list[object] = []
    original = flowables.cdeepcopy

    def counting(obj: object) -> object:
        copies.append(obj)
        return original(obj)

    monkeypatch.setattr(flowables, "cdeepcopy", counting)
    canvas = Canvas(io.BytesIO())

    def made(kind: type[ImageAndFlowables]) -> ImageAndFlowables:
        words = [HandoutParagraph(" ".join([TEXT] * 4), _style())]
        return kind(FigureFlowable(Drawing(80, 60)), words, imageSide="right")

    kept = made(PictureBeside)
    sizes = [kept.wrapOn(canvas, 300, height) for height in (700, 500, 300, 700)]
    assert len(copies) == 1  # ReportLab's own container copies on every wrap: 4 here
    copies.clear()
    fresh = [made(PictureBeside).wrapOn(canvas, 300, height) for height in (700, 500, 300, 700)]
    assert sizes == fresh and len(copies) == 4
    copies.clear()
    plain = made(ImageAndFlowables)
    for height in (700, 500, 300):
        plain.wrapOn(canvas, 300, height)
    assert len(copies) == 3
    assert kept.wrapOn(canvas, 250, 700) != sizes[0] and len(copies) == 4  # another width: split again

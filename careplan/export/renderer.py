"""The handout renderer: a class with small overridable steps, one subclass per audience.

Modelled on pretix's invoice renderer: ``render()`` registers fonts, builds a
stylesheet, checks the photos, lays out a story of flowables on page templates
that paint the header and footer, and returns the PDF bytes.  A numbered
canvas adds "Page x of y".  Subclasses (``FamilyHandout``, ``SchoolHandout``,
``ClinicianSummary``) supply the story and their wording.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ImageAndFlowables,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import _listWrapOn

from careplan.core.action_plan import PersonalActionPlan
from careplan.core.audience import NAME_ONLY, HandoutPrivacy, fitting_audiences, items_for
from careplan.core.day_plan import who_words
from careplan.core.enums import Audience, Kind, Side
from careplan.core.glossary import explain_first
from careplan.core.model import AppliedCaution, ClinicDetails, Intervention, PlanRecord
from careplan.core.stop_box import StopBox, stop_box
from careplan.core.wording import dosage_sentence
from careplan.export import fonts
from careplan.export.errors import HandoutError
from careplan.export.images import CheckedImage, check_image
from careplan.export.pagecanvas import NumberedCanvas
from careplan.export.text import clean, markup, one_line, short_date

PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}

#: Large print multiplies every type size by this (at least 1.3: 12 pt body becomes 16 pt).
LARGE_PRINT_SCALE = 4 / 3

LANGUAGE = "en-GB"
#: The action plan is shrunk at most to this scale to keep it on one page (below it, it runs on).
ACTION_PLAN_MIN_SCALE = 0.85

#: A markup tag (left alone by the glossary).
_TAG = re.compile(r"(<[^>]*>)")

#: Where the stop box points for the dystonia action plan when its page is the handout's last.
LAST_PAGE = "on the last page"

#: No letterhead (ClinicDetails is frozen, so one shared default is safe).
NO_CLINIC = ClinicDetails()


@dataclass(frozen=True, slots=True)
class TypeSizes:
    """Type sizes in points; ``scaled`` makes the large-print set."""

    body: float = 12
    small: float = 10.5
    title: float = 22
    subtitle: float = 14
    h2: float = 16
    h3: float = 13
    table: float = 11
    footer: float = 9
    letterhead: float = 15

    def scaled(self, factor: float) -> TypeSizes:
        return TypeSizes(**{f.name: getattr(self, f.name) * factor for f in fields(self)})


class Palette:
    ink = colors.HexColor("#1d2733")
    muted = colors.HexColor("#4f5b66")
    primary = colors.HexColor("#1f5f7a")
    tint = colors.HexColor("#eaf3f7")
    tint_strong = colors.HexColor("#d3e6ee")
    rule = colors.HexColor("#9fbfcc")
    grid = colors.HexColor("#c4d6de")
    warn_bg = colors.HexColor("#fff4e3")
    warn_border = colors.HexColor("#d9822b")
    warn_ink = colors.HexColor("#6b3500")
    confidential = colors.HexColor("#a1001b")
    confidential_bg = colors.HexColor("#fdeef0")
    white = colors.white


class HandoutParagraph(Paragraph):
    """A Paragraph that is not broken into lines again for the width it was last broken for.

    Laying out a handout wraps most paragraphs several times at one width: a frame wraps a
    flowable, then splits it, then draws it; a picture's words are measured beside it block by
    block (``PictureBeside``); tables measure their cells for each page.  On the family handout of
    docs/examples/plans/neck-adult.json 336 of 481 paragraph wraps were such repeats.  The lines
    depend only on the text (``frags``), the style and the width, so the lines of the last wrap are
    used again while all three are the very same objects.  Not for right-to-left, left-to-right or
    CJK wrapping (a ``wordWrap`` style), whose drawing reorders the lines in place."""

    #: What the last wrap was given and left: (width, frags, style, lines, height); None: nothing to reuse.
    _wrapped: tuple[float, object, object, object, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._unchanged_since_wrap(availWidth):
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")  # none when the width was too narrow to wrap at all
        kept = not self.style.wordWrap and lines is not None and self.__dict__.get("width") == availWidth
        self._wrapped = (availWidth, self.frags, self.style, lines, height) if kept else None
        return width, height

    def _unchanged_since_wrap(self, width: float) -> bool:
        """Whether the last wrap was for ``width`` and nothing it used or left has changed since: the
        very same text, style and lines (a split deletes the lines; ReportLab gives the pieces of a
        split lines and a height of their own), the same width and height."""
        last = self._wrapped
        if last is None:
            return False
        wrapped_width, frags, style, lines, height = last
        state = self.__dict__
        return (
            wrapped_width == width
            and frags is self.frags
            and style is self.style
            and lines is state.get("blPara")
            and state.get("width") == width
            and state.get("height") == height
        )


class RuledHeading(HandoutParagraph):
    """A section heading with a thin rule under it."""

    rule_color = Palette.rule

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.rule_color)
        canvas.setLineWidth(0.8)
        y = -0.3 * self.style.fontSize
        canvas.line(0, y, self.width, y)
        canvas.restoreState()


class KeepShortTogether(KeepTogether):
    """Kept on one page when at most ``limit`` points tall; a taller block flows on from where it
    is (its headings still kept with what follows them) instead of leaving the page blank below."""

    def __init__(self, flowables: Sequence[Flowable], limit: float) -> None:
        super().__init__(list(flowables))
        self.limit = limit

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self.limit < self._H:
            # Too tall to move whole: flow on from here.  The first piece returned is placed as it
            # is; an action first lets ReportLab keep the heading with what follows it.
            return [self.NullActionFlowable(), *_heading_with_picture(self._content)]
        return list(super().split(aW, aH))


class PictureBeside(ImageAndFlowables):
    """A picture at the right of an item's words (ImageAndFlowables), the words beside it taking only
    the height they use.

    ReportLab rounds the room beside the picture up to a whole line; when the paragraph there then
    splits a line earlier (no widows), a blank line was left between the words beside the picture
    and those under it, as if the list of steps had ended.  And it cuts the block of words that
    reaches the picture's foot: here that block stays whole beside the picture (``_fixed``)."""

    # Set by ImageAndFlowables.wrap (untyped there): the words beside the picture, those under it.
    _C0: list[Flowable]
    _C1: list[Flowable]
    height: float
    #: How many blocks stay beside the picture: None, chosen in ``wrap``; a number, for the part of a
    #: split item placed on a page (the split counted on it); -1, ReportLab's own arrangement.
    _fixed: int | None = None
    #: Whether ``wrap`` kept whole blocks beside the picture (then ``split`` keeps them so too).
    _whole = False
    #: ReportLab's split of the words at the picture's foot, and what it was found for (see _findSplit).
    _found: tuple[tuple[float, float], Any] | None = None

    def _findSplit(
        self,
        canv: Any,
        availWidth: float,
        availHeight: float,
        mergeSpace: int = 1,
        obj: Any = None,
        content: Any = None,
        paraFix: bool = True,
    ) -> Any:
        """ReportLab's split of the words beside the picture (``_FindSplitterMixin``), found once for a
        width and a picture height.  ``ImageAndFlowables.wrap`` looks for it on every wrap with another
        page height, though it depends on neither, and each time deep-copies the paragraph it splits
        (a child's family handout wrapped its 8 pictures 30 times: 21 copies, 18 ms).  The same
        arguments give the same split, so the pieces found first serve again."""
        usual = mergeSpace == 1 and obj is None and content is None and paraFix
        if not usual:
            return super()._findSplit(canv, availWidth, availHeight, mergeSpace, obj, content, paraFix)
        key = (availWidth, availHeight)
        if self._found is None or self._found[0] != key:
            self._found = (key, super()._findSplit(canv, availWidth, availHeight))
        return self._found[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        super().wrap(availWidth, availHeight)
        self._whole = self._fixed != -1 and (self._fixed is not None or bool(self._C0 and self._C1))
        if self._whole:
            self._whole = self._whole_blocks_beside(availHeight)
        if self._whole:
            return self.width, self.height
        if self._C0:
            used = _listWrapOn(self._C0, self._iW, self.canv)[1]
            needed = max(self._itpad + self._hI + self._ibpad, used)
            given: float = getattr(self, "_aH")  # noqa: B009 - set by ImageAndFlowables.wrap, untyped
            if needed < given:
                self.height -= given - needed
                self._aH = needed
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if not self._whole:
            pieces = super().split(availWidth, availHeight)
            if pieces:
                pieces[0].__class__ = PictureBeside  # the part placed here keeps the fix
                pieces[0]._fixed = -1
            return pieces
        if self._aH > availHeight:
            return []
        under = self._C1
        parts = under[0].split(availWidth, availHeight - self._aH) if under else []
        first, rest = ([parts[0]], [*parts[1:], *under[1:]]) if parts else ([], under)
        piece = PictureBeside(
            self._I,
            [*self._C0, *first],
            imageLeftPadding=self._ilpad,
            imageRightPadding=self._irpad,
            imageTopPadding=self._itpad,
            imageBottomPadding=self._ibpad,
            imageSide=self._side,
        )
        piece._fixed = len(self._C0)
        return [piece, *rest]

    def _whole_blocks_beside(self, availHeight: float) -> bool:
        """Never cut one block of words (the steps, a caution) at the picture's foot.

        ReportLab flows the lines that do not fit beside the picture under it, full width: a list of
        steps broke in two with the rest of the picture's height as a gap ("5." a line below "4." as
        if a new list began: seen on the family and school handouts).  Here the block that reaches
        the picture's foot stays whole beside it, and the blocks after it go under the picture; when
        that block would not fit on the page, ReportLab's own split stands."""
        picture = self._itpad + self._hI + self._ibpad
        content = list(self._content)
        k = self._fixed or 0
        if k:
            beside = _listWrapOn(content[:k], self._iW, self.canv)[1]
        else:
            for k in range(1, len(content) + 1):
                beside = _listWrapOn(content[:k], self._iW, self.canv)[1]
                if beside >= picture or k == len(content):
                    break
            if beside > availHeight:
                _listWrapOn(self._C0, self._iW, self.canv)  # the pieces placed, wrapped as ReportLab left them
                return False
        self._C0, self._C1 = content[:k], content[k:]
        if self._C1:  # the space between the last block beside and the first one under the picture
            beside += max(self._C0[-1].getSpaceAfter(), self._C1[0].getSpaceBefore())
        self._aH = max(picture, beside)
        self.height = self._aH + (_listWrapOn(self._C1, self.width, self.canv)[1] if self._C1 else 0.0)
        return True


class KeepWithPicture(KeepTogether):
    """Headings and the picture beside text that follows them (``ImageAndFlowables``): they start on
    the same page, with the lines beside the picture; the text under the picture may run on.

    ReportLab never keeps a heading with an ``ImageAndFlowables`` (a container), and a picture that
    does not fit moves on whole: a heading was left alone at a page foot, its drawing on the next
    page.  Moving the whole block instead would leave most of a page blank before a long item."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        *heads, picture = self._content
        lead = sum(f.wrapOn(self.canv, aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in heads)
        picture.wrapOn(self.canv, aW, aH)
        # the picture itself (the words beside it may run on under it when the page ends)
        lead += picture.getSpaceBefore() + picture._itpad + picture._hI + picture._ibpad
        frame = getattr(self, "_frame", None)
        if lead > aH and not (frame is not None and getattr(frame, "_atTop", False)):
            return [self.FrameBreak(), *self._content]
        return [self.NullActionFlowable(), *self._content]


def _heading_with_picture(flowables: Sequence[Flowable]) -> list[Flowable]:
    """``flowables`` with each picture beside text joined to the headings just before it."""
    out: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, ImageAndFlowables):
            start = len(out)
            while start > 0 and _keeps_with_next(out[start - 1]):
                start -= 1
            if start < len(out):
                flowable = KeepWithPicture([*out[start:], flowable])
                del out[start:]
        out.append(flowable)
    return out


class HandoutRenderer:
    """Builds one handout for one audience. Override the ``_get_*`` and ``_on_*`` steps."""

    audience: ClassVar[Audience]
    #: Words after the person's name in the footer and metadata, e.g. "care plan for home".
    label: ClassVar[str]
    base_sizes: ClassVar[TypeSizes] = TypeSizes()
    supports_large_print: ClassVar[bool] = True
    palette: ClassVar[type[Palette]] = Palette

    def __init__(
        self,
        record: PlanRecord,
        clinic: ClinicDetails = NO_CLINIC,
        *,
        paper: str = "A4",
        large_print: bool = False,
        cautions: Sequence[AppliedCaution] = (),
        generated_on: dt.date | None = None,
        action_plan: PersonalActionPlan | None = None,
        privacy: HandoutPrivacy = NAME_ONLY,
        draft: bool = False,
    ) -> None:
        pagesize = PAPER_SIZES.get(str(paper).strip().lower())
        if pagesize is None:
            raise HandoutError(f"Paper size '{paper}' is not available: choose A4 or Letter.")
        if large_print and not self.supports_large_print:
            raise HandoutError(f"Large print is available for the family and school handouts, not the {self.label}.")
        self.record = record
        self.plan = record.plan
        self.patient = record.patient
        self.clinic = clinic
        self.pagesize = pagesize
        self.large_print = large_print
        self.cautions = tuple(cautions)
        self.action_plan = action_plan
        self.privacy = privacy
        self.draft = draft
        self.generated_on = generated_on or dt.date.today()
        self.sizes = self.base_sizes.scaled(LARGE_PRINT_SCALE) if large_print else self.base_sizes
        self.items: tuple[Intervention, ...] = items_for(self.plan, self.audience)
        self.width = 0.0
        self.frame_height = 0.0
        self.styles = StyleSheet1()
        self.photos: dict[int, CheckedImage] = {}
        self.logo: CheckedImage | None = None
        self._bookmarks: list[str] = []
        self.frame_edges: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
        #: Where the stop box says the action plan page is, and where the last layout put it.
        self.action_plan_where = LAST_PAGE
        self._action_plan_page: int | None = None
        self._page_count = 0
        #: Glossary terms already explained on this handout (lower case), filled as text is set.
        self._glossed: set[str] = set()

    # ----------------------------------------------------------------- the steps

    def render(self) -> bytes:
        self._register_fonts()
        self.styles = self._get_stylesheet()
        self._check_images()
        pdf = self._build()
        # The stop box says where the action plan page is: "on the last page" holds for every
        # handout that prints it last; otherwise it names the page and lays out again (the
        # number can move a line, so until it stays put; twice is the most seen).
        for _ in range(3):
            page = self._action_plan_page
            if page is None:
                break
            where = LAST_PAGE if page == self._page_count else f"on page {page}"
            if where == self.action_plan_where:
                break
            self.action_plan_where = where
            pdf = self._build()
        return pdf

    def _build(self) -> bytes:
        """Lay out the story once and return the PDF."""
        self._bookmarks = []
        self._action_plan_page = None
        self._glossed = set()
        buffer = io.BytesIO()
        doc = self._get_document(buffer)
        self.width = doc.width
        self.frame_height = doc.height
        story = self._with_plan_cautions(self._get_story(doc))
        self._gloss_story(story)
        story = keep_tables_with_headings(keep_with_next(story))
        doc.build(
            story,
            canvasmaker=functools.partial(
                NumberedCanvas, paint_page_number=self._on_page_count, watermark="DRAFT" if self.draft else None
            ),
        )
        return buffer.getvalue()

    def _register_fonts(self) -> None:
        fonts.register_fonts()

    def _get_stylesheet(self) -> StyleSheet1:
        s = self.sizes
        p = self.palette
        sheet = StyleSheet1()
        base = ParagraphStyle(
            "body",
            fontName=fonts.REGULAR,
            fontSize=s.body,
            leading=s.body * 1.4,
            textColor=p.ink,
            bulletFontName=fonts.REGULAR,
            bulletFontSize=s.body,
            spaceAfter=s.body * 0.5,
            allowWidows=0,
        )
        sheet.add(base)

        def add(name: str, **kw: Any) -> None:
            sheet.add(ParagraphStyle(name, parent=sheet[kw.pop("parent", "body")], **kw))

        add(
            "title",
            fontName=fonts.BOLD,
            fontSize=s.title,
            leading=s.title * 1.2,
            textColor=p.primary,
            spaceAfter=s.title * 0.2,
        )
        add("subtitle", fontSize=s.subtitle, leading=s.subtitle * 1.3, textColor=p.muted, spaceAfter=s.body)
        add(
            "h2",
            fontName=fonts.BOLD,
            fontSize=s.h2,
            leading=s.h2 * 1.25,
            textColor=p.primary,
            spaceBefore=s.h2 * 1.1,
            spaceAfter=s.h2 * 0.7,
            keepWithNext=1,
        )
        add(
            "h3",
            fontName=fonts.BOLD,
            fontSize=s.h3,
            leading=s.h3 * 1.3,
            spaceBefore=s.h3 * 0.6,
            spaceAfter=s.h3 * 0.3,
            keepWithNext=1,
        )
        # A label under a heading ("Away from home", "Side: left"): kept with what it labels, or the
        # heading and its label stood alone at a page foot (large print).
        add(
            "meta",
            fontSize=s.small,
            leading=s.small * 1.35,
            textColor=p.muted,
            spaceAfter=s.small * 0.6,
            keepWithNext=1,
        )
        add("small", fontSize=s.small, leading=s.small * 1.35, spaceAfter=s.small * 0.4)
        add(
            "notice",
            fontSize=s.small,
            leading=s.small * 1.4,
            textColor=p.muted,
            fontName=fonts.ITALIC,
            spaceBefore=s.body,
        )
        add("bullet", leftIndent=s.body * 1.3, bulletIndent=s.body * 0.3, spaceAfter=s.body * 0.3)
        add("cell", fontSize=s.table, leading=s.table * 1.3, spaceAfter=0, bulletFontSize=s.table)
        add("cell_bold", parent="cell", fontName=fonts.BOLD)
        add("cell_quiet", parent="cell", textColor=p.muted)
        add("cell_head", parent="cell", fontName=fonts.BOLD, textColor=p.primary)
        add("cell_center", parent="cell", alignment=TA_CENTER)
        add("cell_head_center", parent="cell_head", alignment=TA_CENTER)
        add("cell_bullet", parent="cell", leftIndent=s.table * 1.1, bulletIndent=s.table * 0.2)
        add(
            "letterhead_name",
            fontName=fonts.BOLD,
            fontSize=s.letterhead,
            leading=s.letterhead * 1.25,
            textColor=p.primary,
            spaceAfter=2,
        )
        add("letterhead", fontSize=s.small, leading=s.small * 1.35, textColor=p.muted, spaceAfter=0)
        add("warn_head", fontName=fonts.BOLD, fontSize=s.h3, leading=s.h3 * 1.3, textColor=p.warn_ink, spaceAfter=0)
        add(
            "warn",
            parent="cell",
            fontSize=s.body,
            leading=s.body * 1.35,
            bulletFontSize=s.body,
            leftIndent=s.body * 1.2,
            bulletIndent=s.body * 0.1,
        )
        add(
            "action_title",
            fontName=fonts.BOLD,
            fontSize=s.h2 * 1.15,
            leading=s.h2 * 1.35,
            textColor=p.primary,
            spaceAfter=s.small * 0.4,
        )
        add(
            "small_bullet",
            parent="cell_bullet",
            fontSize=s.small,
            leading=s.small * 1.25,
            bulletFontSize=s.small,
        )
        add(
            "take_care",
            textColor=p.warn_ink,
            backColor=p.warn_bg,
            borderColor=p.warn_border,
            borderWidth=0.8,
            borderPadding=(s.body * 0.35, s.body * 0.5, s.body * 0.35, s.body * 0.5),
            spaceBefore=s.body * 0.35,
            spaceAfter=s.body * 0.8,
            leftIndent=s.body * 0.5,
            rightIndent=s.body * 0.5,
        )
        return sheet

    def _check_images(self) -> None:
        """Decode every photo this handout prints before layout, so a bad one is named clearly."""
        self.logo = check_image(self.clinic.logo, "the clinic logo in the settings")
        for index, item in enumerate(self.plan.interventions):
            if item.photo is not None and item.is_for(self.audience):
                checked = check_image(item.photo, f"the photo attached to '{one_line(item.title)}'")
                if checked is not None:
                    self.photos[index] = checked

    def _get_document(self, buffer: io.BytesIO) -> BaseDocTemplate:
        page_height = self.pagesize[1]
        side = 2.0 * cm
        top_first = 1.5 * cm
        self.header_height = self.sizes.footer * 2.6
        top_later = 1.4 * cm + self.header_height
        bottom = 1.4 * cm + self.sizes.footer * 3.4
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=side,
            rightMargin=side,
            topMargin=top_later,
            bottomMargin=bottom,
            title=self._get_title(),
            author=self._get_author(),
            subject=one_line(self.plan.title),
            creator="Careplan",
            keywords=["care plan", "dystonia", self.audience.value],
            lang=LANGUAGE,
            displayDocTitle=True,
            initialFontName=fonts.REGULAR,
            initialFontSize=self.sizes.body,
        )
        frame_args: dict[str, Any] = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        first = Frame(side, bottom, doc.width, page_height - top_first - bottom, id="first", **frame_args)
        later = Frame(side, bottom, doc.width, doc.height, id="later", **frame_args)
        #: Where the body is laid out (points from the page foot): read back by the layout tests.
        self.frame_edges = (side, bottom, page_height - top_first, page_height - top_later)
        doc.afterFlowable = functools.partial(self._bookmark_heading, doc)
        doc.addPageTemplates(
            [
                PageTemplate(
                    id="first",
                    frames=[first],
                    onPage=self._on_first_page,
                    autoNextPageTemplate="later",
                    pagesize=self.pagesize,
                ),
                PageTemplate(id="later", frames=[later], onPage=self._on_page, pagesize=self.pagesize),
            ]
        )
        return doc

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        raise NotImplementedError

    #: Paragraph styles of page titles and section headings, each a PDF bookmark.
    BOOKMARKED_STYLES = frozenset({"title", "action_title", "h2", "h2_long"})

    def _bookmark_heading(self, doc: BaseDocTemplate, flowable: Flowable) -> None:
        """Make each section heading a PDF bookmark (the outline a reader's side panel shows),
        on the page where it was drawn: ReportLab calls this after placing each flowable."""
        if not isinstance(flowable, Paragraph) or flowable.style.name not in self.BOOKMARKED_STYLES:
            return
        if flowable.style.name == "action_title" and self._action_plan_page is None:
            self._action_plan_page = doc.page
        canvas = doc.canv
        key = f"section-{len(self._bookmarks)}"
        self._bookmarks.append(key)
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(flowable.getPlainText(), key, level=0)
        canvas.showOutline()

    # ------------------------------------------------------- header and footer

    def _on_first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._paint_footer(canvas, doc)

    def _on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._paint_header(canvas, doc)
        self._paint_footer(canvas, doc)

    def _paint_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        size = self.sizes.footer
        y_rule = doc.pagesize[1] - doc.topMargin + size * 1.2
        y_text = y_rule + size * 0.55
        left, right_text = self.header_texts()
        wide = fonts.string_width(left, fonts.BOLD, size) + fonts.string_width(right_text, fonts.REGULAR, size)
        # Both on one line where they fit; else (large print, a long name) the clinic goes on a line
        # above, so the person's name is printed whole.
        y_right = y_text if wide + size * 2 <= doc.width else y_text + size * 1.25
        canvas.saveState()
        canvas.setFillColor(self.palette.muted)
        fonts.draw_string(canvas, doc.leftMargin, y_text, _fit(left, fonts.BOLD, size, doc.width), fonts.BOLD, size)
        if right_text:
            right = _fit(right_text, fonts.REGULAR, size, doc.width)
            fonts.draw_string(canvas, doc.leftMargin + doc.width, y_right, right, fonts.REGULAR, size, right=True)
        canvas.setStrokeColor(self.palette.rule)
        canvas.setLineWidth(0.6)
        canvas.line(doc.leftMargin, y_rule, doc.leftMargin + doc.width, y_rule)
        canvas.restoreState()

    def _footer_baseline(self) -> float:
        return 1.4 * cm

    def _paint_footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        size = self.sizes.footer
        y_text = self._footer_baseline()
        y_rule = y_text + size * 1.4
        self._footer_geometry = (doc.leftMargin, doc.width)
        canvas.saveState()
        canvas.setStrokeColor(self.palette.rule)
        canvas.setLineWidth(0.6)
        canvas.line(doc.leftMargin, y_rule, doc.leftMargin + doc.width, y_rule)
        canvas.setFillColor(self.palette.muted)
        page_label_width = stringWidth("Page 999 of 999", fonts.BOLD, size) + size
        for n, line in enumerate(self._footer_lines(doc.width - page_label_width)):
            fonts.draw_string(canvas, doc.leftMargin, y_text - n * size * 1.25, line, fonts.REGULAR, size)
        canvas.restoreState()

    def header_texts(self) -> tuple[str, str]:
        """The running header of pages after the first: who and what at the left, the clinic (or the
        therapist) at the right."""
        right = one_line(self.clinic.name) or one_line(self.plan.therapist.name)
        return f"{self.person_name} · {self.label}", right

    def footer_text(self) -> str:
        """What the footer says at the left of every page (the page number is at its right)."""
        return f"{self.person_name} · {self.label} · printed {short_date(self.generated_on)}"

    def _footer_lines(self, width: float) -> list[str]:
        """The footer on one line, or where large print makes it too wide, on two (who and what,
        then the date), so it prints whole; only a name too long for a whole line is cut."""
        size = self.sizes.footer
        text = self.footer_text()
        if fonts.string_width(text, fonts.REGULAR, size) <= width:
            return [text]
        first, _, printed = text.rpartition(" · ")
        return [_fit(f"{first} ·", fonts.REGULAR, size, width), printed]

    def _on_page_count(self, canvas: Canvas, page: int, total: int) -> None:
        """Called once per page when the page count is known: "Page x of y" at the footer's right."""
        self._page_count = total
        left, width = self._footer_geometry
        size = self.sizes.footer
        canvas.saveState()
        canvas.setFillColor(self.palette.muted)
        canvas.setFont(fonts.BOLD, size)
        canvas.drawRightString(left + width, self._footer_baseline(), f"Page {page} of {total}")
        canvas.restoreState()

    # ------------------------------------------------------------- metadata

    @property
    def person_name(self) -> str:
        return one_line(self.patient.full_name)

    @property
    def given_name(self) -> str:
        return one_line(self.patient.given_name) or self.person_name

    def _get_title(self) -> str:
        return f"{self.person_name}: {self.label}"

    def _get_author(self) -> str:
        return one_line(self.plan.therapist.name) or one_line(self.clinic.name) or "Careplan"

    def therapist_words(self) -> str:
        """ "Jo Patel (Neurophysiotherapist)", else the clinic, else ``unnamed_therapist``."""
        t = self.plan.therapist
        name = one_line(t.name)
        if not name:
            return one_line(self.clinic.name) or self.unnamed_therapist()
        return f"{name} ({one_line(t.role)})" if t.role else name

    def unnamed_therapist(self) -> str:
        """The therapist when no name is on file: "your therapist" only where the reader is the
        family; a school or a colleague reads "Amira's therapist"."""
        return "your therapist" if self.audience is Audience.FAMILY else f"{self.given_name}'s therapist"

    def contact_words(self) -> str:
        t = self.plan.therapist
        who = one_line(t.name) or one_line(self.clinic.name) or self.unnamed_therapist()
        ways = [f"on {one_line(t.phone)}" if t.phone else "", one_line(t.email)]
        if not any(ways):
            ways = [f"on {one_line(self.clinic.phone)}" if self.clinic.phone else "", one_line(self.clinic.email)]
        ways = [w for w in ways if w]
        return f"{who} {' or '.join(ways)}" if ways else who

    # ------------------------------------------------------ flowable helpers

    #: Styles of the text a reader reads through (glossary terms explained at their first use);
    #: titles, section headings, table heads and notes name things and are left as they are.
    GLOSSED_STYLES = frozenset(
        {"body", "h3", "cell", "cell_bold", "small", "bullet", "cell_bullet", "warn", "take_care", "small_bullet"}
    )

    def gloss(self, markup_text: str) -> str:
        """``markup_text`` with each technical word not yet explained on this handout followed by
        its plain words in brackets (``careplan.core.glossary``); tags are never touched."""
        out: list[str] = []
        bold = 0
        for i, part in enumerate(_TAG.split(markup_text)):
            if i % 2:
                tag = part.lower().replace(" ", "")
                bold += 1 if tag == "<b>" else -1 if tag == "</b>" else 0
                out.append(part)
            else:
                # In bold type (a title), the plain words are set in ordinary type.
                wrap = (lambda added: f"</b>{added}<b>") if bold > 0 else str
                out.append(explain_first(part, self._glossed, wrap))
        return "".join(out)

    def _gloss_story(self, flowables: Iterable[Any]) -> None:
        """Explain each technical word at its first use, in the order the story prints (not the
        order its parts were made): paragraphs, table cells, kept-together blocks and text
        beside photos.  The clinician summary is for colleagues and is left as written."""
        if self.audience is Audience.CLINICIAN:
            return
        for flowable in flowables:
            if isinstance(flowable, Paragraph):
                if flowable.style.name in self.GLOSSED_STYLES:
                    glossed = self.gloss(flowable.text)
                    if glossed != flowable.text:
                        flowable.__init__(glossed, flowable.style, bulletText=flowable.bulletText)
            elif isinstance(flowable, Table):
                self._gloss_story(cell for row in flowable._cellvalues for cell in row)
            elif isinstance(flowable, (KeepTogether, ImageAndFlowables, KeepInFrame)):
                self._gloss_story(flowable._content)
            elif isinstance(flowable, (list, tuple)):
                self._gloss_story(flowable)

    def para(self, text: str | None, style: str = "body") -> Paragraph:
        """A Paragraph of user text (normalised and escaped here)."""
        return HandoutParagraph(markup(text), self._keeping(self.styles[style], text))

    def raw(self, markup_text: str, style: str = "body", *, keep_with_next: bool = False) -> Paragraph:
        """A Paragraph of markup the program wrote (user parts already passed through ``markup``)."""
        paragraph = HandoutParagraph(markup_text, self.styles[style])
        if keep_with_next:
            paragraph.keepWithNext = 1
        return paragraph

    def labelled(self, label: str, text: str | None, style: str = "body") -> Paragraph:
        """``<b>Label:</b> user text``."""
        return HandoutParagraph(f"<b>{label}</b> {markup(text)}", self.styles[style])

    def heading(self, text: str) -> Paragraph:
        return RuledHeading(markup(text), self._keeping(self.styles["h2"], text))

    #: A heading longer than this is not kept with what follows it.
    KEEP_WITH_NEXT_MAX = 300

    def _keeping(self, style: ParagraphStyle, text: str | None) -> ParagraphStyle:
        """``style``, or for a heading of user text too long to keep with the next block, the same
        style without ``keepWithNext``: ReportLab would loop for ever trying to keep a heading
        taller than a page with what follows.  (A style, not a flag on the Paragraph: its
        pieces, when it splits across pages, take the style and not the flag.)"""
        if not getattr(style, "keepWithNext", 0) or len(text or "") <= self.KEEP_WITH_NEXT_MAX:
            return style
        name = f"{style.name}_long"
        if name not in self.styles:
            self.styles.add(ParagraphStyle(name, parent=style, keepWithNext=0))
        return self.styles[name]

    def bullets(self, lines: Iterable[str], style: str = "bullet", *, is_markup: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        for line in lines:
            out.append(HandoutParagraph(line if is_markup else markup(line), self.styles[style], bulletText="•"))
        return out

    def table(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        *,
        header: bool = True,
        extra: Sequence[tuple[Any, ...]] = (),
        zebra: bool = True,
        lines: bool = True,
        total_width: float | None = None,
    ) -> Table:
        """A table whose widths are fractions of the text width (or of ``total_width``); the header
        row repeats on each page, and rows split between pages, a row taller than the space left
        inside itself (user text of any length prints across pages, never a LayoutError)."""
        total = sum(widths)
        col_widths = [(total_width or self.width) * w / total for w in widths]
        pad = self.sizes.table * 0.45
        if header and rows:
            col_widths = self._header_words_fit(col_widths, rows[0], pad)
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), self.sizes.table),
            ("TEXTCOLOR", (0, 0), (-1, -1), self.palette.ink),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("BOX", (0, 0), (-1, -1), 0.7, self.palette.rule),
        ]
        if lines:
            commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, self.palette.grid))
        if header:
            commands += [
                ("BACKGROUND", (0, 0), (-1, 0), self.palette.tint_strong),
                ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
            ]
            if lines:
                commands.append(("LINEBELOW", (0, 0), (-1, 0), 1.0, self.palette.rule))
        if zebra:
            commands.append(
                ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [self.palette.white, self.palette.tint])
            )
        commands += list(extra)
        table = Table(
            rows,
            colWidths=col_widths,
            repeatRows=1 if header else 0,
            splitByRow=1,
            splitInRow=1,
            hAlign="LEFT",
            style=TableStyle(commands),
        )
        return table

    def _header_words_fit(self, col_widths: list[float], header: Sequence[Any], pad: float) -> list[float]:
        """Column widths in which every header word fits whole: a column too narrow for its longest
        header word (large print printed "Repeats" as "Repeat" / "s") is widened, the width taken
        from the columns with room to spare.  Unchanged when the words cannot all fit."""
        need = [self._longest_word(cell) + 2 * pad + 1 for cell in header][: len(col_widths)]
        need += [0.0] * (len(col_widths) - len(need))
        short = sum(max(0.0, n - w) for n, w in zip(need, col_widths, strict=True))
        spare = [max(0.0, w - n) for n, w in zip(need, col_widths, strict=True)]
        if short <= 0 or short > sum(spare):
            return col_widths
        return [
            max(w, n) if n > w else w - short * room / sum(spare)
            for n, w, room in zip(need, col_widths, spare, strict=True)
        ]

    def _longest_word(self, cell: Any) -> float:
        """The width of the widest word in a header cell (a Paragraph or plain text), set in bold
        (header rows are bold, by style or by markup)."""
        if isinstance(cell, Paragraph):
            text, size = cell.getPlainText(), cell.style.fontSize
        elif isinstance(cell, str):
            text, size = cell, self.sizes.table
        else:
            return 0.0
        return max((fonts.string_width(word, fonts.BOLD, size) for word in text.split()), default=0.0)

    def key_values(self, rows: Sequence[tuple[str, Any]], widths: Sequence[float] = (0.3, 0.7)) -> Flowable:
        """Label/value rows (values: user text, or flowables already built); empty values left out."""
        data: list[list[Any]] = []
        for label, value in rows:
            if value is None or value == "" or value == []:
                continue
            cell = value if isinstance(value, (Flowable, list)) else self.para(str(value), "cell")
            data.append([self.raw(label, "cell_bold"), cell])
        if not data:
            return Spacer(0, 0)
        return self.table(
            data,
            widths,
            header=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), self.palette.tint)],
            zebra=False,
        )

    def instructions(self, item: Intervention) -> str | None:
        """The wording this audience reads for ``item`` (the school handout prefers school wording)."""
        return item.instructions

    @staticmethod
    def side_words(item: Intervention) -> str:
        if item.side is None or item.side is Side.NONE:
            return ""
        return f"Side: {item.side.label}" if item.side is Side.BOTH else f"Side: {item.side.label} side"

    def exercise_block(self, index: int, item: Intervention) -> list[Flowable]:
        """An exercise: its title, side, what to do and how much (said once, as a sentence)."""
        body: list[Flowable] = []
        meta = self.side_words(item)
        if meta:
            body.append(self.raw(meta, "meta"))
        text = self.instructions(item)
        if text:
            body.append(self.labelled("What to do:", text))
        body += self.how_much(item)
        parts: list[Flowable] = [self.para(item.title, "h3"), *self.with_photo(index, body)]
        parts.append(Spacer(0, self.sizes.body * 0.6))
        return parts

    def how_much(self, item: Intervention) -> list[Flowable]:
        """The item's dose in one sentence, on every handout that shows an exercise or a piece of
        equipment (one wording of the dose, said once)."""
        sentence = dosage_sentence(item.dosage)
        return [self.labelled("How much:", sentence), *self.who_does(item)] if sentence else []

    def who_does(self, item: Intervention) -> list[Flowable]:
        """For an item home and school share, who does it on which days (so it is neither done twice
        nor missed), on the family and school handouts alike."""
        if not item.is_shared or self.audience is Audience.CLINICIAN:
            return []
        if Audience.SCHOOL not in fitting_audiences(self.patient, self.generated_on):
            return []  # an adult with no school: "Home and school: agree who does this" misleads
        return [self.labelled("Who does it:", who_words(item))]

    def plan_cautions(self) -> list[Flowable]:
        """The plain wording of the cautions about the plan as a whole (``item_index`` None), once,
        in one "Take care" box (family and school; the clinician summary lists them in full)."""
        if self.audience is Audience.CLINICIAN:
            return []
        lines = list(dict.fromkeys(c.family_text for c in self.cautions if c.item_index is None and c.family_text))
        if not lines:
            return []
        if len(lines) == 1:
            return [self.labelled("Take care:", lines[0], "take_care")]
        said = "<br/>".join(f"• {markup(line)}" for line in lines)
        return [HandoutParagraph(f"<b>Take care:</b><br/>{said}", self.styles["take_care"])]

    def _with_plan_cautions(self, story: list[Flowable]) -> list[Flowable]:
        """``story`` with the plan-wide cautions near the top: after the title block (the title
        and the table of details under it), before the first section."""
        box = self.plan_cautions()
        if not box:
            return story
        title = next((i for i, f in enumerate(story) if isinstance(f, Paragraph) and f.style.name == "title"), None)
        if title is None:
            return [*box, *story]
        after = next((i for i in range(title + 1, min(title + 4, len(story))) if isinstance(story[i], Table)), title)
        return [*story[: after + 1], *box, *story[after + 1 :]]

    def take_care(self, index: int | None) -> list[Flowable]:
        """The plain-words cautions of item ``index``, printed where the reader acts (family and school).

        The clinician summary lists every caution in full in its own section instead.
        """
        if index is None or self.audience is Audience.CLINICIAN:
            return []
        lines = dict.fromkeys(c.family_text for c in self.cautions if c.item_index == index and c.family_text)
        return [self.labelled("Take care:", line, "take_care") for line in lines]

    #: A library drawing's width beside an item: compact in ordinary print (two or three exercises to
    #: a page), half as wide again in large print (more than the type's 4/3, for readers who need it).
    DRAWING_WIDTH = 3.4 * cm
    LARGE_DRAWING_WIDTH = 5.1 * cm

    def with_photo(self, index: int | None, flowables: list[Flowable]) -> list[Flowable]:
        """Flow ``flowables`` (and the item's cautions) beside the item's picture, if it has one."""
        flowables = [*flowables, *self.take_care(index)]
        picture = self.item_picture(index)
        if picture is None:
            return flowables
        return [
            PictureBeside(
                picture,
                flowables,
                imageSide="right",
                imageLeftPadding=self.sizes.body,
                imageBottomPadding=self.sizes.body * 0.5,
            )
        ]

    def item_picture(self, index: int | None) -> Flowable | None:
        """The therapist's own photo of the item when one is attached (it shows this person, so it
        always wins); else the library's drawing of it turned to the person's side, the side its words
        name (``careplan.export.figures.figure_side``); else None (the words alone)."""
        if index is None:
            return None
        photo = self.photos.get(index)
        if photo is not None:
            return photo.flowable(self.width * 0.34, 5.0 * cm * (self.sizes.body / 12))
        item = self.plan.interventions[index]
        if not item.catalog_code:
            return None
        from careplan.export.figures import item_drawing  # only a plan with library items pays for it

        width = self.LARGE_DRAWING_WIDTH if self.large_print else self.DRAWING_WIDTH
        return item_drawing(item, self.plan.pull_side, width)

    def letterhead(self) -> list[Flowable]:
        """The clinic's letterhead for the top of the first page."""
        c = self.clinic
        details: list[Flowable] = []
        if c.name:
            details.append(self.para(c.name, "letterhead_name"))
        if c.address:
            address = ", ".join(line.strip() for line in clean(c.address).splitlines() if line.strip())
            details.append(self.para(address, "letterhead"))
        contact = [f"Phone {markup(c.phone)}" if c.phone else "", markup(c.email) if c.email else ""]
        contact = [x for x in contact if x]
        if contact:
            details.append(self.raw("  ·  ".join(contact), "letterhead"))
        if not details and self.logo is None:
            return []
        if self.logo is not None:
            logo = self.logo.flowable(self.width * 0.3, 2.2 * cm)
            row: list[Any] = [logo, details]
            widths = [logo.drawWidth + self.sizes.body, self.width - logo.drawWidth - self.sizes.body]
        else:
            row, widths = [details], [self.width]
        table = Table(
            [row],
            colWidths=widths,
            hAlign="LEFT",
            splitInRow=1,
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ("LINEBELOW", (0, 0), (-1, -1), 1.2, self.palette.primary),
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ]
            ),
        )
        return [table, Spacer(0, self.sizes.body * 1.2)]

    def warning_box(self, heading: str, lines: Sequence[str], footer: str | None = None) -> Flowable:
        """A calm amber box of bullet points, kept on one page (one row per line, so a box
        taller than a page still breaks between lines)."""
        rows: list[list[Any]] = [[self.raw(markup(heading), "warn_head")]]
        rows += [[HandoutParagraph(markup(line), self.styles["warn"], bulletText="•")] for line in lines]
        if footer:
            rows.append([self.raw(footer, "warn")])
        pad = self.sizes.body * 0.6
        table = self.table(
            rows,
            [1.0],
            header=True,
            zebra=False,
            lines=False,
            extra=[
                ("BACKGROUND", (0, 0), (-1, -1), self.palette.warn_bg),
                ("BOX", (0, 0), (-1, -1), 1.2, self.palette.warn_border),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.3),
                ("TOPPADDING", (0, 0), (-1, 0), pad),
                ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.6),
                ("TOPPADDING", (0, -1), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.4),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.4),
            ],
        )
        return KeepTogether([Spacer(0, self.sizes.body * 0.8), table])

    def stop_box_words(self) -> StopBox:
        """What this handout's stop box says (the clinician summary gets the family's)."""
        return stop_box(
            self.plan,
            self.audience,
            name=self.given_name,
            emergency_number=self.clinic.emergency_number,
            action_plan_where=self.action_plan_where if self.action_plan is not None else None,
            contact=self.contact_words(),
        )

    def stop_box_section(self) -> list[Flowable]:
        """The stop box, built from the plan (``careplan.core.stop_box``): the emergency line
        first, then the signs to stop and call, then whom to contact otherwise."""
        box = self.stop_box_words()
        rows: list[list[Any]] = [
            [self.raw(f"<b>{markup(box.emergency)}</b>", "warn")],
            [self.raw(markup(box.heading), "warn_head")],
        ]
        rows += [[HandoutParagraph(markup(line), self.styles["warn"], bulletText="•")] for line in box.lines]
        rows.append([self.raw(markup(box.otherwise), "warn")])
        pad = self.sizes.body * 0.6
        table = self.table(
            rows,
            [1.0],
            header=False,
            zebra=False,
            lines=False,
            extra=[
                ("BACKGROUND", (0, 0), (-1, -1), self.palette.warn_bg),
                ("BOX", (0, 0), (-1, -1), 1.2, self.palette.warn_border),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.palette.warn_border),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.3),
                ("TOPPADDING", (0, 0), (-1, 0), pad),
                ("BOTTOMPADDING", (0, 0), (-1, 0), pad),
                ("TOPPADDING", (0, 1), (-1, 1), pad * 0.8),
                ("TOPPADDING", (0, -1), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.4),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.4),
            ],
        )
        flow: list[Flowable] = [Spacer(0, self.sizes.body * 0.8), table]
        _width, height = table.wrap(self.width, 1e6)
        if height <= self.frame_height * 0.5:
            return [KeepTogether(flow)]
        # A tall box (large print, a plan with splints and equipment) would leave most of a page
        # blank if kept whole: it starts where it is when its emergency line, heading and first
        # two signs fit, and runs on over the page break between two lines.
        first_rows = sum(table._rowHeights[:4])  # ReportLab's measured row heights
        return [CondPageBreak(first_rows + self.sizes.body * 0.8), *flow]

    def action_plan_page(self) -> list[Flowable]:
        """The dystonia action plan on a page of its own: green, amber and red, each with whom to call."""
        plan = self.action_plan
        if plan is None or self.audience is Audience.CLINICIAN:
            return []
        colours = {
            "green": (colors.HexColor("#e6f4ea"), colors.HexColor("#2e7d32")),
            "amber": (self.palette.warn_bg, self.palette.warn_border),
            "red": (colors.HexColor("#fdecea"), colors.HexColor("#b71c1c")),
        }
        out: list[Flowable] = [
            PageBreak(),
            self.raw(f"{markup(plan.title)} for {markup(self.person_name)}", "action_title"),
            self.para(plan.intro, "small"),
        ]
        pad = self.sizes.body * 0.45
        for level in plan.levels:
            background, border = colours[level.colour]
            heading = ParagraphStyle("level_head", parent=self.styles["warn_head"], textColor=border)
            signs = [
                HandoutParagraph(markup(line), self.styles["small_bullet"], bulletText="•") for line in level.signs
            ]
            actions = [
                HandoutParagraph(markup(line), self.styles["small_bullet"], bulletText=f"{n}.")
                for n, line in enumerate(level.actions, start=1)
            ]
            rows: list[list[Any]] = [
                [HandoutParagraph(markup(level.heading), heading), ""],
                [self.raw("<b>What you may see</b>", "cell"), self.raw("<b>What to do</b>", "cell")],
                [signs, actions],
            ]
            spans = [("SPAN", (0, 0), (1, 0))]
            if level.colour == "amber" and plan.triggers:
                # Where the reader looks for a cause: the triggers, in two columns to keep one page.
                half = (len(plan.triggers) + 1) // 2
                rows.append([self.raw("<b>Things that can make dystonia worse</b>", "cell"), ""])
                spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
                rows.append(
                    [
                        [HandoutParagraph(markup(t), self.styles["small_bullet"], bulletText="•") for t in column]
                        for column in (plan.triggers[:half], plan.triggers[half:])
                    ]
                )
            if level.calls:
                calls = " &nbsp;·&nbsp; ".join(f"<b>{markup(c.who)}:</b> {markup(c.number)}" for c in level.calls)
                rows.append([self.raw(f"<b>Call, in this order:</b> {calls}", "cell"), ""])
                spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
            table = self.table(
                rows,
                [0.48, 0.52],
                header=True,
                zebra=False,
                lines=False,
                extra=[
                    *spans,
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, -1), background),
                    ("BOX", (0, 0), (-1, -1), 1.6, border),
                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.2),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.2),
                ],
            )
            out.append(KeepTogether([Spacer(0, self.sizes.body * 0.25), table]))
        return self.action_plan_on_one_page(out)

    def action_plan_on_one_page(self, page: list[Flowable]) -> list[Flowable]:
        """The action plan (page break, title, then the rest) shrunk a little where it would run
        onto a second page in ordinary print: the page says "this page", and a school copy with the
        family's numbers ran the red level onto a page of its own.  Large print keeps its size
        (its readers need the large type more than one page)."""
        if self.large_print:
            return page
        brk, title, *rest = page
        _side, bottom, _top_first, top = self.frame_edges
        _w, title_height = title.wrap(self.width, top - bottom)
        room = top - bottom - title_height - title.getSpaceBefore() - title.getSpaceAfter() - 1
        # One frame keeps it together; the levels' own KeepTogethers cannot be drawn inside it.
        flat = [part for f in rest for part in (f._content if isinstance(f, KeepTogether) else [f])]
        needed = sum(f.wrap(self.width, top - bottom)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flat)
        if room <= 0 or needed * ACTION_PLAN_MIN_SCALE > room:
            return page  # far too long (a very long name): it runs on, in readable type
        return [brk, title, KeepInFrame(self.width, room, flat, mode="shrink")]

    def section(self, title: str, intro: Sequence[Flowable], blocks: Sequence[Sequence[Flowable]]) -> list[Flowable]:
        """A heading, an introduction and items; each item kept on one page where it fits, and
        the heading kept with the first item (no heading alone at the foot of a page)."""
        if not blocks:
            return [self.heading(title), *intro]
        limit = self.keep_whole_limit()
        first = KeepShortTogether([self.heading(title), *intro, *blocks[0]], limit)
        return [first, *(KeepShortTogether(list(block), limit) for block in blocks[1:])]

    def keep_whole_limit(self) -> float:
        """The tallest item moved whole to the next page: half a page (a taller one starts where it
        is, rather than leave most of a page blank: a plan's page 1 was 40% blank)."""
        _side, bottom, _top_first, top = self.frame_edges
        return (top - bottom) / 2

    def items_of(self, kind: Kind) -> list[tuple[int, Intervention]]:
        return [
            (i, item)
            for i, item in enumerate(self.plan.interventions)
            if item.kind is kind and item.is_for(self.audience)
        ]

    def goals_lines(self) -> list[str]:
        lines = []
        for goal in self.plan.goals:
            text = f"<b>{markup(goal.text)}</b>"
            if goal.target_date:
                text += f" — by {short_date(goal.target_date)}"
            lines.append(text)
        return lines

    def carers_words(self) -> list[str]:
        out = []
        for carer in self.patient.carers:
            who = one_line(carer.name)
            if carer.relationship:
                who += f" ({one_line(carer.relationship)})"
            if carer.phone:
                who += f", {one_line(carer.phone)}"
            out.append(who)
        return out

    def therapist_contact_rows(self) -> list[tuple[str, Any]]:
        t = self.plan.therapist
        who = ", ".join(x for x in (one_line(t.name), one_line(t.role)) if x)
        return [("Therapist", who), ("Phone", t.phone), ("Email", t.email)]


def keep_with_next(story: Sequence[Flowable]) -> list[Flowable]:
    """``story`` with each run of keep-with-next flowables (a heading, the spacing after it) joined
    into the KeepTogether block that follows it.

    ReportLab keeps a heading with the next flowable only when that one is not itself a
    KeepTogether; before a block kept whole (an item, the stop box, a chart) the heading was kept
    with nothing and could be left alone at the foot of a page."""
    out: list[Flowable] = []
    for flowable in story:
        start = len(out)
        while start > 0 and (isinstance(out[start - 1], Spacer) or _keeps_with_next(out[start - 1])):
            start -= 1
        while start < len(out) and isinstance(out[start], Spacer):
            start += 1  # spacing before the heading stays where it was
        if isinstance(flowable, KeepTogether) and any(_keeps_with_next(f) for f in out[start:]):
            joined = [*out[start:], *flowable._content]
            if isinstance(flowable, KeepShortTogether):
                flowable = KeepShortTogether(joined, flowable.limit)
            else:
                flowable = KeepTogether(joined, flowable._maxHeight)
            del out[start:]
        out.append(flowable)
    return out


def keep_tables_with_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """``story`` with each table that follows a heading (and a paragraph or two introducing it)
    kept on one page with them where they fit one page (a timetable or a chart is split only when
    it cannot fit one: the school timetable was split, one row at the foot of a page)."""
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, Table):
            start = len(out)
            while len(out) - start < 2 and start > 0 and _introduces(out[start - 1]):
                start -= 1
            head = start
            while head > 0 and _keeps_with_next(out[head - 1]):
                head -= 1
            if head < start:  # a heading above: keep it, the introduction and the table together
                flowable = KeepTogether([*out[head:], flowable])
                del out[head:]
        out.append(flowable)
    return out


def _introduces(flowable: Flowable) -> bool:
    """A paragraph of body text that can stand between a heading and its table."""
    return isinstance(flowable, Paragraph) and not flowable.getKeepWithNext()


def _keeps_with_next(flowable: Flowable) -> bool:
    return not isinstance(flowable, KeepTogether) and bool(flowable.getKeepWithNext())


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` points (for headers and footers; the
    body prints it whole).  A binary search: a name of thousands of characters stays quick."""
    if fonts.string_width(text, font, size) <= width:
        return text
    # Search only as many characters as fit at a fifth of the type size each (few glyphs are narrower).
    low, high = 0, min(len(text), int(width / (size * 0.2)) + 1)
    while low < high:
        middle = (low + high + 1) // 2
        if fonts.string_width(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"

"""Layout that holds, measured: every handout of every sample plan, in normal and large print, on
A4 and Letter, is rendered and its pages measured (text positions read back with pypdf and
``pdftotext -bbox``, ink with ``pdftoppm``), not only read.

Each case checks, page by page:

* every word lies inside the page and its side margins, and no ink falls beyond the margins;
* the footer prints whole (what the renderer meant to print, not cut with "…");
* no heading, and no bold line such as a table's header row, is the last thing on a page;
* no word was split mid-word (a header "Repeats" printed as "Repeat" / "s");
* no page but the last (or one before a page of its own) is less than a quarter used when
  the next block would have fitted, and page 1 is not 40% blank;
* a table (the tick chart, the school timetable) is split across pages only when it cannot
  fit one page.

The family, school and work handouts are measured twice: with the drawings the library has today,
and with a drawing beside every item (the library is being drawn entry by entry: layout must hold
for any mix of items with and without one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus import paragraph as rl_paragraph

from careplan.catalog import load_library
from careplan.core.action_plan import ACTION_PLAN_CODE, has_action_plan, personal_action_plan
from careplan.core.audience import fitting_audiences
from careplan.core.cautions import cautions_for
from careplan.core.enums import Audience, Category, GoalDomain, Kind, Setting, Side
from careplan.core.library import Library
from careplan.core.model import Contact, Dosage, Goal, Intervention, PlanRecord
from careplan.export import FamilyHandout, HandoutRenderer, fonts, renderer_class
from careplan.export import figures as export_figures
from careplan.export import renderer as renderer_module
from careplan.export.figures import shipped_figures
from careplan.export.renderer import _fit
from careplan.figures import Figure
from careplan.planfile import read_plan_bytes, to_imported

from handout_samples import (
    CLINIC,
    SKIN_RGB,
    adult_generalised_record,
    adult_neck_record,
    colour_box,
    colour_pages,
    poppler_tool,
    render_pages,
    rich_record,
    stress_record,
)

TODAY = dt.date(2026, 12, 2)
POINTS_PER_INCH = 72
#: Pages are rendered at this resolution for the ink check (one pixel is 2 points).
DPI = 36
#: A heading in this last share of the text frame with nothing after it is "alone at the foot".
FOOT_SHARE = 0.15
#: A page (not the last) with less than this share of its frame used is "nearly empty".
LEAST_USED = 0.25
#: Page 1 is "40% blank" below this share used.
FIRST_PAGE_USED = 0.6


# ------------------------------------------------------------------ the sample plans


def cervical_long_name_record() -> PlanRecord:
    """An adult with neck (cervical) dystonia who reads her own plan: a few neck exercises with
    holds, everyday advice, the action plan; no school (the plan whose page 1 was 40% blank)."""
    base = rich_record(given_name="Margaret", family_name="Fitzgerald-Hughes")
    items = (
        Intervention(
            kind=Kind.EXERCISE,
            title="Chin tuck",
            instructions="Sit tall with your back against the chair. Gently draw the chin back, then relax.",
            dosage=Dosage(sets=2, reps=10, hold_seconds=5, times_per_day=3, days_per_week=7),
            audiences=frozenset({Audience.FAMILY}),
        ),
        Intervention(
            kind=Kind.EXERCISE,
            title="Sensory trick practice",
            instructions="Rest two fingers lightly on the chin on the side the head turns towards, and hold "
            "the head in the middle while you breathe slowly.",
            dosage=Dosage(reps=5, hold_seconds=20, times_per_day=2, days_per_week=5),
            audiences=frozenset({Audience.FAMILY}),
        ),
        Intervention(
            kind=Kind.EXERCISE,
            title="Shoulder blade squeeze",
            instructions="Squeeze the shoulder blades gently together and down, then let go.",
            dosage=Dosage(sets=1, reps=10, times_per_day=1, days_per_week=3),
            side=Side.BOTH,
            audiences=frozenset({Audience.FAMILY}),
        ),
        Intervention(
            kind=Kind.ADVICE,
            title="Screens and reading",
            setting=Setting.HOME,
            instructions="Raise the screen to eye level and take a break from it every 20 minutes.",
            audiences=frozenset({Audience.FAMILY}),
        ),
        Intervention(
            kind=Kind.ADVICE,
            title="Dystonia action plan",
            instructions="Your action plan is printed on its own page.",
            catalog_code=ACTION_PLAN_CODE,
            audiences=frozenset({Audience.FAMILY, Audience.CLINICIAN}),
        ),
    )
    plan = base.plan.replace(
        title="Neck posture and pain",
        category=Category.CERVICAL,
        regions=("neck",),
        goals=(Goal(GoalDomain.PARTICIPATION, "Read for 30 minutes without neck pain above 3 out of 10"),),
        interventions=items,
        contacts=(Contact(role="Neurology team", phone="0161 555 0199"),),
        gmfcs_level=None,
    )
    patient = dataclasses.replace(base.patient, date_of_birth=dt.date(1980, 12, 1), school=None, carers=())
    return dataclasses.replace(base, plan=plan, patient=patient)


def child_with_action_plan() -> PlanRecord:
    """The child's plan with the dystonia action plan (a page of its own on family and school), for a
    child with a long name (the footer that large print cut to "printed 3…")."""
    base = rich_record(given_name="Oluwaseun", family_name="Adebayo-Richardson")
    item = Intervention(
        kind=Kind.ADVICE,
        title="Dystonia action plan",
        instructions="Your action plan is printed on its own page.",
        catalog_code=ACTION_PLAN_CODE,
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN}),
    )
    plan = base.plan.replace(
        interventions=(*base.plan.interventions, item),
        contacts=(Contact(role="Neurology team", phone="0161 555 0199"),),
    )
    return dataclasses.replace(base, plan=plan)


_LIBRARY: list[Library] = []


def library() -> Library:
    """The clinical library, loaded once for all the cases."""
    if not _LIBRARY:
        _LIBRARY.append(load_library())
    return _LIBRARY[0]


#: The example plans a new clinic tries first (the sample people of the issue: a child with dystonic
#: CP, adults with neck, musician's, writer's and generalised dystonia).
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "docs" / "examples" / "plans").glob("*.json"))


def example(path: Path) -> Callable[[], PlanRecord]:
    def make() -> PlanRecord:
        return to_imported(read_plan_bytes(path.read_bytes(), str(path)), library().intervention).record

    return make


SAMPLES: dict[str, Callable[[], PlanRecord]] = {
    "child": rich_record,
    "child-action-plan": child_with_action_plan,
    "adult-neck-long-name": cervical_long_name_record,
    "adult-neck-desk-job": adult_neck_record,
    "adult-generalised-carers": adult_generalised_record,
    "stress-24": lambda: stress_record(24),
    **{f"example-{path.stem}": example(path) for path in EXAMPLES},
}


def printed_on(record: PlanRecord) -> dt.date:
    """The print date: an example plan's start date (its review date is ahead of it then), else TODAY."""
    return record.plan.start_date if record.plan.start_date and record.plan.start_date > TODAY else TODAY


@dataclass(frozen=True)
class Case:
    sample: str
    audience: Audience
    large_print: bool
    paper: str
    #: Every item drawn (a stand-in drawing for items the library has not drawn yet).
    drawn: bool = False

    @property
    def name(self) -> str:
        size = "large" if self.large_print else "normal"
        return f"{self.sample}-{self.audience.value}-{size}-{self.paper}{'-drawn' if self.drawn else ''}"


def cases() -> Iterator[Case]:
    """Every sample, every audience that has a renderer and fits the person, every print size the
    renderer offers, both papers."""
    for sample, make in SAMPLES.items():
        record = make()
        for audience in fitting_audiences(record.patient, printed_on(record)):
            renderer = renderer_class(audience)
            for large in (False, True) if renderer.supports_large_print else (False,):
                for paper in ("A4", "Letter"):
                    yield Case(sample, audience, large, paper)
                    if audience is not Audience.CLINICIAN:
                        yield Case(sample, audience, large, paper, drawn=True)


CASES = list(cases())


# ------------------------------------------------------------------ reading a PDF back


@dataclass
class Line:
    """One printed line: its baseline (points from the page foot), left edge, type size, text and
    whether every run on it is bold."""

    y: float
    x: float
    size: float
    text: str
    bold: bool
    #: How many separate places along the line text starts (table cells: a header row has several).
    cells: int = 1


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    #: Word boxes from pdftotext: (x0, y0, x1, y1) from the top-left, and the word.
    words: list[tuple[float, float, float, float, str]] = field(default_factory=list)


def read_lines(pdf: bytes) -> list[Page]:
    """The lines of every page from the text runs pypdf reports (with their fonts and positions)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for number, page in enumerate(reader.pages):
        runs: dict[float, list[tuple[float, float, str, bool]]] = {}

        def visit(
            text: str, cm: list[float], tm: list[float], font: Any, size: float, runs: dict[float, Any] = runs
        ) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if font else ""
            scale = abs(tm[3] * cm[3]) or 1.0
            runs.setdefault(round(y, 1), []).append((x, size * scale, text, "Bold" in name))

        page.extract_text(visitor_text=visit)
        out = Page(number, float(page.mediabox.width), float(page.mediabox.height))
        for y in sorted(runs, reverse=True):
            parts = sorted(runs[y])
            text = unicodedata.normalize("NFC", " ".join("".join(p[2] for p in parts).split()))
            bold = all(p[3] for p in parts)
            cells = len({round(p[0]) for p in parts})
            out.lines.append(Line(y, parts[0][0], max(p[1] for p in parts), text, bold, cells))
        pages.append(out)
    return pages


def read_words(pdf: bytes, pages: list[Page], tmp_path: Path) -> None:
    """Each word's box from ``pdftotext -bbox`` (poppler), added to ``pages``."""
    exe = poppler_tool("pdftotext")  # fails in CI, skips elsewhere
    source = tmp_path / "words.pdf"
    source.write_bytes(pdf)
    html = subprocess.run([exe, "-bbox", str(source), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(html)
    found = [el for el in root.iter() if el.tag.endswith("page")]
    assert len(found) == len(pages)
    for page, element in zip(pages, found, strict=True):
        for word in element:
            box = tuple(float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            page.words.append((*box, word.text or ""))  # type: ignore[arg-type]


@dataclass
class Frame:
    """Where the renderer lays out the body: side margin, frame foot and top (points from the foot)."""

    side: float
    bottom: float
    top_first: float
    top: float

    def top_of(self, page: int) -> float:
        return self.top_first if page == 0 else self.top


# ------------------------------------------------------------------ rendering a case


@dataclass
class Rendered:
    case: Case
    renderer: HandoutRenderer
    pdf: bytes
    pages: list[Page]
    split_words: list[str]


def render_case(case: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Rendered:
    """Render ``case`` as the program does (cautions and the action plan from the library),
    noting every word ReportLab had to cut because it was wider than its line."""
    record = SAMPLES[case.sample]()
    if case.drawn:
        record = every_item_drawn(record, monkeypatch)
    lib = library()
    on = printed_on(record)
    cautions = cautions_for(record.plan, lib, age=record.patient.age_on(on))
    action_plan = None
    if case.audience is not Audience.CLINICIAN and lib.action_plan is not None and has_action_plan(record.plan):
        action_plan = personal_action_plan(
            lib.action_plan, record.plan, record.patient, CLINIC, for_family=case.audience is Audience.FAMILY
        )
    renderer = renderer_class(case.audience)(
        record,
        CLINIC,
        paper=case.paper,
        large_print=case.large_print,
        cautions=cautions,
        action_plan=action_plan,
        generated_on=on,
    )
    return read_back(renderer, case, monkeypatch, tmp_path)


#: Drawings with no side (shown for every plan), lent to the items the library has not drawn yet.
STAND_INS = ("neck.chin_nod_sitting", "neck.mirror_midline_hold", "child.standing_hips_apart", "neck.back_to_wall")


class _EveryCodeDrawn(dict[str, Figure]):
    """The shipped drawings, and for any other code a stand-in (by the code, so the same code always
    gets the same one)."""

    def get(self, code: str, default: Any = None) -> Figure:  # type: ignore[override]
        if code in self:
            return self[code]
        return self[STAND_INS[sum(map(ord, code)) % len(STAND_INS)]]


def every_item_drawn(record: PlanRecord, monkeypatch: pytest.MonkeyPatch) -> PlanRecord:
    """``record`` with a drawing beside every item: a code for items without one, and every code drawn."""
    monkeypatch.setattr(export_figures, "shipped_figures", lambda: _EveryCodeDrawn(shipped_figures()))
    items = tuple(
        item if item.catalog_code else dataclasses.replace(item, catalog_code=f"stand-in.{n}")
        for n, item in enumerate(record.plan.interventions)
    )
    return dataclasses.replace(record, plan=record.plan.replace(interventions=items))


def read_back(renderer: HandoutRenderer, case: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Rendered:
    """Render and read back the PDF's lines and word boxes."""
    split: list[str] = []

    def noting(original: Any) -> Any:
        def split_word(w: Any, *args: Any, **kw: Any) -> Any:
            split.append(w if isinstance(w, str) else "".join(str(f[1]) for f in w[1:]))
            return original(w, *args, **kw)

        return split_word

    monkeypatch.setattr(rl_paragraph, "_splitWord", noting(rl_paragraph._splitWord))
    monkeypatch.setattr(rl_paragraph, "_splitFragWord", noting(rl_paragraph._splitFragWord))
    pdf = renderer.render()
    pages = read_lines(pdf)
    read_words(pdf, pages, tmp_path)
    return Rendered(case, renderer, pdf, pages, split)


def frame_of(renderer: HandoutRenderer) -> Frame:
    side, bottom, top_first, top = renderer.frame_edges
    return Frame(side, bottom, top_first, top)


# ------------------------------------------------------------------ the measures


def body_lines(page: Page, frame: Frame) -> list[Line]:
    """The lines inside the text frame (page header and footer left out), top first."""
    top = frame.top_of(page.number) + 1
    return [line for line in page.lines if frame.bottom - 1 <= line.y <= top]


def is_heading(line: Line, renderer: HandoutRenderer) -> bool:
    """A line all in bold at a heading's type size or larger (section and item headings, titles)."""
    return line.bold and line.size >= renderer.sizes.h3 - 0.01


def words_outside(r: Rendered, frame: Frame) -> list[str]:
    """Words whose box is not inside the page and its side margins (1 point of slack)."""
    out = []
    for page in r.pages:
        for x0, y0, x1, y1, word in page.words:
            if x0 < frame.side - 1 or x1 > page.width - frame.side + 1 or y0 < 0 or y1 > page.height:
                out.append(f"page {page.number + 1}: {word!r} at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f}")
    return out


def ink_outside(r: Rendered, frame: Frame, tmp_path: Path) -> list[str]:
    """Pages with dark pixels in the side margins (beyond the text width by more than 2 pixels):
    cut or overflowing text, a table wider than the page, that word positions cannot show."""
    out = []
    for number, (width, height, pixels) in enumerate(render_pages(r.pdf, tmp_path, DPI)):
        margin = int(frame.side * DPI / POINTS_PER_INCH) - 2
        for row in range(height):
            line = pixels[row * width : (row + 1) * width]
            if min(line[:margin]) < 128 or min(line[width - margin :]) < 128:
                dark = [x for x in (*range(margin), *range(width - margin, width)) if line[x] < 128]
                out.append(f"page {number + 1}: ink in the margin at pixel row {row}, columns {dark[:3]}")
                break
    return out


def footer_faults(r: Rendered, frame: Frame) -> list[str]:
    """Pages whose footer does not print what the renderer meant, whole, with "Page x of y"."""
    expected = " ".join(r.renderer.footer_text().split())
    out = []
    for page in r.pages:
        below = [line.text for line in page.lines if line.y < frame.bottom - 1]
        label = f"Page {page.number + 1} of {len(r.pages)}"
        printed = " ".join(" ".join(below).replace(label, " ").split())
        if printed != expected or not any(label in text for text in below):
            out.append(f"page {page.number + 1}: footer {printed!r} (meant {expected!r}, {label!r})")
    return out


def is_header_row(line: Line) -> bool:
    """A bold line in several cells: a table's header row."""
    return line.bold and line.cells > 1


def header_faults(r: Rendered, frame: Frame) -> list[str]:
    """Pages after the first whose running header does not print both its parts whole."""
    out = []
    for page in r.pages[1:]:
        above = " ".join(line.text for line in page.lines if line.y > frame.top_of(page.number) + 1)
        for part in r.renderer.header_texts():
            if " ".join(part.split()) not in above:
                out.append(f"page {page.number + 1}: header {above!r} (meant {part!r})")
    return out


def alone_at_foot(r: Rendered, frame: Frame) -> list[str]:
    """Pages (not the last) whose last line is a heading or a table's header row: what it
    introduces went to the next page.  A heading in the last 15% of the frame is the
    case the eye sees first; a heading anywhere with nothing after it is as bad."""
    out = []
    for page in r.pages[:-1]:
        lines = body_lines(page, frame)
        if not lines:
            continue
        last = lines[-1]
        if is_heading(last, r.renderer) or is_header_row(last):
            share = (last.y - frame.bottom) / (frame.top_of(page.number) - frame.bottom)
            kind = "heading" if is_heading(last, r.renderer) else "table header row"
            out.append(f"page {page.number + 1}: {kind} {last.text!r} last on the page, {share:.0%} above the foot")
    return out


def words_split(r: Rendered) -> list[str]:
    """Words ReportLab cut mid-word because they were wider than their column, that print cut."""
    printed = {w for page in r.pages for *_box, w in page.words}
    return [f"{w!r} split mid-word" for w in dict.fromkeys(r.split_words) if w and w not in printed]


def used_share(page: Page, frame: Frame) -> float:
    """How much of the frame's height the page uses, from the frame top to its lowest line."""
    lines = body_lines(page, frame)
    if not lines:
        return 0.0
    top = frame.top_of(page.number)
    return (top - lines[-1].y) / (top - frame.bottom)


def first_block_height(page: Page, frame: Frame, renderer: HandoutRenderer) -> float:
    """The height of what opens ``page``: from the frame top to the first heading after some text
    (headings travel with the item after them), or to the page's last line."""
    lines = body_lines(page, frame)
    if not lines:
        return 0.0
    end = lines[-1].y
    content = False
    for line in lines:
        if is_heading(line, renderer) and content:
            end = line.y + line.size * 2
            break
        content = content or not is_heading(line, renderer)
    return frame.top_of(page.number) - end


def page_of_its_own(page: Page, frame: Frame, renderer: HandoutRenderer) -> bool:
    """A page that starts with a page title (the action plan, the tick chart): a page break before it is meant."""
    lines = body_lines(page, frame)
    return bool(lines) and lines[0].bold and lines[0].size >= renderer.sizes.h2 * 1.1


def empty_pages(r: Rendered, frame: Frame) -> list[str]:
    """Pages less than a quarter used although the next page's first block would have fitted, and
    a page 1 40% blank (not the last page, not a page before a page of its own)."""
    out = []
    pages = r.pages
    for page, following in itertools.pairwise(pages):
        if page_of_its_own(following, frame, r.renderer):
            continue
        share = used_share(page, frame)
        free = (1 - share) * (frame.top_of(page.number) - frame.bottom)
        need = first_block_height(following, frame, r.renderer)
        # Slack for what baselines do not show: the last line's descent and space after, a box's padding.
        slack = r.renderer.sizes.body * 3
        if page.number == 0 and share < FIRST_PAGE_USED:
            out.append(f"page 1: {share:.0%} used, {1 - share:.0%} blank")
        elif share < LEAST_USED and need + slack <= free:
            out.append(f"page {page.number + 1}: {share:.0%} used; the next {need:.0f} pt would fit in {free:.0f} pt")
    return out


def split_tables(r: Rendered, frame: Frame) -> list[str]:
    """Tables split across pages although they fit one: a bold header row repeated at the top of
    the next page (ReportLab's repeatRows) shows the split; it is allowed only when the table
    opened near the top of its first page (so it could not have fitted on a fresh page either)."""
    out = []
    for page, following in itertools.pairwise(r.pages):
        here = body_lines(page, frame)
        there = body_lines(following, frame)
        if not here or not there or not there[0].bold or is_heading(there[0], r.renderer):
            continue
        header = there[0].text
        starts = [line for line in here if line.bold and line.text == header]
        if not starts:
            continue
        top = frame.top_of(page.number)
        opened = (top - starts[0].y) / (top - frame.bottom)
        if opened > FOOT_SHARE * 2:
            out.append(
                f"pages {page.number + 1}-{following.number + 1}: table {header!r} split, opened {opened:.0%} down"
            )
    return out


def measure(r: Rendered, tmp_path: Path) -> dict[str, list[str]]:
    frame = frame_of(r.renderer)
    return {
        "words outside the margins": words_outside(r, frame),
        "ink outside the margins": ink_outside(r, frame, tmp_path),
        "footer not whole": footer_faults(r, frame),
        "header not whole": header_faults(r, frame),
        "alone at the page foot": alone_at_foot(r, frame),
        "words split": words_split(r),
        "pages nearly empty": empty_pages(r, frame),
        "tables split": split_tables(r, frame),
    }


# ------------------------------------------------------------------ the test


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_layout_holds(case: Case, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rendered = render_case(case, monkeypatch, tmp_path)
    faults = {kind: found for kind, found in measure(rendered, tmp_path).items() if found}
    assert not faults, f"{case.name} ({len(rendered.pages)} pages): " + "; ".join(
        f"{kind}: {', '.join(found)}" for kind, found in faults.items()
    )


# ------------------------------------------------------------------ the measures find what they look for


class Faulty(FamilyHandout):
    """A family handout whose story is set by the test: layouts known to be wrong."""

    story: ClassVar[Callable[[Faulty], list[Flowable]]]

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        return type(self).story(self)


def faulty(story: Callable[[Faulty], list[Flowable]], *, large_print: bool = False, **kw: Any) -> Faulty:
    cls = type("FaultyStory", (Faulty,), {"story": staticmethod(story)})
    return cls(rich_record(**kw), CLINIC, large_print=large_print, generated_on=TODAY)


KNOWN = Case("known-bad", Audience.FAMILY, True, "A4")


def filler(r: Faulty, share: float) -> Spacer:
    """Blank space down to ``share`` of the first page's frame."""
    _side, bottom, top_first, _top = r.frame_edges
    return Spacer(0, (top_first - bottom) * share)


def words(r: Faulty, n: int) -> Paragraph:
    return r.para(" ".join(["Keep the movement slow and smooth."] * n))


def test_a_heading_left_at_the_foot_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def story(r: Faulty) -> list[Flowable]:
        alone = Paragraph("Exercises", ParagraphStyle("loose", parent=r.styles["h2"], keepWithNext=0))
        return [filler(r, 0.85), alone, KeepTogether([words(r, 12)])]

    r = read_back(faulty(story), KNOWN, monkeypatch, tmp_path)
    assert "page 1: heading 'Exercises' last on the page" in " ".join(alone_at_foot(r, frame_of(r.renderer)))


def test_the_renderer_keeps_a_heading_with_what_follows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def story(r: Faulty) -> list[Flowable]:
        return [filler(r, 0.85), r.heading("Exercises"), KeepTogether([words(r, 12)])]

    r = read_back(faulty(story), KNOWN, monkeypatch, tmp_path)
    assert alone_at_foot(r, frame_of(r.renderer)) == []


def header_table(r: Faulty) -> list[Flowable]:
    head = [r.raw(t, "cell_head") for t in ("Exercise", "Repeats", "Hold (seconds)")]
    return [
        r.table([head, [r.para("Chin tuck", "cell"), r.para("10", "cell"), r.para("5", "cell")]], [0.8, 0.06, 0.14])
    ]


def test_a_header_word_split_mid_word_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(HandoutRenderer, "_header_words_fit", lambda self, widths, header, pad: widths)
    r = read_back(faulty(header_table, large_print=True), KNOWN, monkeypatch, tmp_path)
    assert "'Repeats' split mid-word" in words_split(r)


def test_table_columns_widen_so_header_words_print_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = read_back(faulty(header_table, large_print=True), KNOWN, monkeypatch, tmp_path)
    assert words_split(r) == []
    assert "Repeats" in {w for page in r.pages for *_box, w in page.words}


def test_a_cut_footer_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def one_line(self: HandoutRenderer, width: float) -> list[str]:
        return [_fit(self.footer_text(), fonts.REGULAR, self.sizes.footer, width)]

    monkeypatch.setattr(HandoutRenderer, "_footer_lines", one_line)
    r = read_back(
        faulty(lambda r: [words(r, 3)], large_print=True, given_name="Oluwaseun", family_name="Adebayo-Richardson"),
        KNOWN,
        monkeypatch,
        tmp_path,
    )
    faults = footer_faults(r, frame_of(r.renderer))
    assert faults and "…" in faults[0]


def test_a_long_footer_prints_whole_on_two_lines(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = read_back(
        faulty(lambda r: [words(r, 3)], large_print=True, given_name="Oluwaseun", family_name="Adebayo-Richardson"),
        KNOWN,
        monkeypatch,
        tmp_path,
    )
    assert footer_faults(r, frame_of(r.renderer)) == []
    assert words_outside(r, frame_of(r.renderer)) == []


def long_table(r: Faulty) -> Table:
    head = [r.raw(t, "cell_head") for t in ("When", "What")]
    rows = [[r.para(f"Session {n}", "cell"), r.para("Standing frame", "cell")] for n in range(8)]
    return r.table([head, *rows], [0.3, 0.7])


def test_a_table_split_that_could_fit_one_page_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = read_back(faulty(lambda r: [filler(r, 0.8), long_table(r)]), KNOWN, monkeypatch, tmp_path)
    assert "table 'When What' split" in " ".join(split_tables(r, frame_of(r.renderer)))


def test_a_nearly_empty_page_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = read_back(faulty(lambda r: [words(r, 2), PageBreak(), words(r, 4)]), KNOWN, monkeypatch, tmp_path)
    assert "page 1:" in " ".join(empty_pages(r, frame_of(r.renderer)))


def test_ink_beyond_the_margin_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def wide(r: Faulty) -> list[Flowable]:
        box = [("BOX", (0, 0), (-1, -1), 2, "black")]
        return [Table([["x" * 10, "y"]], colWidths=[r.width, 4 * cm], hAlign="LEFT", style=box)]

    r = read_back(faulty(wide), KNOWN, monkeypatch, tmp_path)
    assert ink_outside(r, frame_of(r.renderer), tmp_path)


def test_an_item_taller_than_half_a_page_starts_where_its_section_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def story(r: Faulty) -> list[Flowable]:
        steps = [words(r, 6) for _ in range(10)]
        return [filler(r, 0.3), *r.section("Exercises", [], [[r.para("Side-lying play", "h3"), *steps]])]

    r = read_back(faulty(story), KNOWN, monkeypatch, tmp_path)
    frame = frame_of(r.renderer)
    assert [line.text for line in body_lines(r.pages[0], frame)][:2] == ["Exercises", "Side-lying play"]
    assert used_share(r.pages[0], frame) > 0.9
    assert alone_at_foot(r, frame) == [] and empty_pages(r, frame) == []


def test_a_table_under_a_heading_moves_whole_to_the_next_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def story(r: Faulty) -> list[Flowable]:
        return [filler(r, 0.75), r.heading("Amira's school day"), words(r, 1), long_table(r)]

    r = read_back(faulty(story), KNOWN, monkeypatch, tmp_path)
    frame = frame_of(r.renderer)
    assert split_tables(r, frame) == [] and alone_at_foot(r, frame) == []
    assert body_lines(r.pages[0], frame) == []
    assert [line.text for line in body_lines(r.pages[1], frame)][:3] == [
        "Amira's school day",
        "Keep the movement slow and smooth.",
        "When What",
    ]


def long_named(story: Callable[[Faulty], list[Flowable]]) -> Faulty:
    return faulty(story, large_print=True, given_name="Oluwaseun", family_name="Adebayo-Richardson")


def test_a_long_running_header_prints_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = read_back(long_named(lambda r: [words(r, 120)]), KNOWN, monkeypatch, tmp_path)
    assert len(r.pages) > 1
    frame = frame_of(r.renderer)
    assert header_faults(r, frame) == [] and words_outside(r, frame) == []


def test_a_cut_running_header_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(renderer_module, "_fit", lambda text, font, size, width: text[:20] + "…")
    r = read_back(long_named(lambda r: [words(r, 120)]), KNOWN, monkeypatch, tmp_path)
    assert "page 2: header" in " ".join(header_faults(r, frame_of(r.renderer)))


def drawn(r: Faulty, title: str, steps: int) -> list[Flowable]:
    """An item with its drawing beside its words, as the handouts print one: a heading, then the
    drawing at the right of ``steps`` paragraphs."""
    from reportlab.platypus import ImageAndFlowables

    from careplan.export.figures import FigureFlowable, figure_drawing

    drawing = shipped_figures()["neck.chin_nod_sitting"].drawing()
    picture = FigureFlowable(figure_drawing(drawing, r.LARGE_DRAWING_WIDTH), drawing.description)
    return [r.para(title, "h3"), ImageAndFlowables(picture, [words(r, 3) for _ in range(steps)], imageSide="right")]


@pytest.mark.parametrize("first", [True, False], ids=["first item", "later item"])
def test_a_heading_moves_on_with_its_drawing(first: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A long item (taller than half a page: it flows on from where it is) whose heading fits at the
    foot of a page and its drawing does not: heading and drawing start together on the next page."""

    def story(r: Faulty) -> list[Flowable]:
        if first:
            return [filler(r, 0.8), *r.section("Exercises", [], [drawn(r, "Chin nod", 14)])]
        short = [r.para("Shoulder rolls", "h3"), words(r, 1)]
        return [filler(r, 0.7), *r.section("Exercises", [], [short, drawn(r, "Chin nod", 14)])]

    r = read_back(faulty(story, large_print=True), KNOWN, monkeypatch, tmp_path)
    frame = frame_of(r.renderer)
    assert alone_at_foot(r, frame) == []
    second = [line.text for line in body_lines(r.pages[1], frame)]
    assert second[0] == ("Exercises" if first else "Chin nod")
    assert "Chin nod" in second
    # The drawing is on page 2 beside its heading, none on page 1.
    pages = colour_pages(r.pdf, tmp_path)
    assert [colour_box(p, SKIN_RGB, 1)[0] > 20 for p in pages[:2]] == [False, True]

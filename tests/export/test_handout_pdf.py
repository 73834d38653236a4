"""The PDF itself: fonts, metadata, paper, page numbers, type sizes, flow, photos and rendered pages."""

from __future__ import annotations

import collections
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab import rl_config

from careplan.core.enums import Audience, Category, Kind
from careplan.core.model import ClinicDetails, Dosage, Intervention, Patient, Photo, Plan, PlanRecord
from careplan.export import LARGE_PRINT_SCALE, HandoutError, render_handout

from handout_samples import (
    CLINIC,
    POPPLER_TOOLS,
    all_text,
    body_text,
    font_sizes,
    make_jpeg,
    make_png,
    page_texts,
    poppler_tool,
    render_pages,
    rich_record,
    stress_record,
)

TODAY = dt.date(2026, 12, 2)
AUDIENCES = [Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN]
BASE14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip


def render(record: PlanRecord, audience: Audience, clinic: ClinicDetails = CLINIC, **kw: object) -> bytes:
    return render_handout(record, audience, clinic, generated_on=TODAY, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pdfs() -> dict[Audience, bytes]:
    return {a: render(rich_record(), a) for a in AUDIENCES}


def fonts_of(pdf: bytes) -> list[DictionaryObject]:
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        fonts = resources.get_object().get("/Font")
        if fonts is None:
            continue
        found += [ref.get_object() for ref in fonts.get_object().values()]
    return found


# --------------------------------------------------------------------- fonts


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_font_is_embedded_dejavu(pdfs: dict[Audience, bytes], audience: Audience) -> None:
    fonts = fonts_of(pdfs[audience])
    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/")
        assert base.split("+")[-1] not in BASE14, base
        assert "DejaVu" in base, base
        if font["/Subtype"] == "/Type0":
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        else:
            descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{base} is not embedded"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdffonts_says_every_font_is_embedded(pdfs: dict[Audience, bytes], audience: Audience, tmp_path) -> None:
    exe = poppler_tool("pdffonts")
    path = tmp_path / "h.pdf"
    path.write_bytes(pdfs[audience])
    out = subprocess.run([exe, str(path)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        # name type encoding emb sub uni object ID: "emb" is the 4th column from the right but 3.
        fields = row.split()
        assert fields[-5] == "yes", row  # emb
        assert "Helvetica" not in row


@pytest.mark.parametrize(
    "given, family",
    [("Aoife", "Ní Bhriain"), ("Łukasz", "Wójcik"), ("Nguyễn Thị", "Ánh"), ("Жанна", "Ахмедова")],
)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_names_in_many_scripts_print_as_written(given: str, family: str, audience: Audience) -> None:
    pdf = render(rich_record(given_name=given, family_name=family), audience)
    name = unicodedata.normalize("NFC", f"{given} {family}")
    for number, text in enumerate(page_texts(pdf), start=1):
        assert name in text, f"page {number}"


def test_decomposed_input_is_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị")
    pdf = render(rich_record(given_name=decomposed, family_name="Ánh"), Audience.FAMILY)
    assert "Nguyễn Thị Ánh" in page_texts(pdf)[0]


# ------------------------------------------------------------ metadata, paper


@pytest.mark.parametrize("audience", AUDIENCES)
def test_metadata(pdfs: dict[Audience, bytes], audience: Audience) -> None:
    reader = PdfReader(io.BytesIO(pdfs[audience]))
    meta = reader.metadata
    assert meta is not None
    assert "Amira Okafor" in (meta.title or "")
    assert meta.author == "Jo Patel"
    assert meta.subject == "Postural management and school participation"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_author_falls_back_to_the_clinic() -> None:
    record = rich_record()
    plan = record.plan.replace(therapist=record.plan.therapist.__class__())
    pdf = render(PlanRecord(plan=plan, patient=record.patient), Audience.FAMILY)
    assert PdfReader(io.BytesIO(pdf)).metadata.author == "Northside Neurophysiotherapy"


@pytest.mark.parametrize(("paper", "size"), [("A4", (595.28, 841.89)), ("Letter", (612, 792)), ("letter", (612, 792))])
def test_paper_size(paper: str, size: tuple[float, float]) -> None:
    reader = PdfReader(io.BytesIO(render(rich_record(), Audience.FAMILY, paper=paper)))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


def test_a4_is_the_default() -> None:
    page = PdfReader(io.BytesIO(render_handout(rich_record(), Audience.SCHOOL))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.01)


# --------------------------------------------------------------- page numbers


@pytest.mark.parametrize("audience", AUDIENCES)
def test_page_x_of_y_on_every_page(pdfs: dict[Audience, bytes], audience: Audience) -> None:
    texts = page_texts(pdfs[audience])
    total = len(texts)
    assert total >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Amira Okafor" in text


# ---------------------------------------------------------------- large print


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_large_print_is_at_least_1_3_times_larger(audience: Audience) -> None:
    normal = font_sizes(render(rich_record(), audience))
    large = font_sizes(render(rich_record(), audience, large_print=True))
    assert LARGE_PRINT_SCALE >= 1.3
    # The smallest type (footer), the body text (most used size) and the largest (title) all grow.
    assert min(large) >= 1.3 * min(normal) - 0.01
    body_normal = collections.Counter(normal).most_common(1)[0][0]
    assert body_normal >= 11
    assert round(body_normal * LARGE_PRINT_SCALE, 2) in set(large)  # e.g. 12 pt body text -> 16 pt
    assert max(large) >= 1.3 * max(normal) - 0.01
    # Size by size: the n-th smallest size used grows by at least 1.3 too.
    for small, big in zip(sorted(set(normal)), sorted(set(large)), strict=False):
        assert big >= 1.3 * small - 0.01, (small, big)


# --------------------------------------------------------------------- flow


def long_text() -> str:
    sentences = [f"Step {n} keeps the movement slow and smooth without forcing." for n in range(1, 400)]
    text = " ".join(sentences)
    text = text[:9_960].rsplit(" ", 1)[0]
    return text + " Final words: pelican umbrella."


@pytest.mark.parametrize(
    ("audience", "field"),
    [
        (Audience.FAMILY, "instructions"),
        (Audience.SCHOOL, "school_instructions"),
        (Audience.CLINICIAN, "instructions"),
        (Audience.CLINICIAN, "clinician_note"),
    ],
)
def test_ten_thousand_characters_flow_over_pages_with_nothing_lost(audience: Audience, field: str) -> None:
    text = long_text()
    assert 9_900 <= len(text) <= 10_000
    item = Intervention(
        kind=Kind.EXERCISE,
        title="Long one",
        dosage=Dosage(sets=1, reps=5),
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL}),
        **{field: text},
    )
    record = rich_record()
    record = PlanRecord(plan=record.plan.replace(interventions=(item,)), patient=record.patient)
    pdf = render(record, audience)
    extracted = re.sub(r"\s+", "", body_text(pdf))
    assert "Page1of" not in extracted  # headers and footers left out
    assert len(page_texts(pdf)) >= 3
    assert "Finalwords:pelicanumbrella." in extracted
    # Every sentence is there, in order.
    expected = len(re.findall(r"Step \d+ keeps", text))
    steps = [int(n) for n in re.findall(r"Step(\d+)", extracted)]
    assert steps == list(range(1, expected + 1))
    assert extracted.count("keepsthemovementslowandsmoothwithoutforcing.") == expected


@pytest.mark.parametrize("large_print", [False, True])
def test_long_words_and_titles_do_not_break_the_layout(large_print: bool) -> None:
    item = Intervention(
        kind=Kind.EXERCISE,
        title="W" * 200,
        instructions="x" * 600,
        dosage=Dosage(
            sets=20, reps=200, hold_seconds=600, rest_seconds=600, times_per_day=12, days_per_week=7, minutes=600
        ),
        audiences=frozenset({Audience.FAMILY}),
    )
    record = rich_record()
    record = PlanRecord(plan=record.plan.replace(interventions=(item,)), patient=record.patient)
    pdf = render(record, Audience.FAMILY, large_print=large_print)
    assert "x" * 20 in all_text(pdf)


def test_many_row_tables_repeat_their_header() -> None:
    pdf = render(stress_record(60), Audience.FAMILY)
    texts = page_texts(pdf)
    chart_pages = [t for t in texts[texts.index(next(t for t in texts if "Weekly practice chart" in t)) :]]
    assert len(chart_pages) >= 2
    for text in chart_pages:
        assert re.search(r"5 days a week: day 1 2 3 4 5|Every day Mon Tue Wed Thu Fri Sat Sun", text), text[:200]
    rows = re.findall(r"Item \d\d exercise", " ".join(chart_pages))
    assert len(rows) == 20  # every exercise of the 60 items, none lost


def test_school_routine_repeats_its_header() -> None:
    texts = page_texts(render(stress_record(60), Audience.SCHOOL))
    routine = [t for t in texts if "Item" in t and "How long" in t]
    assert len(routine) >= 2
    for text in routine:
        assert "When (time or lesson) What How long Who Done" in text


# -------------------------------------------------------------------- photos


def with_photo(photo: Photo, audiences: frozenset[Audience] = frozenset({Audience.FAMILY})) -> PlanRecord:
    record = rich_record()
    item = Intervention(
        kind=Kind.EXERCISE, title="Chin tuck", instructions="Tuck the chin.", audiences=audiences, photo=photo
    )
    return PlanRecord(plan=record.plan.replace(interventions=(item,)), patient=record.patient)


def image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    sizes = []
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject")
        for ref in xobjects.get_object().values() if xobjects else []:
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


@pytest.mark.parametrize("data", [make_png(64, 48), make_jpeg(64, 48)], ids=["png", "jpeg"])
def test_a_good_photo_is_included(data: bytes) -> None:
    pdf = render(with_photo(Photo("image/png", data)), Audience.FAMILY, clinic=ClinicDetails(name="Clinic"))
    assert (64, 48) in image_sizes(pdf)


def test_clinic_logo_is_included() -> None:
    record = rich_record()
    record = PlanRecord(plan=record.plan.replace(interventions=()), patient=record.patient)
    assert (120, 60) in image_sizes(render(record, Audience.SCHOOL))


def pillow_image(mode: str, fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    colour = {"RGBA": (10, 200, 30, 128), "CMYK": (0, 50, 100, 0), "I;16": 30000}.get(mode, 100)
    Image.new(mode, (50, 20), colour).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("RGBA", "PNG"), ("P", "PNG"), ("L", "PNG"), ("I;16", "PNG"), ("1", "PNG"), ("CMYK", "JPEG"), ("L", "JPEG")],
)
def test_common_png_and_jpeg_flavours_are_accepted(mode: str, fmt: str) -> None:
    pdf = render(with_photo(Photo(f"image/{fmt.lower()}", pillow_image(mode, fmt))), Audience.FAMILY)
    assert (50, 20) in image_sizes(pdf)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty (the file holds no picture)."),
        (b"not an image at all", "is not a PNG or JPEG image."),
        (make_png()[:60], "is not a complete PNG image (the file is cut short)."),
        (make_jpeg(64, 48)[:300], "is not a complete JPEG image (the file is cut short)."),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "is not a complete JPEG image (the file is cut short)."),
        (
            make_png()[:45] + b"garbage garbage" + make_png()[60:],
            "is a damaged PNG image (its picture data cannot be decoded).",
        ),
        (b"GIF89a" + b"\x00" * 30, "is a GIF image, not a PNG or JPEG image (save it as JPEG or PNG first)."),
    ],
    ids=["empty", "text", "truncated-png", "truncated-jpeg", "broken-jpeg", "garbage-png", "gif"],
)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_corrupt_photo_names_the_item(data: bytes, reason: str, audience: Audience) -> None:
    """A photo stored before the picture gate (an older database) is named with what is wrong."""
    record = with_photo(Photo("image/png", data), frozenset({Audience.FAMILY, Audience.SCHOOL}))
    with pytest.raises(HandoutError) as caught:
        render(record, audience)
    assert str(caught.value) == f"The photo attached to 'Chin tuck' {reason}"


def test_a_corrupt_logo_is_named() -> None:
    clinic = ClinicDetails(name="Clinic", logo=Photo("image/png", b"junk"))
    with pytest.raises(HandoutError, match="clinic logo"):
        render_handout(rich_record(), Audience.FAMILY, clinic)


def test_a_corrupt_photo_on_an_item_the_handout_leaves_out_does_no_harm() -> None:
    record = with_photo(Photo("image/png", b"junk"), frozenset({Audience.SCHOOL}))
    assert render(record, Audience.FAMILY).startswith(b"%PDF")


def test_photo_keeps_its_shape(tmp_path) -> None:
    """A wide photo is drawn wide: the image's placement matrix keeps the pixel aspect ratio."""
    pdf = render(with_photo(Photo("image/png", make_png(300, 100))), Audience.FAMILY)
    reader = PdfReader(io.BytesIO(pdf))
    ratios = []
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        for a, _b, _c, d in re.findall(r"([\d.]+) (\S+) (\S+) ([\d.]+) [\d.-]+ [\d.-]+ cm\s*/FormXob", content):
            ratios.append(float(a) / float(d))
    assert ratios and any(r == pytest.approx(3.0, rel=0.01) for r in ratios)


# ---------------------------------------------------------------- rendering


def rendered(pdf: bytes, tmp_path) -> list[tuple[int, int, bytes]]:
    return render_pages(pdf, tmp_path, dpi=36)


@pytest.mark.parametrize(
    ("audience", "options"),
    [
        (Audience.FAMILY, {}),
        (Audience.SCHOOL, {}),
        (Audience.CLINICIAN, {}),
        (Audience.FAMILY, {"large_print": True}),
        (Audience.SCHOOL, {"large_print": True, "paper": "Letter"}),
    ],
)
def test_pages_are_not_blank_and_nothing_runs_into_the_margins(audience, options, tmp_path) -> None:
    record = stress_record(24)
    long_item = Intervention(
        kind=Kind.EXERCISE,
        title="Long " + "W" * 150,
        instructions=long_text(),
        school_instructions=long_text(),
        clinician_note="z" * 300,
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL}),
    )
    record = PlanRecord(
        plan=record.plan.replace(interventions=(*record.plan.interventions, long_item)), patient=record.patient
    )
    pdf = render(record, audience, **options)
    pages = rendered(pdf, tmp_path)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    dpi = 36
    strip = round(1.6 / 2.54 * dpi)  # the outer 1.6 cm of the 2 cm side margins
    top_bottom = round(0.9 / 2.54 * dpi)
    for number, (width, height, pixels) in enumerate(pages, start=1):
        dark = sum(1 for value in pixels if value < 128)
        assert dark > 500, f"page {number} looks blank"
        rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
        for y, row in enumerate(rows):
            assert min(row[:strip]) > 235, f"page {number}: ink in the left margin at row {y}"
            assert min(row[width - strip :]) > 235, f"page {number}: ink in the right margin at row {y}"
        for y in [*range(top_bottom), *range(height - top_bottom, height)]:
            assert min(rows[y]) > 235, f"page {number}: ink in the top or bottom margin at row {y}"


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_poppler_tool_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]
) -> None:
    """The reading tests above cannot pass in CI by skipping: a missing tool fails them there."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", ci)
    for tool in POPPLER_TOOLS:
        try:  # not pytest.raises: a skip escaping it would turn this very test into a skip
            poppler_tool(tool)
        except (pytest.fail.Exception, pytest.skip.Exception) as exc:
            assert type(exc) is outcome, f"{tool}: {type(exc).__name__} with CI={ci!r}"
            assert str(exc).startswith(f"{tool} (poppler-utils) is not installed")
        else:
            raise AssertionError(f"{tool} was reported present")


def test_ci_installs_the_poppler_tools() -> None:
    """``.ci/run`` installs poppler-utils whenever the tools are missing (a fresh Debian has none)."""
    script = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^command -v pdftoppm >/dev/null \|\| need\+=\(poppler-utils\)$", script, re.M)
    assert re.search(r'^\s*apt-get install [^\n]*"\$\{need\[@\]\}"', script, re.M)


# ------------------------------------------------------------------- layering


def test_the_renderer_imports_no_qt_and_no_database() -> None:
    code = (
        "import sys, careplan.export\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'alembic')"
        " or m.startswith(('careplan.storage', 'careplan.services', 'careplan.ui'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


#: Renders the sample plan's handouts in a fresh process and prints each one's SHA-256; with a
#: first argument it renders a different plan first, to show nothing carries over between handouts.
_FINGERPRINTS = """
import datetime as dt, hashlib, sys
from reportlab import rl_config
rl_config.invariant = 1  # only ReportLab's own creation time and random document id are pinned
from careplan.core.enums import Audience
from careplan.export import render_handout
from handout_samples import CLINIC, rich_record, stress_record
on = dt.date(2026, 12, 2)
if len(sys.argv) > 1:
    for audience in (Audience.CLINICIAN, Audience.FAMILY):
        render_handout(stress_record(12), audience, CLINIC, generated_on=on, large_print=audience is Audience.FAMILY)
for audience in (Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN):
    print(audience.value, hashlib.sha256(render_handout(rich_record(), audience, CLINIC, generated_on=on)).hexdigest())
"""


def test_the_same_plan_makes_the_same_pdf_in_any_process() -> None:
    """A reprinted handout is the same file: nothing in it depends on hash order (sets of audiences,
    regions, cautions), on the process, or on the handouts made before it in the same run."""
    outputs = []
    for seed, extra in (("1", []), ("2", ["after-another-plan"])):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, "-c", _FINGERPRINTS, *extra], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0].count("\n") == 3
    assert outputs[0] == outputs[1]


def test_outside_the_tests_a_handout_is_dated_now_and_prints_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' invariant mode hides nothing: a real handout carries the time it was made, and the
    same pages."""
    pinned = render(rich_record(), Audience.FAMILY)
    monkeypatch.setattr(rl_config, "invariant", 0)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    real = render(rich_record(), Audience.FAMILY)
    made = PdfReader(io.BytesIO(real)).metadata.creation_date
    assert made is not None and before <= made <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    assert PdfReader(io.BytesIO(pinned)).metadata.creation_date.year == 2000  # ReportLab's invariant date
    assert page_texts(real) == page_texts(pinned)


# ------------------------------------------------------------------ sparse plans


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_bare_plan_without_clinic_still_makes_a_handout(audience: Audience) -> None:
    """Only the required fields: no items, goals, therapist, dates, school or letterhead."""
    bare = PlanRecord(
        plan=Plan(title="First visit", category=Category.GENERALISED),
        patient=Patient("Zoë", "Ó Briain", dt.date(2019, 1, 2)),
    )
    pdf = render_handout(bare, audience)
    texts = page_texts(pdf)
    assert "Zoë Ó Briain" in texts[0]
    assert f"Page 1 of {len(texts)}" in texts[0]
    assert not image_sizes(pdf)
    assert PdfReader(io.BytesIO(pdf)).metadata.author == "Careplan"


def test_a_photo_beside_ten_thousand_characters() -> None:
    text = long_text()
    item = Intervention(
        kind=Kind.EXERCISE,
        title="Chin tuck",
        instructions=text,
        photo=Photo("image/jpeg", make_jpeg(400, 300)),
        audiences=frozenset({Audience.FAMILY}),
    )
    record = rich_record()
    record = PlanRecord(plan=record.plan.replace(interventions=(item,)), patient=record.patient)
    pdf = render(record, Audience.FAMILY)
    extracted = re.sub(r"\s+", "", body_text(pdf))
    assert "Finalwords:pelicanumbrella." in extracted
    assert extracted.count("keepsthemovementslowandsmoothwithoutforcing.") == len(re.findall("keeps", text))
    assert (400, 300) in image_sizes(pdf)

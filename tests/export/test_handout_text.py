"""Handout text is printed as typed: superscripts, fractions and units kept; names in Chinese,
Japanese and Korean printed with embedded fallback fonts; what no font has reported, never dropped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from careplan.core.enums import Audience, Kind
from careplan.core.model import ClinicDetails, Intervention, PlanRecord
from careplan.export import fonts, render_handout
from careplan.export.printable import printed_texts, printing_problems
from careplan.export.text import clean, markup

from handout_samples import CAUTIONS, CLINIC, FAMILY, all_text, page_texts, poppler_tool, render_pages, rich_record

TODAY = dt.date(2026, 12, 2)
AUDIENCES = [Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN]

#: Text whose meaning NFKC would change; each must print exactly as typed.
AS_TYPED = [
    "Repeat 3² times",
    "Hold for ½ min",
    "¼ turn, then ¾ turn",
    "Water at 37 °C",
    "Baclofen 5 µg",
    "Pain ≤ 3/10, spasms ≥ 2 a day",
    "x³ and H₂O",
    "10 m² mat",
    "Stretch 2×30 s ± 5 s",
    "ﬁnger ﬂexion",
    "Ω and Å",
]


@pytest.mark.parametrize("text", AS_TYPED)
def test_clean_keeps_superscripts_fractions_and_units(text: str) -> None:
    assert clean(text) == text


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (
            "one\r\ntwo\rthree\u2028four\u2029five\x85six\x0bseven\x0ceight",
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight",
        ),
        ("zero\u200bwidth", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("\ufeffbyte order mark", "byte order mark"),
        ("bidi \u202eoverride\u202c and \u200fmark\u200e", "bidi override and mark"),
        ("isolate \u2066x\u2069", "isolate x"),
        ("joiners a\u200db\u200cc, word\u2060joiner", "joiners abc, wordjoiner"),
        ("heart \u2764\ufe0f", "heart \u2764"),
        ("bell\x07 escape\x1b[31m nul\x00 del\x7f", "bell escape[31m nul del"),
        ("tab\there", "tab    here"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed Vietnamese is composed (NFC: canonical, same meaning)
        ("\uf91d name", "\uf91d name"),  # a CJK compatibility ideograph stays as typed (NFC would change it)
        ("  padded  ", "padded"),
    ],
)
def test_clean_normalises_only_what_is_safe(typed: str, printed: str) -> None:
    assert clean(typed) == printed


def test_markup_escapes_and_sets_fallback_runs() -> None:
    fonts.register_fonts()
    assert markup("a < b & 張偉\n김민준") == (
        'a &lt; b &amp; <font name="DroidSansFallback">張偉</font><br/><font name="NanumGothic">김민준</font>'
    )
    assert markup("smile 🙂") == "smile [U+1F642]"


def with_instructions(text: str, record: PlanRecord | None = None) -> PlanRecord:
    record = record or rich_record()
    item = Intervention(kind=Kind.EXERCISE, title="Chin tuck", instructions=text, audiences=FAMILY)
    return PlanRecord(plan=record.plan.replace(interventions=(item,)), patient=record.patient)


def test_superscripts_fractions_and_units_print_as_typed_in_dejavu(tmp_path: Path) -> None:
    text = "\n".join(AS_TYPED)
    for char in set(text) - {"\n"}:
        assert fonts.font_for(char) == "", f"{char!r} is not in every DejaVu face"
    pdf = render_handout(with_instructions(text), Audience.FAMILY, CLINIC, generated_on=TODAY)
    printed = all_text(pdf)
    for line in AS_TYPED:
        assert line in printed
    assert "32 times" not in printed and "1⁄2" not in printed
    assert all(f.startswith("DejaVu") for f in pdffonts(pdf, tmp_path))


# ------------------------------------------------------------------ Chinese, Japanese, Korean

NAMES = [("偉", "張", "DroidSansFallback"), ("太郎", "山田", "DroidSansFallback"), ("민준", "김", "NanumGothic")]


def pdffonts_rows(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    exe = poppler_tool("pdffonts")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([exe, str(path)], check=True, capture_output=True, text=True).stdout
    return [row.split() for row in out.splitlines()[2:]]


def pdffonts(pdf: bytes, tmp_path: Path) -> list[str]:
    return [row[0].split("+")[-1] for row in pdffonts_rows(pdf, tmp_path)]


@pytest.mark.parametrize(("given", "family", "font"), NAMES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_cjk_names_print_with_an_embedded_subset(
    given: str, family: str, font: str, audience: Audience, tmp_path: Path
) -> None:
    record = rich_record(given_name=given, family_name=family)
    pdf = render_handout(record, audience, CLINIC, generated_on=TODAY)
    name = f"{given} {family}"
    texts = page_texts(pdf)
    assert name in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert name in text, f"page {number} header"  # the page header draws it with the fallback font too
    rows = pdffonts_rows(pdf, tmp_path)
    fallback = [row for row in rows if row[0].split("+")[-1] == font]
    assert fallback, rows
    for row in fallback:
        assert "+" in row[0]  # a subset tag, ABCDEF+Name
        assert row[-5:-3] == ["yes", "yes"], row  # embedded, subset
    assert printing_problems(record, CLINIC) == []


def ink(pixels: bytes) -> int:
    return sum(1 for value in pixels if value < 128)


def title_line(given: str, tmp_path: Path, dpi: int = 100) -> tuple[int, list[bytes]]:
    """The first page's title line (no letterhead above it), as rows of grey pixels."""
    record = rich_record(given_name=given, family_name="")
    pdf = render_handout(record, Audience.FAMILY, ClinicDetails(), generated_on=TODAY)
    folder = tmp_path / (given.encode().hex() or "none")
    folder.mkdir()
    width, _height, pixels = render_pages(pdf, folder, dpi=dpi)[0]
    top, bottom = round(1.4 / 2.54 * dpi), round(2.6 / 2.54 * dpi)
    return width, [pixels[y * width : (y + 1) * width] for y in range(top, bottom)]


@pytest.mark.parametrize("given", ["김민준", "張偉", "山田"])
def test_cjk_names_are_inked_glyphs_not_empty_boxes(given: str, tmp_path: Path) -> None:
    width, with_name = title_line(given, tmp_path)
    _width, without = title_line("", tmp_path)
    # Where the two title lines differ is where the name is printed.
    columns = [x for x in range(width) if any(a[x] != b[x] for a, b in zip(with_name, without, strict=True))]
    assert columns, "the name left no ink"
    first, last = columns[0], columns[-1]
    assert sum(ink(row[first : last + 1]) for row in with_name) > 150
    # Each character is its own glyph: a missing glyph would print the same empty box for each.
    cell = (last - first + 1) / len(given)  # the name ends the line: nothing after it moves
    crops = [[row[round(first + i * cell) : round(first + (i + 1) * cell)] for row in with_name] for i in range(2)]
    differing = sum(1 for a, b in zip(*crops, strict=True) for p, q in zip(a, b, strict=False) if abs(p - q) > 100)
    assert differing > 20, "the characters print alike: empty boxes?"


def test_the_fallback_fonts_are_read_only_when_needed() -> None:
    code = (
        "import datetime as dt, sys\n"
        "sys.path.insert(0, 'tests/export')\n"
        "from handout_samples import rich_record\n"
        "from careplan.core.enums import Audience\n"
        "from careplan.export import fonts, render_handout\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "render_handout(rich_record(), Audience.FAMILY)\n"
        "assert fonts._fallbacks is None\n"
        "assert 'DroidSansFallback' not in pdfmetrics.getRegisteredFontNames()\n"
        "render_handout(rich_record(given_name='張偉'), Audience.FAMILY)\n"
        "assert 'DroidSansFallback' in pdfmetrics.getRegisteredFontNames()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


# ------------------------------------------------------------------ what cannot be printed


def test_an_emoji_prints_as_its_code_and_is_reported(tmp_path: Path) -> None:
    record = rich_record(given_name="Amira 🙂")
    pdf = render_handout(record, Audience.FAMILY, CLINIC, generated_on=TODAY)
    assert "Amira [U+1F642] Okafor" in page_texts(pdf)[0]
    assert printing_problems(record, CLINIC) == [
        "Given name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed (each prints as its code, like [U+1F642])"
    ]


def test_the_report_names_each_field() -> None:
    record = rich_record()
    carer = dataclasses.replace(record.patient.carers[0], name="Grace ☃️🙂")
    item = dataclasses.replace(record.plan.interventions[0], instructions="Sit tall 🪑")
    record = dataclasses.replace(
        record,
        patient=dataclasses.replace(record.patient, carers=(carer,)),
        plan=record.plan.replace(interventions=(item, *record.plan.interventions[1:])),
    )
    clinic = dataclasses.replace(CLINIC, name="Clinic 🏥")
    lines = printing_problems(record, clinic, CAUTIONS)
    tail = "cannot be printed (each prints as its code, like"
    assert lines == [
        f"Carer 1 name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) {tail} [U+1F642])",
        f"Item 1 “Chin tuck” instructions: 🪑 (U+1FA91 CHAIR) {tail} [U+1FA91])",
        f"Clinic (Settings) name: 🏥 (U+1F3E5 HOSPITAL) {tail} [U+1F3E5])",
    ]  # ☃ (U+2603) is in DejaVu; the emoji variation selector after it is invisible and removed


def test_right_to_left_and_indic_names_are_reported() -> None:
    record = rich_record(given_name="ليلى", family_name="देवी")
    lines = printing_problems(record)
    assert lines[0].startswith("Given name: right-to-left writing may print incorrectly")
    assert lines[1].startswith("Family name: द (U+0926 DEVANAGARI LETTER DA)")
    assert "cannot be printed" in lines[1]
    # Still printed, never dropped: the Arabic letters in DejaVu, the Devanagari as codes.
    text = all_text(render_handout(record, Audience.FAMILY, generated_on=TODAY))
    assert "[U+0926]" in text
    assert sum(1 for char in text if "\u0600" <= char <= "\u06ff") >= 4


def test_every_text_field_is_checked() -> None:
    """The walk finds every text field of the sample plan, clinic and cautions, with a label."""
    record = rich_record()
    found = printed_texts(record, CLINIC, CAUTIONS)
    labels = [p.label for p in found]
    assert len(labels) == len(set(labels)), "each label names one field"
    for label in ("Given name", "Carer 1 relationship", "School contact name", "Plan title", "Goal 2 text",
                  "Item 11 “Orthopaedic hip surveillance” referral reason", "Programme adjustment 1",
                  "Plan clinical notes", "Revision author", "Clinic (Settings) address",
                  "Caution for Chin tuck: text"):  # fmt: skip
        assert label in labels
    assert not any("media type" in label for label in labels)


def test_a_private_use_character_is_reported_by_its_code_only() -> None:
    record = rich_record(family_name="Okafor\ue000")
    assert printing_problems(record) == [
        "Family name: (U+E000) cannot be printed (each prints as its code, like [U+E000])"
    ]
    assert "Amira Okafor[U+E000]" in page_texts(render_handout(record, Audience.FAMILY, generated_on=TODAY))[0]

"""Plans to render, and helpers that read the PDFs back (pypdf, poppler).

A plainly named module (not conftest) so tests can import from it without clashing
with other test folders' conftest modules.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from careplan.catalog import load_library
from careplan.core.enums import (
    Audience,
    Category,
    EquipmentStatus,
    GoalDomain,
    Kind,
    Pattern,
    Setting,
    Side,
)
from careplan.core.model import (
    AppliedCaution,
    Carer,
    ClinicDetails,
    Contact,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Photo,
    Plan,
    PlanRecord,
    Programme,
    RevisionInfo,
    SchoolContact,
    Therapist,
)

# Marker words that must never leak onto the family or school handout.
CLINICAL_NOTES = "Confidential. Mother reports poor sleep; Zebrinotes marker for the test."
CLINICIAN_NOTE = "Quillonote: watch for shoulder hitching"
REFERRAL_REASON = "Hip migration check Pelvirex"
SCHOOL_ONLY_WORDS = "Classroomix table height"
IDENTIFIER = "943 476 5919"

FAMILY = frozenset({Audience.FAMILY})
SCHOOL = frozenset({Audience.SCHOOL})
BOTH = frozenset({Audience.FAMILY, Audience.SCHOOL})
CLINICIAN = frozenset({Audience.CLINICIAN})


def make_png(width: int = 40, height: int = 30, rgb: tuple[int, int, int] = (31, 95, 122)) -> bytes:
    """A real PNG (truecolour, no Pillow needed)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def make_jpeg(width: int = 60, height: int = 40) -> bytes:
    from PIL import Image  # Pillow comes with ReportLab

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


SAVED = RevisionInfo(4, dt.datetime(2026, 12, 1, 14, 5), "Jo Patel")


def rich_record(
    *,
    given_name: str = "Amira",
    family_name: str = "Okafor",
    photo: Photo | None = None,
    revision: RevisionInfo | None = SAVED,
) -> PlanRecord:
    """A plan modelled on shared/fixtures/example-plan.json, with every kind of item."""
    photo = photo if photo is not None else Photo("image/png", make_png())
    items = (
        Intervention(
            kind=Kind.EXERCISE,
            title="Chin tuck",
            instructions="Sit tall with your back against the chair.\nGently draw the chin back, "
            "as if making a double chin, then relax.",
            dosage=Dosage(sets=2, reps=10, hold_seconds=5, times_per_day=3, days_per_week=7),
            side=Side.BOTH,
            audiences=FAMILY,
            catalog_code="ex.chin_tuck",
            clinician_note=CLINICIAN_NOTE,
            photo=photo,
        ),
        Intervention(
            kind=Kind.EXERCISE,
            title="Supported sit-to-stand",
            instructions="Feet flat, hands on the table, lean forwards and stand up slowly.",
            school_instructions=f"Use the {SCHOOL_ONLY_WORDS}; an adult stands beside her.",
            dosage=Dosage(sets=2, reps=5, times_per_day=2, days_per_week=5),
            side=Side.BOTH,
            audiences=BOTH,
        ),
        Intervention(
            kind=Kind.EXERCISE,
            title="Reach and grasp with the left hand",
            instructions="Reach for a soft toy placed just out of reach, pick it up and put it in the box.",
            dosage=Dosage(minutes=10, times_per_day=1, days_per_week=7),
            side=Side.LEFT,
            audiences=FAMILY,
        ),
        Intervention(
            kind=Kind.ORTHOSIS,
            title="Ankle-foot orthoses (both legs)",
            wear_schedule="On for standing and walking practice; check skin when removed",
            side=Side.BOTH,
            audiences=BOTH,
        ),
        Intervention(
            kind=Kind.ORTHOSIS,
            title="Resting hand splint",
            wear_schedule="At night, from bedtime until breakfast",
            skin_checks="Look at the knuckles and the wrist bone every morning.",
            side=Side.LEFT,
            audiences=FAMILY,
        ),
        Intervention(
            kind=Kind.EQUIPMENT,
            title="Standing frame",
            instructions="30 minutes, twice during the school day",
            school_instructions="Stand in the frame for 30 minutes in the morning and after lunch; "
            "check the knee pads and the chest strap.",
            status=EquipmentStatus.ISSUED,
            audiences=SCHOOL,
        ),
        Intervention(
            kind=Kind.EQUIPMENT,
            title="Supportive seating",
            instructions="Sit well back in the seat with the lap belt done up and feet on the footplate.",
            status=EquipmentStatus.ON_TRIAL,
            audiences=BOTH,
        ),
        Intervention(
            kind=Kind.ADVICE,
            title="Getting dressed",
            setting=Setting.HOME,
            instructions="Dress sitting down, the tighter arm first, and give her time.",
            audiences=FAMILY,
        ),
        Intervention(
            kind=Kind.ADVICE,
            title="Handling and positioning in class",
            setting=Setting.SCHOOL,
            instructions="Give her time; hold at the hips, not the hands; tell her before you move her.",
            audiences=SCHOOL,
        ),
        Intervention(
            kind=Kind.EDUCATION,
            title="What is dystonia?",
            instructions="Dystonia makes muscles tighten on their own. It is not caused by anything you did.",
            audiences=FAMILY,
        ),
        Intervention(
            kind=Kind.REFERRAL,
            title="Orthopaedic hip surveillance",
            referral_to="Orthopaedics",
            referral_reason=REFERRAL_REASON,
            audiences=CLINICIAN,
        ),
    )
    plan = Plan(
        title="Postural management and school participation",
        category=Category.DYSTONIC_CP,
        regions=("trunk", "left_arm", "left_leg", "right_leg"),
        therapist=Therapist("Jo Patel", "Neurophysiotherapist", "0161 496 0999", "jo.patel@clinic.example"),
        start_date=dt.date(2026, 11, 20),
        review_date=dt.date(2027, 2, 19),
        summary="Plain-language overview for the family and school.",
        goals=(
            Goal(
                GoalDomain.PARTICIPATION, "Join the class for carpet time, supported in her seat", dt.date(2027, 2, 19)
            ),
            Goal(GoalDomain.MOBILITY, "Stand in the frame for 30 minutes twice a day", dt.date(2027, 1, 15)),
        ),
        interventions=items,
        programme=Programme(
            visits="Weekly for 6 weeks, then monthly",
            home_practice="Ten minutes after school, five days a week",
            adjustments=("Stand at the kitchen counter for homework",),
        ),
        clinical_notes=CLINICAL_NOTES,
        gmfcs_level=3,
        catalog_version="2026.2",
    )
    patient = Patient(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=dt.date(2016, 3, 14),
        identifier=IDENTIFIER,
        carers=(Carer("Grace Okafor", "mother", "07700 900123"),),
        school=SchoolContact("Brookfield Primary", "Mr T. Hale (SENCo)", "0161 496 0000", "senco@brookfield.example"),
    )
    return PlanRecord(plan=plan, patient=patient, plan_id=7, version=4, revision=revision)


CAUTIONS = (AppliedCaution("Chin tuck", "Stop if it brings on neck spasm (Cautionix).", 0, "ex.chin_tuck"),)

CLINIC = ClinicDetails(
    name="Northside Neurophysiotherapy",
    address="12 Mill Lane\nManchester M1 2AB",
    phone="0161 496 0123",
    email="hello@northside.example",
    logo=Photo("image/png", make_png(120, 60, (200, 60, 40))),
)


def stress_record(n: int = 60) -> PlanRecord:
    """A plan with ``n`` items of every kind, for page flow and the benchmark."""
    base = rich_record()
    kinds = [Kind.EXERCISE, Kind.EXERCISE, Kind.ORTHOSIS, Kind.EQUIPMENT, Kind.ADVICE, Kind.EDUCATION]
    items = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        items.append(
            Intervention(
                kind=kind,
                title=f"Item {i + 1:02d} {kind.label.lower()}",
                instructions=f"Instructions for item {i + 1}. " + "Keep the movement slow and smooth. " * 4,
                dosage=Dosage(sets=2, reps=8, times_per_day=1 + i % 3, days_per_week=5)
                if kind is Kind.EXERCISE
                else None,
                side=Side.LEFT if i % 2 else Side.RIGHT,
                setting=Setting.HOME if kind is Kind.ADVICE else None,
                status=EquipmentStatus.ISSUED if kind is Kind.EQUIPMENT else None,
                wear_schedule="During the day" if kind is Kind.ORTHOSIS else None,
                audiences=BOTH,
            )
        )
    return PlanRecord(
        plan=base.plan.replace(interventions=tuple(items)), patient=base.patient, plan_id=8, version=1, revision=None
    )


#: A marker that must never reach the work and daily life handout (an employer or carer reads it).
ADULT_NOTES = "Confidential: Workleakix marker, mood screening discussed."


def adult_library_record(
    template: str,
    extra: tuple[str, ...] = (),
    *,
    given_name: str = "Daniel",
    family_name: str = "Reyes",
    pull_side: Side | None = None,
    patterns: tuple[Pattern, ...] = (),
) -> PlanRecord:
    """An adult's plan made from a shipped library template (and ``extra`` library entries), as the
    desktop makes one: each item with the library's own wording, dosage and audiences."""
    library = load_library()
    chosen = library.template(template)
    assert chosen is not None, template
    items = []
    for code in (*chosen.interventions, *extra):
        entry = library.intervention(code)
        assert entry is not None, code
        items.append(entry.to_intervention(pull_side))
    plan = Plan(
        title=chosen.title,
        category=chosen.category,
        therapist=Therapist("Jo Patel", "Neurophysiotherapist", "0161 496 0999", "jo.patel@clinic.example"),
        start_date=dt.date(2026, 11, 20),
        review_date=dt.date(2027, 2, 19),
        summary=" ".join(chosen.approach.split()),
        interventions=tuple(items),
        clinical_notes=ADULT_NOTES,
        catalog_version=library.version,
        patterns=patterns,
        pull_side=pull_side,
        contacts=(Contact("Neurology nurse", "0161 496 0444", "Sam Lee"),),
    )
    patient = Patient(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=dt.date(1981, 5, 2),
        identifier=IDENTIFIER,
        carers=(Carer("Maria Reyes", "wife", "07700 900456"),),
    )
    return PlanRecord(plan=plan, patient=patient, plan_id=21, version=1, revision=None)


def adult_neck_record() -> PlanRecord:
    """A 45-year-old with neck dystonia (head turning to the right), at a desk job."""
    return adult_library_record(
        "template.cervical_torticollis",
        ("adult.work_breaks", "adult.bad_day_plan", "orthosis.head_support"),
        pull_side=Side.RIGHT,
        patterns=(Pattern.TORTICOLLIS,),
    )


def adult_generalised_record() -> PlanRecord:
    """A 45-year-old with generalised dystonia, supported by carers, with seating, a wheelchair and a splint."""
    return adult_library_record(
        "template.generalised_adult",
        (
            "adult.bad_day_plan",
            "equipment.high_back_chair",
            "equipment.manual_wheelchair",
            "equipment.pressure_cushion",
            "orthosis.resting_hand_splint",
        ),
        given_name="Priya",
        family_name="Shah",
    )


# ------------------------------------------------------------------ reading PDFs back


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed and NFC-normalised."""
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", " ".join((page.extract_text() or "").split())) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def body_text(pdf: bytes, margin: float = 2.2 * 72 / 2.54) -> str:
    """The text inside the page body only (page headers and footers left out), all pages joined."""
    reader = PdfReader(io.BytesIO(pdf))
    parts: list[str] = []
    for page in reader.pages:
        height = float(page.mediabox.height)

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, _size: object, top: float = height
        ) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if margin < y < top - margin:
                parts.append(text)

        page.extract_text(visitor_text=visit)
    return unicodedata.normalize("NFC", " ".join("".join(parts).split()))


def font_sizes(pdf: bytes) -> list[float]:
    """Every font size set with ``Tf`` in the page content streams."""
    reader = PdfReader(io.BytesIO(pdf))
    sizes: list[float] = []
    for page in reader.pages:
        content = ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator == b"Tf":
                sizes.append(round(float(operands[1]), 2))
    return sizes


#: The poppler-utils programs the tests read PDFs back with (``.ci/run`` installs the package).
POPPLER_TOOLS = ("pdftoppm", "pdftotext", "pdffonts")


def poppler_tool(name: str) -> str:
    """The path of a poppler-utils program.  When it is missing the test fails in CI (a skip there
    would hide a check that never ran) and skips elsewhere, naming what to install."""
    path = shutil.which(name)
    if path is None:
        missing = f"{name} (poppler-utils) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: CI must run the PDF reading tests (.ci/run installs poppler-utils)")
        pytest.skip(missing)
    return path


def pdftoppm_or_skip() -> str:
    return poppler_tool("pdftoppm")


def render_pages(pdf: bytes, tmp_path: Path, dpi: int = 36) -> list[tuple[int, int, bytes]]:
    """Pages rendered to 8-bit greyscale: (width, height, pixels) each, via ``pdftoppm -gray``."""
    exe = pdftoppm_or_skip()
    source = tmp_path / "handout.pdf"
    source.write_bytes(pdf)
    subprocess.run([exe, "-gray", "-r", str(dpi), str(source), str(tmp_path / "page")], check=True)
    pages = []
    for path in sorted(tmp_path.glob("page*.pgm"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1])):
        data = path.read_bytes()
        match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        assert match, path
        width, height = int(match.group(1)), int(match.group(2))
        pages.append((width, height, data[match.end() :]))
    return pages


Renderer = Callable[..., bytes]


#: The drawings' skin tone and arrow colour (careplan.figures.primitives.SKIN, ARROW), as printed.
SKIN_RGB = (0xF4, 0xE3, 0xD3)
ARROW_RGB = (0xC2, 0x41, 0x0C)


def colour_pages(pdf: bytes, tmp_path: Path, dpi: int = 50) -> list[Path]:
    """Pages rendered to colour PNGs (``pdftoppm -png``), in page order."""
    exe = pdftoppm_or_skip()
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "colour.pdf"
    source.write_bytes(pdf)
    subprocess.run([exe, "-png", "-r", str(dpi), str(source), str(tmp_path / "colour")], check=True)
    return sorted(tmp_path.glob("colour*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))


def colour_box(
    png: Path, rgb: tuple[int, int, int], tolerance: int = 14
) -> tuple[int, tuple[int, int, int, int] | None]:
    """How many pixels of ``png`` are ``rgb`` (within ``tolerance`` per channel), and their bounding
    box (left, top, right, bottom) in pixels, None when there are none."""
    from PIL import Image

    with Image.open(png) as image:
        rgb_image = image.convert("RGB")
        width = rgb_image.width
        data = rgb_image.tobytes()
    xs: list[int] = []
    ys: list[int] = []
    for i in range(0, len(data), 3):
        if max(abs(data[i] - rgb[0]), abs(data[i + 1] - rgb[1]), abs(data[i + 2] - rgb[2])) <= tolerance:
            xs.append((i // 3) % width)
            ys.append((i // 3) // width)
    if not xs:
        return 0, None
    return len(xs), (min(xs), min(ys), max(xs), max(ys))

"""Hostile inputs, one table: each row is a file a therapist (or an attacker) could hand Careplan.

Every row goes through the real command line (``careplan import`` / ``catalog --check`` / a
command that reads the settings) against a database that already holds a plan, and checks:

- exit status 2, nothing on stdout, no traceback;
- the message on stderr names what is wrong and where (each of ``words`` appears in it);
- NOTHING CHANGED: the database's patients, plans, revisions and own entries are the same rows,
  the input file and the settings file are byte-identical, and no file was added anywhere.

To add a case (a damaged database, a frozen server...), add a ``Hostile`` row: ``make`` writes
what it needs under ``env.tmp`` (or replaces the settings or the database) and returns the command
line.  Inputs that must be ACCEPTED (a CMYK JPEG, a 16-bit PNG) are in the tests below the table.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import sqlite3
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFile

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.images import MAX_BYTES, MAX_SIDE
from careplan.planfile import read_plan_bytes, to_imported
from careplan.ui.drafts import DraftStore

from support import damage
from support.db import doc_bytes, example_document
from support.old_data import set_plan_title
from test_cli import Run

# --- pictures made in code (headers crafted, nothing large allocated) ------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (a decompression bomb needs no more)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF0) claims ``width`` x ``height``."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    sos = b"\xff\xda" + struct.pack(">HB", 12, 3) + b"\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + sof + sos + b"\x00" * 64 + b"\xff\xd9"


def encoded(image: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def a_photo(width: int = 64, height: int = 48, mode: str = "RGB") -> Image.Image:
    """A picture with detail (a gradient), so JPEG has real data to cut short."""
    gradient = Image.linear_gradient("L").resize((width, height))
    return Image.merge("RGB", (gradient, gradient.rotate(90), gradient.rotate(180))).convert(mode)


def _rotated() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 8
    return exif.tobytes()


GOOD_JPEG = encoded(a_photo(), "JPEG", quality=90)
GOOD_PNG = encoded(a_photo(), "PNG")

# --- the environment each row runs in ------------------------------------------------------------


@dataclass
class Env:
    """A data folder whose database holds one plan, and a place for the hostile files."""

    run: Run
    plan_id: int

    @property
    def tmp(self) -> Path:
        return self.run.tmp

    @property
    def database(self) -> Path:
        return self.run.data / "careplan.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.run.config / "settings.json"

    def plan_file(self, change: Callable[[dict[str, Any]], None] | None = None, raw: bytes | None = None) -> list[str]:
        """``careplan import`` of the example plan after ``change`` (or of ``raw`` bytes)."""
        doc = example_document()
        if change is not None:
            change(doc)
        path = self.tmp / "hostile-plan.json"
        path.write_bytes(raw if raw is not None else doc_bytes(doc))
        return ["import", str(path)]

    def photo(self, data: bytes, media_type: str = "image/jpeg", item: int = 1) -> list[str]:
        """Import the example plan with ``data`` as the photo of item ``item`` (counting from 1)."""
        encoded_data = base64.b64encode(data).decode("ascii")

        def attach(doc: dict[str, Any]) -> None:
            doc["plan"]["interventions"][item - 1]["photo"] = {"media_type": media_type, "data": encoded_data}

        return self.plan_file(attach)

    def settings(self, text: str | bytes, *command: str) -> list[str]:
        """Write a settings file, then run a command that reads it (``list`` unless given)."""
        self.settings_file.parent.mkdir(parents=True, exist_ok=True)
        self.settings_file.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return list(command) or ["list"]

    def clinic(self, **fields: Any) -> list[str]:
        return self.settings(json.dumps({"clinic": fields}))

    def logo(self, data: bytes, name: str = "logo.png") -> list[str]:
        """A clinic logo file holding ``data``, then a handout (the command that prints the logo)."""
        logo = self.tmp / name
        logo.write_bytes(data)
        return self.settings(
            json.dumps({"clinic": {"name": "Clinic", "logo_path": str(logo)}}),
            "handout",
            str(self.plan_id),
            "--for",
            "family",
            "-o",
            str(self.tmp / "family.pdf"),
        )

    def database_file(self, spoil: Callable[[Path], None]) -> Path:
        """A copy of this data folder's database (SQLite's backup API), then ``spoil``ed in place."""
        path = self.tmp / "hostile.sqlite3"
        with sqlite3.connect(self.database) as source, sqlite3.connect(path) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        spoil(path)
        return path

    def restore(self, spoil: Callable[[Path], None]) -> list[str]:
        """``careplan restore`` of a hostile database file."""
        return ["restore", str(self.database_file(spoil))]

    def database_in_settings(self, spoil: Callable[[Path], None]) -> list[str]:
        """The settings name a hostile database file; ``careplan list`` opens it."""
        return self.settings(json.dumps({"database_url": f"sqlite:///{self.database_file(spoil)}"}))

    def library_file(self, text: str | bytes, name: str = "clinic-extra.toml") -> list[str]:
        path = self.tmp / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return ["catalog", "--check", str(path)]


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """``set_path(doc, "plan.goals.0.text", "x")``."""
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value


def text_in(path: str, value: Any) -> Callable[[Env], list[str]]:
    return lambda env: env.plan_file(lambda doc: set_path(doc, path, value))


def own_goal(text: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["own_library"] = {"goals": [{"code": "own.reach", "domain": "participation", "text": text}]}

    return change


def entry_toml(title: str = '"Pen grip"', instructions: str = '"Hold the pen lightly."', code: str = "clinic.x") -> str:
    """One library entry (TOML), with ``title`` and ``instructions`` written as TOML basic strings."""
    return (
        "[[intervention]]\n"
        f'code = "{code}"\n'
        'kind = "education"\n'
        f"title = {title}\n"
        f"instructions = {instructions}\n"
        'categories = ["hand"]\n'
        'sources = ["dystonia_society_physio"]\n'
    )


def json_str(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's: ``\\u001b``)."""
    return json.dumps(text)


def schema_too_new(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()


def not_careplan(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()


# --- the table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    id: str
    make: Callable[[Env], list[str]]
    #: Each must appear in the one message on stderr.
    words: tuple[str, ...]


HOSTILE: list[Hostile] = [
    # Photos in a plan file (item 1 is "Supported sit-to-stand")
    Hostile(
        "photo-truncated-jpeg",
        lambda env: env.photo(GOOD_JPEG[: len(GOOD_JPEG) // 2]),
        (
            "plan.interventions[0].photo.data",
            "item 1 'Supported sit-to-stand'",
            "not a complete JPEG image (the file is cut short)",
        ),
    ),
    Hostile(
        "photo-truncated-png",
        lambda env: env.photo(GOOD_PNG[:-40], "image/png", item=2),
        ("item 2 'Ankle-foot orthoses (both legs)'", "not a complete PNG image (the file is cut short)"),
    ),
    Hostile(
        "photo-garbage-after-png-header",
        lambda env: env.photo(GOOD_PNG[:33] + b"garbage " * 64 + _chunk(b"IEND", b""), "image/png"),
        ("item 1", "damaged PNG image"),
    ),
    Hostile(
        "photo-garbage-after-jpeg-header",
        lambda env: env.photo(GOOD_JPEG[:20] + b"garbage " * 64 + b"\xff\xd9"),
        ("item 1", "is a damaged JPEG image"),
    ),
    Hostile(
        "photo-65535x65535-png-header",
        lambda env: env.photo(png_header(65535, 65535), "image/png"),
        ("item 1", "far too large (4,295 megapixels)", "at most 40 megapixels"),
    ),
    Hostile(
        "photo-65535x65535-jpeg-header",
        lambda env: env.photo(jpeg_header(65535, 65535)),
        ("item 1", "far too large (4,295 megapixels)", "at most 40 megapixels"),
    ),
    Hostile(
        "photo-900-megapixel-bomb",
        lambda env: env.photo(png_header(30000, 30000), "image/png"),
        ("item 1", "far too large (900 megapixels)"),
    ),
    Hostile(
        "photo-80-megapixel-png",
        lambda env: env.photo(png_header(10328, 7760), "image/png"),
        ("item 1", "is 10,328 × 7,760 pixels (80 megapixels); a PNG picture can be at most 40 megapixels"),
    ),
    Hostile(
        "photo-154-megapixel-jpeg",
        lambda env: env.photo(jpeg_header(14000, 11000)),
        ("item 1", "is 14,000 × 11,000 pixels (154 megapixels); a JPEG photo can be at most 120 megapixels"),
    ),
    Hostile(
        "photo-gif-named-jpeg",
        lambda env: env.photo(encoded(a_photo().convert("P"), "GIF")),
        ("item 1", "not a JPEG image (it is a GIF image"),
    ),
    Hostile(
        "photo-webp-named-jpeg",
        lambda env: env.photo(encoded(a_photo(), "WEBP")),
        ("item 1", "it is a WebP image"),
    ),
    Hostile(
        "photo-svg-named-jpeg",
        lambda env: env.photo(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("item 1", "it is an SVG drawing"),
    ),
    Hostile(
        "photo-html-named-jpeg",
        lambda env: env.photo(b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("item 1", "it is a web page"),
    ),
    Hostile("photo-zero-bytes", lambda env: env.photo(b""), ("item 1", "the photo is empty")),
    Hostile(
        "photo-not-base64",
        text_in("plan.interventions.0.photo", {"media_type": "image/png", "data": "not base64 at all!"}),
        ("plan.interventions[0].photo.data", "not valid base64"),
    ),
    Hostile(
        "photo-over-20-mb",
        lambda env: env.photo(GOOD_JPEG[:-2] + b"\0" * MAX_BYTES + b"\xff\xd9"),
        ("item 1", "is too large (20.0 MB); a picture can be at most 20 MB"),
    ),
    # Text fields of a plan file
    Hostile("text-nul-in-name", text_in("patient.given_name", "Am\0ira"), ("patient.given_name", "U+0000 (NUL)")),
    Hostile(
        "text-esc-sequence-in-title",
        text_in("plan.title", "Plan\x1b[2J\x1b[31mred"),
        ("plan.title", "control character, U+001B (ESC), at position 5"),
    ),
    Hostile("text-bel-in-goal", text_in("plan.goals.0.text", "Join\x07 in"), ("plan.goals[0].text", "U+0007 (BEL)")),
    Hostile(
        "text-del-in-instructions",
        text_in("plan.interventions.0.instructions", "Feet\x7f flat"),
        ("plan.interventions[0].instructions", "U+007F (DEL)"),
    ),
    Hostile("text-c1-control-in-summary", text_in("plan.summary", "Over\x85view"), ("plan.summary", "U+0085")),
    Hostile(
        "text-bidi-override-in-name",
        text_in("patient.family_name", "Oka\u202efor"),
        ("patient.family_name", "reverses how the text after it is shown", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ),
    Hostile(
        "text-lone-surrogate",
        lambda env: env.plan_file(
            raw=doc_bytes(example_document()).replace(b'"Plain-language overview', b'"\\ud800Plain-language overview')
        ),
        ("plan.summary", "holds a broken character (half of a character pair"),
    ),
    Hostile(
        "text-1-mb-title",
        text_in("plan.title", "A" * 1_048_576),
        ("plan.title", "is too long: at most 200 characters (got 1048576)"),
    ),
    Hostile(
        "text-newline-in-a-name", text_in("patient.given_name", "Am\nira"), ("patient.given_name", "one line of text")
    ),
    Hostile("text-esc-in-region", text_in("plan.regions.0", "trunk\x1b]0;x\x07"), ("plan.regions[0]", "U+001B (ESC)")),
    Hostile(
        "text-control-in-own-library-goal",
        lambda env: env.plan_file(own_goal("Reach for ___ cups\x1b[5m")),
        ("own_library.goals[0].text", "U+001B (ESC)"),
    ),
    # Sizes
    Hostile(
        "size-10001-items",
        text_in("plan.interventions", [{"kind": "advice", "title": f"Tip {n}"} for n in range(10_001)]),
        ("plan.interventions", "has 10,001 items; a plan can hold at most 300"),
    ),
    Hostile(
        "size-1000-carers",
        text_in("patient.carers", [{"name": f"Carer {n}"} for n in range(1000)]),
        ("patient.carers", "has 1,000 carers; a plan can hold at most 20"),
    ),
    Hostile(
        "size-200000-empty-objects",
        text_in("plan.contacts", [{}] * 200_000),
        ("more than 100,000 entries, far more than a plan can need",),
    ),
    Hostile(
        "size-60-mb-file",
        lambda env: env.plan_file(raw=b'{"format": "careplan-plan", "x": "' + b"a" * (60 * 1_048_576) + b'"}'),
        ("hostile-plan.json", "the file is too large (60.0 MB); a plan file is at most 40 MB"),
    ),
    Hostile(
        "size-100000-levels-deep",
        lambda env: env.plan_file(raw=b"[" * 100_000 + b"]" * 100_000),
        ("nested too deeply",),
    ),
    # Settings files (read by every command; ``list`` here)
    Hostile("settings-not-json", lambda env: env.settings("clinic = Leeds"), ("settings.json", "not valid")),
    Hostile("settings-json-array", lambda env: env.settings("[1, 2]"), ("settings.json", "not valid")),
    Hostile(
        "settings-wrong-type",
        lambda env: env.settings('{"clinic": {"name": 42}}'),
        ("settings.json", "clinic.name", "string"),
    ),
    Hostile(
        "settings-unknown-key",
        lambda env: env.settings('{"clinic": {"nmae": "Leeds"}}'),
        ("settings.json", "clinic.nmae: not a setting Careplan knows"),
    ),
    Hostile(
        "settings-esc-in-clinic-name",
        lambda env: env.clinic(name="Leeds\x1b[2J"),
        ("settings.json", "clinic.name: holds a control character, U+001B (ESC)"),
    ),
    Hostile(
        "settings-bidi-in-therapist-name",
        lambda env: env.settings(json.dumps({"therapist": {"name": "Jo \u202ePatel"}})),
        ("therapist.name", "U+202E"),
    ),
    Hostile(
        "settings-newline-in-phone",
        lambda env: env.clinic(phone="0161\n496"),
        ("clinic.phone", "U+000A (new line) at position 5; this field is one line of text"),
    ),
    Hostile(
        "settings-logo-truncated-png",
        lambda env: env.logo(GOOD_PNG[:-40]),
        ("The clinic logo in the settings is not a complete PNG image (the file is cut short)",),
    ),
    Hostile(
        "settings-logo-is-a-gif",
        lambda env: env.logo(encoded(a_photo().convert("P"), "GIF")),
        ("The clinic logo in the settings is a GIF image",),
    ),
    Hostile(
        "settings-logo-bomb",
        lambda env: env.logo(png_header(65535, 65535)),
        ("The clinic logo in the settings is far too large",),
    ),
    # A clinic's library file (``careplan catalog --check FILE``)
    Hostile(
        "toml-esc-in-title",
        lambda env: env.library_file(entry_toml(title=json_str("Pen grip\x1b[31m"))),
        ("clinic-extra.toml: entry 'clinic.x': title: holds a control character, U+001B (ESC)",),
    ),
    Hostile(
        "toml-c1-in-instructions",
        lambda env: env.library_file(entry_toml(instructions=json_str("Hold\x9b lightly"))),
        ("entry 'clinic.x': instructions", "U+009B"),
    ),
    Hostile(
        "toml-bidi-in-title",
        lambda env: env.library_file(entry_toml(title=json_str("Pen \u202egrip"))),
        ("title", "reverses how the text after it is shown"),
    ),
    Hostile(
        "toml-raw-control-character",
        lambda env: env.library_file(entry_toml(title='"Pen\x07grip"').encode()),
        ("clinic-extra.toml", "not valid TOML at line 4"),
    ),
    Hostile(
        "toml-huge-file",
        lambda env: env.library_file(entry_toml() + "# padding\n" * 600_000),
        ("clinic-extra.toml: is too large (5.7 MB); a library file is at most 5 MB",),
    ),
    Hostile(
        "toml-duplicate-code",
        lambda env: env.library_file(entry_toml(code="equipment.specialist_seating")),
        ("'equipment.specialist_seating' is used more than once",),
    ),
    Hostile("toml-not-toml", lambda env: env.library_file("<html>not a library</html>"), ("not valid TOML",)),
    # Database files: handed to ``careplan restore``, or named in the settings as the database
    Hostile("restore-corrupted-pages", lambda env: env.restore(damage.corrupt_pages), ("is damaged",)),
    Hostile("restore-a-text-file", lambda env: env.restore(damage.text_file), ("not a database file",)),
    Hostile("restore-a-pdf", lambda env: env.restore(damage.pdf_file), ("not a database file",)),
    Hostile("restore-zero-bytes", lambda env: env.restore(damage.zero_bytes), ("not a Careplan database",)),
    Hostile("restore-truncated", lambda env: env.restore(damage.truncate), ("damaged",)),
    Hostile(
        "restore-two-schema-versions", lambda env: env.restore(damage.two_versions), ("records 2 schema versions",)
    ),
    Hostile("restore-schema-too-new", lambda env: env.restore(schema_too_new), ("newer version of Careplan",)),
    Hostile("restore-not-careplan", lambda env: env.restore(not_careplan), ("not a Careplan database",)),
    Hostile(
        "settings-database-random-bytes",
        lambda env: env.database_in_settings(damage.random_bytes),
        ("hostile.sqlite3", "is not a Careplan database, or it is damaged"),
    ),
    Hostile(
        "settings-database-zero-bytes",
        lambda env: env.database_in_settings(damage.zero_bytes),
        ("The database file is empty (0 bytes)", "hostile.sqlite3"),
    ),
    Hostile(
        "settings-database-corrupted-pages",
        lambda env: env.database_in_settings(damage.corrupt_pages),
        ("is damaged",),
    ),
]


# --- the runner ---------------------------------------------------------------------------------------


def database_rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a refused input must leave as it was, read with sqlite3 (not through Careplan)."""
    queries = {
        "patients": "SELECT * FROM patients ORDER BY id",
        "plans": "SELECT * FROM plans ORDER BY id",
        "revisions": "SELECT id, plan_id, number, content FROM plan_revisions ORDER BY id",
        "own_entries": "SELECT * FROM own_interventions ORDER BY id",
        "own_goals": "SELECT * FROM own_goals ORDER BY id",
    }
    with sqlite3.connect(database) as db:
        rows = {name: db.execute(sql).fetchall() for name, sql in queries.items()}
    db.close()
    return rows


def files_under(folder: Path) -> dict[str, str]:
    """Every file but the database and the log (which a refusal may write to): name -> digest."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("careplan.sqlite3") and ".log" not in path.name:
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def env(run: Run) -> Env:
    return Env(run, run.import_ok(example_document()))


@pytest.mark.parametrize("case", HOSTILE, ids=[case.id for case in HOSTILE])
def test_hostile_input_is_refused_and_changes_nothing(env: Env, case: Hostile) -> None:
    argv = case.make(env)
    rows_before = database_rows(env.database)
    files_before = files_under(env.tmp)

    code, out, err = env.run(*argv)

    assert code == EXIT_BAD_INPUT, err
    assert out == ""
    assert err.startswith(f"careplan {argv[0]}: ") and "Traceback" not in err
    for words in case.words:
        assert words in err, f"{words!r} not in {err!r}"
    assert database_rows(env.database) == rows_before
    assert files_under(env.tmp) == files_before  # inputs byte-identical, nothing written (no PDF, no backup)


def test_the_table_holds_enough_cases() -> None:
    assert len(HOSTILE) >= 40 and len({case.id for case in HOSTILE}) == len(HOSTILE)


# --- what must get through: odd but real pictures, accepted and re-encoded -----------------------------


def stored_photo(env: Env, plan_id: int) -> Image.Image:
    out = env.tmp / "exported.json"
    assert env.run("export", str(plan_id), "-o", str(out))[0] == EXIT_OK
    photo = json.loads(out.read_text(encoding="utf-8"))["plan"]["interventions"][0]["photo"]
    image = Image.open(io.BytesIO(base64.b64decode(photo["data"])))
    assert image.format == {"image/jpeg": "JPEG", "image/png": "PNG"}[photo["media_type"]]
    image.load()
    return image


ACCEPTED = [
    ("cmyk-jpeg", lambda: encoded(a_photo(mode="CMYK"), "JPEG"), "image/jpeg", "RGB"),
    ("16-bit-png", lambda: encoded(Image.new("I;16", (40, 30), 40_000), "PNG"), "image/png", "L"),
    (
        "palette-png-transparent-kept",
        lambda: encoded(a_photo().convert("P"), "PNG", transparency=0),
        "image/png",
        "P",
    ),
    (
        "exif-rotated-png",
        lambda: encoded(a_photo(), "PNG", exif=_rotated()),
        "image/png",
        "RGB",
    ),
    ("greyscale-jpeg", lambda: encoded(a_photo(mode="L"), "JPEG"), "image/jpeg", "L"),
]


@pytest.mark.parametrize(("make", "media_type", "mode"), [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_unusual_but_real_pictures_are_accepted_and_re_encoded(
    env: Env, make: Callable[[], bytes], media_type: str, mode: str
) -> None:
    code, out, err = env.run(*env.photo(make(), media_type))
    assert code == EXIT_OK, err
    image = stored_photo(env, int(out.strip().splitlines()[-1]))
    assert image.mode == mode


def test_a_large_phone_photo_is_turned_upright_shrunk_and_loses_its_gps_position(env: Env) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was held sideways
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 0.0), 3: "W", 4: (1.0, 33.0, 0.0)}  # GPS: where the patient lives
    data = encoded(a_photo(4000, 3000), "JPEG", quality=90, exif=exif.tobytes())
    code, out, err = env.run(*env.photo(data))
    assert code == EXIT_OK, err
    image = stored_photo(env, int(out.strip().splitlines()[-1]))
    assert image.size == (MAX_SIDE * 3 // 4, MAX_SIDE)  # upright (portrait) and at most 2000 pixels
    assert not image.getexif() and "exif" not in image.info


def test_a_clean_small_photo_keeps_its_bytes_so_export_and_import_do_not_recompress(env: Env) -> None:
    code, out, err = env.run(*env.photo(GOOD_JPEG))
    assert code == EXIT_OK, err
    exported = env.tmp / "exported.json"
    assert env.run("export", out.strip().splitlines()[-1], "-o", str(exported))[0] == EXIT_OK
    photo = json.loads(exported.read_text(encoding="utf-8"))["plan"]["interventions"][0]["photo"]
    assert base64.b64decode(photo["data"]) == GOOD_JPEG


def test_pillow_is_never_told_to_accept_cut_short_images() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


# --- text an older Careplan stored: shown escaped, never raw --------------------------------------------


def test_control_characters_already_stored_never_reach_the_terminal_raw(env: Env) -> None:
    set_plan_title(env.database, env.plan_id, "Plan\x1b[2J\x1b]0;owned\x07\u202e")
    for argv in (["list"], ["list", "--json"]):
        code, out, err = env.run(*argv)
        assert code == EXIT_OK, err
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Plan\\u001b[2J" in out
    listed = json.loads(env.run("list", "--json")[1])
    assert listed["patients"][0]["plans"][0]["title"] == "Plan\x1b[2J\x1b]0;owned\x07\u202e"  # JSON keeps the value


def test_a_stored_plan_with_old_control_characters_still_opens(env: Env) -> None:
    """The door rules are for what comes in: a plan stored before them stays readable (and exportable)."""
    set_plan_title(env.database, env.plan_id, "Plan\x1b[31m")
    code, _out, err = env.run("check", str(env.plan_id))
    assert code == EXIT_OK, err
    assert env.run("export", str(env.plan_id), "-o", str(env.tmp / "old.json"))[0] == EXIT_OK


def test_the_library_file_the_toml_rows_start_from_is_valid(env: Env) -> None:
    """So each TOML row fails for the one thing it changes."""
    code, out, err = env.run(*env.library_file(entry_toml()))
    assert code == EXIT_OK, err
    assert "the library is valid" in out


def test_an_old_own_entry_with_an_esc_sequence_is_listed_escaped_by_catalog(env: Env) -> None:
    """The reported case: an own-library title holding ESC [2J cleared the terminal through ``careplan catalog``."""
    doc = example_document()
    doc["own_library"] = {"interventions": [{"code": "own.pen_grip", "kind": "advice", "title": "Pen grip"}]}
    doc["plan"]["interventions"][0] = {"catalog_code": "own.pen_grip"}
    env.run.import_ok(doc)
    with sqlite3.connect(env.database) as db:
        db.execute("UPDATE own_interventions SET title = ? WHERE code = 'own.pen_grip'", ("Pen\x1b[2J\x9b grip",))
    db.close()
    for argv in (["catalog"], ["catalog", "--json"]):
        code, out, err = env.run(*argv)
        assert code == EXIT_OK, err
        assert "own.pen_grip" in out and "Pen\\u001b[2J\\u009b grip" in out
        assert "\x1b" not in out and "\x9b" not in out


def test_a_draft_of_a_plan_stored_before_the_rules_can_still_be_recovered(tmp_path: Path) -> None:
    """Drafts are Careplan's own files: the door rules (and the size limit) must not lose the work in them."""
    record = to_imported(read_plan_bytes(doc_bytes(example_document())), lambda code: None).record
    old = dataclasses.replace(record, plan=record.plan.replace(title="Plan\x1b[31m", regions=("trunk\x07",)))
    drafts = DraftStore(tmp_path / "drafts")
    drafts.write(old)
    (found,) = drafts.drafts()
    assert found.read_record().plan.title == "Plan\x1b[31m"

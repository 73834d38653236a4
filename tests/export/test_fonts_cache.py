"""Parsed handout fonts kept in the cache folder (``careplan.export.fonts.parsed_font``): the same
font, glyph for glyph and width for width, and parsed again whenever the kept copy cannot be trusted."""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from careplan.core.resources import resource_path
from careplan.export import fonts

ROOT = Path(__file__).resolve().parents[2]
REGULAR_FILE = resource_path("fonts", "DejaVuSans.ttf")
#: Latin with accents, Greek, Cyrillic, a regular-only Tifinagh letter, an unknown code.
SAMPLE = "Zoë Łukasz Ахмед Ωμέγα ⴰ \uffff fi 0123"


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the TrueType files ReportLab parses (the cost the cache saves)."""
    parsed: list[str] = []
    extract = TTFontFile.extractInfo

    def counting(self: TTFontFile, charInfo: int = 1) -> None:
        parsed.append(os.path.basename(self.filename))
        extract(self, charInfo)

    monkeypatch.setattr(TTFontFile, "extractInfo", counting)
    return parsed


def _kept_file(cache: Path, name: str) -> Path:
    return cache / fonts.CACHE_SUBFOLDER / f"{name}.pickle"


def _widths(font: fonts.TTFont) -> list[float]:
    return [font.stringWidth(SAMPLE, size) for size in (9, 10.5, 14)]


@pytest.mark.parametrize(("name", "filename"), [*fonts._FILES.items(), (fonts.UPRIGHT, "DejaVuSans.ttf")])
def test_a_kept_font_is_the_parsed_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, filename: str
) -> None:
    parsed = _parses(monkeypatch)
    cache = tmp_path / "cache"
    first = fonts.parsed_font(name, resource_path("fonts", filename), cache)
    kept = fonts.parsed_font(name, resource_path("fonts", filename), cache)
    assert parsed == [filename]  # parsed once; the second came from the cache
    fresh = fonts.parsed_font(name, resource_path("fonts", filename), None)
    assert kept is not first and fonts._same_font(kept, fresh)
    assert kept.face.charToGlyph == fresh.face.charToGlyph and kept.face.charWidths == fresh.face.charWidths
    assert _widths(kept) == _widths(fresh)
    assert kept.face.makeSubset([0, *map(ord, "Zoë Ахмед")]) == fresh.face.makeSubset([0, *map(ord, "Zoë Ахмед")])
    assert len(kept.state) == 0 and kept.face.name.ustr == fresh.face.name.ustr
    path = _kept_file(cache, name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_without_a_cache_folder_fonts_are_parsed_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _parses(monkeypatch)
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, None)
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, None)
    assert parsed == ["DejaVuSans.ttf"] * 2
    assert fonts.cache_folder() is None  # a test (or script) that never names one keeps nothing


def _one_font_folder(tmp_path: Path) -> Path:
    copy = tmp_path / "fonts" / "DejaVuSans.ttf"
    copy.parent.mkdir()
    shutil.copy2(REGULAR_FILE, copy)
    return copy


def test_a_changed_font_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font_file = _one_font_folder(tmp_path)
    parsed = _parses(monkeypatch)
    fonts.parsed_font(fonts.REGULAR, font_file, tmp_path / "cache")
    info = font_file.stat()
    os.utime(font_file, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # replaced by an update
    fonts.parsed_font(fonts.REGULAR, font_file, tmp_path / "cache")
    fonts.parsed_font(fonts.REGULAR, font_file, tmp_path / "cache")
    assert parsed == ["DejaVuSans.ttf"] * 2  # parsed again once, then kept again


def test_a_missing_font_file_is_named_even_when_a_copy_was_kept(tmp_path: Path) -> None:
    font_file = _one_font_folder(tmp_path)
    fonts.parsed_font(fonts.REGULAR, font_file, tmp_path / "cache")
    kept = _kept_file(tmp_path / "cache", fonts.REGULAR).read_bytes()
    font_file.unlink()
    with pytest.raises(fonts.FontMissingError, match=r"The handout font .*DejaVuSans.ttf cannot be read"):
        fonts.parsed_font(fonts.REGULAR, font_file, tmp_path / "cache")
    assert _kept_file(tmp_path / "cache", fonts.REGULAR).read_bytes() == kept


def _other_font(path: Path) -> None:
    """The attributes of the bold face stored under the regular face's key."""
    key, _ = pickle.loads(path.read_bytes())
    bold = fonts.parsed_font(fonts.BOLD, resource_path("fonts", "DejaVuSans-Bold.ttf"), None)
    path.write_bytes(pickle.dumps((key, fonts._keepable(bold))))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:5000]), id="cut-short"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(
            lambda p: p.write_bytes(pickle.dumps((("0.0.0",), pickle.loads(p.read_bytes())[1]))), id="other-version"
        ),
        pytest.param(
            lambda p: p.write_bytes(pickle.dumps((pickle.loads(p.read_bytes())[0], {"a": 1}))), id="not-a-font"
        ),
        pytest.param(_other_font, id="another-font"),
    ],
)
def test_a_damaged_or_stale_copy_is_parsed_again_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    cache = tmp_path / "cache"
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    damage(_kept_file(cache, fonts.REGULAR))  # type: ignore[operator]
    parsed = _parses(monkeypatch)
    font = fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    assert parsed == ["DejaVuSans.ttf"]
    assert font.face.name == b"DejaVuSans" and _widths(font) == _widths(
        fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, None)
    )
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    assert parsed == ["DejaVuSans.ttf"] * 2  # the one without a cache above; the kept copy was made good


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_copy_others_can_change_is_not_unpickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    path = _kept_file(cache, fonts.REGULAR)
    os.chmod(path, 0o666)
    parsed = _parses(monkeypatch)
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    assert parsed == ["DejaVuSans.ttf"]  # parsed, not taken from the file anyone could have changed
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # replaced owner-only


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root can give a file to another account")
def test_a_copy_another_account_owns_is_not_unpickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    path = _kept_file(cache, fonts.REGULAR)
    os.chown(path, 65534, -1)  # nobody
    parsed = _parses(monkeypatch)
    fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, cache)
    assert parsed == ["DejaVuSans.ttf"]
    assert path.stat().st_uid == os.getuid()  # replaced by this account's own


def test_a_font_whose_copy_would_differ_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check before keeping: a restored font that would scale font units differently (as after a
    ReportLab change to its parser) is never written, so it can never print."""
    monkeypatch.setattr(fonts, "_scale", lambda units: lambda x: x * 1000 / units + 1e-9)
    font = fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, tmp_path / "cache")
    assert font.face.name == b"DejaVuSans"
    assert not (tmp_path / "cache").exists()


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")  # a file where the folder should be: mkdir fails, as root too
    parsed = _parses(monkeypatch)
    for _ in range(2):
        assert fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, blocked / "cache").face.name == b"DejaVuSans"
    assert parsed == ["DejaVuSans.ttf"] * 2 and blocked.read_bytes() == b""


def test_a_full_disk_leaves_no_partial_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert fonts.parsed_font(fonts.REGULAR, REGULAR_FILE, tmp_path / "cache").face.name == b"DejaVuSans"
    assert list((tmp_path / "cache" / fonts.CACHE_SUBFOLDER).iterdir()) == []


# ------------------------------------------------------------------ whole handouts, one process each

HANDOUT = """
import hashlib, sys
sys.path.insert(0, "tests/export")
from pathlib import Path
from reportlab import rl_config
rl_config.invariant = 1
from reportlab.pdfbase.ttfonts import TTFontFile
parsed = []
extract = TTFontFile.extractInfo
TTFontFile.extractInfo = lambda self, *a: (parsed.append(self.filename), extract(self, *a))[1]
from handout_samples import rich_record
from careplan.core.cache_folder import set_cache_folder
from careplan.core.enums import Audience
from careplan.export import render_handout
if sys.argv[1] != "-":
    set_cache_folder(Path(sys.argv[1]))
record = rich_record(given_name="Zoë 張偉 김민준 ⴰ", family_name="Łukasz-Ахмед")
pdfs = [render_handout(record, a, large_print=lp) for a, lp in
        ((Audience.FAMILY, False), (Audience.FAMILY, True), (Audience.CLINICIAN, False))]
print(len(parsed), *(hashlib.sha256(pdf).hexdigest() for pdf in pdfs))
"""


def test_handouts_are_byte_for_byte_the_same_with_the_cache(tmp_path: Path) -> None:
    """Without a cache, with an empty one (parsed and kept) and with a full one (nothing parsed),
    the family (normal and large print) and clinician PDFs are the same bytes: same text, glyphs,
    widths and font subsets.  The name needs both fallbacks and the regular-only DejaVu face."""

    def run(cache: str) -> tuple[int, list[str]]:
        out = subprocess.run(
            [sys.executable, "-c", HANDOUT, cache], check=True, cwd=ROOT, capture_output=True, text=True
        ).stdout.split()
        return int(out[0]), out[1:]

    cache = str(tmp_path / "cache")
    parsed_plain, plain = run("-")
    parsed_cold, cold = run(cache)
    parsed_warm, warm = run(cache)
    assert plain == cold == warm
    assert parsed_plain == parsed_cold == 7  # four DejaVu faces, the upright copy, two fallbacks
    assert parsed_warm == 0
    kept = sorted(p.name for p in (tmp_path / "cache" / fonts.CACHE_SUBFOLDER).iterdir())
    assert kept == sorted(f"{name}.pickle" for name in [*fonts._FILES, fonts.UPRIGHT, *fonts.FALLBACKS])

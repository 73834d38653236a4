"""The picture gate (careplan.images), and the peak memory a refused 80-megapixel photo costs."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image
from test_hostile_inputs import a_photo, encoded, jpeg_header, png_header

from careplan.images import MAX_BYTES, MAX_SIDE, ImageProblem, check_image, read_image_file

ROOT = Path(__file__).resolve().parents[1]


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES * 50)  # sparse: a 1 GB file that takes no disk
    with pytest.raises(ImageProblem, match=r"is too large \(1000.0 MB\); a picture can be at most 20 MB"):
        read_image_file(big)


def test_pixel_limit_is_checked_from_the_header_before_decoding() -> None:
    with pytest.raises(ImageProblem, match=r"is 8,000 × 6,000 pixels \(48 megapixels\)"):
        check_image(png_header(8000, 6000))
    with pytest.raises(ImageProblem, match="far too large"):
        check_image(jpeg_header(65535, 65535))


def test_a_big_photo_is_shrunk_to_the_print_size_and_stays_a_jpeg() -> None:
    photo = check_image(encoded(a_photo(5000, 2500), "JPEG", quality=90))
    image = Image.open(io.BytesIO(photo.data))
    assert photo.media_type == "image/jpeg" and image.size == (MAX_SIDE, MAX_SIDE // 2)


def test_a_drawing_stays_a_sharp_png() -> None:
    drawing = Image.new("RGB", (2400, 1200), "white")
    photo = check_image(encoded(drawing, "PNG"))
    assert photo.media_type == "image/png" and Image.open(io.BytesIO(photo.data)).size == (MAX_SIDE, MAX_SIDE // 2)


def test_text_chunks_in_a_png_are_not_kept() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Patient: Amira Okafor, 14 Mill Lane")
    photo = check_image(encoded(a_photo(), "PNG", pnginfo=info))
    assert b"Amira" not in photo.data


PEAK = textwrap.dedent(
    """
    import resource, sys
    from careplan.images import check_image
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        check_image(data)
    except ValueError as exc:
        print("refused:", exc, file=sys.stderr)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) // 1024)
    """
)


@pytest.mark.slow
def test_a_refused_80_megapixel_photo_costs_almost_no_memory(tmp_path: Path) -> None:
    """A real 80-megapixel JPEG (10,328 x 7,760) is refused from its header: the process grows by a few MB,
    not the 865 MB that decoding it took before the gate."""
    photo = tmp_path / "80mp.jpg"
    Image.new("RGB", (10_328, 7_760), (90, 120, 150)).save(photo, "JPEG", quality=85)
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(photo)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "a picture can be at most 40 megapixels" in done.stderr
    assert int(done.stdout) < 50, f"grew by {done.stdout.strip()} MB"

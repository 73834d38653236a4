"""The picture gate (careplan.images), and the peak memory a refused 80-megapixel photo costs."""

from __future__ import annotations

import io
import json
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


MAKE = textwrap.dedent(
    """
    import sys
    from PIL import Image
    gradient = Image.linear_gradient("L").resize((int(sys.argv[1]), int(sys.argv[2])))
    Image.merge("RGB", (gradient, gradient, gradient)).save(sys.argv[3], "JPEG", quality=85)
    """
)
#: Run in a fresh process: Linux keeps a process's peak memory (ru_maxrss), so it must not have held
#: the big picture itself.
PEAK = textwrap.dedent(
    """
    import io, json, resource, sys
    from PIL import Image
    from careplan.images import check_image
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    photo = check_image(data)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = Image.open(io.BytesIO(photo.data)).size
    print(json.dumps({"media_type": photo.media_type, "size": list(size), "grew_mb": (after - before) // 1024}))
    """
)


@pytest.mark.slow
def test_an_80_megapixel_jpeg_is_decoded_at_a_quarter_scale(tmp_path: Path) -> None:
    """A real 80-megapixel JPEG (10,328 x 7,760, a phone's high-resolution mode) is decoded straight at 1/4
    scale: the gate grows the process by a few tens of MB, not the 865 MB (1.4 GB peak for the
    handout) that decoding it in full took before."""
    photo = tmp_path / "80mp.jpg"
    subprocess.run([sys.executable, "-c", MAKE, "10328", "7760", str(photo)], check=True)
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(photo)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    found = json.loads(done.stdout)
    assert found["media_type"] == "image/jpeg" and found["size"] == [MAX_SIDE, 1503]
    assert found["grew_mb"] < 100, f"the gate grew the process by {found['grew_mb']} MB"

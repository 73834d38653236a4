"""Peak memory of importing a plan with a large photo and printing its family handout.

Run: ``.venv/bin/python benchmarks/bench_photo_memory.py [--repo PATH]``.  Each step runs in a
fresh process (``careplan import``, then ``careplan handout``) with its own data folder, and the
process's peak resident memory (``ru_maxrss``) is printed.  ``--repo`` points at another checkout
(e.g. the main branch) to measure it the same way, before and after a change.

Photos: a real 80-megapixel JPEG (10,328 x 7,760, a phone's 80 MP mode), a 40-megapixel one
(7,300 x 5,475, just inside the gate's limit) and a 12-megapixel phone photo (4,000 x 3,000).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
STEP = """
import resource, sys
from careplan import app
code = app.main(sys.argv[1:])
print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "EXIT", code)
"""
SIZES = {"80 MP": (10_328, 7_760), "40 MP": (7_300, 5_475), "12 MP": (4_000, 3_000)}


def photo_bytes(width: int, height: int) -> bytes:
    """A JPEG with detail (a gradient), made in a child process: Linux keeps a process's peak memory
    across fork and exec, so the measuring children must start from a small parent."""
    out = Path(tempfile.mkstemp(suffix=".jpg")[1])
    try:
        subprocess.run([sys.executable, __file__, "--make", str(width), str(height), str(out)], check=True)
        return out.read_bytes()
    finally:
        out.unlink()


def make_photo(width: int, height: int, out: Path) -> None:
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height)), gradient)
    )
    image.save(out, "JPEG", quality=90)


def step(repo: Path, home: Path, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(repo), CAREPLAN_DATA_DIR=str(home / "data"))
    env["CAREPLAN_CONFIG_DIR"] = str(home / "config")
    done = subprocess.run([sys.executable, "-c", STEP, *args], capture_output=True, text=True, env=env, cwd=repo)
    found = [line for line in done.stdout.splitlines() if line.startswith("RSS")]
    result = found[-1] if found else "RSS ? EXIT ?"
    message = done.stderr.strip().splitlines()[-1][:110] if done.stderr.strip() else ""
    return f"{result}  {message}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", type=Path, default=HERE.parent)
    parser.add_argument("--make", nargs=3, metavar=("W", "H", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_photo(int(args.make[0]), int(args.make[1]), Path(args.make[2]))
        return
    example = json.loads((HERE.parent / "resources" / "samples" / "example-plan.json").read_text(encoding="utf-8"))
    for name, (width, height) in SIZES.items():
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            doc = json.loads(json.dumps(example))
            data = base64.b64encode(photo_bytes(width, height)).decode("ascii")
            doc["plan"]["interventions"][0]["photo"] = {"media_type": "image/jpeg", "data": data}
            plan = home / "plan.json"
            plan.write_text(json.dumps(doc), encoding="utf-8")
            del doc, data
            print(f"{name} photo, import : {step(args.repo, home, 'import', str(plan))}")
            pdf = str(home / "family.pdf")
            print(f"{name} photo, handout: {step(args.repo, home, 'handout', '1', '--for', 'family', '-o', pdf)}")


if __name__ == "__main__":
    main()

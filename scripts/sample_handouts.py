"""Sample handouts of the example plans, made the way a therapist makes them: the command line.

    .venv/bin/python scripts/sample_handouts.py              # writes docs/examples/handouts/*.pdf
    .venv/bin/python scripts/sample_handouts.py --png DIR    # and every page as PNG, to look at

Each plan file in ``docs/examples/plans`` is imported into a throwaway database in a temporary
data folder, then ``careplan handout`` writes every handout that fits the person (the same rule
the desktop and the command line use), in normal print and, where the handout has it, in large
print.  The examples must be ready to print: a plan the readiness check refuses stops the script
with the command's own message, so a sample never needs ``--draft``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP))

from careplan.catalog.loader import load_library  # noqa: E402
from careplan.core.audience import fitting_audiences  # noqa: E402
from careplan.export import RENDERERS  # noqa: E402
from careplan.planfile import read_plan_bytes, to_imported  # noqa: E402

PLANS = TOP / "docs" / "examples" / "plans"
OUT = TOP / "docs" / "examples" / "handouts"
THERAPIST = "Sam Reid"


def careplan(env: dict[str, str], db: str, *args: str) -> str:
    """Run the command line as a user would; stop with its message when it refuses."""
    done = subprocess.run(
        [sys.executable, "-m", "careplan", "--db", db, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=TOP,
    )
    if done.returncode != 0:
        sys.exit(f"careplan {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT, help=f"folder for the PDFs (default {OUT})")
    parser.add_argument("--png", type=Path, metavar="DIR", help="also render every page to PNG here (pdftoppm)")
    args = parser.parse_args()
    if args.png and not shutil.which("pdftoppm"):
        sys.exit("--png needs pdftoppm (sudo apt-get install -y poppler-utils)")
    args.output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="careplan-samples-") as tmp:
        home = Path(tmp)
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "CAREPLAN_THERAPIST": THERAPIST,
            "PYTHONPATH": str(TOP),
        }
        db = f"sqlite:///{home / 'samples.sqlite3'}"
        library = load_library()
        for plan_file in sorted(PLANS.glob("*.json")):
            doc = read_plan_bytes(plan_file.read_bytes(), str(plan_file))
            record = to_imported(doc, library.intervention).record
            plan_id = careplan(env, db, "import", str(plan_file))
            for audience in fitting_audiences(record.patient):
                for large in (False, True) if RENDERERS[audience].supports_large_print else (False,):
                    name = f"{plan_file.stem}-{audience.value}{'-large' if large else ''}.pdf"
                    target = args.output / name
                    extra = ["--large-print"] if large else []
                    careplan(env, db, "handout", plan_id, "--for", audience.value, "-o", str(target), *extra)
                    written.append(target)
                    print(target.relative_to(TOP) if target.is_relative_to(TOP) else target)
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
        for pdf in written:
            subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(args.png / pdf.stem)], check=True)
    print(f"{len(written)} handouts written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

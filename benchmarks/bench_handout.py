"""What a user waits for: ``careplan handout`` as a whole process, against two yardsticks.

Run: ``.venv/bin/python benchmarks/bench_handout.py [--runs N]``.

Every figure is a whole process, from the command typed to the PDF written (Python start,
imports, opening the database, reading the plan, fonts, layout, writing the file):

- ``python -m careplan handout PLAN --for family -o FILE.pdf`` on a database in a temporary
  data folder holding the example plan (tests/data/fixtures/example-plan.json, imported with
  ``careplan import``), the way a therapist runs it;
- (a) ``benchmarks/bare_reportlab.py``: a bare ReportLab script making the same pages
  (the handout's text, page by page), run as its own process.  Same text and page count are
  checked with pypdf before any timing; goal: Careplan at most 1.3x the bare script;
- (b) LibreOffice converting an equivalent .docx (the same text, made with python-docx) to
  PDF: ``libreoffice --headless --convert-to pdf``; goal: Careplan at least 4x faster.
  Skipped with a message where LibreOffice or python-docx is absent.

Runs are paired (Careplan, then each yardstick, N times) so background load hits all alike;
the figures are medians.  ``-X importtime`` of the Careplan command is summarised so a
missed goal names where the time goes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "data" / "fixtures" / "example-plan.json"
BARE = Path(__file__).resolve().parent / "bare_reportlab.py"
THERAPIST = "Jo Patel"
#: The settings a clinic desk has: its letterhead and emergency number, the therapist, the paper.
SETTINGS = {
    "clinic": {
        "name": "Riverside Neurophysiotherapy",
        "address": "12 Mill Lane\nRiverside RS1 2AB",
        "phone": "0161 496 0000",
        "email": "physio@riverside.example",
        "emergency_number": "999",
    },
    "therapist": {"name": THERAPIST, "role": "Neurophysiotherapist"},
    "paper": "A4",
}


def environment(home: Path) -> dict[str, str]:
    """A private data, settings and cache folder for Careplan in ``home``, this checkout first on the path.

    The cache folder (the checked library, the drawn figures, the parsed fonts: ``AppPaths.cache``, which
    follows ``XDG_CACHE_HOME`` on Linux) is the run's own, so another checkout or a test run on the same
    account cannot make it stale between two timed runs; the warm-up run fills it, as a user's first
    handout does."""
    env = dict(os.environ)
    env.update(
        CAREPLAN_DATA_DIR=str(home / "data"),
        CAREPLAN_CONFIG_DIR=str(home / "config"),
        CAREPLAN_THERAPIST=THERAPIST,
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    env.pop("CAREPLAN_DB", None)
    # A user's Python keeps the compiled modules (.pyc) the first run writes; a shell that forbids it
    # would make every timed run compile all of Careplan again (ReportLab's were compiled when installed).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A clinic's desk has its settings file (the letterhead every handout prints), read as a user's is.
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(SETTINGS, indent=2) + "\n", encoding="utf-8")
    return env


def first_run(command: list[str], env: dict[str, str], cwd: Path, runs: int = 3) -> float:
    """Median seconds of ``command`` with the cache folder emptied before each run: what the first handout
    after installing or updating Careplan costs (the library checked, every figure drawn, the fonts
    parsed, and all of it kept for the next run)."""
    cache = Path(env["XDG_CACHE_HOME"])
    times = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        times.append(run(command, env, cwd))
    run(command, env, cwd)  # warm again for what follows
    return statistics.median(times)


def run(command: list[str], env: dict[str, str], cwd: Path) -> float:
    """Seconds the process took, start to exit; a failure stops the benchmark with its message."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def pages_of(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages]


def words(text: str) -> list[str]:
    """Text compared without layout: the words in order (line breaks and spacing differ by design)."""
    return re.findall(r"\S+", text)


def same_pages(ours: Path, theirs: Path) -> tuple[bool, str]:
    a, b = pages_of(ours), pages_of(theirs)
    if len(a) != len(b):
        return False, f"{len(a)} pages against {len(b)}"
    for number, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        if words(x) != words(y):
            return False, f"page {number} text differs"
    return True, f"{len(a)} pages, same text"


def make_docx(pages: list[str], target: Path) -> bool:
    """The same text as a Word document, a page break between pages; False without python-docx."""
    try:
        import docx
        from docx.enum.text import WD_BREAK
    except ImportError:
        return False
    document = docx.Document()
    for number, text in enumerate(pages):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(line)
    document.save(str(target))
    return True


def import_summary(env: dict[str, str], cwd: Path, command: list[str]) -> list[tuple[str, float]]:
    """Import milliseconds by package (each module's own time, summed), from ``-X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]], env=env, cwd=cwd, capture_output=True, text=True
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            parts = match.group(2).split(".")
            package = ".".join(parts[:2]) if parts[0] == "careplan" else parts[0]
            totals[package] = totals.get(package, 0.0) + int(match.group(1)) / 1000
    return sorted(totals.items(), key=lambda kv: -kv[1])[:12]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="careplan-bench-") as folder:
        tmp = Path(folder)
        env = environment(tmp / "home")
        careplan = [sys.executable, "-m", "careplan"]
        run([*careplan, "import", str(PLAN)], env, tmp)
        ours_pdf, bare_pdf, pages_json = tmp / "careplan.pdf", tmp / "bare.pdf", tmp / "pages.json"
        handout = [*careplan, "handout", "1", "--for", "family", "-o", str(ours_pdf)]
        run(handout, env, tmp)  # warm-up: bytecode compiled, files in the page cache
        text = pages_of(ours_pdf)
        pages_json.write_text(json.dumps([t.splitlines() for t in text]), encoding="utf-8")
        bare = [sys.executable, str(BARE), str(pages_json), str(bare_pdf)]
        run(bare, env, tmp)
        same, how = same_pages(ours_pdf, bare_pdf)
        print(f"bare ReportLab script makes the same pages: {'yes' if same else 'NO'} ({how})")

        docx_file = tmp / "handout.docx"
        office = shutil.which("libreoffice") or shutil.which("soffice")
        convert: list[str] | None = None
        if office is None:
            print("LibreOffice comparison skipped: no libreoffice (or soffice) on the PATH.")
        elif not make_docx(text, docx_file):
            print("LibreOffice comparison skipped: python-docx is not installed (pip install python-docx).")
        else:
            profile = (tmp / "lo-profile").as_uri()
            convert = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
            convert += ["--outdir", str(tmp / "lo"), str(docx_file)]
            run(convert, env, tmp)  # warm-up: LibreOffice makes its profile on the first start

        times: dict[str, list[float]] = {"careplan": [], "bare": [], "office": []}
        for _ in range(args.runs):
            times["careplan"].append(run(handout, env, tmp))
            times["bare"].append(run(bare, env, tmp))
            if convert:
                times["office"].append(run(convert, env, tmp))
        median = {name: statistics.median(t) for name, t in times.items() if t}

        print(f"careplan handout (whole process): {median['careplan'] * 1000:7.0f} ms  (median of {args.runs})")
        print(f"bare ReportLab script           : {median['bare'] * 1000:7.0f} ms")
        ratio = median["careplan"] / median["bare"]
        goal_bare = ratio <= 1.3 and same
        note = "" if same else "  (pages differ: not a fair yardstick)"
        print(f"  ratio {ratio:5.2f}x  goal <= 1.30x: {verdict(goal_bare)}{note}")
        if "office" in median:
            speedup = median["office"] / median["careplan"]
            print(f"LibreOffice .docx -> PDF        : {median['office'] * 1000:7.0f} ms")
            print(f"  Careplan {speedup:5.2f}x faster  goal >= 4x: {verdict(speedup >= 4)}")
        cold = first_run(handout, env, tmp)
        print(f"  the first handout after an install or update (empty cache): {cold * 1000:.0f} ms")
        if not goal_bare:
            print("Where the Careplan process spends its import time (ms per package, -X importtime):")
            for name, ms in import_summary(env, tmp, handout):
                print(f"  {name:40s} {ms:7.1f}")


if __name__ == "__main__":
    main()

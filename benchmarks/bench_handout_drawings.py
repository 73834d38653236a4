"""Handouts with drawings against the handout speed goal: at most 1.3x a bare ReportLab script making
the same pages, drawings included.

Run: ``.venv/bin/python benchmarks/bench_handout_drawings.py [--runs N] [--plan FILE] [--for AUDIENCE]``.

Every figure is a whole process, from the command a therapist types to the PDF written (Python start,
imports, opening the database, reading the plan, the drawings' library, fonts, layout, the file):

- ``python -m careplan handout PLAN --for family -o FILE.pdf`` on a database in a temporary data folder
  holding a plan with drawings (default ``docs/examples/plans/neck-adult.json``: a neck plan whose
  exercises turn away from a pull to the right), imported first with ``careplan import``;
- ``benchmarks/bare_reportlab_drawings.py``: a bare ReportLab script given the handout's text and its
  drawings (as ReportLab shapes in points), page by page, taken from Careplan's output before any
  timing.  Before timing, the run checks with pypdf that both PDFs have the same pages, the same text
  on each and the same drawings on each (the drawings' fill and arrow colours counted per page).

Runs are paired (Careplan, then the script, N times) so background load hits both alike; the ratio is
of the medians.  When the goal is missed, ``-X importtime`` says where the import time goes.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_handout import environment, first_run, import_summary, pages_of, run, same_pages, verdict
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "docs" / "examples" / "plans" / "neck-adult.json"
BARE = Path(__file__).resolve().parent / "bare_reportlab_drawings.py"
#: The drawings' skin fill and arrow colour (careplan.figures.primitives) as PDF fill operators.
#: (ReportLab writes numbers without a leading zero.)
MARKS = {"skin": ".956863 .890196 .827451 rg", "arrow": ".760784 .254902 .047059 rg"}


# ------------------------------------------------------------------ what Careplan drew (not timed)

CAPTURE = r"""
import json, sys
from careplan.export import figures
from careplan.app import main

from reportlab.graphics.shapes import Ellipse, Polygon, PolyLine, String

def hexed(colour):
    return colour.hexval().replace("0x", "#") if colour is not None else None

def plain(flowable):
    k = flowable.drawWidth / flowable.drawing.width
    shapes = []
    for s in flowable.drawing.contents[0].contents:
        d = {"stroke": hexed(getattr(s, "strokeColor", None)), "width": (getattr(s, "strokeWidth", 0) or 0) * k,
             "dash": [v * k for v in s.strokeDashArray] if getattr(s, "strokeDashArray", None) else None,
             "cap": getattr(s, "strokeLineCap", 0), "join": getattr(s, "strokeLineJoin", 0),
             "fill": hexed(getattr(s, "fillColor", None))}
        if isinstance(s, Polygon):
            d.update(kind="polygon", points=[v * k for v in s.points])
        elif isinstance(s, PolyLine):
            d.update(kind="polyline", points=[v * k for v in s.points])
        elif isinstance(s, Ellipse):
            d.update(kind="ellipse", ellipse=[s.cx * k, s.cy * k, s.rx * k, s.ry * k])
        elif isinstance(s, String):
            d.update(kind="string", at=[s.x * k, s.y * k], text=s.text, font=s.fontName, size=s.fontSize * k,
                     anchor=s.textAnchor)
        shapes.append(d)
    return {"width": flowable.drawWidth, "height": flowable.drawHeight, "shapes": shapes}

drawn = {}
original = figures.FigureFlowable.drawOn

def draw_on(self, canv, x, y, _sW=0):
    # One record per canvas: a handout laid out twice (the action plan's page named) keeps the last.
    drawn.setdefault(id(canv), []).append((canv.getPageNumber(), self))
    return original(self, canv, x, y, _sW)

figures.FigureFlowable.drawOn = draw_on
status = main(sys.argv[2:])
last = list(drawn.values())[-1] if drawn else []
pages = {}
for page, flowable in last:
    pages.setdefault(page, []).append(plain(flowable))
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({str(k): v for k, v in pages.items()}, out)
sys.exit(status)
"""


def capture(command: list[str], env: dict[str, str], cwd: Path, target: Path) -> dict[int, list[Any]]:
    """The drawings Careplan printed, page by page, as ReportLab shapes in points (the same command,
    run once more with a recorder on the drawings)."""
    done = subprocess.run(
        [sys.executable, "-c", CAPTURE, str(target), *command[3:]], env=env, cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"capturing the drawings failed: {done.stderr.strip()}")
    return {int(k): v for k, v in json.loads(target.read_text(encoding="utf-8")).items()}


def yardstick_page(lines: list[str], drawings: list[dict[str, Any]]) -> dict[str, Any]:
    """A page for the bare script: its lines, each drawing in the place of its labels' words ("hold",
    "start": text a drawing prints itself), a drawing without words after the lines."""
    lines = list(lines)
    placed: list[tuple[int, int]] = []
    last: list[int] = []
    for number, drawing in enumerate(drawings):
        labels = [shape["text"] for shape in drawing["shapes"] if shape["kind"] == "string"]
        at = None
        for label in labels:
            stripped = [line.strip() for line in lines]
            if label in stripped:
                index = stripped.index(label)
                at = index if at is None else min(at, index)
                lines[index] = "\0"  # taken: the drawing prints it
        if at is None:
            last.append(number)
        else:
            placed.append((at, number))
    order: list[Any] = []
    where = dict(placed)
    for index, line in enumerate(lines):
        if index in where:
            order.append({"drawing": where[index]})
        if line != "\0":
            order.append(line)
    order += [{"drawing": n} for n in last]
    return {"lines": order, "drawings": drawings}


def marks_per_page(pdf: Path) -> list[dict[str, int]]:
    """How often each drawing colour is set on each page: the same drawings give the same counts."""
    out = []
    for page in PdfReader(str(pdf)).pages:
        data = page.get_contents()
        stream = data.get_data().decode("latin-1") if data is not None else ""
        out.append({name: len(re.findall(re.escape(op), stream)) for name, op in MARKS.items()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--plan", type=Path, default=PLAN)
    parser.add_argument("--for", dest="audience", default="family")
    parser.add_argument("--large-print", action="store_true")
    parser.add_argument("--keep", type=Path, help="copy both PDFs (and the yardstick's pages) to this folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="careplan-bench-") as folder:
        tmp = Path(folder)
        env = environment(tmp / "home")
        careplan = [sys.executable, "-m", "careplan"]
        imported = subprocess.run(
            [*careplan, "import", str(args.plan.resolve())], env=env, cwd=tmp, capture_output=True, text=True
        )
        if imported.returncode != 0:
            sys.exit(f"careplan import {args.plan} failed ({imported.returncode}): {imported.stderr.strip()}")
        plan_id = imported.stdout.strip().splitlines()[-1]
        ours_pdf, bare_pdf, pages_json = tmp / "careplan.pdf", tmp / "bare.pdf", tmp / "pages.json"
        handout = [*careplan, "handout", plan_id, "--for", args.audience, "-o", str(ours_pdf)]
        if args.large_print:
            handout.append("--large-print")
        run(handout, env, tmp)  # warm-up: bytecode compiled, files in the page cache
        text = pages_of(ours_pdf)
        drawings = capture(handout, env, tmp, tmp / "drawings.json")
        count = sum(len(d) for d in drawings.values())
        pages = [yardstick_page(t.splitlines(), drawings.get(n, [])) for n, t in enumerate(text, start=1)]
        pages_json.write_text(json.dumps(pages), encoding="utf-8")
        bare = [sys.executable, str(BARE), str(pages_json), str(bare_pdf)]
        run(bare, env, tmp)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for made in (ours_pdf, bare_pdf, pages_json):
                shutil.copy(made, args.keep / made.name)
        same, how = same_pages(ours_pdf, bare_pdf)
        ours_marks = marks_per_page(ours_pdf)
        same_drawings = ours_marks == marks_per_page(bare_pdf) and sum(m["skin"] for m in ours_marks) > 0
        print(f"plan: {args.plan.name}, {args.audience} handout{' (large print)' if args.large_print else ''}")
        print(f"bare ReportLab script makes the same pages: {'yes' if same else 'NO'} ({how})")
        shown = sum(1 for m in ours_marks if m["skin"])
        verdict_drawings = "yes" if same_drawings and count else "NO"
        print(f"  and the same drawings: {verdict_drawings} ({count} drawings on {shown} pages)")

        # The same plan, words and all, with no drawings (no library codes): what the drawings add.
        bare_plan = tmp / "no-drawings.json"
        run([*careplan, "export", plan_id, "-o", str(bare_plan)], env, tmp)  # every item's words in full
        document = json.loads(bare_plan.read_text(encoding="utf-8"))
        for item in document.get("plan", document).get("interventions", []):
            item.pop("catalog_code", None)
        bare_plan.write_text(json.dumps(document), encoding="utf-8")
        imported = subprocess.run(
            [*careplan, "import", str(bare_plan)], env=env, cwd=tmp, capture_output=True, text=True, check=True
        )
        plain = [*handout[:4], imported.stdout.strip().splitlines()[-1], *handout[5:-1], str(tmp / "plain.pdf")]
        if args.large_print:
            plain[-2:] = [str(tmp / "plain.pdf"), "--large-print"]
        run(plain, env, tmp)
        undrawn = marks_per_page(tmp / "plain.pdf")
        print(f"  the same plan without drawings: {sum(sum(m.values()) for m in undrawn)} drawing colours printed")

        times: dict[str, list[float]] = {"careplan": [], "bare": [], "plain": []}
        for _ in range(args.runs):
            times["careplan"].append(run(handout, env, tmp))
            times["bare"].append(run(bare, env, tmp))
            times["plain"].append(run(plain, env, tmp))
        median = {name: statistics.median(t) for name, t in times.items()}
        print(f"careplan handout (whole process): {median['careplan'] * 1000:7.0f} ms  (median of {args.runs})")
        print(f"bare ReportLab script           : {median['bare'] * 1000:7.0f} ms")
        added = median["careplan"] - median["plain"]
        print(f"  the drawings' own share: {added * 1000:+.0f} ms against the same plan without drawings")
        ratio = median["careplan"] / median["bare"]
        fair = same and same_drawings and count > 0
        note = "" if fair else "  (pages or drawings differ: not a fair yardstick)"
        print(f"  ratio {ratio:5.2f}x  goal <= 1.30x: {verdict(ratio <= 1.3 and fair)}{note}")
        cold = first_run(handout, env, tmp)
        print(f"  the first handout after an install or update (empty cache): {cold * 1000:.0f} ms")
        if not (ratio <= 1.3 and fair):
            print("Where the Careplan process spends its import time (ms per package, -X importtime):")
            for name, ms in import_summary(env, tmp, handout):
                print(f"  {name:40s} {ms:7.1f}")


if __name__ == "__main__":
    main()

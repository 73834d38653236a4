"""The drawings benchmark's yardstick stays fair: the bare script prints the drawings it is given, in
the place of their labels' words, and the per-page drawing check sees a missing drawing.

benchmarks/bench_handout_drawings.py hands benchmarks/bare_reportlab_drawings.py the handout's text
and its drawings (ReportLab shapes) page by page; the ratio means something only when both PDFs show
the same words and the same drawings on each page."""

from __future__ import annotations

import sys
from pathlib import Path

from careplan.catalog import load_library
from careplan.core.enums import Side
from careplan.export.figures import item_drawing

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bare_reportlab_drawings  # noqa: E402  (beside the benchmark, not a package)
import bench_handout  # noqa: E402
import bench_handout_drawings  # noqa: E402


def drawing_spec() -> dict[str, object]:
    """A real drawing with a label ("hold"), as the benchmark records it: ReportLab shapes in points."""
    entry = load_library().intervention("neck.mirror_midline_hold")
    assert entry is not None
    flowable = item_drawing(entry.to_intervention(Side.RIGHT), Side.RIGHT, 96)
    assert flowable is not None
    shapes = []
    for shape in flowable.drawing.contents[0].contents:
        kind = type(shape).__name__.lower()
        spec: dict[str, object] = {"kind": kind, "stroke": None, "width": 1}
        if kind in ("polyline", "polygon"):
            spec["points"] = list(shape.points)
            fill = getattr(shape, "fillColor", None)
            spec["fill"] = fill.hexval().replace("0x", "#") if fill is not None else None
        elif kind == "ellipse":
            spec["ellipse"] = [shape.cx, shape.cy, shape.rx, shape.ry]
            fill = shape.fillColor
            spec["fill"] = fill.hexval().replace("0x", "#") if fill is not None else None
        elif kind == "string":
            spec.update(at=[shape.x, shape.y], text=shape.text, font=shape.fontName, size=shape.fontSize)
            spec.update(anchor=shape.textAnchor, fill="#000000")
        else:
            continue
        shapes.append(spec)
    return {"width": flowable.drawWidth, "height": flowable.drawHeight, "shapes": shapes}


def test_the_drawing_stands_where_its_label_was_read(tmp_path: Path) -> None:
    spec = drawing_spec()
    labels = [s["text"] for s in spec["shapes"] if s["kind"] == "string"]  # type: ignore[index, union-attr]
    assert labels == ["hold"]
    lines = ["Mirror midline hold", " hold", "What to do: sit on a firm chair.", "How much: 10 times"]
    page = bench_handout_drawings.yardstick_page(lines, [spec])
    assert page["lines"] == ["Mirror midline hold", {"drawing": 0}, lines[2], lines[3]]
    made = tmp_path / "bare.pdf"
    made.write_bytes(bare_reportlab_drawings.build([page]))
    # The words read back in the same order as Careplan's page: the label where the drawing stands.
    assert bench_handout.words(bench_handout.pages_of(made)[0]) == bench_handout.words("\n".join(lines))
    assert bench_handout_drawings.marks_per_page(made)[0]["skin"] > 0


def test_a_missing_drawing_is_caught(tmp_path: Path) -> None:
    with_drawing, without = tmp_path / "a.pdf", tmp_path / "b.pdf"
    lines = ["Mirror midline hold", "What to do: sit on a firm chair."]
    with_drawing.write_bytes(
        bare_reportlab_drawings.build([bench_handout_drawings.yardstick_page(lines, [drawing_spec()])])
    )
    without.write_bytes(bare_reportlab_drawings.build([bench_handout_drawings.yardstick_page(lines, [])]))
    marks = bench_handout_drawings.marks_per_page
    assert marks(with_drawing) != marks(without)
    assert marks(without) == [{"skin": 0, "arrow": 0}]

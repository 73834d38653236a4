"""The benchmark's yardstick stays fair: the bare ReportLab script makes the handout's pages.

benchmarks/bench_handout.py compares ``careplan handout`` with benchmarks/bare_reportlab.py
given the handout's text page by page; the ratio means something only if the bare script's
PDF has the same page count and the same text (pypdf reads both back).  As handouts change,
this test says so if the yardstick stops matching.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from careplan.cli import EXIT_OK

from support.db import example_document
from test_cli import Run

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bare_reportlab  # noqa: E402  (beside the benchmark, not a package)
import bench_handout  # noqa: E402


@pytest.mark.parametrize("options", [("--for", "family"), ("--for", "school", "--large-print")])
def test_bare_script_makes_the_same_pages(run: Run, options: tuple[str, ...]) -> None:
    plan_id = run.import_ok(example_document())
    ours = run.tmp / "careplan.pdf"
    code, _, err = run("handout", str(plan_id), *options, "-o", str(ours))
    assert code == EXIT_OK, err
    pages = bench_handout.pages_of(ours)
    bare = run.tmp / "bare.pdf"
    bare.write_bytes(bare_reportlab.build([text.splitlines() for text in pages]))
    assert bench_handout.same_pages(ours, bare) == (True, f"{len(pages)} pages, same text")
    assert len(pages) >= 3 and "Amira" in pages[0]


def test_a_different_page_is_caught(tmp_path: Path) -> None:
    """The check is not blind: one word changed, or one page fewer, is reported."""
    pages = [["Care plan for Amira Okafor", "Sit tall"], ["Weekly practice chart"]]
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    a.write_bytes(bare_reportlab.build(pages))
    b.write_bytes(bare_reportlab.build([["Care plan for Amira Okafor", "Stand tall"], ["Weekly practice chart"]]))
    c.write_bytes(bare_reportlab.build(pages[:1]))
    assert bench_handout.same_pages(a, b) == (False, "page 1 text differs")
    assert bench_handout.same_pages(a, c) == (False, "2 pages against 1")
    assert len(PdfReader(io.BytesIO(a.read_bytes())).pages) == 2

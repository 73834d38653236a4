"""Many patients at once, as the scale benchmark builds them (``benchmarks/scale_data.py``: names in many
scripts and with accents, one or two plans each, review dates past and future)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_patients(path: Path, count: int) -> None:
    """A migrated database at ``path`` holding ``count`` patients."""
    spec = importlib.util.spec_from_file_location("scale_data", ROOT / "benchmarks" / "scale_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(path, count)

"""Fixtures for the handout tests; the sample plans live in handout_samples.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reportlab import rl_config

from careplan.core.model import PlanRecord

# The test modules import handout_samples by name; make that work under any --import-mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from handout_samples import rich_record


@pytest.fixture(autouse=True)
def _invariant_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte-stable PDFs (no timestamps or random ids) while testing."""
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.fixture
def record() -> PlanRecord:
    return rich_record()

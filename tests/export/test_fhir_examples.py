"""docs/examples/fhir: the committed example bundles are what ``scripts/fhir_examples.py`` makes now (they
never drift from the code), each is sound and reads back, and ``docs/fhir.md`` documents every code of
Careplan's own code systems that a bundle can carry."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from careplan.core.enums import EquipmentStatus, Kind
from careplan.export.fhir import GAS_LEVEL_CODES, MEASURE_CODES, PAIN_CODES, rom_code, scale_code
from careplan.export.fhir_checks import bundle_problems
from careplan.export.fhir_read import read_bundle

from fhir_samples import CONFIDENTIAL, library

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "fhir"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fhir_examples", ROOT / "scripts" / "fhir_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUNDLES: dict[str, bytes] = script().example_bundles()


def test_the_committed_examples_are_a_fresh_run() -> None:
    committed = {p.name: p.read_bytes() for p in EXAMPLES.glob("*.json")}
    assert sorted(committed) == sorted(BUNDLES)
    stale = [name for name, data in BUNDLES.items() if committed[name] != data]
    assert stale == [], f"run scripts/fhir_examples.py: {stale}"


def test_the_script_s_check_says_so(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fhir_examples.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(BUNDLES))
def test_each_example_is_sound_and_reads_back(name: str) -> None:
    version = "R5" if ".r5." in name else "R4B"
    data = BUNDLES[name]
    assert bundle_problems(json.loads(data), version) == []
    read = read_bundle(data, version)
    assert read.type == "document" and read.counts["Composition"] == 1
    assert read.observations, "every example carries assessments"
    text = data.decode()
    for words in (*CONFIDENTIAL, "Less pull to the right", "Left adductors tighter", "Cramp starts after"):
        assert words not in text, words


def local_codes() -> set[str]:
    """Every code of Careplan's own code systems a bundle can carry, with the shipped catalog."""
    lib = library()
    codes = set(MEASURE_CODES) | set(GAS_LEVEL_CODES) | {code for code, _ in PAIN_CODES.values()}
    codes |= {k.value for k in Kind} | {s.value for s in EquipmentStatus}
    for scale in lib.scales:
        codes |= {scale_code(scale.code)}
        codes |= {scale_code(scale.code, part.code) for part in (*scale.subscales, *scale.items)}
    return codes | {rom_code(m.code) for m in lib.movements}


def test_docs_list_every_local_code() -> None:
    doc = (ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    missing = sorted(code for code in local_codes() if f"`{code}`" not in doc)
    assert missing == [], "add these codes to docs/fhir.md: " + ", ".join(missing)

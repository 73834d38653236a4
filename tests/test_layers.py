"""The layering of DESIGN.md, checked: import-linter contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
    # Every contract ran (a renamed package must not silently drop one).
    assert done.stdout.count("KEPT") == 6, done.stdout


def test_core_has_no_third_party_imports() -> None:
    """core is pure Python: the standard library and careplan.core only."""
    import ast

    allowed_roots = set(sys.stdlib_module_names) | {"careplan"}
    for path in (ROOT / "careplan" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in allowed_roots, f"{path.name} imports {name}"
                if name.startswith("careplan."):
                    assert name.startswith("careplan.core"), f"{path.name} imports {name}"


def test_only_ui_imports_qtwidgets() -> None:
    widgets = ("PySide6.QtWidgets", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport")
    for path in (ROOT / "careplan").rglob("*.py"):
        if (ROOT / "careplan" / "ui") in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        assert not any(w in text for w in widgets), f"{path.relative_to(ROOT)} imports Qt widgets"

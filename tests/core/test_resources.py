"""Where the files shipped beside the code live (careplan.core.resources): found from any working
folder, and holding what the library, the handouts and the plan file schema read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from careplan.core import resources
from careplan.core.resources import RESOURCES_DIR, resource_path


def test_resource_paths_are_absolute_and_inside_the_resources_folder() -> None:
    assert RESOURCES_DIR.is_absolute() and RESOURCES_DIR.name == "resources"
    assert resource_path() == RESOURCES_DIR
    assert resource_path("schema", "plan-file.schema.json") == RESOURCES_DIR / "schema" / "plan-file.schema.json"


def test_what_the_program_reads_is_there() -> None:
    assert (resource_path("catalog") / "library.toml").is_file()
    assert len(list(resource_path("catalog").glob("*.toml"))) >= 10
    assert resource_path("schema", "plan-file.schema.json").is_file()
    assert (resource_path("fonts") / "DejaVuSans.ttf").is_file()


def test_found_from_any_working_folder(tmp_path: Path) -> None:
    """A shortcut or a scheduled task may start the program anywhere: no path is relative to it."""
    code = "from careplan.core.resources import resource_path as r; print(r('catalog', 'library.toml').is_file())"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(resources.__file__).parents[2]), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True"

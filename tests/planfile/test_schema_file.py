"""The committed JSON schema of the plan file (careplan.planfile.schema_file): written from the models
by ``python -m careplan.planfile.schema_file``, atomically, to the file the program ships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from careplan.core import resources
from careplan.planfile.schema_file import main, schema_text

COMMITTED = resources.resource_path("schema", "plan-file.schema.json")


def test_the_command_writes_the_schema_where_the_program_ships_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(resources, "RESOURCES_DIR", tmp_path / "resources")
    main()  # the folder does not exist yet: made
    written = tmp_path / "resources" / "schema" / "plan-file.schema.json"
    assert capsys.readouterr().out.strip() == str(written)
    assert written.read_text(encoding="utf-8") == schema_text() == COMMITTED.read_text(encoding="utf-8")
    assert [p.name for p in written.parent.iterdir()] == ["plan-file.schema.json"]  # no temporary file left
    written.write_text("{}", encoding="utf-8")
    main()  # an old schema is replaced
    assert written.read_text(encoding="utf-8") == schema_text()


def test_the_schema_text_is_a_valid_json_schema_ending_in_a_newline() -> None:
    text = schema_text()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_it_runs_as_a_module_with_the_program_on_its_path(tmp_path: Path) -> None:
    """``python -m careplan.planfile.schema_file``, as the README says; here into a copy of resources."""
    code = (
        "import sys; from pathlib import Path; from careplan.core import resources; "
        "resources.RESOURCES_DIR = Path(sys.argv[1]); "
        "import runpy; runpy.run_module('careplan.planfile.schema_file', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True, timeout=120
    )
    assert Path(done.stdout.strip()) == tmp_path / "schema" / "plan-file.schema.json"
    assert (tmp_path / "schema" / "plan-file.schema.json").read_text(encoding="utf-8") == schema_text()

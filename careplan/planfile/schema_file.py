"""Writes ``resources/schema/plan-file.schema.json`` from the models: ``python -m careplan.planfile.schema_file``."""

from __future__ import annotations

import json

from careplan.core.files import write_atomic
from careplan.core.resources import resource_path
from careplan.planfile.schema import json_schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    path = resource_path("schema", "plan-file.schema.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, schema_text().encode("utf-8"))
    print(path)


if __name__ == "__main__":
    main()

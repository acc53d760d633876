"""The JSON Schema of scenario files, for editors (YAML language servers read JSON Schema).

The committed copy ``scenario.schema.json`` beside this module is regenerated with
``gotogether scenarios schema --out src/gotogether/scenarios/scenario.schema.json``; a test keeps it current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gotogether.scenarios.model import Scenario
from gotogether.scenarios.types import CODE_SCHEMAS

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file, as validated on input."""
    schema = _refer_to_codes(Scenario.model_json_schema(mode="validation"))
    schema["$defs"] = {**schema.get("$defs", {}), **CODE_SCHEMAS}
    return {"$schema": SCHEMA_DIALECT, "title": "gotogether scenario", **schema}


def _refer_to_codes(node: Any) -> Any:
    """Replace every inline copy of a registry code list by a reference to its single definition."""
    for name, code_schema in CODE_SCHEMAS.items():
        if node == code_schema:
            return {"$ref": f"#/$defs/{name}"}
    if isinstance(node, dict):
        return {key: _refer_to_codes(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_refer_to_codes(item) for item in node]
    return node


def scenario_json_schema_text() -> str:
    """The schema as stable, indented JSON text ending with a newline."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"

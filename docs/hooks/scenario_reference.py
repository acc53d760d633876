"""MkDocs hook: the scenario reference page, generated at build time from the scenario JSON Schema.

The page (``reference/scenarios.md``) is written from ``src/gotogether/scenarios/scenario.schema.json``, the
file ``gotogether scenarios schema`` writes and a test keeps current, so the reference cannot drift from
what the validator accepts. The engines each measure type reaches come from the measure registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

SCHEMA = Path(__file__).parents[2] / "src" / "gotogether" / "scenarios" / "scenario.schema.json"
PAGE = "reference/scenarios.md"
CODES = {"CountryCode": "country code", "SectorCode": "sector code", "VendorName": "vendor"}
CODES["ComponentClass"] = "component class"
Schema = dict[str, Any]


def _ref_name(schema: Schema) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def _describe(schema: Schema) -> str:
    """A field's type in words, with its bounds."""
    if "$ref" in schema:
        name = _ref_name(schema)
        return CODES.get(name) or f"[{name}](#{name.lower()})"
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    variants = schema.get("anyOf") or schema.get("oneOf")
    if variants:
        present = [variant for variant in variants if variant.get("type") != "null"]
        if len(present) == 2 and present[1].get("type") == "array":  # one value or a list of them
            return f"{_describe(present[0])}, or a list of them"
        return " or ".join(_describe(variant) for variant in present)
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_describe(schema.get('items', {}))}"
    if kind == "object":
        values = schema.get("additionalProperties")
        return f"mapping to {_describe(values)}" if isinstance(values, dict) else "mapping"
    if kind == "string" and schema.get("format") == "date":
        return "day (YYYY-MM-DD, 1990-2100)"
    if kind == "string" and "description" in schema:  # a named kind of text, e.g. "A bloc: ..."
        return str(schema["description"]).split(":")[0].removeprefix("A ").lower()
    words = {"string": "text", "number": "number", "integer": "integer", "boolean": "true or false"}
    text = words.get(str(kind), str(kind or "any"))
    bounds = [
        f"{sign} {schema[key]}"
        for key, sign in (
            ("minimum", "≥"),
            ("exclusiveMinimum", ">"),
            ("maximum", "≤"),
            ("exclusiveMaximum", "<"),
        )
        if key in schema
    ]
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _fields(definition: Schema) -> list[str]:
    required = set(definition.get("required", []))
    rows = ["| field | type | required | default | meaning |", "|---|---|---|---|---|"]
    for name, field in definition.get("properties", {}).items():
        default = f"`{json.dumps(field['default'])}`" if "default" in field else ""
        meaning = field.get("description") or next(
            (variant["description"] for variant in field.get("anyOf", []) if "description" in variant), ""
        )
        rows.append(
            f"| `{name}` | {_cell(_describe(field))} | {'yes' if name in required else ''} | "
            f"{_cell(default)} | {_cell(meaning)} |"
        )
    return rows


def _engines() -> dict[str, tuple[str, ...]]:
    from gotogether.scenarios.measures import MEASURE_TYPES

    return {name: cls.engines for name, cls in MEASURE_TYPES.items()}


def reference_markdown(schema: Schema, engines: dict[str, tuple[str, ...]]) -> str:
    """The reference page: the scenario's fields, one section per measure type, the nested objects, codes."""
    definitions: dict[str, Schema] = schema["$defs"]
    measures: dict[str, str] = schema["properties"]["measures"]["items"]["discriminator"]["mapping"]
    lines = [
        "# Scenario reference",
        "",
        "Generated when the site is built from `src/gotogether/scenarios/scenario.schema.json`",
        "(the JSON Schema that `gotogether scenarios schema` writes); the guide is",
        "[Scenarios](../scenarios.md).",
        "",
        "## Scenario file",
        "",
        _cell(schema.get("description", "")),
        "",
        *_fields(schema),
        "",
        "## Measure types",
        "",
        "Each item of `measures` is one of these, chosen by its `type`.",
    ]
    for measure, ref in measures.items():
        definition = definitions[ref.rsplit("/", 1)[-1]]
        reached = ", ".join(engines.get(measure, ())) or "none"
        lines += [
            "",
            f"### `{measure}` {{ #{ref.rsplit('/', 1)[-1].lower()} }}",
            "",
            _cell(definition.get("description", "")),
            "",
            f"Engines it reaches: {reached}.",
            "",
            *_fields(definition),
        ]
    measure_definitions = {ref.rsplit("/", 1)[-1] for ref in measures.values()}
    others = [name for name in definitions if name not in measure_definitions and name not in CODES]
    lines += ["", "## Nested objects"]
    for name in others:
        definition = definitions[name]
        lines += [
            "",
            f"### {name} {{ #{name.lower()} }}",
            "",
            _cell(definition.get("description", "")),
            "",
            *_fields(definition),
        ]
    lines += ["", "## Codes", ""]
    for name, words in CODES.items():
        codes = definitions[name].get("enum", [])
        lines += [f"- {words} ({len(codes)}): " + ", ".join(f"`{code}`" for code in codes)]
    return "\n".join(lines) + "\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated page to the site's files."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    files.append(File.generated(config, PAGE, content=reference_markdown(schema, _engines())))
    return files

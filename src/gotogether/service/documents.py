"""Scenario documents from request bodies: JSON or YAML (safe loader, no aliases), as plain mappings.

Bodies are read as the command line reads scenario files (the same YAML rules, duplicate keys refused), and
every refusal is an InputError naming where, so that no body becomes a server error.
"""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

import yaml

from gotogether.errors import InputError
from gotogether.scenarios.yamlfile import ScenarioLoader

JSON_TYPES = frozenset({"application/json"})
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
MAX_DOCUMENTS = 100
"""Most documents in one body: a scenario and the custom parents it inherits from."""
MAX_DEPTH = 32
"""Deepest nesting accepted in a scenario document (scenarios need about 5 levels)."""


def _line_column(mark: Any) -> str:
    return f"line {mark.line + 1} column {mark.column + 1}"


class _NoAliasLoader(ScenarioLoader):
    """Scenario YAML without anchors and aliases, so a small body cannot expand into a huge document."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:  # the later value would win unnoticed
                    raise InputError(
                        f"duplicate key {key.value!r}",
                        source="request body",
                        location=_line_column(key.start_mark),
                        expected="each key once per mapping",
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise InputError(
                "YAML aliases (*name) are not accepted",
                source="request body",
                location=_line_column(event.start_mark),
                expected="a plain YAML document",
            )
        return super().compose_node(parent, index)


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type header, lower case, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_body(body: bytes, content_type: str | None) -> list[dict[str, Any]]:
    """The scenario documents in a request body: one mapping, or a list of mappings (scenario + parents)."""
    kind = media_type(content_type)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("the body is not UTF-8 text", source="request body", expected="UTF-8") from error
    if kind in JSON_TYPES:
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except RecursionError as error:
            raise InputError("nested too deeply", source="request body") from error
        except json.JSONDecodeError as error:
            raise InputError(
                error.msg, source="request body", location=f"line {error.lineno} column {error.colno}"
            ) from error
        except ValueError as error:  # e.g. an integer of thousands of digits
            raise InputError(f"invalid JSON value: {error}", source="request body") from error
    elif kind in YAML_TYPES:
        try:
            data = yaml.load(text, Loader=_NoAliasLoader)
        except RecursionError as error:
            raise InputError("nested too deeply", source="request body") from error
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            location = f"line {mark.line + 1} column {mark.column + 1}" if mark else None
            problem = getattr(error, "problem", None) or str(error)
            raise InputError(f"invalid YAML: {problem}", source="request body", location=location) from error
        except (ValueError, TypeError, OverflowError) as error:  # the safe constructor's own failures
            raise InputError(f"invalid YAML value: {error}", source="request body") from error
    else:
        raise InputError(
            f"unsupported content type {kind or '(none)'!r}",
            source="Content-Type header",
            expected="application/json or application/yaml",
        )
    documents = data if isinstance(data, list) else [data]
    if not 0 < len(documents) <= MAX_DOCUMENTS:
        raise InputError(
            f"{len(documents)} documents in the body",
            source="request body",
            expected=f"a scenario, or a list of 1 to {MAX_DOCUMENTS} scenarios",
        )
    for number, document in enumerate(documents):
        if not isinstance(document, dict):
            raise InputError(
                f"document {number} is a {type(document).__name__}",
                source="request body",
                expected="a mapping (name, description, measures, ...)",
            )
    return [json_ready(document, f"document {number}") for document in documents]


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise InputError(
                f"duplicate key {key!r}", source="request body", expected="each key once per object"
            )
        mapping[key] = value
    return mapping


def _text(value: str, where: str) -> str:
    """``value`` if UTF-8 can hold it (JSON and YAML escapes can make unpaired surrogates: it cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"text holds an unpaired surrogate U+{ord(value[error.start]):04X}",
            source="request body",
            location=where,
            expected="Unicode text (write characters such as emoji as themselves or as one \\U escape)",
        ) from None
    return value


def json_ready(value: Any, where: str = "document", depth: int = 0) -> Any:
    """A JSON-compatible copy of parsed YAML or JSON (dates as ISO text); InputError naming the field."""
    if depth > MAX_DEPTH:
        raise InputError(
            "nested too deeply", source="request body", location=where, expected=f"<= {MAX_DEPTH}"
        )
    if isinstance(value, dict):
        plain = {}
        for key, child in value.items():
            _text(key, where)  # before the key becomes part of a location
            plain[key] = json_ready(child, f"{where}.{key}", depth + 1)
        return plain
    if isinstance(value, list):
        return [json_ready(child, f"{where}[{n}]", depth + 1) for n, child in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{value} is not a number", source="request body", location=where, expected="finite")
    if isinstance(value, str):
        return _text(value, where)
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise InputError(
        f"a {type(value).__name__} value", source="request body", location=where, expected="text or a number"
    )

"""Read scenarios: built-in ones by name, user files by path, with inheritance and clear errors.

Inheritance: ``inherits`` names a built-in scenario or a file path relative to the inheriting file. The child
is laid over its parent: mappings (``blocs``, ``parameters``) merge key by key with the child winning, the
lists ``measures`` and ``sources`` are appended to the parent's, every other field the child sets replaces the
parent's. Cycles are refused. Each file is validated on its own first, so an error points at its file, line
and column; then the merged scenario is validated as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from gotogether.errors import did_you_mean
from gotogether.scenarios.errors import Issue, ScenarioError
from gotogether.scenarios.measures import MEASURE_TYPES
from gotogether.scenarios.model import Scenario
from gotogether.scenarios.yamlfile import YamlDocument, parse_yaml

MAX_FILE_BYTES = 1_000_000
BUILTIN_KEY = "builtin:"
APPENDED_LISTS = ("measures", "sources")
SCENARIO_SUFFIXES = (".yaml", ".yml")


def builtin_names() -> list[str]:
    """Names of the built-in scenarios, sorted."""
    library = resources.files(__package__).joinpath("library")
    return sorted(
        item.name.removesuffix(".yaml") for item in library.iterdir() if item.name.endswith(".yaml")
    )


def load_scenario(reference: str | Path) -> Scenario:
    """A validated scenario from a built-in name or a YAML file path (inheritance resolved)."""
    return _resolve(_reference(str(reference), directory=Path.cwd(), where=None), chain=())


def load_builtins() -> list[Scenario]:
    """Every built-in scenario, in name order."""
    return [load_scenario(name) for name in builtin_names()]


def parse_scenario(content: bytes, source: str = "<scenario>", *, directory: Path | None = None) -> Scenario:
    """A validated scenario from the bytes of a YAML file.

    ``directory`` resolves relative ``inherits`` paths (default: the current directory).
    """
    return _resolve(_Reference(source, source, directory or Path.cwd(), lambda: content), chain=())


@dataclass(frozen=True)
class _Reference:
    key: str
    label: str
    directory: Path | None
    read: Callable[[], bytes]


def _reference(text: str, *, directory: Path | None, where: str | None) -> _Reference:
    if text in builtin_names():
        resource = resources.files(__package__).joinpath("library", f"{text}.yaml")
        return _Reference(f"{BUILTIN_KEY}{text}", f"{text}.yaml (built-in)", None, resource.read_bytes)
    if text.endswith(SCENARIO_SUFFIXES) or (where is None and directory and (directory / text).exists()):
        if directory is None:
            raise ScenarioError(
                f"a built-in scenario cannot inherit the file {text!r}",
                source=where,
                expected="a built-in name",
            )
        path = (directory / text).resolve()
        if where is not None and not path.is_file():
            raise ScenarioError(
                f"the inherited file {path} does not exist", source=where, expected="a YAML file"
            )
        return _Reference(
            str(path), text if where is None else str(path), path.parent, lambda: _read_file(path)
        )
    raise ScenarioError(
        f"unknown scenario {text!r}{did_you_mean(text, builtin_names())}",
        source=where,
        expected=f"a built-in scenario ({', '.join(builtin_names())}) or a path to a .yaml file",
    )


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(f"the file is larger than {MAX_FILE_BYTES} bytes", source=str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError("no such file", source=str(path), expected="an existing YAML file") from None
    except OSError as error:
        raise ScenarioError(f"cannot read the file: {error.strerror}", source=str(path)) from None


_BUILTINS: dict[str, Scenario] = {}
"""Built-in scenarios already read in this process, by key: package files, which depend on nothing sampled
and do not change while it runs (a library run reads each several times). User files are read afresh."""


def _resolve(reference: _Reference, chain: tuple[str, ...]) -> Scenario:
    if reference.key in chain:
        names = [*chain[chain.index(reference.key) :], reference.key]
        raise ScenarioError("inheritance cycle: " + " -> ".join(names), source=reference.label)
    if not reference.key.startswith(BUILTIN_KEY):
        return _resolve_file(reference, chain)
    if reference.key not in _BUILTINS:
        _BUILTINS[reference.key] = _resolve_file(reference, chain)
    return _BUILTINS[reference.key]


def _resolve_file(reference: _Reference, chain: tuple[str, ...]) -> Scenario:
    document = parse_yaml(reference.read(), reference.label)
    if not isinstance(document.data, dict):
        raise ScenarioError(
            f"the top level is a {type(document.data).__name__}",
            source=document.position(()),
            expected="a mapping with at least 'name'",
        )
    parent = None
    inherits = document.data.get("inherits")
    if inherits is not None:
        where = document.position(("inherits",))
        if not isinstance(inherits, str):
            raise ScenarioError(
                "'inherits' is not text", source=where, expected="a scenario name or a file path"
            )
        parent_reference = _reference(inherits, directory=reference.directory, where=where)
        parent = _resolve(parent_reference, (*chain, reference.key))
    context = {"inherited_blocs": dict(parent.blocs) if parent else {}}
    own = _validate(document.data, context, document)
    if parent is None:
        return own
    merged = _deep_merge(parent.model_dump(), own.model_dump(exclude_unset=True))
    return _validate(merged, context, document, located=False)


def _deep_merge(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if key in APPENDED_LISTS:
            merged[key] = [*parent.get(key, []), *value]
        elif isinstance(value, Mapping) and isinstance(parent.get(key), dict):
            merged[key] = _deep_merge(parent[key], value)
        else:
            merged[key] = value
    return merged


def _validate(
    data: Any, context: dict[str, Any], document: YamlDocument, *, located: bool = True
) -> Scenario:
    try:
        return Scenario.model_validate(data, context=context)
    except ValidationError as error:
        issues = [_issue(detail, document if located else None, document.source) for detail in error.errors()]
        raise ScenarioError.from_issues(issues) from None


def _issue(detail: Any, document: YamlDocument | None, source: str) -> Issue:
    context = detail.get("ctx") or {}
    path = tuple(detail["loc"]) + tuple(context.get("at", ()))
    if path and path[-1] == "[key]":
        path = path[:-1]
    problem, expected = _describe(detail, path)
    position = document.position(path) if document else f"{source} (after inheritance)"
    return Issue(problem, position, _format_path(path) or None, expected)


def _describe(detail: Any, path: tuple[Any, ...]) -> tuple[str, str | None]:
    kind, message, context = detail["type"], detail["msg"], detail.get("ctx") or {}
    if kind in ("unknown_code", "invalid_scenario"):
        return context["problem"], context.get("expected")
    if kind == "missing":
        return "required field is missing", f"a value for {path[-1]!r}" if path else None
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        return _unknown("field", path[-1], allowed), ", ".join(allowed) or None
    if kind == "union_tag_invalid":
        return _unknown("measure type", context["tag"], list(MEASURE_TYPES)), ", ".join(MEASURE_TYPES)
    if kind == "union_tag_not_found":
        return "the measure has no 'type'", "type: one of " + ", ".join(MEASURE_TYPES)
    if message.startswith("Input should be "):
        return f"got {_short(detail.get('input'))}", message.removeprefix("Input should be ")
    return message.removeprefix("Value error, "), None


def _unknown(what: str, value: object, choices: Sequence[str]) -> str:
    return f"unknown {what} {value!r}{did_you_mean(value, choices)}"


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _format_path(path: Sequence[Any]) -> str:
    text = ""
    for index, part in enumerate(path):
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in MEASURE_TYPES and index > 0 and isinstance(path[index - 1], int):
            continue  # the tag pydantic adds after a measure's index
        else:
            text += f".{part}" if text else str(part)
    return text


def _model_at(path: Sequence[Any]) -> type[BaseModel] | None:
    """The model class whose fields sit at ``path`` (to list the allowed field names)."""
    models: Sequence[type[BaseModel]] = [Scenario]
    for part in path:
        if isinstance(part, int):
            continue
        tagged: list[type[BaseModel]] = [MEASURE_TYPES[part]] if part in MEASURE_TYPES else []
        if tagged and any(model in tagged for model in models):
            models = tagged
            continue
        fields = models[0].model_fields if len(models) == 1 else {}
        if part not in fields:
            return None
        models = _models_in(fields[part].annotation)
    return models[0] if len(models) == 1 else None


def _models_in(annotation: Any) -> Sequence[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in getattr(annotation, "__args__", ()) for model in _models_in(argument)]

"""Safe YAML reading that keeps where every value came from (line and column) for error messages.

Only PyYAML's safe loader is used (no Python tags). Besides syntax, it refuses what the safe loader lets
through silently or dangerously: duplicate keys (the later one would win unnoticed), nesting deeper than
any scenario needs, and aliases that expand into huge documents ("billion laughs").

Documents are parsed by libyaml's C parser when PyYAML has it (several times faster: a library run parses
a dozen files); the Python types, tags and marks are the same. Any failure of the C parser is parsed again
by the pure-Python one, whose messages (file, line and column) are the ones users see; without libyaml the
pure-Python parser does all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser reads everything
    CParser = None  # type: ignore[assignment,misc]

from gotogether.scenarios.errors import ScenarioError

MAX_DEPTH = 32
MAX_EXPANDED_NODES = 100_000
ESCAPED_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters YAML refuses or reads as line breaks: kept as JSON escapes when a document becomes YAML."""


MERGE_TAG = "tag:yaml.org,2002:merge"
TEXT_TAG = "tag:yaml.org,2002:str"


class ScenarioResolver(yaml.resolver.Resolver):
    """YAML 1.1's implicit tags, also reading YAML 1.2 exponents without a dot (``1e-9``) as numbers."""


class ScenarioConstructor(yaml.constructor.SafeConstructor):
    """The safe constructor, locating impossible dates (``2021-02-30``).

    Mapping keys are always text, as written: every scenario key is a name, and a YAML 1.1 writer (PyYAML's
    dump among them) leaves a name such as ``1e100`` or ``2019`` unquoted.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != MERGE_TAG:
                key.tag = TEXT_TAG
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real day ({error})", node.start_mark
            ) from None


class ScenarioLoader(ScenarioConstructor, ScenarioResolver, yaml.SafeLoader):
    """The pure-Python safe loader with the scenario's numbers, keys and dates. Scenario files and request
    bodies are read with it (or with ``FAST_LOADER``, which reads the same)."""


class NodeLoader(Protocol):
    """What ``parse_yaml`` needs of a loader: one document's node tree, then its Python values."""

    def get_single_node(self) -> yaml.Node | None: ...
    def construct_document(self, node: yaml.Node) -> Any: ...
    def dispose(self) -> None: ...


FAST_LOADER: Callable[[str], NodeLoader] | None = None
"""``ScenarioLoader`` on libyaml's C parser (the same nodes, tags, marks and values), if PyYAML has it."""
if CParser is not None:

    class _FastScenarioLoader(CParser, ScenarioConstructor, ScenarioResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            ScenarioConstructor.__init__(self)
            ScenarioResolver.__init__(self)

    FAST_LOADER = _FastScenarioLoader


class ScenarioDumper(yaml.SafeDumper):
    """The safe dumper, quoting the text that ``ScenarioLoader`` would read as a number (``"1e100"``), so
    that what it writes reads back as written. PyYAML's own dumper follows YAML 1.1 and leaves it plain."""


EXPONENT_NUMBER = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
"""YAML 1.2 numbers with an exponent and no dot, which YAML 1.1 reads as text."""
for _yaml_class in (ScenarioResolver, ScenarioDumper):
    _yaml_class.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_NUMBER, list("-+0123456789"))
ScenarioConstructor.add_constructor(  # type: ignore[type-var]  # the stubs expect a whole loader class
    "tag:yaml.org,2002:timestamp", ScenarioConstructor.construct_yaml_timestamp
)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document: its Python data, its node tree (with marks) and its source label."""

    data: Any
    root: yaml.Node
    source: str

    def position(self, path: Sequence[str | int]) -> str:
        """``source:line:column`` (1-based) of the deepest node of ``path`` found in the document.

        Path parts that are not keys or indices of the document (for example the measure type that pydantic
        adds to the path of a discriminated union) are skipped.
        """
        node, mark = self.root, self.root.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        node, mark = value, key.start_mark
                        break
            elif (
                isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                mark = node.start_mark
        return f"{self.source}:{mark.line + 1}:{mark.column + 1}"


def json_as_yaml(data: Any) -> str:
    """JSON-compatible ``data`` as JSON text (which is YAML) that ``parse_yaml`` reads back exactly.

    Non-ASCII characters stay themselves: JSON's ASCII escapes write an emoji as two surrogate escapes,
    which YAML reads back as two unpaired surrogates that no file can hold. Only the characters YAML refuses
    or reads as line breaks stay escaped.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return ESCAPED_FOR_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def parse_yaml(content: bytes, source: str) -> YamlDocument:
    """Parse one YAML document from UTF-8 ``content``; every failure is a ScenarioError naming ``source``."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            f"the file is not UTF-8 text (byte {error.start} is {content[error.start : error.start + 1]!r})",
            source=source,
            expected="a UTF-8 encoded YAML file",
        ) from None
    # libyaml reads a tab inside a plain scalar where the pure-Python scanner refuses it ("n\tame: x"):
    # text with a tab goes to the parser whose reading and messages users see
    if FAST_LOADER is not None and "\t" not in text:
        try:
            return _parsed(FAST_LOADER(text), source)
        except Exception:  # parsed again below, by the parser whose messages users see
            pass
    return _parsed_or_explained(text, source)


def _parsed_or_explained(text: str, source: str) -> YamlDocument:
    """The document parsed by the pure-Python loader; its failures as ScenarioErrors with line and column."""
    try:
        loader = ScenarioLoader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise ScenarioError(
            f"character {error.character!r} is not allowed in YAML", source=f"{source}:{line}:{column}"
        ) from None
    try:
        return _parsed(loader, source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        raise ScenarioError(f"invalid YAML: {problem}", source=where) from None
    except yaml.YAMLError as error:
        raise ScenarioError(f"YAML error: {error}", source=source) from None
    except RecursionError:
        raise ScenarioError("the YAML is nested too deeply", source=source) from None
    except (ValueError, TypeError, OverflowError) as error:
        # the safe constructor's own failures, e.g. a date such as 2019-02-30
        raise ScenarioError(f"invalid YAML value: {error}", source=source) from None


def _parsed(loader: NodeLoader, source: str) -> YamlDocument:
    """The single document of ``loader``, checked (``_check_structure``) before its values are built."""
    try:
        root = loader.get_single_node()
        if root is None:
            raise ScenarioError(
                "the file is empty", source=source, expected="a YAML mapping with at least 'name'"
            )
        _check_structure(root, source)
        return YamlDocument(loader.construct_document(root), root, source)
    finally:
        loader.dispose()


def _check_structure(root: yaml.Node, source: str) -> None:
    """Refuse duplicate keys, deep nesting and alias bombs, before any Python object is built."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def where(node: yaml.Node) -> str:
        return f"{source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    def size(node: yaml.Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in open_nodes:
            raise ScenarioError("an alias refers to a node that contains it", source=where(node))
        if depth > MAX_DEPTH:
            raise ScenarioError(f"the YAML is nested more than {MAX_DEPTH} levels deep", source=where(node))
        open_nodes.add(id(node))
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != MERGE_TAG:
                    if key.value in seen:
                        raise ScenarioError(f"duplicate key {key.value!r}", source=where(key))
                    seen.add(key.value)
                total += size(key, depth + 1) + size(value, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        open_nodes.discard(id(node))
        if total > MAX_EXPANDED_NODES:
            raise ScenarioError(
                f"the YAML expands to more than {MAX_EXPANDED_NODES} values (through aliases?)",
                source=where(node),
            )
        sizes[id(node)] = total
        return total

    size(root, 0)

"""Scenario YAML: numbers as YAML 1.2 reads them, keys as text, a writer whose output reads back, and
libyaml's parser reading what the pure-Python one reads (its failures told by the pure-Python one)."""

from __future__ import annotations

from importlib import resources
from unittest import mock

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.scenarios import ScenarioError, builtin_names, yamlfile
from gotogether.scenarios.yamlfile import ScenarioDumper, YamlDocument, parse_yaml

from .test_property import mutated_library_files


def test_exponents_without_a_dot_are_numbers_and_keys_stay_text() -> None:
    data = parse_yaml(b"change: 1e-9\n1e100: 5e3\nname: '5e3'\n", "s.yaml").data
    assert data == {"change": 1e-9, "1e100": 5000.0, "name": "5e3"}


def test_pyyaml_leaves_number_like_text_plain_and_the_scenario_dumper_quotes_it() -> None:
    assert yaml.safe_dump({"name": "5e3"}) == "name: 5e3\n"
    assert yaml.dump({"name": "5e3"}, Dumper=ScenarioDumper) == "name: '5e3'\n"


text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(text, values, max_size=4))
def test_what_the_scenario_dumper_writes_reads_back_as_written(document: dict[str, object]) -> None:
    written = yaml.dump(document, Dumper=ScenarioDumper, allow_unicode=True)
    assert parse_yaml(written.encode(), "s.yaml").data == document


def _pure_python(content: bytes) -> YamlDocument | str:
    """What ``parse_yaml`` gives without libyaml: the document, or its error's message."""
    with mock.patch.object(yamlfile, "FAST_LOADER", None):
        return _outcome(content)


def _outcome(content: bytes) -> YamlDocument | str:
    try:
        return parse_yaml(content, "s.yaml")
    except ScenarioError as error:
        return str(error)


def _marks(node: yaml.Node) -> list[tuple[str, object, int, int, int, int]]:
    """Every node's tag, value (for scalars) and start and end line and column, in document order."""
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    here = (node.tag, value, node.start_mark.line, node.start_mark.column)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    ends = (node.end_mark.line, node.end_mark.column)
    return [(*here, *ends), *(mark for child in children for mark in _marks(child))]


def _assert_same_as_pure_python(content: bytes) -> None:
    fast, pure = _outcome(content), _pure_python(content)
    if isinstance(pure, str):
        assert fast == pure
    else:
        assert isinstance(fast, YamlDocument)
        assert fast.data == pure.data
        assert repr(fast.data) == repr(pure.data)  # the same types too (1 and 1.0 and True compare equal)
        assert _marks(fast.root) == _marks(pure.root)


@pytest.mark.skipif(yamlfile.FAST_LOADER is None, reason="PyYAML without libyaml: only one parser")
@pytest.mark.parametrize("name", builtin_names())
def test_the_fast_parser_reads_each_built_in_scenario_as_the_pure_python_one(name: str) -> None:
    content = resources.files("gotogether.scenarios").joinpath("library", f"{name}.yaml").read_bytes()
    _assert_same_as_pure_python(content)
    assert isinstance(_outcome(content), YamlDocument)


@pytest.mark.skipif(yamlfile.FAST_LOADER is None, reason="PyYAML without libyaml: only one parser")
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name: x\nname: y\n", "s.yaml:2:1: duplicate key 'name'"),
        (b"name: [x\n", "s.yaml:2:1: invalid YAML: while parsing a flow sequence"),
        (b"day: 2021-02-30\n", "s.yaml:1:6: invalid YAML: '2021-02-30' is not a real day"),
        (b"name: \x01\n", "s.yaml:1:7: character 1 is not allowed in YAML"),
        (b"", "s.yaml: the file is empty"),
        # libyaml reads "n\tame" as a key (found by the fast parser's drawn examples)
        (b"n\tame: x\n", "s.yaml:1:2: invalid YAML: while scanning for the next token found character '\\t'"),
    ],
)
def test_the_fast_parser_s_failures_are_told_by_the_pure_python_one(content: bytes, message: str) -> None:
    _assert_same_as_pure_python(content)
    assert str(_outcome(content)).startswith(message)


@pytest.mark.skipif(yamlfile.FAST_LOADER is None, reason="PyYAML without libyaml: only one parser")
@settings(max_examples=300, deadline=None)
@given(mutated_library_files() | st.binary(max_size=200))
def test_the_fast_parser_gives_what_the_pure_python_one_gives(content: bytes) -> None:
    _assert_same_as_pure_python(content)

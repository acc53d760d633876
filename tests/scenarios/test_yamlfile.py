"""Scenario YAML: numbers as YAML 1.2 reads them, keys as text, and a writer whose output reads back."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from gotogether.scenarios.yamlfile import ScenarioDumper, parse_yaml


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

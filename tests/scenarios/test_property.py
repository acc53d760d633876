"""Property: whatever bytes a scenario file holds, reading it gives a Scenario or a clean ScenarioError."""

from importlib import resources
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gotogether.scenarios import MEASURE_TYPES, Scenario, ScenarioError, parse_scenario

# Relative ``inherits`` paths resolve against a directory that does not exist.
NOWHERE = Path(__file__).parent / "no-such-directory"
LIBRARY = sorted(
    item.read_text(encoding="utf-8")
    for item in resources.files("gotogether.scenarios").joinpath("library").iterdir()
    if item.name.endswith(".yaml")
)
FIELDS = sorted(
    {"name", "inherits", "parameters", "blocs", "sources"}
    | {field for model in MEASURE_TYPES.values() for field in model.model_fields}
)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(content: bytes) -> None:
    """Either a scenario or a ScenarioError with at least one issue; any other exception fails the test."""
    error: ScenarioError | None = None
    try:
        result = parse_scenario(content, "fuzz.yaml", directory=NOWHERE)
    except ScenarioError as caught:
        error = caught
    if error is None:
        assert isinstance(result, Scenario)
    else:
        assert error.issues
        assert str(error)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["USA", "CHN", "Huawei", "fpga", "telecom", "eu27", "2020-05-15", "coordinated"])
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)
measures = st.fixed_dictionaries(
    {"type": st.sampled_from([*MEASURE_TYPES, "tarif", ""])},
    optional={field: values for field in FIELDS if field != "type"},
)
documents = st.fixed_dictionaries(
    {"name": st.sampled_from(["x", "Bad Name", ""]) | scalars},
    optional={
        "measures": st.lists(measures, max_size=3),
        "parameters": values,
        "blocs": values,
        "inherits": scalars,
    },
)


@PROPERTY
@given(st.binary(max_size=400))
def test_random_bytes(content: bytes) -> None:
    read(content)


@PROPERTY
@given(documents | values)
def test_random_yaml_structures(document: object) -> None:
    read(yaml.safe_dump(document, allow_unicode=True).encode())


@st.composite
def mutated_library_files(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(LIBRARY))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        replacement = draw(
            st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#\n ,0123456789aZ\t%@`")), max_size=6)
        )
        text = text[:start] + replacement + text[end:]
    return text.encode()


@PROPERTY
@given(mutated_library_files())
def test_mutated_valid_files(content: bytes) -> None:
    read(content)

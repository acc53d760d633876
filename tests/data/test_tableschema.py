"""The shared schema check (pandera under the hood): each broken cell gives the file, row, column and
what was expected."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from gotogether.data.tableschema import validate_frame
from gotogether.errors import InputError

SPECS = [
    {"column": "code", "dtype": "str", "allowed": "iso3|WLD", "required": "yes", "description": "a code"},
    {"column": "kind", "dtype": "str", "allowed": "alpha|beta", "required": "yes", "description": "kind"},
    {"column": "year", "dtype": "int", "allowed": "2015..2035", "required": "yes", "description": "year"},
    {"column": "value", "dtype": "float", "allowed": ">=0", "required": "no", "description": "value"},
]


def frame(**cells: str) -> pd.DataFrame:
    rows = [{"code": "CHN", "kind": "alpha", "year": "2019", "value": "1.5"} for _ in range(3)]
    rows[1].update(cells)
    return pd.DataFrame(rows)


def test_a_good_table_is_typed_and_stripped() -> None:
    table = validate_frame(frame(code=" WLD ", value=""), SPECS, source="t.csv")
    assert list(table["code"]) == ["CHN", "WLD", "CHN"]
    assert table["year"].tolist() == [2019, 2019, 2019]
    assert table["value"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"code": "China"},
            r"t.csv, row 3, column code: 'China' is not allowed"
            r" \(expected one of WLD, an ISO",
        ),
        ({"kind": "alfa"}, r"row 3, column kind: unknown kind 'alfa' \(did you mean 'alpha'\?\)"),
        ({"kind": ""}, r"row 3, column kind: empty cell \(expected kind\)"),
        ({"year": "2019.5"}, r"row 3, column year: '2019.5' is not a whole number"),
        ({"year": "2040"}, r"row 3, column year: 2040.0 is out of range \(expected 2015..2035\)"),
        ({"value": "-1"}, r"row 3, column value: -1.0 is below the minimum \(expected >=0\)"),
        ({"value": "-inf"}, r"row 3, column value: '-inf' is not a finite number"),
        ({"code": "China", "value": "x"}, r"row 3, column code:"),
    ],
)
def test_the_first_bad_cell_is_named(cells: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        validate_frame(frame(**cells), SPECS, source="t.csv")


def test_pandera_is_imported_only_for_a_table_that_fails() -> None:
    """The packaged tables pass, so a run checks them without importing pandera (issue 20)."""
    script = (
        "import sys; from gotogether.data.registry import read_registry; read_registry('countries'); "
        "read_registry('blocs'); print('pandera' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False"]


def test_columns_are_checked_against_the_header() -> None:
    with pytest.raises(InputError, match=r"t.csv, header: missing column 'year'"):
        validate_frame(frame().drop(columns="year"), SPECS, source="t.csv")
    with pytest.raises(InputError, match=r"header: unknown column 'yeer' \(did you mean 'year'\?\)"):
        validate_frame(frame().rename(columns={"year": "yeer"}), SPECS, source="t.csv")


@pytest.mark.parametrize(
    ("allowed", "good", "bad", "message"),
    [
        ("(0..1]", ["1", "0.5"], "0", r"row 4, column x: 0.0 is out of range \(expected \(0..1\]\)"),
        ("[0..1)", ["0", "0.5"], "1", r"row 4, column x: 1.0 is out of range \(expected \[0..1\)\)"),
        ("0..1", ["0", "1"], "1.5", r"row 4, column x: 1.5 is out of range \(expected 0..1\)"),
        (">0", ["0.001", "7"], "0", r"row 4, column x: 0.0 is not above the minimum \(expected >0\)"),
        (">=0", ["0", "7"], "-0.5", r"row 4, column x: -0.5 is below the minimum \(expected >=0\)"),
    ],
)
def test_bounds_may_be_open_or_closed(allowed: str, good: list[str], bad: str, message: str) -> None:
    specs = [{"column": "x", "dtype": "float", "allowed": allowed, "required": "yes", "description": "x"}]
    assert validate_frame(pd.DataFrame({"x": good}), specs, source="t.csv")["x"].tolist() == [
        float(cell) for cell in good
    ]
    with pytest.raises(InputError, match=message):
        validate_frame(pd.DataFrame({"x": [*good, bad]}), specs, source="t.csv")


def test_a_slug_is_lower_case_words_joined_by_hyphens() -> None:
    specs = [{"column": "x", "dtype": "str", "allowed": "slug", "required": "yes", "description": "x"}]
    good = ["pwc-total", "ict", "a2-b"]
    assert validate_frame(pd.DataFrame({"x": good}), specs, source="t.csv")["x"].tolist() == good
    for bad in ("PwC", "pwc--total", "-pwc", "pwc_total", "pwc-"):
        with pytest.raises(InputError, match=rf"row 2, column x: '{bad}' is not allowed"):
            validate_frame(pd.DataFrame({"x": [bad]}), specs, source="t.csv")


def test_a_missing_cell_is_an_empty_one() -> None:
    """A column that a user's extension of a table lacks is missing after the two are joined: its cells
    are empty ones (checked as such), not a traceback from a pattern check."""
    specs = [
        *SPECS,
        {"column": "link", "dtype": "str", "allowed": "url", "required": "no", "description": "l"},
    ]
    joined = pd.concat([frame().assign(link="https://x.org"), frame()], ignore_index=True)
    table = validate_frame(joined, specs, source="t.csv")
    assert table["link"].tolist() == ["https://x.org"] * 3 + [""] * 3
    with pytest.raises(InputError, match=r"row 8, column kind: empty cell"):
        validate_frame(
            pd.concat([joined, frame().drop(columns="kind")], ignore_index=True), specs, source="t.csv"
        )

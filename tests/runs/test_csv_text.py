"""``runs.tables.csv_text`` writes a table's CSV column by column: the same text as pandas' ``to_csv``."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from gotogether.runs.tables import csv_text

TEXT = st.text(alphabet=string.ascii_letters + ' ,"\n\r\t-_é€', max_size=8)
FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)
COLUMNS = st.sampled_from(["float", "int", "bool", "text", "passed", "year"])


def pandas_text(table: pd.DataFrame) -> str:
    return str(table.to_csv(index=False, lineterminator="\n"))


def column(kind: str, rows: int) -> st.SearchStrategy[object]:
    if kind == "float":
        return st.lists(FLOATS, min_size=rows, max_size=rows).map(lambda v: np.array(v, dtype=float))
    if kind == "int":
        return st.lists(st.integers(-(2**62), 2**62), min_size=rows, max_size=rows)
    if kind == "year":  # a few values repeated
        return st.lists(st.sampled_from([2019, 2020, 2035]), min_size=rows, max_size=rows)
    if kind == "bool":
        return st.lists(st.booleans(), min_size=rows, max_size=rows)
    if kind == "text":  # pandas' text type, with missing cells
        cells = st.lists(st.none() | TEXT, min_size=rows, max_size=rows)
        return cells.map(lambda v: pd.array(v, dtype="str"))
    # a validation table's pass column: True, False or missing, as objects
    return st.lists(st.sampled_from([True, False, None]), min_size=rows, max_size=rows).map(
        lambda v: np.array(v, dtype=object)
    )


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(0, 12))
    kinds = draw(st.lists(COLUMNS, min_size=2, max_size=5))
    names = draw(st.lists(TEXT, min_size=len(kinds), max_size=len(kinds), unique=True))
    return pd.DataFrame({name: draw(column(kind, rows)) for name, kind in zip(names, kinds, strict=True)})


@given(tables())
def test_the_same_text_as_pandas(table: pd.DataFrame) -> None:
    assert csv_text(table) == pandas_text(table)


def test_numbers_as_pandas_writes_them() -> None:
    table = pd.DataFrame(
        {
            "value": [0.1, 1e16, 1e-5, -0.0, np.nan, np.inf, 123456789.125, 2.0 / 3.0],
            "year": np.arange(2019, 2027),
        }
    )
    text = csv_text(table)
    assert text == pandas_text(table)
    assert text is not None
    assert text.splitlines()[1:6] == [
        "0.1,2019",
        "1e+16,2020",
        "1e-05,2021",
        "-0.0,2022",
        ",2023",
    ]


def test_what_it_does_not_cover_is_left_to_pandas() -> None:
    assert csv_text(pd.DataFrame({"only": ["a", ""]})) is None  # an empty cell alone on its line is quoted
    assert csv_text(pd.DataFrame({"a": [1], "b": [pd.Timestamp("2020-01-01")]})) is None
    assert csv_text(pd.DataFrame({"a": ["x", 1.5], "b": [1, 2]})) is None  # numbers among text
    assert csv_text(pd.DataFrame({("a", "b"): [1], ("a", "c"): [2]})) is None
    assert csv_text(pd.DataFrame([[1, 2]], columns=["a", "a"])) is None
    assert csv_text(pd.DataFrame({"a": np.array([0.1], dtype=np.float32), "b": [1]})) is None

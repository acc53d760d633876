"""Result tables as JSON rows and row-by-row comparison, on hand-made tables."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from gotogether.errors import InputError
from gotogether.runs.compare import compare_tables as compare
from gotogether.service.results import records


def test_records_are_json_with_nulls_for_gaps_and_non_finite_numbers() -> None:
    frame = pd.DataFrame(
        {
            "x": [1.5, np.nan, np.inf],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "flag": pd.array([True, None, False], dtype="boolean"),
            "label": ["a", None, "c"],
            "when": pd.to_datetime(["2020-01-01", None, "2021-06-30"]),
        }
    )
    rows = records(frame)
    assert json.loads(json.dumps(rows, allow_nan=False)) == [
        {"x": 1.5, "n": 1, "flag": True, "label": "a", "when": "2020-01-01T00:00:00"},
        {"x": None, "n": None, "flag": None, "label": None, "when": None},
        {"x": None, "n": 3, "flag": False, "label": "c", "when": "2021-06-30T00:00:00"},
    ]


def test_compare_pairs_rows_on_keys_and_keeps_rows_of_one_side() -> None:
    a = pd.DataFrame({"country": ["CHN", "USA"], "year": [2020, 2020], "gdp": [10.0, 20.0]})
    b = pd.DataFrame({"country": ["USA", "DEU"], "year": [2020, 2020], "gdp": [25.0, 4.0]})
    result = compare(a, b)
    assert list(result.columns) == ["country", "gdp_a", "gdp_b", "gdp_diff"]  # one year: not a row label
    rows = {row["country"]: row for row in records(result)}
    assert rows["USA"]["gdp_diff"] == pytest.approx(5.0)
    assert (rows["CHN"]["gdp_b"], rows["CHN"]["gdp_diff"]) == (None, None)
    assert (rows["DEU"]["gdp_a"], rows["DEU"]["gdp_b"]) == (None, 4.0)


def test_compare_leaves_out_run_labels_and_shows_changed_attributes() -> None:
    a = pd.DataFrame(
        {
            "scenario": "tariff-war",
            "country": ["CHN", "USA"],
            "role": ["target", "issuer"],
            "cost": [3.0, 1.0],
        }
    )
    b = pd.DataFrame(
        {
            "scenario": "allied-bans",
            "country": ["CHN", "USA"],
            "role": ["target", "bystander"],
            "cost": [5.0, 0.5],
        }
    )
    result = compare(a, b)
    assert list(result.columns) == ["country", "role_a", "role_b", "cost_a", "cost_b", "cost_diff"]
    assert result["role_b"].tolist() == ["target", "bystander"]
    assert result["cost_diff"].tolist() == pytest.approx([2.0, -0.5])


def test_compare_pairs_on_as_many_labels_as_needed() -> None:
    a = pd.DataFrame({"year": [2020, 2020, 2021], "country": ["CHN", "USA", "CHN"], "x": [1.0, 2.0, 3.0]})
    result = compare(a, a.assign(x=a["x"] * 2))
    assert list(result.columns) == ["year", "country", "x_a", "x_b", "x_diff"]
    assert result["x_diff"].tolist() == pytest.approx([1.0, 2.0, 3.0])


def test_compare_without_numbers_says_why() -> None:
    labels = pd.DataFrame({"country": ["CHN"]})
    with pytest.raises(InputError, match="share no numeric column"):
        compare(labels, labels)

"""The value layer's tables (industries.csv, targets.csv) are checked against ``data/value/schema.csv`` with
the shared pandera check, the rest across cells: each bad cell is an InputError naming file, row (header =
row 1) and column (issue 19)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from gotogether.data.value import read_industry_table, read_targets, validate_value_table
from gotogether.errors import InputError

ROOT = Path(__file__).parents[2]


def packaged(table: str) -> pd.DataFrame:
    with resources.files("gotogether.data.value").joinpath(f"{table}.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def test_the_packaged_tables_pass_and_every_one_has_a_schema() -> None:
    shipped = {path.stem for path in (ROOT / "src/gotogether/data/value").glob("*.csv")} - {"schema"}
    with (ROOT / "src/gotogether/data/value/schema.csv").open(encoding="utf-8") as handle:
        assert {spec["table"] for spec in csv.DictReader(handle)} == shipped == {"industries", "targets"}
    industries = read_industry_table()
    assert len(industries) == 12
    assert industries.loc["ict", "sectors"] == "TELE;BUS"
    assert industries.loc["ict", "ceiling"] == pytest.approx(0.70)
    targets = read_targets()
    assert len(targets) == 16
    assert (targets["ihs-sales"].year, targets["ihs-sales"].value_usd_bn) == (2035, 13150.0)


@pytest.mark.parametrize(
    ("column", "row", "cell", "message"),
    [
        ("ceiling", 3, "high", r"'high' is not a number"),
        ("ceiling", 3, "0", r"0.0 is out of range \(expected \(0..1\]\)"),
        ("ceiling_high", 2, "1.2", r"1.2 is out of range \(expected \(0..1\]\)"),
        ("midpoint_years", 5, "0", r"0.0 is not above the minimum \(expected >0\)"),
        ("pwc_group", 4, "healthcar", r"unknown pwc_group 'healthcar' \(did you mean 'healthcare'\?\)"),
        ("industry", 6, "Utilities", r"'Utilities' is not allowed"),
        ("source", 2, "guess", r"'guess' is not allowed \(expected one of an http\(s\) URL, assumption\)"),
        ("sectors", 4, "TRANS;XYZ", r"unknown sector 'XYZ'"),
        ("sectors", 5, "HEALTH;MIN", r"sector MIN already belongs to 'mining'"),
        ("sectors", 8, "", r"empty cell"),
        (
            "ceiling",
            2,
            "0.95",
            r"ceiling 0.95 outside its range \[0.4, 0.8\] \(expected ceiling_low <=",
        ),
        ("midpoint_years", 3, "13", r"midpoint_years 13.0 outside its range \[6.0, 12.0\]"),
        ("industry", 4, "mining", r"industry 'mining' is given twice"),
    ],
)
def test_a_bad_cell_in_a_users_industry_table_is_named(
    tmp_path: Path, column: str, row: int, cell: str, message: str
) -> None:
    frame = packaged("industries")
    frame.loc[row - 2, column] = cell
    path = tmp_path / "industries.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=message) as error:
        read_industry_table(path)
    assert str(error.value).startswith(f"{path}, row {row}, column {column}: ")


@pytest.mark.parametrize(
    ("column", "row", "cell", "message"),
    [
        ("year", 2, "2030.5", r"'2030.5' is not a whole number"),
        ("year", 3, "0", r"0.0 is not above the minimum"),
        ("value_usd_bn", 4, "lots", r"'lots' is not a number"),
        ("tolerance", 5, "0", r"0.0 is not above the minimum \(expected >0\)"),
        ("quantity", 6, "gva", r"unknown quantity 'gva'"),
        ("scope", 7, "region", r"unknown scope 'region'"),
        ("confidence", 8, "D", r"unknown confidence 'D'"),
        ("url", 9, "www.pwc.com", r"'www.pwc.com' is not allowed \(expected one of an http\(s\) URL\)"),
        ("date", 10, "June 2021", r"'June 2021' is not allowed"),
        ("key", 11, "Germany", r"'Germany' is not allowed"),
        ("key", 12, "healthcare", r"key 'healthcare' does not fit scope 'country'"),
        ("key", 2, "USA", r"key 'USA' does not fit scope 'total' \(expected for scope total, world\)"),
        ("target", 3, "pwc-total", r"target 'pwc-total' is given twice"),
        ("target", 4, "PwC utilities", r"'PwC utilities' is not allowed"),
    ],
)
def test_a_bad_cell_in_the_target_table_is_named(column: str, row: int, cell: str, message: str) -> None:
    frame = packaged("targets")
    frame.loc[row - 2, column] = cell
    with pytest.raises(InputError, match=message) as error:
        validate_value_table("targets", frame, source="my/targets.csv")
    assert str(error.value).startswith(f"my/targets.csv, row {row}, column {column}: ")


def test_a_missing_column_is_named_in_the_header() -> None:
    with pytest.raises(InputError, match=r"my/targets.csv, header: missing column 'tolerance'"):
        validate_value_table(
            "targets", packaged("targets").drop(columns="tolerance"), source="my/targets.csv"
        )


def test_a_users_industry_workbook_is_read_like_the_csv(tmp_path: Path) -> None:
    frame = packaged("industries")
    frame.loc[0, "ceiling"] = "0.65"
    path = tmp_path / "industries.xlsx"
    frame.to_excel(path, sheet_name="industries", index=False)
    table = read_industry_table(path)
    assert table.loc["manufacturing", "ceiling"] == pytest.approx(0.65)
    pd.testing.assert_frame_equal(
        table.drop(index="manufacturing"), read_industry_table().drop(index="manufacturing")
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"file not found"),
        (b"", r"the file is empty"),
        ("industry,name\ncaf\u00e9,x\n".encode("latin-1"), r"not UTF-8 text"),
    ],
)
def test_an_unreadable_industry_file_is_named(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "industries.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{path}: {message}"):
        read_industry_table(str(path))

"""Loaders of the real layouts, each on a small file in that layout kept in tests/fixtures."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gotogether.data.aggregate import aggregate
from gotogether.data.consistency import IOTableWarning
from gotogether.data.loaders.oecd_icio import read_oecd_icio
from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata
from gotogether.data.loaders.wiod2013_excel import read_wiod2013_excel
from gotogether.data.loaders.wiod2016 import read_wiod2016_rdata, read_wiod2016_xlsb
from gotogether.errors import InputError
from gotogether.testing import assert_allclose

DATA = Path(__file__).parents[2] / "fixtures"
WIOT_2011 = Path(__file__).parents[3] / "data" / "raw" / "wiod2013" / "wiot_2011.RData"


def test_wiod2013_excel_equals_the_rdata_release_aggregated_the_same_way() -> None:
    # Rounding to whole millions in the release adds up when 39 regions are summed into RoW, so rows miss
    # gross output by up to 0.2% there: skip the checks here, the numbers are compared below.
    excel = read_wiod2013_excel(DATA / "wiot11_row_sep12_mini.xlsx", validate="skip")
    assert excel.year == 2011
    assert excel.regions == ["CHN", "USA", "RoW"]
    assert excel.sectors == [f"c{k}" for k in range(1, 36)]
    assert excel.final_demand_categories == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    assert excel.unit == "millions of current USD"
    rdata = read_wiod2013_rdata(WIOT_2011, validate="skip")
    mapping = {r: r if r in ("CHN", "USA") else "RoW" for r in rdata.regions}
    expected = aggregate(rdata, regions=dict(sorted(mapping.items(), key=lambda i: i[1] != "CHN")))
    assert_allclose(excel.Z, expected.Z, rtol=0, atol=1e-6)
    assert_allclose(excel.Y, expected.Y, rtol=0, atol=1e-6)
    assert_allclose(excel.x, expected.x, rtol=0, atol=1e-6)
    # China's electrical and optical equipment bought from the USA, 2011, millions of USD.
    assert excel.Z.loc[("USA", "c14"), ("CHN", "c14")] == rdata.Z.loc[("USA", "c14"), ("CHN", "c14")]
    assert list(excel.va.index) == ["TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM"]


def test_wiod2016_xlsb_sample_reads_with_its_labels_and_numbers() -> None:
    # The cut-down sample has no final-demand columns and lacks the other countries' inputs, so rows and
    # columns do not balance: the checks say so.
    with pytest.warns(IOTableWarning) as caught:
        table = read_wiod2016_xlsb(DATA / "WIOTtest_Nov16_ROW.xlsb")
    messages = " ".join(str(w.message) for w in caught)
    assert "row balance: 106 of 112" in messages
    assert "zero rows: 7" in messages
    assert table.year == 2014
    assert table.regions == ["USA", "ROW"]
    assert len(table.sectors) == 56
    assert table.sectors[:3] == ["A01", "A02", "A03"]
    assert table.Y.shape == (112, 0)
    assert table.x[("USA", "A01")] == pytest.approx(70292.034492)
    assert table.Z.loc[("USA", "A01"), ("USA", "A01")] == pytest.approx(12924.179691)
    assert table.va.loc["VA", ("USA", "A01")] == pytest.approx(30489.190204)
    assert table.va.loc["TXSP", ("USA", "A02")] == pytest.approx(68.141295)


def test_wiod2016_rdata_matches_the_xlsb_it_was_made_from() -> None:
    table = read_wiod2016_rdata(DATA / "WIOT2014_October16_ROW_mini.RData", validate="skip")
    sheet = read_wiod2016_xlsb(DATA / "WIOTtest_Nov16_ROW.xlsb", validate="skip")
    assert table.year == 2014
    assert table.final_demand_categories == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    assert_allclose(table.Z, sheet.Z, rtol=0, atol=1e-9)
    assert_allclose(table.x, sheet.x, rtol=0, atol=1e-9)
    assert_allclose(table.va, sheet.va, rtol=0, atol=1e-9)
    # Rows balance by construction of the file: Z row + households = gross output.
    np.testing.assert_allclose(table.Z.sum(axis=1) + table.Y.sum(axis=1), table.x, rtol=1e-12)


@pytest.mark.parametrize("edition", ["2021", "2023"])
def test_oecd_icio_merges_the_split_regions_into_china_and_mexico(edition: str) -> None:
    path = DATA / f"ICIO{edition}_2018_mini.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = read_oecd_icio(path)
    raw = pd.read_csv(path, index_col=0)
    assert table.year == 2018
    assert table.meta["edition"] == edition
    assert table.regions == ["AUS", "CHN", "MEX", "USA", "ROW"]
    sector = "26" if edition == "2021" else "C26"
    assert table.sectors[1] == sector
    # CHN's electronics sold to USA electronics = CN1 + CN2 rows (CHN's own row is empty in the layout).
    expected = sum(raw.loc[f"{r}_{sector}", f"USA_{sector}"] for r in ("CHN", "CN1", "CN2"))
    assert table.Z.loc[("CHN", sector), ("USA", sector)] == expected
    # Mexico buys from itself through MX1 and MX2 on both sides.
    mx = [f"{r}_{sector}" for r in ("MEX", "MX1", "MX2")]
    assert table.Z.loc[("MEX", sector), ("MEX", sector)] == raw.loc[mx, mx].to_numpy().sum()
    out_row = "OUTPUT" if edition == "2021" else "OUT"
    assert table.x.sum() == pytest.approx(raw.loc[out_row].iloc[: 9 * 3].sum())
    assert float(table.va.to_numpy().sum() + table.Z.to_numpy().sum()) == pytest.approx(table.x.sum())


def test_oecd_icio_can_keep_the_split_regions() -> None:
    with pytest.warns(IOTableWarning) as caught:  # CHN and MEX hold nothing in the layout
        table = read_oecd_icio(DATA / "ICIO2021_2018_mini.csv", merge_split_regions=False)
    assert "zero rows: 6 (region, sector) sell nothing at (CHN, 01T02)" in str(caught[0].message)
    assert table.regions[-4:] == ["MX1", "MX2", "CN1", "CN2"]


@pytest.mark.parametrize(
    ("reader", "suffix", "message"),
    [
        (read_wiod2013_excel, ".xlsx", r"not a readable \.xlsx workbook.*WIOD 2013"),
        (read_wiod2016_xlsb, ".xlsb", r"not a readable \.xlsb workbook.*WIOD 2016"),
        (read_wiod2016_rdata, ".RData", r"not a readable R data file.*WIOD 2016"),
        (read_oecd_icio, ".csv", r"bottom rows or the total column.*OECD ICIO CSV"),
    ],
)
def test_a_file_in_another_layout_gets_a_clear_error(
    reader, suffix: str, message: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / f"other{suffix}"
    bogus.write_text("region,sector,value\nDEU,c14,1.0\n")
    with pytest.raises(InputError, match=message):
        reader(bogus)


def test_a_wiod_workbook_with_foreign_headers_names_the_cell(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for _ in range(8):
        book.active.append(["x", "y", "z", "w", "v"])
    book.save(tmp_path / "foreign.xlsx")
    with pytest.raises(
        InputError, match=r"foreign\.xlsx\), row 6, column 5: found 'v' where column number c1"
    ):
        read_wiod2013_excel(tmp_path / "foreign.xlsx")


def test_the_wiod_2016_rdata_loader_rejects_the_2013_list() -> None:
    with pytest.raises(InputError, match="no data frame with the WIOD 2016 columns"):
        read_wiod2016_rdata(WIOT_2011)

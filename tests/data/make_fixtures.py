"""Write the small files in real layouts that the loader tests read (run from the repository root).

    python tests/data/make_fixtures.py

- ``wiot11_row_sep12_mini.xlsx``: the real WIOD 2013 table for 2011 (data/raw/wiod2013) aggregated to
  CHN, USA and RoW, in the layout of the release's ``WIOT11_ROW_Sep12.xlsx``.
- ``WIOT2014_October16_ROW_mini.RData``: the WIOD 2016 format sample (WIOTtest_Nov16_ROW.xlsb) as the
  release's R data frame ``wiot``, with final demand added so that rows balance (all to households).
- ``ICIO2021_2018_mini.csv`` and ``ICIO2023_2018_mini.csv``: synthetic numbers in the two ICIO CSV layouts,
  with China and Mexico split into CN1/CN2 and MX1/MX2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import rdata

from gotogether.data.aggregate import aggregate
from gotogether.data.classifications import read_classification
from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata
from gotogether.data.loaders.wiod2016 import read_wiod2016_xlsb

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


def wiod2013_excel() -> None:
    table = read_wiod2013_rdata(ROOT / "data/raw/wiod2013/wiot_2011.RData", validate="skip")
    mapping = {r: r if r in ("CHN", "USA") else "RoW" for r in table.regions}
    mapping = dict(sorted(mapping.items(), key=lambda item: ["CHN", "USA", "RoW"].index(item[1])))
    small = aggregate(table, regions=mapping)
    industries = read_classification("wiod2013_industries")
    demand = read_classification("wiod2013_final_demand")
    fd_numbers = ["c37", "c38", "c39", "c41", "c42"]
    regions = small.regions
    sheet = openpyxl.Workbook()
    ws = sheet.active
    ws.title = "WIOT_2011"
    codes: list[str] = []
    names: list[str] = []
    countries: list[str] = []
    numbers: list[str] = []
    for region in regions:
        codes += list(industries["nace"])
        names += list(industries["name"])
        countries += [region] * len(industries)
        numbers += list(industries["code"])
    for region in regions:
        codes += list(demand["code"])
        names += list(demand["name"])
        countries += [region] * len(demand)
        numbers += fd_numbers
    codes.append("GO")
    names.append("Total output")
    countries.append("TOT")
    numbers.append("c62")
    ws.append(["World Input-Output Table 2011"])
    ws.append(["Current prices, in millions of US$"])
    ws.append(["(industry-by-industry)", None, None, None, *codes])
    ws.append(["(millions of US$)", None, None, None, *names])
    ws.append([None, None, None, None, *countries])
    ws.append([None, None, None, None, *numbers])
    Z, Y = small.Z.to_numpy(), small.Y.to_numpy()
    for i, (region, sector) in enumerate(small.Z.index):
        k = industries.index[industries["code"] == sector][0]
        ws.append(
            [
                industries["nace"][k],
                industries["name"][k],
                region,
                sector,
                *Z[i],
                *Y[i],
                float(small.x.iloc[i]),
            ]
        )
    n_fd = Y.shape[1]
    intermediate = Z.sum(axis=0)
    bottom = [
        ("r60", "Total intermediate consumption", intermediate),
        ("r61", "taxes less subsidies on products", np.zeros_like(intermediate)),
        ("r62", "Cif/ fob adjustments on exports", np.zeros_like(intermediate)),
        ("r63", "Direct purchases abroad by residents", np.zeros_like(intermediate)),
        ("r64", "Purchases on the domestic territory by non-residents", np.zeros_like(intermediate)),
        ("r65", "Value added at basic prices", small.va.loc["VA"].to_numpy()),
        ("r66", "International Transport Margins", np.zeros_like(intermediate)),
        ("r69", "Output at basic prices", small.x.to_numpy()),
    ]
    for number, name, values in bottom:
        ws.append([None, name, None, number, *values, *([0.0] * n_fd), None])
    sheet.save(HERE / "wiot11_row_sep12_mini.xlsx")


def wiod2016_rdata() -> None:
    table = read_wiod2016_xlsb(HERE / "WIOTtest_Nov16_ROW.xlsb", validate="skip")
    regions = table.regions
    demand = table.x - table.Z.sum(axis=1)
    columns = {}
    n = len(table.sectors)
    for region in regions:
        for k in range(n):
            columns[f"{region}{k + 1}"] = np.append(table.Z[(region, table.sectors[k])].to_numpy(), [0.0] * 0)
    frame = pd.DataFrame(columns, index=table.Z.index)
    for region in regions:
        for number in range(57, 62):
            own = frame.index.get_level_values(0) == region
            frame[f"{region}{number}"] = np.where(own, demand.to_numpy(), 0.0) if number == 57 else 0.0
    frame["TOT"] = table.x.to_numpy()
    cells, _ = _xlsb_rows()
    labels = pd.DataFrame(
        {
            "IndustryCode": pd.Series([str(c[0]) for c in cells], dtype=object),
            "IndustryDescription": pd.Series([str(c[1]) for c in cells], dtype=object),
            "Country": pd.Series([str(c[2]) for c in cells], dtype=object),
            "RNr": pd.Series([int(str(c[3])[1:]) for c in cells], dtype=np.int32),
            "Year": pd.Series([2014] * len(cells), dtype=np.int32),
        }
    )
    bottom = table.va.reindex(["TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM"])
    extra = pd.DataFrame(0.0, index=["II_fob", *bottom.index, "GO"], columns=frame.columns)
    for j, (region, sector) in enumerate(table.Z.columns):
        column = f"{region}{table.sectors.index(sector) + 1}"
        extra.loc["II_fob", column] = table.Z.iloc[:, j].sum()
        extra.loc[bottom.index, column] = bottom.iloc[:, j].to_numpy()
        extra.loc["GO", column] = table.x.iloc[j]
    inputs = read_classification("wiod_primary_inputs")
    labels = pd.concat(
        [
            labels,
            pd.DataFrame(
                {
                    "IndustryCode": pd.Series(list(inputs["code"]), dtype=object),
                    "IndustryDescription": pd.Series(list(inputs["name"]), dtype=object),
                    "Country": pd.Series(["TOT"] * len(inputs), dtype=object),
                    "RNr": pd.Series([65, 66, 67, 68, 69, 70, 71, 73], dtype=np.int32),
                    "Year": pd.Series([2014] * len(inputs), dtype=np.int32),
                }
            ),
        ],
        ignore_index=True,
    )
    values = pd.concat([frame.reset_index(drop=True), extra.reset_index(drop=True)], ignore_index=True)
    wiot = pd.concat([labels, values], axis=1)
    rdata.write_rda(HERE / "WIOT2014_October16_ROW_mini.RData", {"wiot": wiot}, compression="gzip")


def _xlsb_rows() -> tuple[list[list[object]], int]:
    import pyxlsb

    with (
        pyxlsb.open_workbook(str(HERE / "WIOTtest_Nov16_ROW.xlsb")) as workbook,
        workbook.get_sheet(1) as sheet,
    ):
        rows = [[cell.v for cell in row] for row in sheet.rows()]
    return rows[6 : 6 + 112], 6


def icio(edition: str) -> None:
    rng = np.random.default_rng(2021 if edition == "2021" else 2023)
    sectors = ["01T02", "26", "61"] if edition == "2021" else ["A01_02", "C26", "J61"]
    countries = ["AUS", "CHN", "MEX", "USA", "ROW"]
    regions = [*countries, "MX1", "MX2", "CN1", "CN2"]
    categories = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA" if edition == "2021" else "DPABR"]
    labels = [f"{r}_{s}" for r in regions for s in sectors]
    fd_labels = [f"{c}_{k}" for c in countries for k in categories]
    empty = np.array([r in ("CHN", "MEX") for r in regions for _ in sectors])
    Z = rng.integers(0, 20, size=(len(labels), len(labels))).astype(float)
    Y = rng.integers(50, 200, size=(len(labels), len(fd_labels))).astype(float)
    Y[:, 4::6] -= 120.0  # changes in inventories, some negative
    Z[empty, :] = 0.0
    Z[:, empty] = 0.0
    Y[empty, :] = 0.0
    output = Z.sum(axis=1) + Y.sum(axis=1)
    taxes = np.where(empty, 0.0, rng.integers(1, 10, size=len(labels)).astype(float))
    value_added = output - Z.sum(axis=0) - taxes
    va_name, out_row, out_col = ("VALU", "OUTPUT", "TOTAL") if edition == "2021" else ("VA", "OUT", "OUT")
    frame = pd.DataFrame(
        np.hstack([Z, Y, output[:, None]]), index=labels, columns=[*labels, *fd_labels, out_col]
    )
    bottom = pd.DataFrame(0.0, index=["TLS", va_name, out_row], columns=frame.columns)
    bottom.loc["TLS", labels] = taxes
    bottom.loc[va_name, labels] = value_added
    bottom.loc[out_row, labels] = output
    full = pd.concat([frame, bottom])
    full.index.name = "" if edition == "2021" else "V1"
    full.to_csv(HERE / f"ICIO{edition}_2018_mini.csv", float_format="%.1f")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    wiod2013_excel()
    wiod2016_rdata()
    icio("2021")
    icio("2023")

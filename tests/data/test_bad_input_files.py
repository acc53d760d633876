"""Files a user points the tool at that are broken: each is one InputError naming the file (and the cell),
never a traceback (issue 18.8). Value-network overrides, the ETO folder, the OECD ICIO reader, compare."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from gotogether.data.loaders.eto import eto_technology_providers
from gotogether.data.loaders.oecd_icio import read_oecd_icio
from gotogether.data.valuenet import TableOverride, load_tables
from gotogether.errors import InputError
from gotogether.runs import RunWriter
from gotogether.runs.compare import compare_runs

DATA = Path(__file__).parents[1] / "fixtures"
Breaker = Callable[[Path], Path]


def suppliers(tmp_path: Path, **cells: str) -> Path:
    frame = load_tables()["suppliers"].astype(str)
    for column, value in cells.items():
        frame.loc[1, column] = value
    path = tmp_path / "suppliers.csv"
    frame.to_csv(path, index=False)
    return path


def empty(tmp_path: Path) -> Path:
    path = tmp_path / "suppliers.csv"
    path.write_bytes(b"")
    return path


def latin1(tmp_path: Path) -> Path:
    path = suppliers(tmp_path, note="Société générale")
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    return path


def truncated_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "suppliers.xlsx"
    load_tables()["suppliers"].astype(str).to_excel(path, sheet_name="suppliers", index=False)
    path.write_bytes(path.read_bytes()[:2000])
    return path


def misnamed_xlsx(tmp_path: Path) -> Path:
    return suppliers(tmp_path).rename(tmp_path / "suppliers.xlsx")


def directory(tmp_path: Path) -> Path:
    path = tmp_path / "suppliers.csv"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (empty, r"suppliers.csv: the file is empty"),
        (latin1, r"suppliers.csv: not UTF-8 text"),
        (lambda tmp: suppliers(tmp, share="nan"), r"row 3, column share: 'nan' is not a finite number"),
        (lambda tmp: suppliers(tmp, low="nan"), r"row 3, column low: 'nan' is not a finite number"),
        (lambda tmp: suppliers(tmp, high="inf"), r"row 3, column high: 'inf' is not a finite number"),
        (truncated_xlsx, r"suppliers.xlsx: not a readable Excel file"),
        (misnamed_xlsx, r"suppliers.xlsx: not a readable Excel file"),
        (directory, r"suppliers.csv: a directory, not a file"),
    ],
)
def test_broken_value_network_overrides(tmp_path: Path, make: Breaker, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_tables((TableOverride("suppliers", make(tmp_path)),))


def eto_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "eto"
    shutil.copytree(DATA / "eto", folder)
    return folder


def writing(folder: Path, name: str, content: bytes | None) -> Path:
    """``folder`` with file ``name`` holding ``content`` (None: a directory in its place)."""
    path = folder / name
    path.unlink()
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    return folder


def replace_in(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda f: writing(f, "providers.csv", b""), r"providers.csv: the file is empty"),
        (
            lambda f: writing(f, "provision.csv", "NLD,P45,é\n".encode("latin-1")),
            r"provision.csv: not UTF-8 text",
        ),
        (lambda f: writing(f, "providers.csv", None), "providers.csv: a directory, not a file"),
        (
            lambda f: replace_in(f, "provision.csv", "N84,80%", "N84,180%"),
            r"provision.csv, provider USA, input N84: share '180%' is over 100%",
        ),
        (
            lambda f: replace_in(
                replace_in(f, "providers.csv", "JPN,P7", "XXX,P7"), "provision.csv", "JPN", "XXX"
            ),
            r"providers.csv, provider XXX: unknown country code 'XXX'",
        ),
    ],
)
def test_broken_eto_folders(tmp_path: Path, make: Callable[[Path], Path], message: str) -> None:
    folder = make(eto_copy(tmp_path))
    with pytest.raises(InputError, match=message):
        eto_technology_providers(folder)


def test_broken_icio_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a directory, not a file"):
        read_oecd_icio(tmp_path)
    mini = (DATA / "ICIO2021_2018_mini.csv").read_text(encoding="utf-8").splitlines()
    cells = mini[1].split(",")
    cells[2] = "nan"
    nan = tmp_path / "ICIO2021_2018.csv"
    nan.write_text("\n".join([mini[0], ",".join(cells), *mini[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column 3: non-numeric value 'nan'"):
        read_oecd_icio(nan)


def run_with_table(out: Path, value: float) -> Path:
    with RunWriter(out) as run:
        run.write_table("who_pays", pd.DataFrame({"country": ["USA"], "welfare_change_pct": [value]}))
    return out


def test_compare_checks_the_manifest_before_reading_a_table(tmp_path: Path) -> None:
    a, b = run_with_table(tmp_path / "a", 1.0), run_with_table(tmp_path / "b", 2.0)
    assert compare_runs(a, b)["welfare_change_pct_diff"].tolist() == [1.0]
    parquet = b / "tables" / "who_pays.parquet"
    parquet.write_bytes(parquet.read_bytes()[:100])
    with pytest.raises(InputError, match=r"who_pays.parquet: changed since the run was written"):
        compare_runs(a, b)
    parquet.unlink()
    with pytest.raises(InputError, match=r"who_pays.parquet: missing"):
        compare_runs(a, b)
    with pytest.raises(InputError, match=r"a: the run has no table 'welfare'"):
        compare_runs(a, b, table="welfare")

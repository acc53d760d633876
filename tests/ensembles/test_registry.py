"""The parameter registry: the shipped table, and clear errors on bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from gotogether.ensembles import Normal, load_registry, select
from gotogether.errors import InputError

HEADER = "name,unit,default,kind,mean,sd,low,high,mode,median,sigma,value,source,note\n"


def test_shipped_registry() -> None:
    registry = load_registry()
    theta = select(registry, "theta.")
    assert len(theta) == 20
    # Caliendo and Parro (2015) point estimates (T.txt), e.g. Office 12.95, Petroleum 64.85.
    assert registry["theta.Office"].default == 12.95
    assert theta["theta.Petroleum"] == Normal(mean=64.85, sd=16.2125, low=0.5)
    learning = registry["learning_rate.ran_equipment"].distribution
    assert float(learning.ppf(0.0)) == pytest.approx(0.10)
    assert float(learning.ppf(1.0)) == pytest.approx(0.25)
    for parameter in registry.values():
        assert parameter.source
        assert parameter.note


def _write(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "uncertain.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,1,1,gamma,,,,,,,,,assumption,\n", r"row 2, column kind: unknown distribution 'gamma'"),
        ("x,1,1,normal,1,abc,,,,,,,assumption,\n", r"row 2, column sd: 'abc' is not a number"),
        ("x,1,1,normal,1,,,,,,,,assumption,\n", r"row 2, column sd: Field required"),
        ("x,1,1,uniform,,,0,1,0.5,,,,assumption,\n", r"row 2, column mode: Extra inputs"),
        ("x,1,1,fixed,,,,,,,,1,,\n", r"row 2, column source: empty cell"),
        ("x,1,1,fixed,,,,,,,,1,a,\nx,1,1,fixed,,,,,,,,1,a,\n", r"row 3, column name: duplicate"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, row: str, message: str) -> None:
    path = _write(tmp_path, row)
    with pytest.raises(InputError, match=message) as error:
        load_registry(path)
    assert str(path) in str(error.value)


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "uncertain.csv"
    path.write_text("name,unit,default,kind\n", encoding="utf-8")
    with pytest.raises(InputError, match="header: missing column"):
        load_registry(path)

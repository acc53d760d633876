"""The diffusion-bo2020 validation case: every row passes, and beta is calibrated where the table says."""

from __future__ import annotations

import pytest

from gotogether.data.parameters import parameter_table
from gotogether.validation.cases import run_cases


def test_every_row_passes() -> None:
    rows = run_cases(["diffusion-bo2020"])
    assert len(rows) == 5
    assert all(row.passed for row in rows), [row for row in rows if not row.passed]


def test_beta_doubles_the_gains_from_trade_of_the_2019_world() -> None:
    (calibration,) = [row for row in run_cases(["diffusion-bo2020"]) if row.country == "World 2019"]
    assert parameter_table()["diffusion.beta"].default == 0.25
    assert calibration.ours == pytest.approx(2.04, abs=0.01)

"""Summaries and figures on hand-made ensembles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from gotogether.ensembles.summaries import draw_table, headline_distribution, percentiles, rank_correlations
from gotogether.reports.figures.ensemble import fan_chart, tornado


def _ensemble() -> xr.Dataset:
    # 101 draws of values 0..100 in year 2030, twice that in 2031.
    values = np.arange(101.0)
    data = np.stack([values, 2 * values], axis=1)
    return xr.Dataset(
        {"gdp": (("draw", "year"), data), "fixed": (("year",), [1.0, 2.0])},
        coords={"draw": np.arange(101), "year": [2030, 2031]},
    )


def test_percentiles_per_cell() -> None:
    bands = percentiles(_ensemble())
    assert list(bands.data_vars) == ["gdp"]
    np.testing.assert_allclose(bands["gdp"].sel(year=2030), [5.0, 50.0, 95.0])
    np.testing.assert_allclose(bands["gdp"].sel(year=2031), [10.0, 100.0, 190.0])


def test_headline_distribution() -> None:
    headlines = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 5.0]})
    table = headline_distribution(headlines, q=(25, 50))
    assert table.loc["x"].to_dict() == pytest.approx(
        {"mean": 3.0, "sd": np.sqrt(2.5), "p25": 2.0, "p50": 3.0}
    )


def test_rank_correlations() -> None:
    rng = np.random.default_rng(0)
    inputs = pd.DataFrame({"driver": rng.normal(size=200), "noise": rng.normal(size=200), "fixed": 1.0})
    outputs = pd.DataFrame({"monotone": np.exp(inputs["driver"]), "falling": -(inputs["driver"] ** 3)})
    correlations = rank_correlations(inputs, outputs)
    assert list(correlations.index) == ["driver", "noise"]
    assert correlations.loc["driver", "monotone"] == pytest.approx(1.0)
    assert correlations.loc["driver", "falling"] == pytest.approx(-1.0)
    # Against scipy's Spearman on the same columns.
    from scipy.stats import spearmanr

    expected = spearmanr(inputs["noise"], outputs["monotone"]).statistic
    assert correlations.loc["noise", "monotone"] == pytest.approx(expected, abs=1e-12)


def test_draw_table() -> None:
    table = draw_table(_ensemble()["gdp"])
    assert table.shape == (101, 2)
    assert table.loc[7, 2031] == 14.0


def test_figures() -> None:
    figure = fan_chart(percentiles(_ensemble())["gdp"], title="GDP")
    names = [trace.name for trace in figure.data]
    assert names == [None, "p5-p95", "median"]
    np.testing.assert_allclose(figure.data[0].y, [95.0, 190.0])
    np.testing.assert_allclose(figure.data[2].y, [50.0, 100.0])
    bars = tornado(pd.Series({"a": 0.1, "b": -0.9, "c": 0.5, "d": np.nan}), top=2)
    assert list(bars.data[0].y) == ["c", "b"]
    np.testing.assert_allclose(bars.data[0].x, [0.5, -0.9])

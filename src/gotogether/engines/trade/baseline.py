"""The baseline of the Caliendo-Parro (2015) trade model, as one labelled xarray Dataset.

Notation follows Caliendo and Parro (2015), "Estimates of the Trade and Welfare Effects of NAFTA",
Review of Economic Studies 82(1); see docs/trade-engine.md. Monetary values in the unit of the source data.

Variables (dims):
- ``expenditure`` (country, sector): X_n^j, spending of n on sector-j goods, all origins, gross of tariffs.
- ``trade_share`` (importer, exporter, sector): pi_ni^j, origin i's share of X_n^j.
- ``tariff`` (importer, exporter, sector): ad-valorem tariff tau_ni^j of importer n on exporter i (0.05 = 5%).
- ``va_share`` (country, sector): gamma_n^j, value added over gross output.
- ``input_share`` (country, input_sector, sector): gamma_n^{k,j}, input k over gross output of sector j.
- ``final_share`` (country, sector): alpha_n^j, Cobb-Douglas final-demand shares.
- ``theta`` (sector): trade elasticity (Frechet dispersion) theta^j.
- ``value_added`` (country): w_n L_n.
- ``deficit`` (country): D_n, imports minus exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Final

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade.arrays import BaselineArrays
from gotogether.errors import DataConsistencyError

INPUT_SECTOR: Final = "input_sector"

BASELINE_SCHEMA: Final[dict[str, tuple[str, ...]]] = {
    "expenditure": (COUNTRY, SECTOR),
    "trade_share": (IMPORTER, EXPORTER, SECTOR),
    "tariff": (IMPORTER, EXPORTER, SECTOR),
    "va_share": (COUNTRY, SECTOR),
    "input_share": (COUNTRY, INPUT_SECTOR, SECTOR),
    "final_share": (COUNTRY, SECTOR),
    "theta": (SECTOR,),
    "value_added": (COUNTRY,),
    "deficit": (COUNTRY,),
}
"""Each baseline variable and its dimensions, in storage order."""

SHARE_TOLERANCE: Final = 1e-8
"""How far a set of shares may be from summing to one before the baseline is rejected."""


@dataclass(frozen=True)
class TradeBaseline:
    """Baseline data of the trade model; construct with ``TradeBaseline.from_dataset``."""

    data: xr.Dataset

    @classmethod
    def from_dataset(cls, data: xr.Dataset, *, source: str = "baseline") -> TradeBaseline:
        """Validate ``data`` against the schema and accounting identities; ``source`` names it in errors."""
        validate_baseline(data, source=source)
        ordered = xr.Dataset(
            {name: data[name].transpose(*dims) for name, dims in BASELINE_SCHEMA.items()},
            attrs=data.attrs,
        )
        return cls(ordered)

    def with_theta(self, theta: xr.DataArray, *, source: str = "baseline") -> TradeBaseline:
        """This baseline with the trade elasticities ``theta`` (sector): only they are checked (the rest
        was, when this baseline was made), so that an ensemble draw's elasticities cost no full check."""
        ordered = theta.transpose(*BASELINE_SCHEMA["theta"])
        if set(ordered.dims) != {SECTOR} or not ordered.indexes[SECTOR].equals(self.data.indexes[SECTOR]):
            raise DataConsistencyError(
                f"has dims {theta.dims}", source=source, location="theta", expected="this baseline's sectors"
            )
        bad = ordered.isnull() | (ordered <= 0)
        if bool(bad.any()):
            raise DataConsistencyError(
                "trade elasticity missing or not positive",
                source=source,
                location=f"theta[{_first_bad(bad, ordered)[0]}]",
                expected="theta > 0",
            )
        return TradeBaseline(self.data.assign(theta=ordered))

    @property
    def countries(self) -> list[str]:
        return list(self._labels[0])

    @property
    def sectors(self) -> list[str]:
        return list(self._labels[1])

    @cached_property
    def _labels(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The country and sector labels as strings (read in every yearly loop: made once)."""
        return tuple(str(c) for c in self.data[COUNTRY].values), tuple(
            str(s) for s in self.data[SECTOR].values
        )

    def __getitem__(self, name: str) -> xr.DataArray:
        return self.data[name]

    @cached_property
    def arrays(self) -> BaselineArrays:
        """The variables as plain arrays with the labels (the solver's input); made once."""
        return BaselineArrays(
            **{name: self.data[name].values for name in BASELINE_SCHEMA},
            countries=self._labels[0],
            sectors=self._labels[1],
        )

    @property
    def income(self) -> np.ndarray:
        """I_n = wL_n + tariff revenue_n + D_n, by country (baseline order); computed once."""
        return self.arrays.income


def _first_bad(mask: xr.DataArray, values: xr.DataArray) -> tuple[str, float]:
    """The first labelled cell where ``mask`` is true (e.g. ``importer=MEX, sector=Food``) and its value."""
    index = tuple(np.argwhere(mask.values)[0])
    where = ", ".join(f"{dim}={mask[dim].values[i]}" for dim, i in zip(mask.dims, index, strict=True))
    return where, float(values.values[index])


def validate_baseline(data: xr.Dataset, *, source: str = "baseline") -> None:
    """Raise ``DataConsistencyError`` naming the variable and cell where the baseline is inconsistent.

    Checks: every variable present with its dimensions; country labels agree across importer, exporter
    and country, sectors across sector and input_sector; no missing or negative values (deficits may be
    negative); trade shares sum to one over exporters; value-added plus input shares sum to one for each
    country and sector; final-demand shares sum to one; theta positive.
    """
    for name, dims in BASELINE_SCHEMA.items():
        if name not in data:
            raise DataConsistencyError(
                "variable missing", source=source, location=name, expected=f"dims {dims}"
            )
        if set(data[name].dims) != set(dims):
            raise DataConsistencyError(
                f"has dims {data[name].dims}", source=source, location=name, expected=f"dims {dims}"
            )
    countries = data[COUNTRY].values
    for dim in (IMPORTER, EXPORTER):
        if not np.array_equal(data[dim].values, countries):
            raise DataConsistencyError(
                f"{dim} labels {list(data[dim].values)} differ from country labels",
                source=source,
                location=dim,
                expected=f"the countries {list(countries)} in the same order",
            )
    if not np.array_equal(data[INPUT_SECTOR].values, data[SECTOR].values):
        raise DataConsistencyError(
            "input_sector labels differ from sector labels",
            source=source,
            location=INPUT_SECTOR,
            expected="the same sectors in the same order",
        )
    for name in BASELINE_SCHEMA:
        values = data[name]
        if bool(values.isnull().any()):
            where, _ = _first_bad(values.isnull(), values)
            raise DataConsistencyError("missing value", source=source, location=f"{name}[{where}]")
        if name != "deficit" and bool((values < 0).any()):
            where, value = _first_bad(values < 0, values)
            raise DataConsistencyError(
                f"negative value {value:.6g}",
                source=source,
                location=f"{name}[{where}]",
                expected="non-negative values",
            )
    share_sums = {
        "trade_share": (data["trade_share"].sum(EXPORTER), "sum over exporters"),
        "va_share + input_share": (
            data["va_share"] + data["input_share"].sum(INPUT_SECTOR),
            "va_share plus the sum of input_share over input sectors",
        ),
        "final_share": (data["final_share"].sum(SECTOR), "sum over sectors"),
    }
    for label, (total, how) in share_sums.items():
        off = abs(total - 1.0) > SHARE_TOLERANCE
        if bool(off.any()):
            where, value = _first_bad(off, total)
            raise DataConsistencyError(
                f"{how} is {value:.10g}",
                source=source,
                location=f"{label}[{where}]",
                expected=f"1 within {SHARE_TOLERANCE:g}",
            )
    if bool((data["theta"] <= 0).any()):
        raise DataConsistencyError(
            "trade elasticity not positive",
            source=source,
            location=f"theta[{_first_bad(data['theta'] <= 0, data['theta'])[0]}]",
            expected="theta > 0",
        )


def baseline_from_arrays(
    *,
    trade_share: np.ndarray,
    tariff: np.ndarray,
    va_share: np.ndarray,
    input_share: np.ndarray,
    final_share: np.ndarray,
    theta: np.ndarray,
    value_added: np.ndarray,
    deficit: np.ndarray,
    expenditure: np.ndarray,
    countries: list[str] | None = None,
    sectors: list[str] | None = None,
    attrs: dict[str, object] | None = None,
    source: str = "baseline arrays",
) -> TradeBaseline:
    """Label numpy arrays (shapes as in ``BASELINE_SCHEMA``) and validate them as a baseline; countries and
    sectors default to C00, C01... and S00, S01...; ``source`` names the data in errors."""
    n, j = va_share.shape
    countries = countries or [f"C{k:02d}" for k in range(n)]
    sectors = sectors or [f"S{k:02d}" for k in range(j)]
    data = xr.Dataset(
        {
            "expenditure": ((COUNTRY, SECTOR), expenditure),
            "trade_share": ((IMPORTER, EXPORTER, SECTOR), trade_share),
            "tariff": ((IMPORTER, EXPORTER, SECTOR), tariff),
            "va_share": ((COUNTRY, SECTOR), va_share),
            "input_share": ((COUNTRY, INPUT_SECTOR, SECTOR), input_share),
            "final_share": ((COUNTRY, SECTOR), final_share),
            "theta": ((SECTOR,), theta),
            "value_added": ((COUNTRY,), value_added),
            "deficit": ((COUNTRY,), deficit),
        },
        coords={
            COUNTRY: countries,
            IMPORTER: countries,
            EXPORTER: countries,
            SECTOR: sectors,
            INPUT_SECTOR: sectors,
        },
        attrs=attrs or {},
    )
    return TradeBaseline.from_dataset(data, source=source)

"""Scale economies from cumulative output in semiconductors and telecom equipment (issue 16;
docs/diffusion.md), in the dynamic path's yearly trade loop.

Learning by doing after Irwin and Klenow (1994, "Learning-by-doing spillovers in the semiconductor
industry", Journal of Political Economy 102(6), 1200-1227): unit cost falls by the learning rate (about 20 %)
with each doubling of experience, so TFP is experience^epsilon with epsilon = -log2(1 - learning rate) (0.32).
Firms learn from others' output too ("three times more from an additional unit of their own cumulative
production than from an additional unit of another firm's", and as much across borders as within them), so
the experience of country n in sector j is

    E_nj = (1 - a) Q_nj + a sum_m Q_mj

with Q the cumulative output and a the weight of a unit of others' output (1/3). TFP in year t+1 against
the coordinated dynamic baseline is (E_nj,t / E_nj,t(baseline))^epsilon, Q cumulated from 2019's output
through year t's equilibrium. ``Experience`` carries Q from one year to the next like ``Knowledge`` carries
the stocks of knowledge.

The RAN equipment inside TELEQ learns in the rollout already (Wright's law on each vendor's shipments,
engines/rollout/learning.py), and its prices enter who pays through 5G capex; so that it does not learn twice,
TELEQ's TFP is the learning curve raised to (1 - r), r the RAN market's share of the sector's output
(``diffusion.scale_ran_share``): the sector's TFP as the geometric mean of its RAN part (no learning here) and
the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from gotogether.engines.trade import TradeBaseline, TradeEquilibrium

SCALE_SECTORS = ("SEMI", "TELEQ")
"""The sectors with scale economies from cumulative output: the 2019 world's semiconductors and telecom
equipment."""
ROLLOUT_SECTOR = "TELEQ"
"""The scale sector that holds the RAN equipment whose learning the rollout models."""
ELASTICITY = "diffusion.scale_elasticity"
SPILLOVER = "diffusion.scale_spillover"
RAN_SHARE = "diffusion.scale_ran_share"


@dataclass(frozen=True)
class ScaleParameters:
    """The learning elasticity epsilon, the weight a of a unit of other countries' output in experience, and
    the share r of ``ROLLOUT_SECTOR``'s output that learns in the rollout instead."""

    elasticity: float
    spillover: float
    ran_share: float = 0.0


def scale_parameters(values: Mapping[str, float]) -> ScaleParameters:
    """The scale parameters from resolved parameter ``values``."""
    return ScaleParameters(float(values[ELASTICITY]), float(values[SPILLOVER]), float(values[RAN_SHARE]))


def experience(cumulative: np.ndarray, spillover: float) -> np.ndarray:
    """E = (1 - a) Q + a sum over countries of Q, for cumulative output Q (country, sector)."""
    result: np.ndarray = (1.0 - spillover) * cumulative + spillover * cumulative.sum(axis=0)
    return result


def learning_curve(
    cumulative: np.ndarray,
    cumulative_baseline: np.ndarray,
    parameters: ScaleParameters,
    learning_share: np.ndarray | float = 1.0,
) -> np.ndarray:
    """TFP against the baseline, (E / E_baseline)^(epsilon s), by country and sector, with s the share of
    each sector's output that learns here (by sector, broadcast over countries)."""
    spillover = parameters.spillover
    ratio = experience(cumulative, spillover) / experience(cumulative_baseline, spillover)
    result: np.ndarray = ratio ** (parameters.elasticity * np.asarray(learning_share))
    return result


def sector_output(trade_share: np.ndarray, expenditure: np.ndarray, tariff: np.ndarray) -> np.ndarray:
    """Gross output (country, sector): the sales net of tariffs to every importer, as the trade engine
    computes its ``flows`` (the same operations, so that the baseline's is the nil equilibrium's exactly)."""
    flows = trade_share * expenditure[:, None, :] / (1.0 + tariff)
    output: np.ndarray = flows.sum(axis=0)
    return output


@dataclass(frozen=True)
class Experience:
    """Cumulative output Q (country, scale sector) with the measures and in the baseline, and the TFP it
    gives this year (country, sector, in the baseline's order; ``None`` in the first year, when the two are
    2019's output). ``learning_share``: the share of each scale sector's output that learns here."""

    parameters: ScaleParameters
    baseline: TradeBaseline
    columns: tuple[int, ...]
    base_output: np.ndarray
    cumulative: np.ndarray
    cumulative_baseline: np.ndarray
    learning_share: np.ndarray
    productivity: np.ndarray | None = None

    @classmethod
    def start(
        cls, parameters: ScaleParameters, baseline: TradeBaseline, sectors: tuple[str, ...] = SCALE_SECTORS
    ) -> Experience:
        """Experience in 2019: the baseline's output of ``sectors`` (those of them the baseline has)."""
        names = baseline.sectors
        columns = tuple(names.index(sector) for sector in sectors if sector in names)
        arrays = baseline.arrays
        output = sector_output(arrays.trade_share, arrays.expenditure, arrays.tariff)[:, columns]
        learning_share = np.array(
            [1.0 - parameters.ran_share if names[c] == ROLLOUT_SECTOR else 1.0 for c in columns]
        )
        return cls(parameters, baseline, columns, output, output.copy(), output.copy(), learning_share)

    def following(self, equilibrium: xr.Dataset | TradeEquilibrium) -> Experience:
        """Next year's experience and TFP from this year's equilibrium (the trade engine's result): output is
        gross output deflated by the input bundle's cost change (the input bundles the sector uses)."""
        columns = list(self.columns)
        if isinstance(equilibrium, TradeEquilibrium):  # the yearly loop's: read without labelling
            flows, cost_change = (equilibrium.arrays[name][1] for name in ("flows", "cost_change"))
        else:
            flows, cost_change = (equilibrium[name].values for name in ("flows", "cost_change"))
        output = flows[:, :, columns].sum(axis=0) / cost_change[:, columns]
        cumulative = self.cumulative + output
        cumulative_baseline = self.cumulative_baseline + self.base_output
        tfp = np.ones(self.baseline.arrays.va_share.shape)
        parameters, share = self.parameters, self.learning_share
        tfp[:, columns] = learning_curve(cumulative, cumulative_baseline, parameters, share)
        return replace(self, cumulative=cumulative, cumulative_baseline=cumulative_baseline, productivity=tfp)

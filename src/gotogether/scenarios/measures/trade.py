"""Measures on trade: tariffs, trade barriers, bloc decoupling and productivity shocks (trade engine).

Rates and cost changes are fractions (0.25 = 25 %); years are calendar years (annual equilibria).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Literal, Self

import numpy as np
from pydantic import Field, model_validator

from gotogether.scenarios.inputs import EngineInputs, ModelWorld, TradeArrays, TradeEffect
from gotogether.scenarios.measures.base import (
    Role,
    Where,
    Yearly,
    bloc_membership,
    bloc_roles,
    check_disjoint,
    measure_type,
    sector_mask,
)
from gotogether.scenarios.types import BlocNames, Countries, Sectors, invalid


class Bilateral(Yearly):
    """A measure on the flows from ``exporters`` to ``importers`` (and back if ``reciprocal``)."""

    importers: Countries
    exporters: Countries
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")
    reciprocal: bool = Field(False, description="The exporters apply the same measure to the importers")

    engines: ClassVar[tuple[str, ...]] = ("trade",)

    @model_validator(mode="after")
    def _distinct_sides(self) -> Self:
        check_disjoint(self.importers, self.exporters)
        return self

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        # the importers issue it; with ``reciprocal`` the exporters answer in kind but stay its target, so
        # the two sides of a bilateral measure are reported apart
        return set(self.importers), set(self.exporters)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        into = world.region_weights(self.importers, where.text, "importers", inputs.notes)
        out = world.region_weights(self.exporters, where.text, "exporters", inputs.notes)
        pairs = [(into, out), (out, into)] if self.reciprocal else [(into, out)]
        sectors = np.flatnonzero(sector_mask(world.trade.sectors, self.sectors, where.text))

        def change(arrays: TradeArrays) -> None:
            for importers, exporters in pairs:
                i, wi = arrays.region_index(importers)
                e, we = arrays.region_index(exporters)
                self.change_flows(arrays, np.ix_(i, e, sectors), (wi[:, None] * we[None, :])[:, :, None])

        inputs.trade_effects.append(TradeEffect(where.index, self.start_year, self.end_year, change))

    def change_flows(self, arrays: TradeArrays, cells: tuple[np.ndarray, ...], weight: np.ndarray) -> None:
        """Apply the measure to the ``cells`` (importer, exporter, sector) of a year's arrays; ``weight``
        is the share of each flow the measure covers (1 unless it names members of aggregate regions)."""
        raise NotImplementedError


@measure_type
class Tariff(Bilateral):
    """Ad-valorem tariffs of ``importers`` on goods from ``exporters``: a new level or a change."""

    type: Literal["tariff"]
    rate: float | None = Field(None, ge=0, le=10, description="New ad-valorem level (0.25 = 25 %)")
    change: float | None = Field(None, ge=-1, le=10, description="Change of the rate (+0.1 = +10 pp)")

    @model_validator(mode="after")
    def _one_rate(self) -> Self:
        if (self.rate is None) == (self.change is None):
            raise invalid("give exactly one of 'rate' and 'change'", "'rate: 0.25' or 'change: 0.1'")
        return self

    def change_flows(self, arrays: TradeArrays, cells: tuple[np.ndarray, ...], weight: np.ndarray) -> None:
        level = arrays.tariff[cells]
        step = (self.rate - level) if self.rate is not None else (self.change or 0.0)
        arrays.tariff[cells] = level + weight * step


@measure_type
class TradeBarrier(Bilateral):
    """A change in iceberg (non-tariff) trade costs: d_hat = 1 + cost_change on the flows covered."""

    type: Literal["trade-barrier"]
    cost_change: float = Field(gt=-1, le=100, description="Change of trade costs (0.2 = +20 %)")

    def change_flows(self, arrays: TradeArrays, cells: tuple[np.ndarray, ...], weight: np.ndarray) -> None:
        arrays.cost[cells] = arrays.cost[cells] * (1.0 + weight * self.cost_change)


@measure_type
class BlocDecoupling(Yearly):
    """Extra iceberg trade costs (d_hat = 1 + barrier) on every flow between members of different blocs."""

    type: Literal["bloc-decoupling"]
    blocs: BlocNames
    barrier: float = Field(gt=0, le=100, description="Increase of trade costs between blocs (0.3 = +30 %)")
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")

    engines: ClassVar[tuple[str, ...]] = ("trade",)

    def roles(self, home_of: Mapping[str, str], blocs: Mapping[str, Sequence[str]]) -> dict[str, Role]:
        return bloc_roles(self.blocs, blocs)

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        # membership (region, bloc): the share of each region in each bloc; a flow is between blocs with
        # the probability that its two ends are in different blocs
        membership = bloc_membership(self.blocs, world, where, inputs.notes)
        inside = membership.sum(axis=1)
        between = inside[:, None] * inside[None, :] - membership @ membership.T
        sectors = sector_mask(world.trade.sectors, self.sectors, where.text)
        factor = 1.0 + self.barrier * between[:, :, None] * sectors[None, None, :]

        def change(arrays: TradeArrays) -> None:
            arrays.cost *= factor

        inputs.trade_effects.append(TradeEffect(where.index, self.start_year, self.end_year, change))


@measure_type
class ProductivityShock(Yearly):
    """A change in total factor productivity: A_hat = 1 + size for the countries and sectors."""

    type: Literal["productivity-shock"]
    countries: Countries
    sectors: Sectors | None = Field(None, description="Sectors covered; omit for all")
    size: float = Field(gt=-1, le=10, description="Change of TFP (-0.05 = -5 %)")

    engines: ClassVar[tuple[str, ...]] = ("trade",)

    def sides(self, home_of: Mapping[str, str]) -> tuple[set[str], set[str]]:
        return set(), set(self.countries)  # where the shock lands

    def contribute(self, inputs: EngineInputs, world: ModelWorld, where: Where) -> None:
        weights = world.region_weights(self.countries, where.text, "countries", inputs.notes)
        sectors = np.flatnonzero(sector_mask(world.trade.sectors, self.sectors, where.text))

        def change(arrays: TradeArrays) -> None:
            rows, weight = arrays.region_index(weights)
            cells = np.ix_(rows, sectors)
            arrays.productivity[cells] = arrays.productivity[cells] * (1.0 + weight[:, None] * self.size)

        inputs.trade_effects.append(TradeEffect(where.index, self.start_year, self.end_year, change))

"""What a scenario becomes for the engines: one ``EngineInputs`` value, built once per scenario and world.

Each measure type contributes to it (``Measure.contribute``); this module holds the value, what a measure
needs to know of the model world (``ModelWorld``), and the mapping of country codes onto the model's regions.

Countries and regions: a measure names ISO countries (or the default world's aggregates ``REU`` and ``ROW``).
A country that is a region of the model world stands for itself; members of an aggregate region act on that
region in proportion to their share of its 2019 GDP (``data/registry/gdp_2019.csv``, World Bank WDI), and
the measure says so in a note. Engines that work by firm country (the supply engine) take the ISO codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import xarray as xr

from gotogether.data import registry
from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.disruption import Event as DisruptionEvent
from gotogether.engines.rollout.measures import Ban
from gotogether.engines.rollout.measures import StandardsSplit as LearningSplit
from gotogether.engines.supply import Disruption, Divestiture, ExportControl, SubstitutionCap, ValueNetwork
from gotogether.engines.supply.measures import (
    validate_caps,
    validate_disruptions,
    validate_divestitures,
    validate_measures,
)
from gotogether.engines.trade import TradeBaseline, TradeShock
from gotogether.errors import InputError

ENGINES = ("supply", "rollout", "trade", "disruption")
"""The engines a measure can reach, in the order the pipeline runs them."""


@dataclass(frozen=True)
class ModelWorld:
    """What translation needs of the model world: the trade engine's baseline (regions, sectors, tariffs),
    the rollout's regions and vendors with their home countries, the value network, and GDP weights."""

    trade: TradeBaseline
    rollout_countries: Sequence[str]
    vendor_home: Mapping[str, str]
    network: ValueNetwork
    gdp: Mapping[str, float]
    population: Mapping[str, float] = field(default_factory=registry.population_2019)

    @cached_property
    def regions(self) -> list[str]:
        return list(self.trade.countries)

    @cached_property
    def region_of(self) -> dict[str, str]:
        """ISO country -> the model region that holds it."""
        return registry.region_of_country(self.regions)

    def region_weights(
        self, codes: Sequence[str], where: str, field_name: str, notes: list[str]
    ) -> dict[str, float]:
        """Model region -> the share of it that ``codes`` cover: 1 for a region named itself, members of an
        aggregate region by their share of its GDP (with a note appended to ``notes``). ``InputError`` when
        a code maps to no region."""
        named: dict[str, set[str]] = {}
        for code in codes:
            region = code if code in self.regions else self.region_of.get(code)
            if region is None:
                raise InputError(
                    f"{code} is neither a region of the model world nor a member of one",
                    source=where,
                    location=field_name,
                    expected=f"regions of the model world ({', '.join(self.regions)}) or their members",
                )
            named.setdefault(region, set()).add(code)
        weights = {region: self._share(region, members) for region, members in named.items()}
        mapped = [
            f"{', '.join(sorted(members))} -> {region} (weight {weights[region]:.3f})"
            for region, members in named.items()
            if region not in members
        ]
        if mapped:
            notes.append(
                f"{where}: {field_name} inside aggregate regions act on the region in proportion to their "
                f"share of its 2019 GDP: {'; '.join(mapped)}"
            )
        return weights

    def per_person(self, region: str, codes: Sequence[str]) -> tuple[float, float] | None:
        """The population of the members ``codes`` of aggregate ``region`` and their GDP per person relative
        to the region's (both over the region's members with a 2019 population and GDP); ``None`` when a
        member lacks either figure."""
        every = [code for code, holder in self.region_of.items() if holder == region and code != region]
        known = [code for code in every if code in self.population and code in self.gdp]
        if any(code not in known for code in codes) or not codes:
            return None
        people = sum(self.population[code] for code in codes)
        income = sum(self.gdp[code] for code in codes) / people
        region_income = sum(self.gdp[code] for code in known) / sum(self.population[code] for code in known)
        return people, income / region_income

    def _share(self, region: str, members: set[str]) -> float:
        if region in members:
            return 1.0
        every = [code for code, holder in self.region_of.items() if holder == region and code != region]
        total = sum(self.gdp.get(code, 0.0) for code in every)
        return min(1.0, sum(self.gdp.get(code, 0.0) for code in members) / total) if total > 0 else 0.0


@dataclass
class TradeArrays:
    """The trade shock of one year under construction, as numpy arrays on the baseline's labels."""

    tariff: np.ndarray  # importer, exporter, sector: level
    cost: np.ndarray  # importer, exporter, sector: d_hat
    productivity: np.ndarray  # country, sector: A_hat
    regions: list[str]
    sectors: list[str]

    def region_index(self, weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the regions of ``weights`` and their weights."""
        return (
            np.array([self.regions.index(region) for region in weights], dtype=int),
            np.array(list(weights.values()), dtype=float),
        )


TradeChange = Callable[[TradeArrays], None]
"""Changes a year's trade arrays in place (the effect of one measure in force)."""


@dataclass(frozen=True)
class TradeEffect:
    """A measure's effect on the trade engine from ``start_year`` to ``end_year`` inclusive (None: open)."""

    measure: int
    start_year: int
    end_year: int | None
    change: TradeChange

    def in_force(self, year: int) -> bool:
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)


@dataclass
class EngineInputs:
    """Every engine's inputs from one scenario, and notes on what was approximated or is not modelled.

    Supply and rollout measures are dated (the engines place them within their periods); trade effects are
    yearly, and ``trade_shock(year)`` combines those in force (the same set of measures, the same shock).
    """

    baseline: TradeBaseline
    supply_controls: list[ExportControl] = field(default_factory=list)
    supply_disruptions: list[Disruption] = field(default_factory=list)
    supply_caps: list[SubstitutionCap] = field(default_factory=list)
    supply_divestitures: list[Divestiture] = field(default_factory=list)
    bans: list[Ban] = field(default_factory=list)
    learning_split: LearningSplit | None = None
    trade_effects: list[TradeEffect] = field(default_factory=list)
    disruption_events: list[DisruptionEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    _arrays: dict[tuple[int, ...], TradeArrays] = field(default_factory=dict, repr=False)
    _shocks: dict[tuple[int, ...], TradeShock] = field(default_factory=dict, repr=False)

    def reaches(self, engine: str) -> bool:
        """Whether any measure gives ``engine`` an input (otherwise it runs its baseline)."""
        return engine in self.touched

    def trade_measures_in_force(self, year: int) -> tuple[int, ...]:
        """Indexes of the measures whose trade effects apply in ``year``."""
        return tuple(effect.measure for effect in self.trade_effects if effect.in_force(year))

    def trade_arrays(self, year: int) -> TradeArrays:
        """The trade engine's shock in ``year`` against the baseline as arrays in the baseline's order
        (cached by the measures in force: the same object in years they do not change; not to be
        changed). The pipeline's yearly loops read these; ``trade_shock`` labels them."""
        key = self.trade_measures_in_force(year)
        if key not in self._arrays:
            self._arrays[key] = self._build_arrays([e for e in self.trade_effects if e.measure in key], year)
        return self._arrays[key]

    def trade_shock(self, year: int) -> TradeShock:
        """The trade engine's shock in ``year`` against the baseline (cached by the measures in force)."""
        key = self.trade_measures_in_force(year)
        if key not in self._shocks:
            arrays = self.trade_arrays(year)
            pair = {IMPORTER: arrays.regions, EXPORTER: arrays.regions, SECTOR: arrays.sectors}
            dims = (IMPORTER, EXPORTER, SECTOR)
            self._shocks[key] = TradeShock(
                tariff=xr.DataArray(arrays.tariff, dims=dims, coords=pair),
                trade_cost=xr.DataArray(arrays.cost, dims=dims, coords=pair),
                productivity=xr.DataArray(
                    arrays.productivity,
                    dims=(COUNTRY, SECTOR),
                    coords={COUNTRY: arrays.regions, SECTOR: arrays.sectors},
                ),
            )
        return self._shocks[key]

    def _build_arrays(self, effects: Sequence[TradeEffect], year: int) -> TradeArrays:
        baseline = self.baseline
        regions, sectors = list(baseline.countries), list(baseline.sectors)
        tariff = baseline["tariff"].transpose(IMPORTER, EXPORTER, SECTOR)
        arrays = TradeArrays(
            tariff=tariff.values.copy(),
            cost=np.ones(tariff.shape),
            productivity=np.ones((len(regions), len(sectors))),
            regions=regions,
            sectors=sectors,
        )
        for effect in effects:
            effect.change(arrays)
        if arrays.tariff.min() < 0:
            raise InputError(
                f"tariff changes bring a tariff below zero in {year}",
                location=f"measures {', '.join(str(effect.measure) for effect in effects)}",
                expected="tariff changes that leave every rate at 0 or above (a smaller cut, or a 'rate')",
            )
        return arrays

    def check(self, world: ModelWorld) -> None:
        """Run every engine's own checks of its inputs now, so that a scenario that validates also runs."""
        validate_measures(self.supply_controls, world.network)
        validate_disruptions(self.supply_disruptions, world.network)
        validate_caps(self.supply_caps, world.network)
        validate_divestitures(self.supply_divestitures, world.network)
        for year in sorted({effect.start_year for effect in self.trade_effects}):
            self.trade_arrays(year)

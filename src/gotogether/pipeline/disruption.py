"""The disruption engine in the pipeline: its parameters, its run for a scenario, its coupling to the trade
engine, and the first-order exposure to a chokepoint (docs/disruption.md).

Coupling: for each calendar year, each country-sector's supply-side loss l (output below what demand
asked, up to the baseline: capacity lost or inputs missing, as a share of baseline output) and substitution
premium m (as a share of output), averaged over the year's twelve months, become a TFP change A_hat =
(1 - l)^s (1 - m) in the trade engine, s the sector's value-added share: the loss of its own value added
(its idle primary factors, in the trade engine's Cobb-Douglas technology), not of its gross output, whose
inputs' loss is its suppliers' own. The trade engine's input-output links then pass each loss on to buyers
in price without counting it again: the world's loss is the value added lost, once (docs/disruption.md).
A stockpile costs its holders ``disruption.holding_cost`` of its value a year, a TFP change of the holding
sectors in the years it is held.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.iotable import IOTable
from gotogether.dims import COUNTRY, MONTH, REGION, SECTOR, YEAR
from gotogether.engines.contract import run_engine
from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionTable,
    Event,
    Stockpile,
    build_shock,
    window,
)
from gotogether.engines.disruption import entry as disruption_engine
from gotogether.engines.disruption.model import MAX_ITERATIONS
from gotogether.engines.disruption.parameters import WEEKS_PER_MONTH
from gotogether.engines.io import (
    LeontiefSolver,
    Links,
    backward_dependence,
    calc_A,
    calc_B,
    calc_va_coefficients,
    forward_dependence,
    ghosh_output,
    hypothetical_extraction,
)
from gotogether.engines.trade import TradeShock
from gotogether.errors import InputError
from gotogether.pipeline.parameters import engine_values
from gotogether.pipeline.world import World
from gotogether.scenarios.inputs import EngineInputs

CRITICAL_PAIRS = {"SEMI": ("SEMI", "TELEQ", "OELEC", "MACH", "TREQ")}
"""Chips stop the production of electronics, machinery and vehicles whatever their cost share (the 2011
Renesas microcontroller shortage stopped Japanese car plants), and of no other sector."""

_TABLES: dict[int, tuple[IOTable, DisruptionTable]] = {}


def disruption_parameters(values: Mapping[str, float]) -> DisruptionParameters:
    """The engine's parameters from resolved ``values`` (``disruption.*`` of the parameter table)."""
    own = engine_values(values, "disruption")
    named = {
        name.removeprefix("inventory_weeks."): value
        for name, value in own.items()
        if name.startswith("inventory_weeks.")
    }
    return DisruptionParameters(
        inventory_weeks=named,
        default_inventory_weeks=own["inventory_weeks"],
        spare_capacity=own["spare_capacity"],
        refill_months=own["refill_months"],
        overproduction_max=own["overproduction_max"],
        overproduction_months=own["overproduction_months"],
        substitution_share=own["substitution_share"],
        substitution_premium=own["substitution_premium"],
        critical_share=own["critical_share"],
        critical_pairs=CRITICAL_PAIRS,
        orders_within_month=bool(own["orders_within_month"]),
    )


def disruption_table(table: IOTable) -> DisruptionTable:
    """The engine's arrays of ``table`` (built once per table and process)."""
    key = id(table)
    if key not in _TABLES or _TABLES[key][0] is not table:
        value_added = table.va.sum(axis=0)
        _TABLES[key] = (
            table,
            DisruptionTable.from_flows(table.Z, table.Y, table.x, value_added, unit=table.unit),
        )
    return _TABLES[key][1]


@dataclass(frozen=True)
class DisruptionOutcome:
    """The engine's monthly result (None without a dated disruption) and the TFP changes it gives the trade
    engine by (year, country, sector)."""

    result: xr.Dataset | None
    productivity: xr.DataArray  # (year, country, sector): A_hat

    def hits(self, year: int) -> bool:
        """Whether the disruption changes any productivity in ``year``."""
        if year not in self.productivity[YEAR].values:
            return False
        return bool((self.productivity.sel(year=year) != 1.0).any())

    def apply(self, shock: TradeShock, year: int) -> TradeShock:
        """``shock`` with this year's TFP changes multiplied in."""
        if year not in self.productivity[YEAR].values or shock.productivity is None:
            return shock
        change = self.productivity.sel(year=year).sel(
            country=shock.productivity[COUNTRY].values, sector=shock.productivity[SECTOR].values
        )
        return TradeShock(
            tariff=shock.tariff,
            trade_cost=shock.trade_cost,
            productivity=shock.productivity * change.values,
            deficit=shock.deficit,
        )


def _in_force(event: Stockpile, year: int) -> bool:
    return event.start_year <= year and (event.end_year is None or year <= event.end_year)


def yearly_productivity(result: xr.Dataset, table: DisruptionTable, va_share: np.ndarray) -> xr.DataArray:
    """The TFP changes A_hat = (1 - l)^s (1 - m) by (year, country, sector): l the supply-constrained loss and
    m the substitution premium paid, as shares of baseline output averaged over each calendar year's twelve
    months, s the value-added share of each country-sector (``va_share``, (country, sector)) in the trade
    engine. An industry that makes a share l less with its inputs cut in proportion (Leontief) loses l of
    its own value added; in the trade engine's cost c / A with value added of weight s, that is A_hat =
    (1 - l)^s, so the world's TFP loss weighted by output over GDP (Hulten 1978) is the value added lost and
    the price links pass it on to buyers without counting it again."""
    R, S = table.size
    shares = np.stack([result[name].values for name in ("supply_constrained_loss", "premium_paid")])
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 / 0 where an industry makes nothing: no loss
        shares = shares / table.output.reshape(R, S)
    shares[np.isnan(shares)] = 0.0
    year_of = np.array([int(str(month)[:4]) for month in result[MONTH].values])
    years = np.unique(year_of)
    lost, premium = np.stack([shares[:, year_of == year].sum(axis=1) for year in years], axis=1) / 12.0
    tfp = np.clip(1.0 - lost, 0.0, None) ** va_share * (1.0 - premium)
    return xr.DataArray(
        tfp,
        dims=(YEAR, COUNTRY, SECTOR),
        coords={YEAR: years, COUNTRY: list(table.regions), SECTOR: list(table.sectors)},
    )


def unconverged_months_note(result: xr.Dataset) -> str | None:
    """A note naming the months whose rationing fixed point stopped at the iteration cap (None if none):
    their quantities are where the iteration stood, not a converged month (docs/disruption.md: with stocks
    near zero, a month whose demand rises above last month's can creep down from the plan)."""
    capped = [str(month) for month in result[MONTH].values[result["iterations"].values >= MAX_ITERATIONS]]
    if not capped:
        return None
    return (
        f"disruption: {len(capped)} month(s) ({', '.join(capped)}) stopped at the rationing fixed point's "
        f"{MAX_ITERATIONS}-iteration cap without converging: their output is approximate (most likely stocks "
        "near zero; see docs/disruption.md)"
    )


def run_disruption(world: World, inputs: EngineInputs, years: Sequence[int]) -> DisruptionOutcome | None:
    """The scenario's disruptions through the engine, and their TFP changes in ``years`` (None without any
    disruption measure)."""
    events: list[Event] = inputs.disruption_events
    if not events:
        return None
    table = disruption_table(world.table)
    regions, sectors = list(table.regions), list(table.sectors)
    tfp = np.ones((len(years), len(regions), len(sectors)))
    months = window(events)
    result = None
    if months:
        first = int(months[0][:4])
        active = [e for e in events if not isinstance(e, Stockpile) or _in_force(e, first)]
        result = run_engine(
            disruption_engine.run,
            build_shock(active, months, regions, sectors),
            disruption_parameters(world.parameters),
            table,
        )
        note = unconverged_months_note(result)
        if note:
            inputs.notes.append(note)
        va_share = world.trade["va_share"].sel(country=regions, sector=sectors).values
        changes = yearly_productivity(result, table, va_share)
        for at, year in enumerate(changes[YEAR].values.tolist()):
            if year in years:
                tfp[list(years).index(year)] = changes.values[at]
    productivity = xr.DataArray(
        tfp, dims=(YEAR, COUNTRY, SECTOR), coords={YEAR: list(years), COUNTRY: regions, SECTOR: sectors}
    )
    holding = world.parameters["disruption.holding_cost"]
    for event in (event for event in events if isinstance(event, Stockpile)):
        weights = xr.DataArray(
            [event.regions.get(r, 0.0) for r in regions], dims=COUNTRY, coords={COUNTRY: regions}
        )
        input_share = world.trade["input_share"]  # (country, input_sector, sector)
        stocked = input_share.sel(country=regions, input_sector=list(event.products)).sum("input_sector")
        cost = holding * event.extra_weeks / (12.0 * WEEKS_PER_MONTH) * stocked * weights
        held = [year for year in years if _in_force(event, year)]
        productivity.loc[{YEAR: held}] = productivity.sel(year=held) * (1.0 - cost)
    return DisruptionOutcome(result, productivity.clip(min=1e-6))


def exposure(table: IOTable, countries: Sequence[str], sectors: Sequence[str] | None = None) -> pd.DataFrame:
    """First-order exposure of every country-sector to a chokepoint (``sectors`` of ``countries``; all
    sectors when None), in the table's unit a year:

    - ``value_added_at_risk_upstream``: value added lost if the chokepoint's sales vanished (hypothetical
      extraction of its rows and its final demand, Leontief: its suppliers lose their sales);
    - ``value_added_at_risk_downstream``: value added that depends on the chokepoint's supply (Ghosh: the
      part of each sector's output that the chokepoint's primary inputs push through, v_c' G);
    - ``backward_dependence``: share of the value of each sector's final product that is the chokepoint's
      value added (s_c L_cj summed over the chokepoint);
    - ``forward_dependence``: share of the chokepoint's output absorbed by final demand for each sector's
      product (L_cj y_j / x_c, output-weighted over the chokepoint).
    """
    known_regions, known_sectors = table.regions, table.sectors
    unknown = [c for c in countries if c not in known_regions] + [
        s for s in (sectors or []) if s not in known_sectors
    ]
    if unknown:
        raise InputError(
            f"{', '.join(unknown)} not a region or sector of the model world",
            location="chokepoint",
            expected=f"regions {', '.join(known_regions)}; sectors {', '.join(known_sectors)}",
        )
    chosen = list(sectors) if sectors else known_sectors
    chokepoint = [(region, sector) for region in countries for sector in chosen]
    value_added = table.va.sum(axis=0)
    s = calc_va_coefficients(value_added, table.x)
    assert isinstance(s, pd.Series)
    leontief = LeontiefSolver.from_flows(table.Z, table.x)
    extracted = hypothetical_extraction(
        calc_A(table.Z, table.x),
        table.Y,
        Links(from_regions=countries, from_sectors=chosen),
        leontief=leontief,
    )
    upstream = extracted["loss"] * s
    primary = value_added.where(value_added.index.isin(chokepoint), 0.0)
    downstream = ghosh_output(LeontiefSolver(calc_B(table.Z, table.x)), primary) * s
    downstream[downstream.index.isin(chokepoint)] = value_added[downstream.index.isin(chokepoint)]
    backward = backward_dependence(leontief, s).loc[chokepoint].sum(axis=0)
    y = table.Y.sum(axis=1)
    forward_rows = forward_dependence(leontief, y).loc[chokepoint]
    output = table.x.loc[chokepoint]
    forward = forward_rows.mul(output, axis=0).sum(axis=0) / max(float(output.sum()), 1e-300)
    frame = pd.DataFrame(
        {
            "value_added": value_added,
            "value_added_at_risk_upstream": upstream,
            "value_added_at_risk_downstream": downstream,
            "backward_dependence": backward,
            "forward_dependence": forward,
        }
    )
    frame.index = frame.index.set_names([REGION, SECTOR])
    return frame.rename_axis(index={REGION: COUNTRY})

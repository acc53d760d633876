"""The 2011 Tohoku earthquake and Japan's industrial production (disruption engine).

Published (METI, preliminary index of industrial production, released 2011-04-28; reported by MNI
Market News and AP): mining and manufacturing output fell 15.3 % from February to March 2011, seasonally
adjusted; 31.9 % in the quake-hit areas and 13.5 % in the other areas. The three figures imply that the
quake-hit areas weighed w = (15.3 - 13.5) / (31.9 - 13.5) = 9.8 % of the index. Carvalho, Nirei, Saito and
Tahbaz-Salehi (2016, "Supply chain disruptions: evidence from the Great East Japan Earthquake", PRI
Discussion Paper 16A-15) estimate from firm-level transaction data that the propagation of the shock over
input-output linkages lowered Japan's gross output by 1.2 percentage points in the year after the
earthquake: a published estimate, compared as a check of the propagation.

Our case: on the 2011 world (WIOD 2013 release), the quake-hit areas' share w of every Japanese mining and
manufacturing sector loses 31.9 % of its capacity in March and April (their whole fall, so an upper bound
of the direct damage: it includes the hit areas' own supply-chain and power losses), recovering over the
three months after; the disruption engine propagates it at the parameter table's defaults. METI's 31.9 %
is March's average against February, the ten days before the quake included, so it is March's capacity
loss as it stands (not scaled again by the 21 days after 11 March). Compared:
- the fall of Japan's mining and manufacturing output in March, sectors weighted by their value added in
  2011 (the index of industrial production weighs industries by value added), in total and outside the
  hit areas (tolerance 3 points: the preliminary and revised March figures differ by 0.2, and monthly
  noise in the index is 1 to 2 points);
- the output Japan loses over March 2011 to February 2012 beyond the direct loss put in, as a share of a
  year's gross output, against Carvalho et al.'s 1.2 points (tolerance 0.6: theirs is an estimate from a
  model of firm-level links, so the check asks for the order of magnitude).

Second direct shock, the power shortfall outside the hit areas (documented, put in, not fitted): TEPCO lost
about 27 % of its generating capacity (TEPCO on 13 March 2011, IDG News) and could serve about three quarters
of peak demand (its president the same day, NHK; TEPCO's press release of 12 March: 36,000 MW of supply
against 37,000 MW of demand forecast for the 13th, before the rest of the damage was counted); it carried out
rolling blackouts of about three hours per area group from Monday 14 March (TEPCO press releases of 29 March
and 8 April 2011: none after 28 March, ceased "for the time being" on 8 April); its service area uses about
one third of Japan's power (Reuters, 26 September 2011). Put in: a quarter of the capacity of every sector in
TEPCO's third of Japan lost on the 15 days from 14 to 28 March, 15/31 of March (an upper bound: the blackouts
cut homes and offices as well as plants, and factories could shift work to hours with power), combined with
the hit areas' loss as independent losses. As a capacity loss of the sectors, not of UTIL: at the sector level
a shortage of electricity to Japan's goods industry would be absorbed by the min of the Leontief function into
the hit areas' capacity loss (one industry cannot be short of both at once), while the two fell on different
plants. Not put in: the summer 2011 limit on large users' power (users of 500 kW or more in the TEPCO and
Tohoku Electric areas 15 % below their use a year earlier, on weekdays from 9:00 to 20:00, 1 July to 9
September: AP, 1 July 2011; Reuters, 30 August 2011), a cap on peak hours that plants met by moving work (the
carmakers and their parts makers took Thursdays and Fridays off and worked weekends: Daily Yomiuri, 30 June
2011), not a loss of the month's capacity; Tohoku Electric's planned outages, none of which were carried out
(Reuters, 30 August 2011: no rolling blackouts but TEPCO's soon after March).

No parameter is fitted to these figures: every row is a check. The sector-level table cannot see
single-supplier bottlenecks (Renesas microcontrollers, specialty chemicals; METI named supply-chain disruption
with the power shortage as the causes of March's fall: UPI, 28 April 2011), so a shortfall of our propagation
is expected and reported (docs/disruption.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.default_world import load_default_world
from gotogether.data.parameters import resolve
from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    month_after,
    simulate_disruption,
)
from gotogether.pipeline.disruption import disruption_parameters
from gotogether.validation.rows import ValidationRow

CASE = "tohoku-2011"
GOODS = ("MIN", "FOOD", "TEXT", "WOOD", "PETRO", "CHEM", "MINER", "METAL", "MACH", "ELEC", "TREQ", "MANUF")
TOTAL_FALL, HIT_FALL, OTHER_FALL = 15.3, 31.9, 13.5
HIT_WEIGHT = (TOTAL_FALL - OTHER_FALL) / (HIT_FALL - OTHER_FALL)
MONTHS = tuple(month_after("2011-02", k) for k in range(13))  # February 2011 to February 2012
LOSS_BY_MONTH = (0.0, 1.0, 1.0, 0.75, 0.5, 0.25)  # of HIT_FALL, from February 2011; zero after
TOLERANCE = 3.0
PROPAGATION = 1.2  # Carvalho et al. (2016): points of Japan's gross output in the year after the quake
PROPAGATION_TOLERANCE = 0.6
POWER_AREA_SHARE = 1.0 / 3.0  # TEPCO's service area's share of Japan's power demand (Reuters, 2011-09-26)
POWER_SHORTFALL = 0.25  # peak demand TEPCO could not serve from 14 March (NHK, 2011-03-13)
POWER_DAYS = 15.0 / 31.0  # rolling blackouts 14 to 28 March 2011 (TEPCO press releases)


def tohoku_rows() -> list[ValidationRow]:
    """The case's rows (computed once per process: every run reports the validation cases)."""
    return list(_rows())


@dataclass(frozen=True)
class TohokuCase:
    """The case's inputs: the 2011 world's table, its shock (capacity lost by month, region and sector),
    Japan's position among the regions, the goods sectors and the value added by region and sector."""

    table: DisruptionTable
    shock: DisruptionShock
    japan: int
    goods: np.ndarray
    value_added: pd.Series


@cache
def tohoku_case() -> TohokuCase:
    """The case's table and shock (made once per process)."""
    table = load_default_world("2011")
    value_added = table.va.sum(axis=0)
    engine_table = DisruptionTable.from_flows(table.Z, table.Y, table.x, value_added, unit=table.unit)
    R, S = engine_table.size
    japan, goods = table.regions.index("JPN"), np.isin(table.sectors, GOODS)
    by_month = np.zeros(len(MONTHS))
    by_month[: len(LOSS_BY_MONTH)] = LOSS_BY_MONTH
    loss = np.zeros((len(MONTHS), R, S))
    loss[:, japan, goods] = (HIT_WEIGHT * HIT_FALL / 100.0) * by_month[:, np.newaxis]
    power = POWER_AREA_SHARE * POWER_SHORTFALL * POWER_DAYS
    loss[1, japan, :] = 1.0 - (1.0 - loss[1, japan, :]) * (1.0 - power)
    shock = replace(DisruptionShock.none(MONTHS, R, S), capacity_loss=loss)
    return TohokuCase(engine_table, shock, japan, goods, value_added)


def tohoku_disruption(params: DisruptionParameters) -> xr.Dataset:
    """The disruption engine's result for the case under ``params``."""
    case = tohoku_case()
    return simulate_disruption(case.table, case.shock, params)


@cache
def _rows() -> tuple[ValidationRow, ...]:
    case = tohoku_case()
    engine_table, value_added, japan, goods = case.table, case.value_added, case.japan, case.goods
    R, S = engine_table.size
    loss = case.shock.capacity_loss
    power = POWER_AREA_SHARE * POWER_SHORTFALL * POWER_DAYS
    result = tohoku_disruption(disruption_parameters(resolve({})))

    output = result["output"].sel(country="JPN")
    relative = output.sel(sector=list(GOODS)) / output.sel(month="2011-02", sector=list(GOODS))
    weights = value_added.loc["JPN"].reindex(list(GOODS)).to_numpy()
    index = (relative * weights).sum("sector") / weights.sum()
    fall = 100.0 * (1.0 - float(index.sel(month="2011-03")))
    hit_areas = 100.0 * HIT_WEIGHT * HIT_FALL / 100.0
    direct = 100.0 * float(loss[1, japan, goods].max())
    outside = (fall - hit_areas) / (1.0 - HIT_WEIGHT)

    baseline = engine_table.output.reshape(R, S)[japan]
    after = list(MONTHS[1:])  # March 2011 to February 2012
    lost = float(result["output_lost"].sel(country="JPN", month=after).sum())
    lost_directly = float((loss[1:, japan, :] * baseline).sum())
    propagated = 100.0 * (lost - lost_directly) / (12.0 * float(baseline.sum()))
    return (
        ValidationRow(
            CASE,
            "JPN",
            "fall of mining and manufacturing output, March 2011 (%)",
            TOTAL_FALL,
            fall,
            TOLERANCE,
        ),
        ValidationRow(
            CASE, "JPN", "fall outside the quake-hit areas, March 2011 (%)", OTHER_FALL, outside, TOLERANCE
        ),
        ValidationRow(
            CASE,
            "JPN",
            "output lost through input-output links, March 2011 to February 2012 (% of a year's output)",
            PROPAGATION,
            propagated,
            PROPAGATION_TOLERANCE,
        ),
        ValidationRow(CASE, "JPN", "direct capacity loss put in, March 2011 (%)", None, direct, 0.0),
        ValidationRow(
            CASE,
            "JPN",
            "of which the power shortfall outside the hit areas, March 2011 (%)",
            None,
            100.0 * power,
            0.0,
        ),
    )

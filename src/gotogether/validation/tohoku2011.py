"""The 2011 Tohoku earthquake and Japan's industrial production (disruption engine).

Published (METI, preliminary index of industrial production, released 2011-04-28; reported by MNI
Market News and AP): mining and manufacturing output fell 15.3 % from February to March 2011, seasonally
adjusted; 31.9 % in the quake-hit areas and 13.5 % in the other areas; transport equipment (mostly cars)
46.4 %, the largest fall on record (MNI, 2011-04-28). The three regional figures imply that the quake-hit
areas weighed w = (15.3 - 13.5) / (31.9 - 13.5) = 9.8 % of the index. Japan's carmakers made 292,001
vehicles in April 2011, 60.1 % fewer than in April 2010, and 489,723 in May, 31 % fewer (Japan Automobile
Manufacturers Association, reported by AFP/Top Gear Philippines and AutoInformed). Carvalho, Nirei, Saito
and Tahbaz-Salehi (2016, "Supply chain disruptions: evidence from the Great East Japan Earthquake", PRI
Discussion Paper 16A-15) estimate from firm-level transaction data that the propagation of the shock over
input-output linkages lowered Japan's gross output by 1.2 percentage points in the year after the
earthquake.

Our case, on the 2011 world (WIOD 2013 release) with Japan split in two (``data.split.split_region``): the
quake-hit areas, ``JPN_HIT``, a w share of every Japanese sector (the same costs and sales as the rest of
Japan: no regional table is used), and the rest of Japan, ``JPN``. Put in, at the parameter table's defaults:
- the hit areas' mining and manufacturing lose METI's 31.9 % of capacity in March and April (their whole
  fall, so an upper bound of their direct damage: it includes their own supply-chain and power losses),
  recovering over the three months after. METI's 31.9 % is March's average against February, the ten days
  before the quake included, so it is March's capacity loss as it stands;
- the power shortfall in the rest of Japan: TEPCO lost about 27 % of its generating capacity (TEPCO on 13
  March 2011, IDG News) and could serve about three quarters of peak demand (its president the same day,
  NHK; TEPCO's press release of 12 March: 36,000 MW of supply against 37,000 MW of demand forecast for the
  13th); it carried out rolling blackouts of about three hours per area group from Monday 14 March (TEPCO
  press releases of 29 March and 8 April 2011: none after 28 March); its service area uses about one third
  of Japan's power (Reuters, 26 September 2011), taken as its share of the rest of Japan's. Put in: a
  quarter of the capacity of every sector of the rest of Japan in TEPCO's third lost on the 15 days from 14
  to 28 March, 15/31 of March (an upper bound: the blackouts cut homes and offices as well as plants);
- the parts bottleneck, a firm-level chokepoint the sectors of the table cannot see
  (``engines.disruption.SoleSupplierLoss``): a share of the rest of Japan's transport equipment needs parts
  made only in the hit areas, with no substitute in the short run and no stock (carmakers' just-in-time
  parts: the quake forced all of Japan's carmakers to halt production for lack of parts and power,
  Bloomberg 2011-04-27; the parts bottleneck made them halve production rates, Reuters via CIOL). The best
  documented such part: Renesas's automotive microcontrollers (Renesas, about 40 % of the world market,
  Kyodo 2011-08-23; its Naka fab, about a quarter of its automotive capacity, offline from 11 March, mass
  production again from 1 June and shipments back to pre-quake level by mid-September: Renesas's schedule
  of May 2011 in Evertiq and Kyodo 2011-08-23); there were others (paint pigment, rubber, silicon wafers:
  Reuters). The parts stop from the quake, on 21 of March's 31 days, and are out in April; from May they
  allow what the carmakers announced they would make (``parts_lost``: about half of normal in May, from
  Toyota's and Honda's schedules of April 2011; 90 % in June, Toyota's announcement of 1 June; normal in
  November). Renesas's own fab was slower (mass production again from 1 June, shipments at the pre-quake
  level by mid-September): Renesas moved production to other fabs and foundries from April (Renesas, 22
  April 2011, Evertiq), so its fab's profile is not the parts' profile.

Calibration and checks. One number is fitted: the share of the rest of Japan's transport equipment output
held up by the parts, to METI's 46.4 % fall of transport equipment in March (the calibration row; solved
in closed form from the capacity losses put in, so the row shows how far the engine's propagation moves
it). Checked, with nothing fitted to them:
- the fall of Japan's mining and manufacturing output in March, sectors weighted by their value added in
  2011 (the index weighs industries by value added), and the fall outside the hit areas, computed on the
  rest of Japan (tolerance 3 points: the preliminary and revised March figures differ by 0.2, and monthly
  noise in the index is 1 to 2 points); these test the propagation of the carmakers' stop to their
  suppliers (steel, chemicals, machinery, electronics), which the engine computes;
- transport equipment's fall in April against JAMA's vehicle production, April 2011 against April 2010
  (-60.1 %, tolerance 10 points: vehicles are most but not all of transport equipment, which also has
  ships, aircraft and parts for plants abroad; a year-on-year figure, free of the season), a check that the
  parts held the carmakers down for a whole month after March's 21 days;
- the output Japan loses over March 2011 to February 2012 beyond the capacity destroyed in the hit areas
  and by the power shortfall, as a share of a year's gross output, against Carvalho et al.'s 1.2 points
  (tolerance 0.6: theirs is an estimate from a model of firm-level links, so the check asks for the order
  of magnitude). Their propagation is over firm-level links and so includes the parts bottleneck; its
  March level is fitted, its length and its spread to suppliers are not.
May and June are reported for information: JAMA's -31 % in May year on year, and June's vehicles 6.8 %
below February's (JAMA via Haver Analytics: 796 thousand in February, 742 thousand in June 2011), against
ours under the carmakers' announced schedules. Japan's carmakers as a whole made more in May than the
schedules Toyota and Honda announced in April (about half of normal), so our May is expected to be too low.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.default_world import load_default_world
from gotogether.data.parameters import resolve
from gotogether.data.split import split_region
from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    month_after,
    simulate_disruption,
    sole_supplier_shortfall,
)
from gotogether.pipeline.disruption import disruption_parameters
from gotogether.validation.rows import ValidationRow

CASE = "tohoku-2011"
GOODS = ("MIN", "FOOD", "TEXT", "WOOD", "PETRO", "CHEM", "MINER", "METAL", "MACH", "ELEC", "TREQ", "MANUF")
TOTAL_FALL, HIT_FALL, OTHER_FALL = 15.3, 31.9, 13.5
HIT_WEIGHT = (TOTAL_FALL - OTHER_FALL) / (HIT_FALL - OTHER_FALL)
HIT_AREAS = "JPN_HIT"
POWER_AREA = "JPN_TEPCO"
JAPAN = ("JPN", POWER_AREA, HIT_AREAS)  # the rest of Japan outside TEPCO's area, TEPCO's area, the hit areas
MONTHS = tuple(month_after("2011-02", k) for k in range(13))  # February 2011 to February 2012
LOSS_BY_MONTH = (0.0, 1.0, 1.0, 0.75, 0.5, 0.25)  # of HIT_FALL, from February 2011; zero after
TOLERANCE = 3.0
TRANSPORT_FALL = 46.4  # METI, transport equipment, March 2011 against February (MNI, 2011-04-28)
TRANSPORT_TOLERANCE = 0.5  # the fitted row: the share is solved to it, so only the solve's own precision
VEHICLES_APRIL = 100.0 * (1.0 - 292_001 / 731_829)  # JAMA: April 2011 against April 2010, -60.1 %
VEHICLES_MAY = 100.0 * (1.0 - 489_723 / 709_113)  # JAMA: May 2011 against May 2010, -31 %
VEHICLES_JUNE = 100.0 * (1.0 - 742.0 / 796.0)  # JAMA via Haver: June 2011 against February 2011, -6.8 %
VEHICLES_TOLERANCE = 10.0
PROPAGATION = 1.2  # Carvalho et al. (2016): points of Japan's gross output in the year after the quake
PROPAGATION_TOLERANCE = 0.6
POWER_AREA_SHARE = 1.0 / 3.0  # TEPCO's service area's share of Japan's power demand (Reuters, 2011-09-26)
POWER_SHORTFALL = 0.25  # peak demand TEPCO could not serve from 14 March (NHK, 2011-03-13)
POWER_DAYS = 15.0 / 31.0  # rolling blackouts 14 to 28 March 2011 (TEPCO press releases)
POWER_LOSS = POWER_SHORTFALL * POWER_DAYS  # of the capacity of TEPCO's area, March 2011
PARTS_LOST = (0.0, 21.0 / 31.0, 1.0)  # from February 2011: the quake on 11 March; out in April
CARMAKERS_RATE = (0.5, 0.9, 0.92, 0.94, 0.96, 0.98)  # of normal production in Japan, May to October 2011
"""The carmakers' announced production in Japan after April, a share of normal (sources: ``parts_lost``),
which the parts allow: May about half (Toyota, 10 May to 3 June; Honda, to the end of June),
June 90 % (Toyota), then a straight line to normal in November (Toyota: a month ahead of its April plan)."""
PARTS_STOCK_MONTHS = 0.0  # just-in-time parts: the carmakers halted production after the quake


def tohoku_rows() -> list[ValidationRow]:
    """The case's rows (computed once per process: every run reports the validation cases)."""
    return list(_rows())


@dataclass(frozen=True)
class TohokuCase:
    """The case's inputs: the 2011 world's table with Japan split (the rest of Japan, the hit areas), its
    shock (capacity lost by month, region and sector), the two parts' positions among the regions, the
    goods sectors, the value added by region and sector, the share of the rest of Japan's transport
    equipment held up by the parts (fitted), and the capacity lost directly (hit areas and power)."""

    table: DisruptionTable
    shock: DisruptionShock
    japan: list[int]
    goods: np.ndarray
    value_added: pd.Series
    dependent: float
    destroyed: np.ndarray


def parts_lost(dependent: float) -> tuple[float, ...]:
    """The share of the parts' output lost by month from February 2011: 21 of March's 31 days, all of April
    (the carmakers' JIT lines stopped), then what the carmakers' announced production rates r imply for the
    dependent share d of the rest of Japan's transport equipment, (1 - r) / d, capped at 1.

    Sources of the rates (dated 2011 announcements): Toyota, statement of 15 April (Reuters, IBTimes): all
    its Japanese plants at about 50 % of normal from 18 to 27 April and from 10 May to 3 June; Honda, 25
    April (Inautonews): its Japanese plants at half capacity until the end of June; Toyota, 11 May (AP):
    its recovery about a month ahead of the plan of 22 April (production in Japan rising from July, normal
    in November or December, Kyodo); Toyota, 1 June (VOA): production in Japan back to 90 % of pre-quake
    levels in June, because its suppliers restored their operations faster than expected. From June to
    normal in November: a straight line (an assumption between Toyota's two dates). Toyota's June is taken
    for all carmakers (Honda planned half until the end of June; no other maker gave monthly rates)."""
    after = tuple(min((1.0 - rate) / dependent, 1.0) for rate in CARMAKERS_RATE)
    return PARTS_LOST + after


def parts_dependent_share() -> float:
    """The share of the rest of Japan's transport equipment output that needs the parts, fitted so that
    Japan's transport equipment loses METI's 46.4 % of its capacity in March: the hit areas' 31.9 % on their
    w share; on the rest, the parts' shortfall (21/31 of March) everywhere and, in TEPCO's third, the power
    loss, combined with it as independent losses."""
    rest = (TRANSPORT_FALL / 100.0 - HIT_WEIGHT * HIT_FALL / 100.0) / (1.0 - HIT_WEIGHT)
    power = POWER_AREA_SHARE * POWER_LOSS
    return (rest - power) / (1.0 - power) / PARTS_LOST[1]


@cache
def tohoku_case() -> TohokuCase:
    """The case's table and shock (made once per process)."""
    world = split_region(load_default_world("2011"), "JPN", HIT_AREAS, HIT_WEIGHT)
    table = split_region(world, "JPN", POWER_AREA, POWER_AREA_SHARE)
    value_added = table.va.sum(axis=0)
    engine_table = DisruptionTable.from_flows(table.Z, table.Y, table.x, value_added, unit=table.unit)
    R, S = engine_table.size
    japan = [table.regions.index(region) for region in JAPAN]
    rest, power_area, hit_areas = japan[0], japan[1], japan[2]
    goods, transport = np.isin(table.sectors, GOODS), table.sectors.index("TREQ")

    def by_month(values: tuple[float, ...]) -> np.ndarray:
        return np.concatenate([values, np.zeros(len(MONTHS) - len(values))])

    destroyed = np.zeros((len(MONTHS), R, S))
    destroyed[:, hit_areas, goods] = (HIT_FALL / 100.0) * by_month(LOSS_BY_MONTH)[:, np.newaxis]
    destroyed[1, power_area, :] = POWER_LOSS
    dependent = parts_dependent_share()
    parts = dependent * sole_supplier_shortfall(by_month(parts_lost(dependent)), PARTS_STOCK_MONTHS)
    loss = destroyed.copy()
    for region in (rest, power_area):
        loss[:, region, transport] = 1.0 - (1.0 - destroyed[:, region, transport]) * (1.0 - parts)
    shock = replace(DisruptionShock.none(MONTHS, R, S), capacity_loss=loss)
    return TohokuCase(engine_table, shock, japan, goods, value_added, dependent, destroyed)


def tohoku_disruption(params: DisruptionParameters) -> xr.Dataset:
    """The disruption engine's result for the case under ``params``."""
    case = tohoku_case()
    return simulate_disruption(case.table, case.shock, params)


def index_fall(output: xr.DataArray, weights: xr.DataArray, month: str) -> float:
    """The fall (%) from February of the index of ``output`` (country, sector) weighted by ``weights``."""
    relative = output.sel(month=month) / output.sel(month="2011-02")
    return 100.0 * (1.0 - float((relative * weights).sum() / weights.sum()))


@cache
def _rows() -> tuple[ValidationRow, ...]:
    case = tohoku_case()
    R, S = case.table.size
    result = tohoku_disruption(disruption_parameters(resolve({})))
    both = list(JAPAN)
    goods = list(GOODS)
    output = result["output"].sel(country=both, sector=goods)
    weights = xr.DataArray(
        [[float(case.value_added[(country, sector)]) for sector in goods] for country in both],
        dims=("country", "sector"),
        coords={"country": both, "sector": goods},
    )
    fall = index_fall(output, weights, "2011-03")
    rest = list(JAPAN[:2])
    outside = index_fall(output.sel(country=rest), weights.sel(country=rest), "2011-03")
    transport = output.sel(sector=["TREQ"])
    transport_weights = weights.sel(sector=["TREQ"])
    transport_march = index_fall(transport, transport_weights, "2011-03")
    transport_april = index_fall(transport, transport_weights, "2011-04")
    transport_may = index_fall(transport, transport_weights, "2011-05")
    transport_june = index_fall(transport, transport_weights, "2011-06")

    baseline = case.table.output.reshape(R, S)[case.japan]
    after = list(MONTHS[1:])  # March 2011 to February 2012
    lost = float(result["output_lost"].sel(country=both, month=after).sum())
    destroyed = float((case.destroyed[1:][:, case.japan, :] * baseline).sum())
    propagated = 100.0 * (lost - destroyed) / (12.0 * float(baseline.sum()))
    direct = _direct_march(case, weights)
    return (
        ValidationRow(
            CASE,
            "JPN",
            "fall of transport equipment output, March 2011 (%; calibration: the parts' share fitted to it)",
            TRANSPORT_FALL,
            transport_march,
            TRANSPORT_TOLERANCE,
        ),
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
            "fall of transport equipment output, April 2011 (%; JAMA vehicles, April 2011 on April 2010)",
            VEHICLES_APRIL,
            transport_april,
            VEHICLES_TOLERANCE,
        ),
        ValidationRow(
            CASE,
            "JPN",
            "output lost through input-output and parts links, March 2011 to February 2012 (% of a year's "
            "output)",
            PROPAGATION,
            propagated,
            PROPAGATION_TOLERANCE,
        ),
        ValidationRow(
            CASE,
            "JPN",
            f"fall of transport equipment output, May 2011 (%; info: JAMA vehicles -{VEHICLES_MAY:.1f} % on "
            "May 2010; our parts follow the carmakers' schedules of April, about half of normal)",
            None,
            transport_may,
            0.0,
        ),
        ValidationRow(
            CASE,
            "JPN",
            f"fall of transport equipment output from February, June 2011 (%; info: JAMA vehicles "
            f"-{VEHICLES_JUNE:.1f} % on February; our parts follow Toyota's 90 % of 1 June)",
            None,
            transport_june,
            0.0,
        ),
        ValidationRow(
            CASE,
            "JPN",
            "share of the rest of Japan's transport equipment held up by the hit areas' parts (fitted)",
            None,
            100.0 * case.dependent,
            0.0,
        ),
        ValidationRow(
            CASE,
            "JPN",
            "capacity destroyed, March 2011 (% of the index: hit areas and power shortfall)",
            None,
            direct,
            0.0,
        ),
        ValidationRow(
            CASE,
            "JPN",
            "of which the power shortfall in TEPCO's area, March 2011 (% of the area's capacity)",
            None,
            100.0 * POWER_LOSS,
            0.0,
        ),
    )


def _direct_march(case: TohokuCase, weights: xr.DataArray) -> float:
    """The capacity destroyed in March (hit areas and power, not the parts), weighted as the index (%)."""
    lost = case.destroyed[1][case.japan][:, case.goods]
    return 100.0 * float((lost * weights.to_numpy()).sum() / weights.sum())

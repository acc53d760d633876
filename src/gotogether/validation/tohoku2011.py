"""The 2011 Tohoku earthquake and Japan's industrial production in March 2011 (disruption engine).

Published (METI, preliminary index of industrial production, released 2011-04-28; reported by MNI
Market News and AP): mining and manufacturing output fell 15.3 % from February to March 2011, seasonally
adjusted; 31.9 % in the quake-hit areas and 13.5 % in the other areas. The three figures imply that the
quake-hit areas weighed w = (15.3 - 13.5) / (31.9 - 13.5) = 9.8 % of the index.

Our case: on the 2011 world (WIOD 2013 release), the quake-hit areas' share w of every Japanese mining and
manufacturing sector loses 31.9 % of its capacity (their whole fall, so an upper bound of the direct damage)
from 11 March (21 of March's 31 days) through April, then recovers over three months; the disruption
engine propagates it at the parameter table's defaults. Compared: the fall of Japan's mining and
manufacturing output in March, in total and outside the hit areas. Tolerance: 3 points (the preliminary
and revised March figures differ by 0.2, and monthly noise in the index is 1 to 2 points). The sector-level
table cannot see single-supplier bottlenecks (Renesas microcontrollers, specialty chemicals), nor the
rolling blackouts of the Kanto region, so a shortfall of our propagation is expected and reported.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np

from gotogether.data.default_world import load_default_world
from gotogether.data.parameters import resolve
from gotogether.engines.disruption import DisruptionShock, DisruptionTable, simulate_disruption
from gotogether.pipeline.disruption import disruption_parameters
from gotogether.validation.rows import ValidationRow

CASE = "tohoku-2011"
GOODS = ("MIN", "FOOD", "TEXT", "WOOD", "PETRO", "CHEM", "MINER", "METAL", "MACH", "ELEC", "TREQ", "MANUF")
TOTAL_FALL, HIT_FALL, OTHER_FALL = 15.3, 31.9, 13.5
HIT_WEIGHT = (TOTAL_FALL - OTHER_FALL) / (HIT_FALL - OTHER_FALL)
MONTHS = ("2011-02", "2011-03", "2011-04", "2011-05", "2011-06", "2011-07", "2011-08", "2011-09")
DAYS_HIT_IN_MARCH = 21 / 31
TOLERANCE = 3.0


def tohoku_rows() -> list[ValidationRow]:
    """The case's rows (computed once per process: every run reports the validation cases)."""
    return list(_rows())


@cache
def _rows() -> tuple[ValidationRow, ...]:
    table = load_default_world("2011")
    engine_table = DisruptionTable.from_flows(
        table.Z, table.Y, table.x, table.va.sum(axis=0), unit=table.unit
    )
    R, S = engine_table.size
    japan, goods = table.regions.index("JPN"), np.isin(table.sectors, GOODS)
    by_month = np.array([0.0, DAYS_HIT_IN_MARCH, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0])
    loss = np.zeros((len(MONTHS), R, S))
    loss[:, japan, goods] = (HIT_WEIGHT * HIT_FALL / 100.0) * by_month[:, np.newaxis]
    shock = replace(DisruptionShock.none(MONTHS, R, S), capacity_loss=loss)
    result = simulate_disruption(engine_table, shock, disruption_parameters(resolve({})))
    output = result["output"].sel(country="JPN", sector=list(GOODS)).sum("sector")
    fall = 100.0 * (1.0 - float(output.sel(month="2011-03")) / float(output.sel(month="2011-02")))
    direct = 100.0 * float(loss[1, japan, goods].max())
    outside = (fall - direct) / (1.0 - HIT_WEIGHT)
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
        ValidationRow(CASE, "JPN", "direct capacity loss put in, March 2011 (%)", None, direct, 0.0),
    )

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
No parameter is fitted to these figures: every row is a check. The sector-level table cannot see
single-supplier bottlenecks (Renesas microcontrollers, specialty chemicals), nor the rolling blackouts of
the Kanto region, so a shortfall of our propagation is expected and reported (docs/disruption.md).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np

from gotogether.data.default_world import load_default_world
from gotogether.data.parameters import resolve
from gotogether.engines.disruption import (
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


def tohoku_rows() -> list[ValidationRow]:
    """The case's rows (computed once per process: every run reports the validation cases)."""
    return list(_rows())


@cache
def _rows() -> tuple[ValidationRow, ...]:
    table = load_default_world("2011")
    value_added = table.va.sum(axis=0)
    engine_table = DisruptionTable.from_flows(table.Z, table.Y, table.x, value_added, unit=table.unit)
    R, S = engine_table.size
    japan, goods = table.regions.index("JPN"), np.isin(table.sectors, GOODS)
    by_month = np.zeros(len(MONTHS))
    by_month[: len(LOSS_BY_MONTH)] = LOSS_BY_MONTH
    loss = np.zeros((len(MONTHS), R, S))
    loss[:, japan, goods] = (HIT_WEIGHT * HIT_FALL / 100.0) * by_month[:, np.newaxis]
    shock = replace(DisruptionShock.none(MONTHS, R, S), capacity_loss=loss)
    result = simulate_disruption(engine_table, shock, disruption_parameters(resolve({})))

    output = result["output"].sel(country="JPN")
    relative = output.sel(sector=list(GOODS)) / output.sel(month="2011-02", sector=list(GOODS))
    weights = value_added.loc["JPN"].reindex(list(GOODS)).to_numpy()
    index = (relative * weights).sum("sector") / weights.sum()
    fall = 100.0 * (1.0 - float(index.sel(month="2011-03")))
    direct = 100.0 * float(loss[1, japan, goods].max())
    outside = (fall - direct) / (1.0 - HIT_WEIGHT)

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
    )

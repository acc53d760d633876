"""The Tohoku 2011 validation case: what it puts in, and the shortfall it reports."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gotogether.data.parameters import resolve
from gotogether.engines.disruption.model import MAX_ITERATIONS
from gotogether.pipeline.disruption import disruption_parameters
from gotogether.validation import run_cases
from gotogether.validation.rows import ValidationRow
from gotogether.validation.tohoku2011 import tohoku_case, tohoku_disruption


def _rows() -> dict[str, ValidationRow]:
    return {row.quantity.split(",")[0]: row for row in run_cases(["tohoku-2011"])}


def test_the_case_compares_march_2011_with_meti() -> None:
    rows = _rows()
    total = rows["fall of mining and manufacturing output"]
    outside = rows["fall outside the quake-hit areas"]
    direct = rows["direct capacity loss put in"]
    power = rows["of which the power shortfall outside the hit areas"]
    assert (total.published, outside.published, direct.published) == (15.3, 13.5, None)
    # a quarter of TEPCO's third of Japan lost on the 15 days of rolling blackouts (14-28 March)
    assert power.ours == pytest.approx(100 * 0.25 / 3 * 15 / 31)
    # 9.8 % of the index losing METI's March average of 31.9 % (the days before the quake already in it),
    # combined with the power shortfall as independent losses
    hit = (15.3 - 13.5) / (31.9 - 13.5) * 0.319
    assert direct.ours == pytest.approx(100 * (1 - (1 - hit) * (1 - power.ours / 100)))
    # propagation never undoes the direct loss, and the sector-level table misses the parts bottlenecks
    # of March 2011: the case fails, and says so
    assert total.published is not None
    assert direct.ours - 1e-9 <= total.ours < total.published
    assert total.passed is False
    # outside the hit areas only the power shortfall (and what propagates) falls, a third of METI's 13.5 %
    assert power.ours - 0.5 < outside.ours < 0.5 * outside.published


def test_the_propagation_is_checked_against_carvalho_et_al() -> None:
    propagation = _rows()["output lost through input-output links"]
    assert (propagation.published, propagation.tolerance) == (1.2, 0.6)
    # at the sector level, three weeks of stocks absorb a 3 % shortfall and overproduction then makes up
    # more than the damage: the year's propagated loss is below a tenth of Carvalho et al.'s
    assert propagation.ours < 0.12
    assert propagation.passed is False


def test_without_any_stocks_the_shock_months_converge() -> None:
    # every input limiting and no stocks: March to July 2011 take 280 to 299 iterations of the month's
    # fixed point (proportional rationing around every cycle of the table approaches it geometrically),
    # past the old cap of 200; they now converge, and Japan's output falls with the shock, not to zero
    params = replace(disruption_parameters(resolve({})), default_inventory_weeks=0.0, inventory_weeks={})
    result = tohoku_disruption(params)
    iterations = result["iterations"].values
    assert int(iterations.max()) < MAX_ITERATIONS
    assert int(iterations[1:6].min()) > 200
    case = tohoku_case()
    japan = result["output"].sel(country="JPN").sum("sector").values
    march = japan[1] / japan[0]
    direct = float(
        (
            case.shock.capacity_loss[1, case.japan] * case.table.output.reshape(case.table.size)[case.japan]
        ).sum()
    )
    assert 1.0 - march >= direct / japan[0] - 1e-9
    assert march > 0.9

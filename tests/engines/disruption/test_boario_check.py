"""Our disruption engine against BoARIO, the maintained Python ARIO (a peer tool's results, not ours).

tests/fixtures/boario/ holds BoARIO 0.7.2's monthly production path for the hand-made two-region,
two-sector table (tests/conftest.py, household final demand) after half of AAA's s1 capacity is lost for
two months and rebuilt over three, written by scripts/boario_check.py (BoARIO runs in a scratch environment;
it is GPL-3.0 and never a dependency). Here our engine runs the same table and shock with the assumptions
BoARIO's settings stand for (no substitution, no spare capacity beyond overproduction, every input limiting,
the same stock, refill and overproduction times). The paths differ where the models choose differently
(docs/disruption.md, "Checked against BoARIO"): our month steps and orders placed for last month's demand,
BoARIO's daily steps and its psi rule; the tolerances are set from those differences, not fitted.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import BALANCED_Y, BALANCED_Z
from gotogether.engines.disruption import (
    DisruptionParameters,
    DisruptionShock,
    DisruptionTable,
    capacity_profile,
    simulate_disruption,
)
from gotogether.engines.disruption.parameters import WEEKS_PER_MONTH

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "boario"
DAYS_PER_MONTH = 30  # BoARIO runs a 360-day year, so that a month is 30 of its daily steps
MONTHS = 12
PATH_TOLERANCE = 0.04  # of an industry's baseline monthly output, any month
TOTAL_TOLERANCE = 0.05  # relative, output lost over the twelve months


def settings(configuration: str) -> dict[str, str]:
    frame = pd.read_csv(FIXTURES / "settings.csv")
    chosen = frame[frame["configuration"] == configuration]
    return dict(zip(chosen["setting"], chosen["value"], strict=True))


def boario_output(configuration: str) -> np.ndarray:
    """(month, industry): BoARIO's monthly output over the baseline, industries region-major."""
    frame = pd.read_csv(FIXTURES / "paths.csv")
    chosen = frame[frame["configuration"] == configuration]
    wide = chosen.pivot_table(index="month", columns=["region", "sector"], values="output")
    return wide.to_numpy()


def hand_made_system() -> DisruptionTable:
    labels = pd.MultiIndex.from_product([["AAA", "BBB"], ["s1", "s2"]], names=["region", "sector"])
    buyers = pd.MultiIndex.from_product([["AAA", "BBB"], ["HH"]], names=["region", "category"])
    z = pd.DataFrame(BALANCED_Z, index=labels, columns=labels, dtype=float)
    households = [[row[0], row[2]] for row in BALANCED_Y]  # the HH columns of AAA and BBB
    y = pd.DataFrame(households, index=labels, columns=buyers, dtype=float)
    x = z.sum(axis=1) + y.sum(axis=1)
    return DisruptionTable.from_flows(z, y, x, x - z.sum(axis=0), unit="USD")


def matching_parameters(configuration: str) -> DisruptionParameters:
    """Our parameters for BoARIO's settings: days of stock as weeks, days as months."""
    chosen = settings(configuration)
    months = {name: float(chosen[name]) / DAYS_PER_MONTH for name in ("main_inv_dur", "alpha_tau")}
    return DisruptionParameters(
        default_inventory_weeks=months["main_inv_dur"] * WEEKS_PER_MONTH,
        refill_months=float(chosen["inventory_restoration_tau"]) / DAYS_PER_MONTH,
        overproduction_max=float(chosen["alpha_max"]),
        overproduction_months=months["alpha_tau"],
        spare_capacity=0.0,
        substitution_share=0.0,
        substitution_premium=0.0,
        critical_share=0.0,
    )


def our_output(configuration: str) -> np.ndarray:
    table = hand_made_system()
    none = DisruptionShock.none([str(month) for month in range(MONTHS)], *table.size)
    loss = none.capacity_loss.copy()
    loss[:, 0, 0] = capacity_profile(MONTHS, onset=1, depth=0.5, duration=2, recovery=3)
    result = simulate_disruption(table, replace(none, capacity_loss=loss), matching_parameters(configuration))
    ratio: np.ndarray = result["output"].to_numpy().reshape(MONTHS, -1) / table.output
    return ratio


def test_fixture_is_boario_on_our_shock() -> None:
    chosen = settings("matched")
    assert chosen["boario_version"] == "0.7.2"
    assert chosen["order_type"] == "noalt"  # no substitution between origins
    assert int(chosen["iotable_year_to_temporal_unit_factor"]) == DAYS_PER_MONTH * MONTHS
    capacity = pd.read_csv(FIXTURES / "paths.csv").query("configuration == 'matched'")
    hit = capacity[(capacity["region"] == "AAA") & (capacity["sector"] == "s1")]["capacity"].to_numpy()
    # BoARIO's capacity of the hit industry: our profile times its overproduction (at most 1.25)
    profile = 1.0 - capacity_profile(MONTHS, onset=1, depth=0.5, duration=2, recovery=3)
    assert np.all(hit >= profile - 1e-9)
    assert np.all(hit <= 1.25 * profile + 1e-9)
    assert hit[1] == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize("configuration", ["matched", "defaults"])
def test_production_path_follows_boario(configuration: str) -> None:
    ours, theirs = our_output(configuration), boario_output(configuration)
    assert np.max(np.abs(ours - theirs)) <= PATH_TOLERANCE
    baseline = hand_made_system().output
    lost_ours, lost_theirs = ((1.0 - ours) * baseline).sum(), ((1.0 - theirs) * baseline).sum()
    assert lost_ours == pytest.approx(lost_theirs, rel=TOTAL_TOLERANCE)
    # the shape: the hit industry bottoms in the shock's months, every path is back within 1 % at the end
    assert np.argmin(ours[:, 0]) in (1, 2)
    assert np.argmin(theirs[:, 0]) in (1, 2)
    assert np.all(np.abs(ours[-1] - 1.0) < 0.01)
    assert np.all(np.abs(theirs[-1] - 1.0) < 0.01)

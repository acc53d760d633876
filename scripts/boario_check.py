"""Run the shipped small test system through BoARIO, the maintained Python ARIO, and write its monthly
production path into tests/fixtures/boario/ (a check of our disruption engine against a peer tool).

BoARIO is GPL-3.0: it is never a dependency of gotogether and none of its code is copied. This script runs
in a scratch environment outside the repository and imports nothing from gotogether:

    python3 -m venv /tmp/boario-venv
    /tmp/boario-venv/bin/pip install boario pymrio progressbar2
    /tmp/boario-venv/bin/python scripts/boario_check.py

The test system is the repository's hand-made two-region, two-sector table (tests/conftest.py,
BALANCED_Z) with its household final demand (the inventory-change column is left out: BoARIO distributes
final demand in proportion and takes no negative demand). Gross output is the row sums.

The shock: sector s1 of region AAA loses half its capacity in months 1 and 2 (0-based, a 30-day month) and
recovers in a straight line over the three months after (0.375, 0.25, 0.125 lost), as our engine's
``capacity_profile(12, onset=1, depth=0.5, duration=2, recovery=3)`` puts it. BoARIO steps in days; its
capacity loss is an ``EventKapitalRecover`` whose recovery function is that monthly profile, so that both
models see the same capacity every day of a month. No substitution between origins (BoARIO's "noalt"
orders); no rebuilding demand; final demand fixed.

Two BoARIO configurations are written:
- ``matched``: BoARIO set to our engine's assumptions where it has a setting for them (30 days of every
  input in stock, inventory gaps ordered back over 60 days, overproduction up to 1.25 over 180 days, psi so
  that production is cut only when the stock falls below one day of use, as ours produces while it has
  inputs at hand);
- ``defaults``: BoARIO's own defaults (90 days of stock, psi 0.8, 60-day restoration, overproduction over
  365 days, "alt" orders toward suppliers with capacity).
For each: the monthly average of daily production over the baseline, by industry, twelve months.
"""

from __future__ import annotations

import csv
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio
from boario import event as boario_event
from boario.extended_models import ARIOPsiModel
from boario.simulation import Simulation

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "boario"
REGIONS, SECTORS = ("AAA", "BBB"), ("s1", "s2")
Z = [[10, 5, 3, 2], [4, 20, 1, 5], [2, 1, 15, 6], [3, 4, 2, 25]]  # tests/conftest.py BALANCED_Z
HOUSEHOLDS = [[50, 8], [40, 9], [6, 60], [5, 50]]  # BALANCED_Y's HH columns: AAA HH, BBB HH
DAYS_PER_MONTH = 30
MONTHS = 12
ONSET, DEPTH, DURATION, RECOVERY = 1, 0.5, 2, 3  # months
HIT = ("AAA", "s1")

CONFIGURATIONS: dict[str, dict[str, object]] = {
    "matched": {
        "order_type": "noalt",
        "alpha_max": 1.25,
        "alpha_tau": 180,
        "main_inv_dur": 30,
        "psi_param": 1.0 / 30.0,
        "inventory_restoration_tau": 60,
    },
    "defaults": {
        "order_type": "alt",
        "alpha_max": 1.25,
        "alpha_tau": 365,
        "main_inv_dur": 90,
        "psi_param": 0.8,
        "inventory_restoration_tau": 60,
    },
}


def hand_made_system() -> pymrio.IOSystem:
    industries = pd.MultiIndex.from_product([REGIONS, SECTORS], names=["region", "sector"])
    buyers = pd.MultiIndex.from_product([REGIONS, ["HH"]], names=["region", "category"])
    z = pd.DataFrame(np.array(Z, dtype=float), index=industries, columns=industries)
    y = pd.DataFrame(np.array(HOUSEHOLDS, dtype=float), index=industries, columns=buyers)
    x = pd.DataFrame({"indout": z.sum(axis=1) + y.sum(axis=1)})
    mriot = pymrio.IOSystem(Z=z, Y=y, x=x, A=pymrio.calc_A(z, x), name="gotogether hand-made table")
    return mriot


def monthly_loss(elapsed_temporal_unit: int, init_impact_stock: np.ndarray, recovery_tau: int) -> np.ndarray:
    """Damage left ``elapsed_temporal_unit`` days into the recovery: our engine's straight line in monthly
    steps (1 - m / (RECOVERY + 1) in the m-th month after the loss, m = 1..RECOVERY)."""
    month = elapsed_temporal_unit // DAYS_PER_MONTH + 1
    months = recovery_tau // DAYS_PER_MONTH
    share = max(0.0, 1.0 - month / (months + 1.0))
    return init_impact_stock * share


def run(settings: dict[str, object], mriot: pymrio.IOSystem) -> pd.DataFrame:
    capital = pd.Series(1000.0, index=mriot.x.index)  # the capacity lost is damage / capital
    model = ARIOPsiModel(
        mriot,
        productive_capital_vector=capital,
        iotable_year_to_temporal_unit_factor=DAYS_PER_MONTH * MONTHS,
        **settings,
    )
    simulation = Simulation(model, n_temporal_units_to_sim=DAYS_PER_MONTH * MONTHS)
    impact = pd.Series({HIT: DEPTH * 1000.0})
    simulation.add_event(
        boario_event.from_series(
            impact,
            event_type="recovery",
            event_monetary_factor=model.monetary_factor,
            occurrence=ONSET * DAYS_PER_MONTH,
            duration=DURATION * DAYS_PER_MONTH,
            recovery_tau=RECOVERY * DAYS_PER_MONTH,
            recovery_function=monthly_loss,
        )
    )
    simulation.loop()
    daily = simulation.production_realised.to_numpy()[: DAYS_PER_MONTH * MONTHS]
    baseline = model.X_0
    monthly = daily.reshape(MONTHS, DAYS_PER_MONTH, -1).mean(axis=1) / baseline
    capacity = simulation.production_capacity.to_numpy()[: DAYS_PER_MONTH * MONTHS]
    monthly_capacity = capacity.reshape(MONTHS, DAYS_PER_MONTH, -1).mean(axis=1) / baseline
    rows = [
        (month, region, sector, monthly[month, k], monthly_capacity[month, k])
        for month in range(MONTHS)
        for k, (region, sector) in enumerate(model.industries)
    ]
    return pd.DataFrame(rows, columns=["month", "region", "sector", "output", "capacity"])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    mriot = hand_made_system()
    frames = []
    for name, settings in CONFIGURATIONS.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # BoARIO warns about the 360-day year and missing metadata
            frame = run(settings, mriot)
        frames.append(frame.assign(configuration=name))
    paths = pd.concat(frames)[["configuration", "month", "region", "sector", "output", "capacity"]]
    paths.to_csv(OUT / "paths.csv", index=False, float_format="%.10f")
    with (OUT / "settings.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["configuration", "setting", "value"])
        for name, settings in CONFIGURATIONS.items():
            rows = {
                "boario_version": version("boario"),
                "pymrio_version": version("pymrio"),
                "model": "ARIOPsiModel",
                "iotable_year_to_temporal_unit_factor": DAYS_PER_MONTH * MONTHS,
                "temporal_units_by_step": 1,
                "event": f"EventKapitalRecover {HIT[0]} {HIT[1]} depth {DEPTH} from day "
                f"{ONSET * DAYS_PER_MONTH} for {DURATION * DAYS_PER_MONTH} days, monthly straight-line "
                f"recovery over {RECOVERY * DAYS_PER_MONTH} days",
                **settings,
            }
            for setting, value in rows.items():
                writer.writerow([name, setting, value])


if __name__ == "__main__":
    main()

"""Supply engine: one scenario over 2019-2035 (monthly) on the default network, and scaling with firms.

Synthetic networks keep the default vendors, classes and technologies and spread N supplier firms over the
classes at random (random countries, made-in countries and processes, random shares per vendor).
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np
import pandas as pd

from benchmarks.harness import peak_memory_mib, time_call
from gotogether.data.valuenet import load_tables
from gotogether.engines.supply import ValueNetwork
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import default_network, load_world
from gotogether.scenarios import load_scenario

FIRM_COUNTS = (50, 300, 1000, 3000, 10000)
COUNTRIES = ("USA", "CHN", "TWN", "KOR", "JPN", "NLD", "DEU", "SWE", "FIN", "GBR")
PROCESSES = ("leading_edge_logic", "specialty_rf", "memory", "analog_power", "optoelectronic", "none")


def synthetic_network(n_firms: int, seed: int = 0) -> ValueNetwork:
    """The default network with its suppliers replaced by ``n_firms`` random firms (shares sum to 1)."""
    rng = np.random.default_rng(seed)
    names = [f"firm{i}" for i in range(n_firms)]
    names[0] = "HiSilicon"  # the case's licence names it; firm 0 is in the first class (baseband)
    tables = load_tables()
    classes = tables["component_classes"]["component_class"].to_numpy()
    firm_class = classes[np.arange(n_firms) % len(classes)]
    weight = rng.pareto(1.5, n_firms) + 0.01
    share = weight / pd.Series(weight).groupby(firm_class).transform("sum").to_numpy()
    tables["suppliers"] = pd.DataFrame(
        {
            "component_class": firm_class,
            "vendor": "*",
            "firm": names,
            "firm_country": rng.choice(COUNTRIES, n_firms),
            "made_in": rng.choice(COUNTRIES, n_firms),
            "process": rng.choice(PROCESSES, n_firms),
            "affiliate_of": ["huawei", *[""] * (n_firms - 1)],
            "share": share,
        }
    )
    return ValueNetwork.from_tables(tables)


def _run_case(network: ValueNetwork) -> None:
    scenario_supply(replace(load_world(), network=network), load_scenario("us-huawei-2019-2020"))


def _peak(n_firms: int) -> None:
    _run_case(synthetic_network(n_firms))


def run() -> dict[str, object]:
    default = default_network()
    result: dict[str, object] = {
        "periods": "monthly 2019-01..2035-12 (204)",
        "case": "us-huawei-2019-2020",
        "default_network": {
            "firm_lines": len(default.firm),
            **time_call(functools.partial(_run_case, default), repeat=20),
            "peak_memory_mib": peak_memory_mib(functools.partial(_run_case, default)),
        },
    }
    scaling = []
    for n in FIRM_COUNTS:
        network = synthetic_network(n)
        timing = time_call(functools.partial(_run_case, network), repeat=3 if n >= 3000 else 7)
        scaling.append(
            {"firms": n, **timing, "peak_memory_mib": peak_memory_mib(functools.partial(_peak, n))}
        )
    result["scaling"] = scaling
    return result

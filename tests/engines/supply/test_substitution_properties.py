"""The blocked party's rise: substitution built by investment, cheaper with learning, capped by ceilings.

Properties on the default value network (hypothesis): with no substitution the target never catches up
with its counterfactual path; with fast, cheap substitution and no ceilings it overtakes it. The target's
productivity is its feasible output over its unit-cost multiplier (F / c, the counterfactual is 1).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.supply import ExportControl, ValueNetwork, make_periods, simulate_supply
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network

PERIODS = make_periods("2019-01", "2035-12", freq="Q")
COUNTRIES = st.lists(st.sampled_from(["USA", "NLD", "JPN", "KOR", "TWN", "DEU"]), min_size=1, unique=True)
REACH = st.lists(
    st.sampled_from(["coalition-made", "de-minimis", "foreign-direct-product"]), min_size=1, unique=True
)


@cache
def network() -> ValueNetwork:
    return default_network()


def control(issuers: list[str], reach: list[str]) -> ExportControl:
    return ExportControl.model_validate(
        {
            "name": "control",
            "issuers": issuers,
            "target_vendors": ["huawei"],
            "start": date(2020, 1, 1),
            "reach": reach,
        }
    )


def productivity(net: ValueNetwork, measure: ExportControl, values: dict[str, float]) -> np.ndarray:
    d = simulate_supply(net, [measure], supply_parameters(values), PERIODS).data.sel(vendor="huawei")
    path: np.ndarray = (d["feasible_output"] / d["unit_cost_multiplier"]).values
    return path


@settings(max_examples=10, deadline=None)
@given(
    issuers=COUNTRIES,
    reach=REACH,
    inventory=st.floats(0.0, 12.0),
    spare=st.floats(0.0, 0.3),
    premium=st.floats(0.01, 0.15),
)
def test_with_no_substitution_the_target_never_catches_up(
    issuers: list[str], reach: list[str], inventory: float, spare: float, premium: float
) -> None:
    values = {
        "supply.substitution_ceiling": 0.0,
        "supply.inventory_months": inventory,
        "supply.spare_capacity": spare,
        "supply.alternative_premium": premium,
    }
    path = productivity(network(), control(issuers, reach), values)
    behind = np.flatnonzero(path < 1.0 - 1e-9)
    if behind.size:  # once behind (a control that catches nothing leaves the path at 1), never level
        assert (path[behind[0] :] < 1.0 - 1e-9).all()


@settings(max_examples=10, deadline=None)
@given(
    issuers=COUNTRIES,
    reach=REACH,
    speed=st.floats(1.8, 2.0),
    learning=st.floats(0.22, 0.25),
    floor=st.floats(0.85, 0.88),
)
def test_with_fast_cheap_substitution_and_no_ceilings_the_target_overtakes(
    issuers: list[str], reach: list[str], speed: float, learning: float, floor: float
) -> None:
    uncapped = dataclasses.replace(network(), class_ceiling=None)
    values = {
        "supply.substitution_ceiling": 1.0,
        "supply.investment_scale": speed,
        "supply.learning_rate": learning,
        "supply.substitute_cost_floor": floor,
    }
    path = productivity(uncapped, control(issuers, reach), values)
    if path.min() < 0.95:  # a control that bites: the target ends above its counterfactual path
        assert path[-4:].min() > 1.0

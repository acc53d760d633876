"""A two-country, two-vendor world with numbers small enough to work by hand."""

from __future__ import annotations

import numpy as np
import xarray as xr

from gotogether.engines.rollout import RolloutParameters

PRICE = 100.0


def small_world(
    *, envelope_a: float = 300.0 * PRICE, envelope_b: float = 1e9, discount: float = 0.0
) -> RolloutParameters:
    """Countries AAA and BBB of 1,000 full-coverage sites each (population 1M, 10 per 10,000), both wanting
    every site from 2019 (a step-like desired path), at a site cost of 100 (learning switched off by a
    huge prior experience); vendors x and y with base shares 0.6/0.4 in AAA and 0.5/0.5 in BBB; vendor y's
    quality-adjusted price is ``1 - discount`` of x's. No 4G grid, no core, no swap work and crews that
    never bind (nor does the swap pace), and vendors bid at cost (no markup), unless a test sets them
    (``with_values``)."""
    countries = ["AAA", "BBB"]
    country = xr.Dataset(
        {
            "population": ("country", np.array([1e6, 1e6])),
            "site_density": ("country", np.array([10.0, 10.0])),
            "launch_year": ("country", np.array([2019.0, 2019.0])),
            "midpoint_year": ("country", np.array([2018.0, 2018.0])),
            "speed": ("country", np.array([60.0, 60.0])),
            "capex_per_capita": ("country", np.array([envelope_a, envelope_b]) / 1e6),
            "site_cost_factor": ("country", np.array([1.0, 1.0])),
            "lte_site_density": ("country", np.array([10.0, 10.0])),
            "swap_work_factor": ("country", np.array([1.0, 1.0])),
        },
        coords={"country": countries},
    )
    base = xr.DataArray(
        [[0.6, 0.4], [0.5, 0.5]],
        dims=("country", "vendor"),
        coords={"country": countries, "vendor": ["x", "y"]},
    )
    return RolloutParameters(
        country=country,
        base_shares=base,
        discounted_vendors=("y",),
        site_cost_2020=PRICE,
        learning_rate=0.15,
        learning_spillover=1.0 / 3.0,
        prior_experience_sites=1e15,
        reference_volume_sites=0.0,
        price_sensitivity=2.0,
        coverage_exponent=0.5,
        spare_capacity=0.3,
        vendor_discount=discount,
        entrant_share=0.0,
        lte_site_ratio=0.0,
        swap_units_per_site=1.0,
        swap_work_share=0.0,
        core_share=0.0,
        equipment_life_years=8.0,
        lte_vintage_year=2016.0,
        upgrade_visit_share=0.0,
        crew_slack=1e6,
        lerner_ceiling=0.0,
        ran_equipment_share=0.5,
        lte_upkeep_share=0.0,
        densification_rate=0.0,
        swap_pace_years=1e-6,
    )

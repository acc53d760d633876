"""The report's uncertainty section: fan charts of world welfare, tornado charts of its drivers, and the
distribution of the headline over the draws."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import xarray as xr

from gotogether.reports.figures.ensemble import fan_chart, tornado
from gotogether.reports.html import Section
from gotogether.reports.rendering import render

REFERENCE_SCENARIO = "coordinated"


def uncertainty_section(
    bands: xr.DataArray,
    drivers: pd.DataFrame,
    headlines: pd.DataFrame,
    *,
    year: int,
    parameters: Sequence[str],
    draws: int,
    seed: int,
    unmapped: Sequence[str],
    by_role: pd.DataFrame | None = None,
    deterministic: pd.DataFrame | None = None,
) -> Section:
    """The section for world-welfare ``bands`` (scenario, year, percentile), Spearman ``drivers`` (sampled
    parameters x scenarios) and the ``headlines`` distribution in ``year`` (scenario rows, statistics
    columns); ``parameters`` are the sampled ones, ``unmapped`` those without an engine input; ``by_role``
    the run table ``uncertainty_who_pays_by_role`` (tidy: scenario, group, percentile, ev_pv) and
    ``deterministic`` the run table ``uncertainty_who_pays_deterministic`` (scenario, group, ev_pv,
    draws_costlier_pct: where the deterministic run sits in the band)."""
    shown = [str(name) for name in bands["scenario"].values if name != REFERENCE_SCENARIO]
    figures = [
        fan_chart(bands.sel(scenario=name), title=f"{name}: world welfare change", unit="%") for name in shown
    ]
    figures += [
        tornado(drivers[name], title=f"{name}: what drives world welfare in {year} (Spearman)")
        for name in shown
    ]
    families = sorted({name.split(".")[0] for name in parameters})
    intro = (
        f"{draws} draws (Latin hypercube, seed {seed}) of the uncertain parameters "
        f"{', '.join(families)}; bands are the 5-95 and 25-75 percentiles. "
        f"Not yet sampled (no engine input): {', '.join(unmapped) or 'none'}."
    )
    distribution = render(
        "uncertainty.html.j2",
        year=year,
        columns=[str(column) for column in headlines.columns],
        rows=[(str(name), [f"{value:+.3f}" for value in row]) for name, row in headlines.iterrows()],
        role_columns=[] if by_role is None else _role_columns(by_role, deterministic),
        role_rows=[] if by_role is None else _role_rows(by_role, deterministic),
    )
    return Section("uncertainty", "Uncertainty", intro, html=distribution, figures=figures)


def _role_columns(by_role: pd.DataFrame, deterministic: pd.DataFrame | None) -> list[str]:
    """The percentiles' headers, then the deterministic run's value and its place in the band if given."""
    placed = [] if deterministic is None else ["deterministic", "draws costing more (%)"]
    return [f"p{p:g}" for p in sorted(by_role["percentile"].unique())] + placed


def _role_rows(by_role: pd.DataFrame, deterministic: pd.DataFrame | None) -> list[tuple[str, str, list[str]]]:
    """(scenario, group, percentiles formatted, then the deterministic run's value and the draws costing
    more than it if given) of the roles a scenario gives, the reference left out."""
    wide = by_role.pivot_table(index=["scenario", "group"], columns="percentile", values="ev_pv")
    if deterministic is not None:
        placed = deterministic.set_index(["scenario", "group"]).reindex(wide.index)
        wide = wide.assign(deterministic=placed["ev_pv"], costlier=placed["draws_costlier_pct"])
    return [
        (str(scenario), str(group), [f"{value:,.1f}" for value in row])
        for (scenario, group), row in zip(wide.index, wide.to_numpy(), strict=True)
        if scenario != REFERENCE_SCENARIO
    ]

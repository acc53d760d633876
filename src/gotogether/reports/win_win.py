"""The "win-win" question of export controls: which side each country lands on, and why.

Reads the who-pays table by country (``who_pays``: the equivalent variation in present value and its channels,
by scenario and country) of the scenarios with an export control. A country's side is the sign of its
equivalent variation; why is read from its channels: the largest channel of that sign decides it, and the
largest channel of the other sign is what it outweighs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gotogether.data import registry
from gotogether.pipeline.who_pays import CHANNELS, ROLE_ORDER
from gotogether.reports.html import Section
from gotogether.reports.rendering import render
from gotogether.scenarios import Scenario
from gotogether.scenarios.measures import ExportControl

WELFARE = "ev_pv"
CHANNEL_COLUMNS = {f"{name}_pv": label for name, label in CHANNELS.items()}
"""The who-pays columns that add up to ``WELFARE``, with their human names."""
EVEN = 0.05
"""Below this (billion USD of 2019, half the report's last digit) a country neither gains nor loses."""


def export_control_scenarios(scenarios: Sequence[Scenario]) -> list[str]:
    """The names of the scenarios with an export control, in order."""
    return [s.name for s in scenarios if any(isinstance(m, ExportControl) for m in s.measures)]


def sides(paying: pd.DataFrame) -> pd.DataFrame:
    """For each row of a who-pays table (columns ``scenario``, ``country``, ``role``, ``ev_pv`` and the
    channels' present values): ``side`` (gains, loses or even), ``decides`` (the largest channel with the
    sign of ``ev_pv``) and ``against`` (the largest channel of the other sign, empty when none), with their
    figures; rows by scenario (in the table's order), role (``ROLE_ORDER``), then from the largest gain to
    the largest loss."""
    columns = [column for column in CHANNEL_COLUMNS if column in paying.columns]
    figures = paying[columns].to_numpy(dtype=float)
    welfare = paying[WELFARE].to_numpy(dtype=float)
    sign = np.sign(welfare)[:, None]
    # the largest figure of the total's sign, then of the other sign (NaN-free: the zero is no channel)
    along = np.where(figures * sign > 0.0, np.abs(figures), 0.0)
    opposed = np.where(figures * sign < 0.0, np.abs(figures), 0.0)
    rows = np.arange(len(paying))
    decides, against = along.argmax(axis=1), opposed.argmax(axis=1)
    table = pd.DataFrame(
        {
            "scenario": paying["scenario"].to_numpy(),
            "country": paying["country"].to_numpy(),
            "role": paying["role"].to_numpy(),
            WELFARE: welfare,
            "side": np.where(np.abs(welfare) < EVEN, "even", np.where(welfare > 0.0, "gains", "loses")),
            "decides": np.where(along[rows, decides] > 0.0, np.asarray(columns)[decides], ""),
            "decides_pv": figures[rows, decides],
            "against": np.where(opposed[rows, against] > 0.0, np.asarray(columns)[against], ""),
            "against_pv": figures[rows, against],
        }
    )
    rank = {role: position for position, role in enumerate(ROLE_ORDER)}
    order = table.assign(
        first=pd.factorize(table["scenario"])[0],
        rank=table["role"].map(rank).fillna(len(rank)),
        loss=-table[WELFARE],
    )
    chosen = order.sort_values(["first", "rank", "loss"], kind="stable").index
    return table.loc[chosen].reset_index(drop=True)


def win_win(paying: pd.DataFrame, scenarios: Sequence[str], sales: pd.DataFrame | None = None) -> Section:
    """One line per country in each of ``scenarios`` (those with an export control): the side it lands on
    (equivalent variation in present value) and the channels of the who-pays table that put it there; with
    ``sales`` (the run table ``supplier_sales_gross_net``: columns scenario, part, country, year and the
    value), its suppliers' sales change over the years, gross and net of the rivals' gains."""
    names = registry.countries().names
    chosen = paying[paying["scenario"].isin(list(scenarios))]
    totals = _gross_and_net(sales)
    items = []
    for row in sides(chosen).to_dict("records"):
        country = str(row["country"])
        item = {
            "scenario": str(row["scenario"]),
            "country": f"{names.get(country, country)} ({country})",
            "role": str(row["role"]),
            "side": str(row["side"]),
            "welfare": f"{abs(row[WELFARE]):,.1f}",
            "why": "",
            "suppliers": "",
        }
        if row["side"] != "even" and row["decides"]:
            why = f"through {_label(row['decides'])} ({row['decides_pv']:+,.1f})"
            if row["against"]:
                why += f", outweighing {_label(row['against'])} ({row['against_pv']:+,.1f})"
            item["why"] = why
        gross, net = totals.get((item["scenario"], country), (0.0, 0.0))
        if max(abs(gross), abs(net)) >= EVEN:
            item["suppliers"] = f"{gross:+,.1f} gross, {net:+,.1f} net"
        items.append(item)
    intro = (
        "A control is a win-win for the issuer only if it gains. Each country's side is the sign of its "
        "equivalent variation in present value (USD bn of 2019, as in the who-pays table); why is the "
        "largest channel of that sign, and the largest channel of the other sign it outweighs. The "
        "suppliers' value added channel is net: the rivals that take the blocked vendor's RAN, handset and "
        "enterprise equipment sales buy from suppliers too. Each country's suppliers' sales change "
        "(revenue, summed over the years, undiscounted) is given gross (with the blocked vendor) and net "
        "(after the rivals' gains)."
    )
    return Section(
        "win-win",
        "Who wins from export controls",
        intro=intro,
        html=render("win_win.html.j2", items=items, even=f"{EVEN:g}"),
    )


def _gross_and_net(sales: pd.DataFrame | None) -> dict[tuple[str, str], tuple[float, float]]:
    """(scenario, country) -> its suppliers' sales change summed over the years, gross and net, from the
    run table ``supplier_sales_gross_net`` (empty without it)."""
    if sales is None or sales.empty:
        return {}
    value = sales.columns[-1]
    summed = sales.pivot_table(index=["scenario", "country"], columns="part", values=value, aggfunc="sum")
    return {
        (str(key[0]), str(key[1])): (float(row["gross"]), float(row["net"]))
        for key, row in zip(summed.index, summed.to_dict("records"), strict=True)
    }


def _label(column: str) -> str:
    """A channel's human name inside a sentence."""
    label = CHANNEL_COLUMNS[column]
    return label[0].lower() + label[1:]

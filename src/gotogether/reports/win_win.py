"""The "win-win" question of export controls: which side each group of countries lands on, and why.

Reads the who-pays table by role (``who_pays_by_role``: the equivalent variation in present value, its trade
channel and the suppliers' sales change, by scenario and group: issuer, ally, target, third country, world).
"""

from __future__ import annotations

import pandas as pd

from gotogether.reports.html import Section
from gotogether.reports.rendering import render

WELFARE = "ev_pv"
TRADE = "trade_pv"
SALES = "supplier_sales_change"
WHY = {
    "issuer": "its firms' sales to the target, net of what rivals buy instead, and the trade engine's prices",
    "ally": "its firms' sales to the target lost with the issuer's, and the trade engine's prices",
    "target": "its lost output and the premium on substitutes against its own suppliers' substitute sales "
    "and, once they are cheaper, their sales abroad raising its component sectors' productivity",
    "third country": "the vendors and suppliers that take the target's business against dearer imports",
}


def win_win(by_role: pd.DataFrame) -> Section:
    """One sentence per scenario and group: gains or loses (equivalent variation in present value), through
    trade how much, and what its suppliers' net sales did."""
    items = []
    for scenario, group, welfare, trade, sales in zip(
        by_role["scenario"], by_role["group"], by_role[WELFARE], by_role[TRADE], by_role[SALES], strict=True
    ):
        if group not in WHY:
            continue
        items.append(
            {
                "scenario": str(scenario),
                "group": str(group),
                "side": "gains" if welfare > 0 else "loses",
                "welfare": f"{abs(welfare):,.1f}",
                "trade": f"{trade:+,.1f}",
                "sales": f"{sales:+,.1f}",
                "why": WHY[str(group)],
            }
        )
    intro = (
        "A control is a win-win for the issuer only if it gains; the lines below say on which side"
        " each group lands over 2019-2035 (equivalent variation in present value, as in the who-pays table), "
        "with its "
        "suppliers' sales net of diversion."
    )
    return Section(
        "win-win", "Who wins from export controls", intro=intro, html=render("win_win.html.j2", items=items)
    )

"""The "win-win" question of export controls: which side each group of countries lands on, and why.

Reads the who-pays table by role (``who_pays_by_role``: the equivalent variation in present value, its trade
channel and the suppliers' sales change, by scenario and group: issuer, ally, target, third country, world).
"""

from __future__ import annotations

import html

import pandas as pd

from gotogether.reports.html import Section

WELFARE = "ev_pv"
TRADE = "trade_pv"
SALES = "supplier_sales_change"
WHY = {
    "issuer": "its firms' sales to the target, net of what rivals buy instead, and the trade engine's prices",
    "ally": "its firms' sales to the target lost with the issuer's, and the trade engine's prices",
    "target": "its lost output and the premium on substitutes against its own suppliers' substitute sales",
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
        side = "gains" if welfare > 0 else "loses"
        items.append(
            f"<li>{html.escape(str(scenario))}: the {html.escape(str(group))} {side} "
            f"{abs(welfare):,.1f} USD bn of 2019 in present value (trade channel {trade:+,.1f}); "
            f"its suppliers' sales 2019-2035, net of diversion, {sales:+,.1f} USD bn. "
            f"Why: {WHY[str(group)]}.</li>"
        )
    intro = (
        "A control is a win-win for the issuer only if it gains; the lines below say on which side"
        " each group lands over 2019-2035 (equivalent variation in present value, as in the who-pays table), "
        "with its "
        "suppliers' sales net of diversion."
    )
    return Section("win-win", "Who wins from export controls", intro=intro, html=f"<ul>{''.join(items)}</ul>")

"""ZTE's purchases and the US denial order of 2018 against the figures known by the end of 2020.

The published figures and their sources are the ``financials`` rows of the value network
(``data/valuenet/financials.csv``; DATA_SOURCES.md lists them) and, for the first half of 2018, the
constants below.
- Calibration targets (the network is sized on them, ``ValueNetwork.whole_business``, so they pass by
  construction unless the data change): ZTE's 2018 purchases, its cost of sales (CNY 58.7B: revenue CNY
  85.5B at a gross margin of 31.4%; ZTE's 2018 and 2019 results via telecoms.com and Mobile World Live)
  [B/C], and the 25-30% of them bought from US firms (analysts via Reuters, April 2018) [B/C], midpoint.
- Check (not fitted): the denial order of the US Department of Commerce (15 April 2018, lifted 13 July
  2018 after ZTE paid a $1B penalty and put $400M in escrow; Reuters via NDTV, 2019-03-28: ZTE was "forced
  to stop most business between April and July") against ZTE's reported revenue: CNY 85.5B in 2018, 21.4%
  below 2017's CNY 108.8B (2018 annual report via rfcnn and telecoms.com) [A/B], and CNY 39.4B in the
  first half of 2018 against 54.0B a year before, -27.0% (ConvergeDigest, 2018-08-30) [B]. Ours: the
  supply engine on the 2018 months alone (the library's scenarios start in 2019), the order as an export
  control on ZTE with the reach of the library's Entity List (US-made items and foreign items above the
  25% US-content de-minimis level; ZTE did not see it coming, so it stockpiles nothing) and the denial
  order's own term: ZTE may not use the US items it holds (``stock_denied``; the order's text, 83 FR 17644
  [A]), so only the non-US part of its stock covers the shortfall while the order is in force (ZTE: "the
  major operating activities of the Company have ceased", HKEX announcement of 9 May 2018 via
  ConvergeDigest [B]), at the parameters' defaults but for the stock: ZTE's own, one month of every
  class (``ZTE_STOCK_MONTHS``: investment banks in China via Computing, 2018-05-10, "only around one
  month's stock of key parts"; Asia Times, 2018-04: ZTE's raw-material inventory is generally a twelfth of
  a year's chip purchases, its annual report) [B], sourced, not fitted. ZTE's revenue lost is each
  business's 2018 revenue (carrier, enterprise: the base station's bill; consumer: the handset's) times
  its bill's output lost over the period. Tolerance: a third of the published fall (the reported fall
  also holds customers lost to the order, the consumer business's own decline, -21.9% again in 2019, and
  the restart after July, which the supply engine does not model; within a month, a line unblocked for
  part of it makes up the blocked part from its spare capacity).
- For information (no verdict): the same at the library's stock for a target that does not stockpile,
  ``supply.inventory_months`` (six months, sourced on Huawei's FPGAs of 2019, which it had stockpiled; the
  handset processors' 4.3 months): its US part is denied, so it no longer outlasts the 89-day order.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from gotogether.data.valuenet import load_tables
from gotogether.engines.supply import ExportControl, SupplyResult, make_periods, simulate_supply
from gotogether.engines.supply.engine import baseline_purchases
from gotogether.engines.supply.network import BILL_OF_MATERIALS, BILLS
from gotogether.errors import InputError
from gotogether.pipeline.world import World, load_world
from gotogether.validation.rows import ValidationRow

CASE = "zte-denial-2018"
VENDOR = "zte"
DENIAL_ORDER = ExportControl(
    name="US denial order against ZTE (15 April - 13 July 2018)",
    issuers=["USA"],
    target_vendors=[VENDOR],
    start=date(2018, 4, 15),
    end=date(2018, 7, 13),
    reach=["coalition-made", "de-minimis"],
    stock_denied=True,
)
"""The order as the library's export-control measure: the Entity List's reach, from the day it was issued
to the day it was lifted (``end`` is the first day without it), denying ZTE the use of its stock of the
items it blocks (the order's terms: ZTE may not participate in any transaction involving any item exported
from the United States subject to the EAR, "ordering, buying, receiving, using, selling, delivering,
storing ..." it; Order Activating Suspended Denial Order, 83 FR 17644, 2018-04-23, via Baker McKenzie,
https://sanctionsnews.bakermckenzie.com/bis-activates-suspended-denial-of-export-privileges-against-zte-in-response-to-repeated-false-statements-to-the-us-government/
[A])."""
ZTE_STOCK_MONTHS = 1.0
"""ZTE's stock of key parts when the order came, months of need (Computing, 'ZTE suspends operations as
parts run low', 2018-05-10, https://www.computing.co.uk/news/3032086/zte-suspends-operations-as-parts-run-low-following-us-technology-sales-ban
[B]; Asia Times, 'ZTE's chip supply in question after US embargo order', 2018-04,
https://asiatimes.com/2018/04/ztes-chip-supply-question-us-embargo-order/ [B])."""
FIRST_HALF_CNY_BN = (39.434, 54.010)
"""ZTE's operating revenue in the first half of 2018 and of 2017, CNY bn (ConvergeDigest, 'ZTE counts its
losses for 1H18', 2018-08-30, https://www.convergedigest.com/2018/08/zte-counts-its-losses-for-1h18-news.html
[B])."""


def reported_figure(financials: pd.DataFrame, item: str, counterpart: str, year: int) -> float:
    """ZTE's ``item`` from ``counterpart`` in ``year`` in the value network's financials table, USD."""
    row = financials[
        (financials["firm"] == VENDOR)
        & (financials["item"] == item)
        & (financials["counterpart"] == counterpart)
        & (financials["year"] == year)
    ]
    if row.empty:
        raise InputError(
            f"no {item} of {VENDOR} from {counterpart} in {year}",
            source="financials table",
            expected=f"a row: {VENDOR},{item},{counterpart},{year},<USD> (the zte-denial-2018 case reads it)",
        )
    return float(row["value"].iloc[0])


def revenue_lost(world: World, supply: SupplyResult, weights: dict[str, float], months: int) -> float:
    """ZTE's revenue lost over the first ``months`` of the simulated periods, as a share of its revenue
    without the order: each business's ``weights`` (its revenue) times its bill of materials' output lost,
    time-weighted over the periods."""
    d = supply.data.sel(vendor=VENDOR)
    span = d["period_years"].values[:months]
    output = d["bill_output"].values[:, :months]  # (bill, period)
    kept = sum(
        w * float(np.average(output[BILLS.index(BILL_OF_MATERIALS[b])], weights=span))
        for b, w in weights.items()
    )
    return 1.0 - kept / sum(weights.values())


def zte_denial_rows() -> list[ValidationRow]:
    """ZTE's 2018 purchases (USD bn) and the denial order's revenue loss in 2018 (%)."""
    world = load_world()
    financials = load_tables()["financials"]
    network = world.network
    _, base = baseline_purchases(network, world.supply_parameters)
    v = network.vendors.index(VENDOR)
    bought = base[v] * network.purchased()[v]
    us_firms = np.array(network.firm_country) == "USA"
    rows = [
        ValidationRow(
            case=CASE,
            country="CHN",
            quantity="ZTE purchases 2018, USD bn (calibration target; its cost of sales, telecoms.com and "
            "Mobile World Live [B/C])",
            published=reported_figure(financials, "purchases", "WLD", 2018) / 1e9,
            ours=float(bought.sum()) / 1e9,
            tolerance=0.01,
        ),
        ValidationRow(
            case=CASE,
            country="USA",
            quantity="ZTE purchases from US firms 2018, USD bn (calibration target; 25-30% of components, "
            "Reuters [B/C])",
            published=reported_figure(financials, "purchases", "USA", 2018) / 1e9,
            ours=float(bought[us_firms].sum()) / 1e9,
            tolerance=0.01,
        ),
    ]
    weights = {
        b: reported_figure(financials, f"{b}_revenue", "WLD", 2018)
        for b in ("carrier", "consumer", "enterprise")
    }
    periods = make_periods("2018-01", "2018-12")
    params = world.supply_parameters
    own_stock = params.model_copy(update={"inventory_months": ZTE_STOCK_MONTHS, "class_inventory_months": {}})
    supply = simulate_supply(network, [DENIAL_ORDER], own_stock, periods=periods)
    fall = 1.0 - reported_figure(financials, "revenue", "WLD", 2018) / reported_figure(
        financials, "revenue", "WLD", 2017
    )
    half = 1.0 - FIRST_HALF_CNY_BN[0] / FIRST_HALF_CNY_BN[1]
    for label, published, months in (("2018 on 2017", fall, 12), ("first half of 2018 on 2017's", half, 6)):
        rows.append(
            ValidationRow(
                case=CASE,
                country="CHN",
                quantity=f"ZTE revenue fall {label} under the US denial order, % (check, not fitted; ZTE's "
                "results [A/B]; its one month of stock, Computing, Asia Times [B]; tolerance a third: "
                "customers lost and the restart are not modelled)",
                published=100.0 * published,
                ours=100.0 * revenue_lost(world, supply, weights, months),
                tolerance=100.0 * published / 3.0,
            )
        )
    at_defaults = simulate_supply(network, [DENIAL_ORDER], params, periods=periods)
    rows.append(
        ValidationRow(
            case=CASE,
            country="CHN",
            quantity="ZTE revenue fall 2018 under the denial order at the library's stock for a target that "
            f"does not stockpile ({params.inventory_months:g} months, supply.inventory_months), % "
            "(information)",
            published=None,
            ours=100.0 * revenue_lost(world, at_defaults, weights, 12),
            tolerance=0.0,
        )
    )
    return rows

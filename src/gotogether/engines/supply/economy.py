"""How an export control reaches the economy-wide trade model: trade-cost equivalents and a cost shock.

Notation of Caliendo and Parro (2015) (docs/trade-engine.md): importer n, exporter i, sector j, trade
elasticity theta^j. See docs/supply.md ("Into the trade engine") for where the inputs come from.

- **Trade-cost equivalent.** In Eaton-Kortum, blocking a share s of the goods exporter i sells to n in j
  removes that share of i's varieties there: i's trade share falls by the factor (1 - s) at given prices,
  which is the same as a trade-cost change ``kappa_hat = (1 - s)^(-1 / theta^j)``; s = 1 is prohibitive
  (``kappa_hat = inf``, which the trade engine accepts).
- **Controlled share of a flow.** The target vendor buys ``sigma^j = P_v^j / X_n^j`` of its country's
  purchases of sector-j goods; of what it buys from i, the control blocks ``b_i^j`` (the supply engine's
  blocked share). With design-out d (other buyers in n avoid the issuers' parts while the control is in
  force), the controlled share of the flow is ``s = sigma b + d b (1 - sigma b)`` for issuers, ``sigma b``
  for other exporters.
- **Cost shock on the target's sector.** A vendor that can build only F of its output with the same
  inputs, at a unit-cost multiplier c on its components, has productivity F / c; its sector's TFP,
  the output-weighted mean of its firms', changes by ``A_hat = 1 - omega (1 - F / c)`` with omega the
  vendor's share of the sector (first order in the firms' productivities).
- **The target's substitutes sold abroad.** A substitute sold to other vendors (its exports, once it is
  cheaper than the incumbents) is output of the target country's component sector made at the unit cost
  ``c = 1 + p`` (p < 0, its premium) of the item it displaces, at that item's price: the same formula with
  F = 1 and omega the exports' share of the sector's output, ``A_hat = 1 + omega (1 / c - 1)`` > 1.
"""

from __future__ import annotations

import numpy as np


def trade_cost_equivalent(controlled_share: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """``kappa_hat = (1 - s)^(-1/theta)`` (inf where s >= 1); ``theta`` broadcasts on the last axis."""
    share = np.clip(controlled_share, 0.0, 1.0)
    remaining = np.where(share >= 1.0, 1.0, 1.0 - share)
    kappa: np.ndarray = np.where(share >= 1.0, np.inf, remaining ** (-1.0 / theta))
    return kappa


def controlled_share(
    vendor_share: np.ndarray, blocked: np.ndarray, design_out: float, issuer: np.ndarray
) -> np.ndarray:
    """``s = sigma b`` plus, for exporters that issue the control, ``d b (1 - sigma b)`` (design-out).

    ``vendor_share`` (sigma) and ``blocked`` (b) broadcast together; ``issuer`` is True for the cells of
    exporters in the issuing coalition."""
    direct = np.clip(vendor_share * blocked, 0.0, 1.0)
    share: np.ndarray = direct + np.where(issuer, design_out * blocked * (1.0 - direct), 0.0)
    return share


def sector_productivity(
    feasible: np.ndarray, cost_multiplier: np.ndarray, sector_share: np.ndarray
) -> np.ndarray:
    """``A_hat = 1 - omega (1 - F / c)``: the TFP change of a sector in which a vendor with feasible output F
    and unit-cost multiplier c holds the share omega of output."""
    productivity: np.ndarray = 1.0 - sector_share * (1.0 - feasible / cost_multiplier)
    return productivity


def export_productivity(exports: np.ndarray, saving: np.ndarray, output: float) -> np.ndarray:
    """``A_hat = 1 - omega (1 - 1 / c)`` for a sector of output ``output`` (USD per year) whose substitutes
    sell ``exports`` (USD per year, at the displaced items' prices) for ``saving`` less than those items
    cost to make: omega = exports / output (capped at 1), c = 1 - saving / exports (1 where none sell)."""
    sold = np.maximum(exports, 0.0)
    cost = 1.0 - np.divide(saving, sold, out=np.zeros_like(sold, dtype=float), where=sold > 0.0)
    share = np.minimum(sold / output, 1.0) if output > 0.0 else np.zeros_like(sold, dtype=float)
    return sector_productivity(np.ones_like(cost), cost, share)

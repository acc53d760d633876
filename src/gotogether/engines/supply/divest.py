"""Divestitures: a share of a vendor's business line leaves it for a buyer no measure names.

For divestiture d of share ``s_d`` of vendor v's business b from its start, with ``cov_d(t)`` the part of
period t after the start, the divested share of the business is
``D[v, b, t] = 1 - prod_d (1 - s_d cov_d(t))``. The business buys the bill of materials
``BILL_OF_MATERIALS[b]``, which it may share with other businesses (the carrier and enterprise businesses
share the base station's), so the vendor keeps ``K[v, c, t] = 1 - sum_b D[v, b, t] r[v, b]`` of its need
of each class c of that bill, ``r[v, b]`` the business's share of the revenue of the businesses buying the
bill (1 for a vendor without reported business lines, which has only its carrier business). The vendor's
need and baseline purchases of each class are times K; what it holds stays with it (the supply engine sizes
its stock, substitution capacity and a listed foundry's output on the undivested need).

The buyer buys the rest, ``(1 - K) * baseline purchases``, from the same supplier lines at baseline (no
measure names it), except the vendor's own lines (its chip designer, its in-house items), which it cannot
buy from: their part goes to the class's independent lines in proportion to the vendor's baseline purchases
from them, or evenly to the independent lines it did not buy from where it bought none (Qualcomm's handset
processors for Honor's phones), and stays on the vendor's lines where the class has no independent line.

It reaches that volume along a ramp (Honor had to re-qualify and re-contract its suppliers after the sale):
it buys ``(1 - K_r) * baseline purchases``, ``K_r`` made as K with each ``s_d cov_d(t)`` replaced by
``s_d r_d(t)``, ``r_d`` the period's mean of ``clip((t - start_d) / R, 0, 1)`` and R the ramp-up
(``divestiture_ramp_months``; R = 0: ``r_d = cov_d``, full volume from the start). The part not yet
reached is lost to the suppliers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gotogether.engines.supply.measures import Divestiture
from gotogether.engines.supply.network import BILL_OF_MATERIALS, BILLS, BUSINESSES, ValueNetwork, by_class
from gotogether.engines.supply.reach import ramped


def divested_share(
    divestitures: Sequence[Divestiture],
    network: ValueNetwork,
    starts: np.ndarray,
    ends: np.ndarray,
    default: float,
    ramp_months: float = 0.0,
) -> np.ndarray:
    """(V, business, T): ``D``, the share of each vendor's business (``BUSINESSES``) divested in each period
    (``default``: the share of a divestiture that gives none); with ``ramp_months`` > 0, the share its
    buyers have reached along their ramp-up (module docstring)."""
    kept = np.ones((len(network.vendors), len(BUSINESSES), len(starts)))
    for divestiture in divestitures:
        share = default if divestiture.share is None else divestiture.share
        v = network.vendors.index(divestiture.vendor)
        b = BUSINESSES.index(divestiture.business)
        kept[v, b] *= 1.0 - share * ramped(divestiture.start, ramp_months, starts, ends)
    divested: np.ndarray = 1.0 - kept
    return divested


def business_weights(network: ValueNetwork) -> np.ndarray:
    """(V, B, C): ``r[v, b]`` where business b buys the bill of materials of class c, 0 where it does not
    (module docstring): what ``kept_share`` weighs the divested shares by, made once per network."""
    bill_of_class = network.class_bill  # (C,)
    weight = np.zeros((len(network.vendors), len(BUSINESSES)))  # r[v, b]
    for v, vendor in enumerate(network.vendors):
        lines = network.business_lines(vendor)
        revenue = np.array([lines.get(b, 0.0) for b in BUSINESSES])
        for bill in BILLS:
            on_bill = np.array([BILL_OF_MATERIALS[b] == bill for b in BUSINESSES])
            total = revenue[on_bill].sum()
            if total > 0:
                weight[v, on_bill] = revenue[on_bill] / total
    of_bill = np.array([[BILL_OF_MATERIALS[b] == BILLS[c] for c in bill_of_class] for b in BUSINESSES])
    weights: np.ndarray = weight[:, :, None] * of_bill[None, :, :]
    return weights


def kept_share(weights: np.ndarray, divested: np.ndarray) -> np.ndarray:
    """(V, C, T): ``K``, the share of its need of each class each vendor keeps (module docstring), from the
    divested shares ``divested`` (V, B, T) and the network's ``business_weights``."""
    kept: np.ndarray = 1.0 - np.einsum("vbt,vbc->vct", divested, weights)
    return kept


def buyer_purchases(cut: np.ndarray, base: np.ndarray, network: ValueNetwork) -> np.ndarray:
    """(V, L, T): what the buyers of each vendor's divested business buy from each line, USD per year
    (``cut``: (V, L, T) the vendor's baseline purchases it no longer makes; ``base``: (V, L) its baseline
    purchases), with the vendor's own lines' part moved to the class's independent lines (module
    docstring)."""
    V = len(network.vendors)
    onehot = np.eye(len(network.classes))[network.line_class]  # (L, C)
    own = network.affiliate[None, :] == np.arange(V)[:, None]  # (V, L)
    independent = np.broadcast_to(network.affiliate[None, :] < 0, own.shape)
    bought = base * independent
    # where the vendor bought from no independent line of a class, the class's independent lines evenly
    unused = (bought @ onehot <= 0.0)[:, network.line_class] & independent
    weight = np.where(unused, 1.0, bought)  # (V, L)
    per_class = weight @ onehot  # (V, C)
    has_other = per_class > 0.0
    split = np.divide(
        weight,
        per_class[:, network.line_class],
        out=np.zeros(weight.shape),
        where=has_other[:, network.line_class],
    )
    movable = own & has_other[:, network.line_class]  # (V, L): own lines whose part can move
    moved = by_class(cut * movable[:, :, None], onehot)  # (V, C, T)
    purchases: np.ndarray = cut * ~movable[:, :, None] + split[:, :, None] * moved[:, network.line_class, :]
    return purchases

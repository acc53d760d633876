"""Learning by vendor: Wright's law on each vendor's cumulative shipments, with spillovers between vendors.

Wright (1936): unit cost falls by the learning rate ``LR`` with every doubling of experience,

    lambda = ((E0 + X) / (E0 + X_ref)) ** log2(1 - LR)

(``E0`` the experience before the first shipment, ``X_ref`` the volume at which the 2020 cost holds).
Irwin and Klenow (1994, Journal of Political Economy 102(6)): a firm learns from its own cumulative output
and, less, from other firms' (about a third as much a unit in DRAMs). A vendor's experience is

    E[v] = X[v] + phi * sum_(u != v) Y[u]

with ``X[v]`` the 5G radio sites it delivered (new and replacement) and ``Y[u]`` the new sites the others
delivered: a replacement re-makes kit the world has already deployed, so it adds to its maker's experience
but spills nothing over (else a banned vendor would learn from the swap-out of its own kit); new sites that
rebuild removed kit the swap-out left waiting count as replacements too. The world's
prior and reference volumes are split between vendors like their first shipments in the baseline (``w``,
the shares of the sites delivered by the end of its first year with any, 2019: the model's reconstruction
of the deployments the 2020 prices were observed at; a scenario keeps its baseline's ``w``), so experience
is counted in world-equivalent sites,

    E~[v] = (X[v] + phi * sum_(u != v) Y[u]) / (w[v] + phi * sum_(u != v) w[u]),

and vendors that ship in proportion to ``w`` learn exactly like one world pool (the sector's curve, on the
world's new sites): every vendor's 2020 cost is the calibrated one. A vendor that loses markets learns
less; one that wins them learns more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from gotogether.engines.rollout.curves import Array


def wright_factor(volume: Array, prior: float, reference: float, rate: float) -> Array:
    """Cost relative to the reference volume's cost after cumulative ``volume`` (Wright's law)."""
    factor: Array = ((prior + volume) / (prior + reference)) ** np.log2(1.0 - rate)
    return factor


def spillover_matrix(
    vendors: Sequence[str], spillover: float, blocs: Mapping[str, str] | None = None
) -> Array:
    """Weights (V, V) of a unit of vendor u's new sites in vendor v's experience: ``spillover`` between
    two vendors, 0 on the diagonal (own shipments count once) and between vendors of two different
    ``blocs`` (vendor -> bloc; a vendor in no bloc keeps learning from every other)."""
    weights = np.full((len(vendors), len(vendors)), spillover)
    np.fill_diagonal(weights, 0.0)
    if blocs:
        bloc = [blocs.get(vendor) for vendor in vendors]
        for v, mine in enumerate(bloc):
            for u, theirs in enumerate(bloc):
                if mine is not None and theirs is not None and mine != theirs:
                    weights[v, u] = 0.0
    return weights


def shipment_mix(delivered: Array) -> Array | None:
    """Each vendor's share ``w`` (V) of the sites delivered (V, T) by the end of the first year with any;
    None when nothing was delivered."""
    cumulative = np.cumsum(delivered, axis=1)
    shipping = np.flatnonzero(cumulative.sum(axis=0) > 0)
    if shipping.size == 0:
        return None
    first = cumulative[:, shipping[0]]
    mix: Array = first / first.sum()
    return mix


def vendor_experience(shipped: Array, shipped_new: Array, spillover: Array, normaliser: Array) -> Array:
    """World-equivalent experience (V): own shipments (new and replacement) plus the spillover from the
    others' new sites, over the vendor's ``normaliser`` (``experience_normaliser``). A
    vendor with a zero normaliser (no first shipments and no spillover) follows the world's new sites."""
    world = np.full(shipped.shape, shipped_new.sum())
    experience: Array = np.divide(
        shipped + spillover @ shipped_new, normaliser, out=world, where=normaliser > 0
    )
    return experience


def experience_normaliser(mix: Array | None, spillover: Array) -> Array:
    """``w + spillover @ w`` (V) for the vendors' first shipments ``w`` (ones before any shipment, when
    every experience is 0)."""
    if mix is None:
        return np.ones(spillover.shape[0])
    normaliser: Array = mix + spillover @ mix
    return normaliser

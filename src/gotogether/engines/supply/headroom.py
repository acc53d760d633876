"""Headroom for orders above a vendor's baseline: the share of its suppliers' spare capacity left to it.

The supply engine's feasible output ``F <= 1`` says how much of its own baseline a vendor can build; a
vendor that takes a short rival's sites needs more chips than its baseline, from the same lines. Every
line l has spare capacity ``s * out[l]`` above its baseline output ``out[l] = sum_v base[v, l]`` (``s`` the
``spare_capacity`` parameter, the spare the engine's alternatives draw on; ``out`` includes what the buyers of
divested businesses buy at full volume, as the alternatives' spare does: a divestiture moves orders
between buyers of a line, not its capacity). Extra orders go to each
vendor's own suppliers in proportion to its baseline purchases, so without a shock vendor v can order
``s`` more of each class. A shock takes, per unit of line l's baseline output,

    g[l] = min(s, s * lost[l] + (served[l] - freed[l]) / out[l]),

the spare of the capacity lost (``lost``: a disruption's loss of the line, the same for every buyer, so
TSMC's loss counts for everyone) and the spare the alternatives already took (``served``: every vendor's
orders covering its shortfall), less the capacity an export control frees at the line
(``freed[l] = sum_v base[v, l] * (blocked[v, l] - lost[l])``: the target's lost purchases; g < 0 where
that is more than the others take). Per class c of the carrier bill (the base station's, what the rollout
builds), the vendor loses the share of its need

    gone[v, c] = (sum_{l in c} base[v, l] * (g[l] + (s - g[l]) * control[v, l]) + deficit[v, c]) / need[v, c]

(``control``: the share of the line an export control closes to it; ``deficit = max(0, short - alt -
sub)``: its own baseline that neither alternatives nor substitutes cover, which it meets from stock, and
stock kept for its baseline is not there for extra orders). The headroom is the share of ``s`` it keeps
on the class that binds: ``headroom[v] = min_c clip(1 - gone[v, c] / s, 0, 1)`` (with ``s = 0``: 1 where
nothing is gone, else 0). No shock gives exactly 1; continuous in the shock; a vendor short of its own
baseline (``F < 1``) keeps at most ``1 - (1 - F) / s``.
"""

from __future__ import annotations

import numpy as np

from gotogether.engines.supply.network import by_class

TINY = 1e-12


def supplier_headroom(
    *,
    base: np.ndarray,
    output: np.ndarray,
    need: np.ndarray,
    lost: np.ndarray,
    control: np.ndarray,
    blocked: np.ndarray,
    served: np.ndarray,
    deficit: np.ndarray,
    onehot: np.ndarray,
    carrier: np.ndarray,
    spare: float,
) -> np.ndarray:
    """(V, T) share of the suppliers' spare capacity each vendor keeps for orders above its baseline (see
    the module docstring): ``base`` (V, L, T) baseline purchases and ``need`` (V, C, T) need, USD per year;
    ``output`` (L, T) each line's baseline output (``out``: every vendor's purchases and its buyers');
    ``lost`` (L, T) capacity a disruption takes; ``control`` (V, L, T) share of the line closed to the
    vendor by export controls (``blocked``: by controls and disruptions, the larger); ``served`` (L, T)
    the alternatives' sales, USD per year; ``deficit`` (V, C, T) need that flows do not cover; ``onehot``
    (L, C) each line's class; ``carrier`` (C,) the classes of the carrier bill."""
    out = output
    freed = np.einsum("vlt,vlt->lt", base, blocked - lost[None, :, :])
    taken = np.divide(served - freed, out, out=np.zeros_like(served), where=out > TINY)
    gap = np.minimum(spare, spare * lost + taken)  # (L, T)
    per_line = base * (gap[None, :, :] + (spare - gap)[None, :, :] * control)
    gone_usd = by_class(per_line, onehot) + deficit
    gone = np.divide(gone_usd, need, out=np.zeros_like(need), where=need > TINY)
    kept = 1.0 - np.clip(gone, 0.0, spare) / spare if spare > 0 else (gone <= 0.0).astype(float)
    counted = carrier[None, :, None] & (need > TINY)
    headroom: np.ndarray = np.where(counted, kept, 1.0).min(axis=1)
    return headroom

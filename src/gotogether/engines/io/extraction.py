"""Hypothetical extraction: remove a set of input-output links and recompute gross output.

A link is a flow from a supplying country-sector to a buyer. ``Links`` names a set of them by regions and
sectors on each side, e.g. every flow of WIOD's c14 "Electrical and optical equipment" from China to the
USA: ``Links(from_regions="CHN", from_sectors="c14", to_regions="USA")``. Extraction sets the technical
coefficients of those links to zero (the buyers no longer use those inputs, and do not replace them) and,
with ``final_demand=True``, also the final demand of the destination regions for the origin's products
(every final-demand category; final demand has no buying sector, so ``to_sectors`` does not restrict it).
Output after extraction is x* = (I - A*)^-1 y*; the loss x - x* is compared with the model's own baseline
x = L y (equal to the table's x for a balanced table), in the unit of the table.

With non-negative coefficients and demand, extraction never raises any sector's output (L* <= L
element-wise). Removing links in r distinct supplying rows changes I - A by a rank-r matrix, so the
baseline factorisation is reused through the Woodbury identity when r <= n / 4 (r + 1 solves and an r x r
system instead of a new factorisation); otherwise I - A* is factorised afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import scipy.linalg

from gotogether.dims import REGION, SECTOR
from gotogether.engines.io.labels import aligned, buyer_regions, check_square
from gotogether.engines.io.solver import LeontiefSolver
from gotogether.errors import InputError

Names = str | Sequence[str] | None


def _as_tuple(names: Names) -> tuple[str, ...] | None:
    if names is None:
        return None
    return (names,) if isinstance(names, str) else tuple(names)


@dataclass(frozen=True, init=False)
class Links:
    """A set of flows: from (``from_regions`` x ``from_sectors``) to (``to_regions`` x ``to_sectors``).

    Each field is a code, a list of codes or None (meaning all). Codes are the table's region and sector
    codes (WIOD: ISO3 countries and "RoW", industries c1..c35).
    """

    from_regions: tuple[str, ...] | None
    from_sectors: tuple[str, ...] | None
    to_regions: tuple[str, ...] | None
    to_sectors: tuple[str, ...] | None

    def __init__(
        self,
        *,
        from_regions: Names = None,
        from_sectors: Names = None,
        to_regions: Names = None,
        to_sectors: Names = None,
    ) -> None:
        object.__setattr__(self, "from_regions", _as_tuple(from_regions))
        object.__setattr__(self, "from_sectors", _as_tuple(from_sectors))
        object.__setattr__(self, "to_regions", _as_tuple(to_regions))
        object.__setattr__(self, "to_sectors", _as_tuple(to_sectors))


def _matching(level: pd.Index, wanted: tuple[str, ...] | None, field: str) -> np.ndarray:
    """Boolean mask of the entries of ``level`` named in ``wanted`` (all when None); unknown codes raise."""
    if wanted is None:
        return np.ones(len(level), dtype=bool)
    known = set(level)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise InputError(
            f"unknown code(s) {unknown}",
            location=f"Links.{field}",
            expected=f"codes of the table, e.g. {sorted(known)[:5]}",
        )
    return np.asarray(level.isin(wanted))


def _positions(
    index: pd.Index, regions: tuple[str, ...] | None, sectors: tuple[str, ...] | None, side: str
) -> np.ndarray:
    regions_mask = _matching(index.get_level_values(REGION), regions, f"{side}_regions")
    sectors_mask = _matching(index.get_level_values(SECTOR), sectors, f"{side}_sectors")
    return np.flatnonzero(regions_mask & sectors_mask)


def _removed_coefficients(
    a: np.ndarray, labels: pd.Index, links: Sequence[Links]
) -> tuple[np.ndarray, np.ndarray]:
    """The supplying rows touched and, for each, the coefficients removed (zeros elsewhere): A - A* = E V'."""
    cells = [
        (
            _positions(labels, link.from_regions, link.from_sectors, "from"),
            _positions(labels, link.to_regions, link.to_sectors, "to"),
        )
        for link in links
    ]
    rows = np.unique(np.concatenate([r for r, _ in cells])) if cells else np.zeros(0, dtype=int)
    removed = np.zeros((len(rows), len(labels)))
    for origin, destination in cells:
        at = np.searchsorted(rows, origin)
        removed[np.ix_(at, destination)] = a[np.ix_(origin, destination)]
    return rows, removed


def _extracted_final_demand(Y: pd.DataFrame, labels: pd.Index, links: Sequence[Links]) -> np.ndarray:
    final = aligned(Y, labels, "Y")
    kept = np.ones(final.shape, dtype=bool)
    buyers = buyer_regions(Y)
    for link in links:
        origin = _positions(labels, link.from_regions, link.from_sectors, "from")
        kept[np.ix_(origin, np.flatnonzero(_matching(buyers, link.to_regions, "to_regions")))] = False
    demand: np.ndarray = np.where(kept, final, 0.0).sum(axis=1)
    return demand


def hypothetical_extraction(
    A: pd.DataFrame,
    Y: pd.DataFrame,
    links: Links | Sequence[Links],
    *,
    final_demand: bool = True,
    leontief: LeontiefSolver | None = None,
    method: Literal["auto", "update", "refactorise"] = "auto",
) -> pd.DataFrame:
    """Gross output before and after removing ``links``, by (region, sector), in the unit of ``Y``.

    ``A``: technical coefficients (``calc_A``); ``Y``: final demand with columns (region, category);
    ``leontief``: the solver of ``A`` if already built (reused, not modified). ``method`` forces the
    Woodbury update or a new factorisation (``auto``: the rule in the module docstring). Columns:
    ``baseline`` (x = L y), ``extracted`` (x*), ``loss`` (x - x*) and ``loss_share`` (loss / baseline, 0
    where the baseline is 0).
    """
    labels = check_square(A, "A")
    links = [links] if isinstance(links, Links) else list(links)
    leontief = leontief if leontief is not None else LeontiefSolver(A)
    y = pd.Series(aligned(Y, labels, "Y").sum(axis=1), index=labels)
    y_extracted = pd.Series(_extracted_final_demand(Y, labels, links) if final_demand else y, index=labels)
    baseline = leontief.solve(y).to_numpy()
    a = aligned(A, labels, "A")
    rows, removed = _removed_coefficients(a, labels, links)
    use_update = method == "update" or (method == "auto" and len(rows) <= len(labels) // 4)
    if use_update:
        # Woodbury: (K + E V')^-1 = K^-1 - K^-1 E (I + V' K^-1 E)^-1 V' K^-1, with K = I - A.
        extracted = leontief.solve(y_extracted).to_numpy()
        if len(rows):
            through_rows = leontief.columns(labels[rows]).to_numpy()
            capacitance = np.eye(len(rows)) + removed @ through_rows
            extracted = extracted - through_rows @ scipy.linalg.solve(capacitance, removed @ extracted)
    else:
        a_extracted = a.copy()
        a_extracted[rows, :] -= removed
        refactorised = LeontiefSolver(pd.DataFrame(a_extracted, index=labels, columns=labels))
        extracted = refactorised.solve(y_extracted).to_numpy()
    loss = baseline - extracted
    share = np.divide(loss, baseline, out=np.zeros_like(loss), where=baseline != 0)
    return pd.DataFrame(
        {"baseline": baseline, "extracted": extracted, "loss": loss, "loss_share": share}, index=labels
    )

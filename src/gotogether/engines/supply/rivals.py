"""Rivals: what a vendor cannot build or sell is bought from its rivals, whose suppliers gain.

Two businesses have rivals (``ValueNetwork.handset_rivals`` and ``enterprise_rivals``): the consumer
business's handsets and the enterprise business's network equipment (switches, routers, WLAN). A vendor's
lost purchases of a business in period t are the bill of materials of what neither it nor the buyer of a
divested part sells (``lost_purchases``):
``L[v, t] = r[v] (g[v, t] n[v] dt (1 - K[v, t] F[v, t]) - P[v, t])``, with ``n[v]`` the baseline need of
the business's bill (USD per year; the enterprise business shares the base station's with the carrier
business), ``r[v]`` the business's share of the revenue of the businesses buying the bill (1 for the
handset's), g the bill's business index, K the share of the bill's need the vendor keeps, F the bill's
feasible output and P what the buyers of divested parts buy of it in the period (on their ramp-up: the part
not yet reached is lost too). Without a measure F = K = 1 and P = 0, so L = 0.

The rivals take the share ``delta`` of it (``handset_diversion_share``, ``enterprise_diversion_share``:
part of the lost sales is not replaced within the period, buyers waiting for the vendor's products), rival r
its diversion weight ``w[v, r] = sum_m (s[v, m] / s[v]) (s[r, m] / sum_r' s[r', m])``: the markets m (China,
the rest of the world) weighted by the vendor's own 2019 sales in them, each market's lost sales split among
the rivals by their 2019 sales there (handsets: shipments; enterprise: shares of the market's revenue). A
rival's product replacing the vendor's carries the same bill of materials value (an approximation), bought
from the firms of the rival's bill ``b[r, f]``: ``R[f, t] = delta sum_{v, r} L[v, t] w[v, r] b[r, f]``, so
that the rivals' purchases sum to ``delta L``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gotogether.errors import DataConsistencyError

OWN = "own"
"""The ``bill`` of a vendor's own row in a rivals table (its sales weigh the markets)."""


@dataclass(frozen=True)
class Rivals:
    """The rivals of vendors' business (R rivals, F supplier firms of their bills).

    ``diversion[vendor]`` (R,) is each rival's share of the vendor's lost sales (summing to 1); ``bill``
    (R, F) the share of each rival's bill of materials bought from each firm (rows sum to 1)."""

    rivals: tuple[str, ...]
    firms: tuple[str, ...]
    firm_country: tuple[str, ...]
    made_in: tuple[str, ...]
    bill: np.ndarray
    diversion: Mapping[str, np.ndarray]

    @classmethod
    def from_tables(
        cls,
        rivals: pd.DataFrame,
        bills: pd.DataFrame,
        value: str = "shipments",
        table: str = "handset_rivals",
    ) -> Rivals:
        """From a rivals table (``table``: ``handset_rivals``, whose sales column ``value`` is shipments, or
        ``enterprise_rivals``, whose is share) and the ``rival_bills`` table (see ``valuenet/schema.csv``)."""
        names = tuple(dict.fromkeys(rivals.loc[rivals["bill"] != OWN, "rival"]))
        # on the columns' arrays (a draw builds the rivals from its drawn rows), each bill's rows added in
        # the table's order
        firm, country, made_in = (bills[column].to_numpy() for column in ("firm", "firm_country", "made_in"))
        keys = list(dict.fromkeys(zip(firm, country, made_in, strict=True)))
        firm_of = {key: k for k, key in enumerate(keys)}
        by_bill: dict[str, np.ndarray] = {}
        for bill, *key, share in zip(
            bills["bill"].to_numpy(), firm, country, made_in, bills["share"], strict=True
        ):
            shares = by_bill.setdefault(str(bill), np.zeros(len(keys)))
            shares[firm_of[tuple(key)]] += float(share)
        bill_of: dict[str, str] = {}
        for rival, bill in zip(rivals["rival"].to_numpy(), rivals["bill"].to_numpy(), strict=True):
            if bill == OWN:
                continue
            if bill_of.setdefault(str(rival), str(bill)) != bill:
                raise DataConsistencyError(
                    f"rival {rival!r} buys two bills of materials ({bill_of[str(rival)]}, {bill})",
                    source=f"{table} table",
                    expected="one bill per rival in every market",
                )
        by_vendor = rivals.groupby("vendor", sort=False)
        diversion = {str(vendor): diversion_weights(rows, names, value, table) for vendor, rows in by_vendor}
        return cls(
            rivals=names,
            firms=tuple(key[0] for key in keys),
            firm_country=tuple(key[1] for key in keys),
            made_in=tuple(key[2] for key in keys),
            bill=np.array([by_bill[bill_of[name]] for name in names]).reshape(len(names), len(keys)),
            diversion=diversion,
        )

    def weights_of(self, vendors: Sequence[str]) -> np.ndarray:
        """(V, R) each of ``vendors``' diversion weights over the rivals (zero for a vendor without rows)."""
        none = np.zeros(len(self.rivals))
        return np.stack([self.diversion.get(vendor, none) for vendor in vendors])


def diversion_weights(
    rows: pd.DataFrame, rivals: tuple[str, ...], value: str = "shipments", table: str = "handset_rivals"
) -> np.ndarray:
    """(R,) ``w[v, r]`` of the module docstring from one vendor's rows of a rivals table (``table``, its
    sales in column ``value``): its own sales by market (``bill`` = own) weigh the markets, the rivals' split
    each market."""
    # on the columns' arrays (a draw builds the rivals from its drawn rows): each market's sums add the
    # rows in the table's order, as pandas' sums do
    is_own = (rows["bill"] == OWN).to_numpy()
    market, rival = rows["market"].to_numpy(), rows["rival"].to_numpy()
    sales = rows[value].to_numpy(dtype=float)
    markets = sorted(set(market[is_own]))  # in the order of a groupby's keys
    own = np.array([sales[is_own & (market == each)].sum() for each in markets])
    if own.sum() <= 0.0:
        raise DataConsistencyError(
            f"vendor {rows['vendor'].iloc[0]!r} has no {value} of its own in the {table} table",
            source=f"{table} table",
            expected=f"a row with bill = own and {value} > 0 in at least one market",
        )
    weights = np.zeros(len(rivals))
    for each, shipped in zip(markets, own, strict=True):
        others = (market == each) & ~is_own
        total = float(sales[others].sum())
        if total <= 0.0:
            raise DataConsistencyError(
                f"no rival sells in market {each!r}, where the vendor does",
                source=f"{table} table",
                expected=f"rivals' {value} in every market of the vendor's own rows",
            )
        for name, sold in zip(rival[others], sales[others], strict=True):
            weights[rivals.index(name)] += float(shipped) / float(own.sum()) * float(sold) / total
    return weights


def lost_purchases(
    bill_need: np.ndarray,
    growth: np.ndarray,
    period_years: np.ndarray,
    kept: np.ndarray,
    feasible: np.ndarray,
    buyer: np.ndarray,
    business_share: np.ndarray,
) -> np.ndarray:
    """(V, T) ``L`` of the module docstring, USD per period, from the bill's baseline need ``bill_need``
    (V,) USD per year, its business index ``growth`` (V, T), ``period_years`` (T,), the share of the bill's
    need kept ``kept`` (V, T), its feasible output ``feasible`` (V, T), the buyers' purchases of its classes
    ``buyer`` (V, T) USD per period and the business's share of the bill ``business_share`` (V,) (at least
    zero)."""
    whole = bill_need[:, None] * growth * period_years[None, :]
    lost: np.ndarray = business_share[:, None] * np.maximum(whole * (1.0 - kept * feasible) - buyer, 0.0)
    return lost


def rival_purchases(lost: np.ndarray, weights: np.ndarray, bill: np.ndarray, share: float) -> np.ndarray:
    """(F, T) ``R`` of the module docstring, USD per period: the rivals' extra purchases from each firm of
    their bills, from the vendors' lost purchases ``lost`` (V, T), their diversion weights ``weights``
    (V, R), the rivals' bills ``bill`` (R, F) and the diversion share ``share``."""
    purchases: np.ndarray = share * np.einsum("vt,vr,rf->ft", lost, weights, bill)
    return purchases

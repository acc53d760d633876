"""The value network as arrays the supply engine computes on: vendors, component classes, supplier lines.

A supplier *line* is one firm's item of one component class (its firm country, where it is made and by
which process). ``share[v, l]`` is the share of vendor v's baseline purchases of the line's class bought
from line l. Rows of the ``suppliers`` table with ``vendor = *`` apply to every vendor that has no rows
of its own for that class; ``firm = in-house`` becomes one line per vendor, owned by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from gotogether.engines.supply.assembly import RivalAssembly
from gotogether.engines.supply.rivals import Rivals
from gotogether.errors import DataConsistencyError

IN_HOUSE = "in-house"
BUSINESSES = ("carrier", "consumer", "enterprise")
"""A vendor's business lines (``financials`` items ``<business>_revenue``)."""
BILL_OF_MATERIALS = {"carrier": "carrier", "consumer": "consumer", "enterprise": "carrier"}
"""Business line -> the bill of materials (``component_classes.business``) it buys: the enterprise business
(servers, switches, storage) has no sourced bill of its own, so the base station's stands for it."""
BILLS = ("carrier", "consumer")
"""The bills of materials (``component_classes.business``): each is built, or short, on its own classes."""
PURCHASES_YEAR = 2018
"""The year of reported purchases that sizes a vendor's whole business: the last one before a control."""


def by_class(values: np.ndarray, onehot: np.ndarray) -> np.ndarray:
    """(V, C, T): ``values`` (V, L, T) summed over each class's lines, ``onehot`` (L, C) each line's class
    (or any one-hot grouping of the lines: their origins).

    The sum is ``einsum("vlt,lc->vct", values, onehot)`` to the last bit (each class's lines added in line
    order), without the einsum's products with the zeros of ``onehot``: the j-th lines of every class are
    added in one step, as many steps as the largest class has lines (a third of the einsum's time)."""
    line_class = onehot.argmax(axis=1)
    order = np.argsort(line_class, kind="stable")
    first = np.searchsorted(line_class[order], line_class[order])  # where each line's class starts
    rank = np.arange(len(order)) - first  # each line's place among its class's lines
    sums = np.zeros((values.shape[0], onehot.shape[1], values.shape[2]))
    for j in range(int(rank.max(initial=-1)) + 1):
        lines = order[rank == j]
        sums[:, line_class[lines], :] += values[:, lines, :]
    return sums


RIVAL_TABLES = ("handset_rivals", "enterprise_rivals", "rival_bills", "rival_assembly")
"""The tables ``ValueNetwork.with_rivals`` reads."""


@dataclass(frozen=True)
class ShareRows:
    """Where the rows of the ``suppliers`` table go in the share matrix (V, L): its k-th entry adds the
    share of table row ``row[k]`` to ``share[vendor[k], line[k]]`` (a ``vendor = *`` row has one entry per
    vendor without rows of its own for the class), in the order ``ValueNetwork.from_tables`` adds them."""

    vendor: np.ndarray  # (E,) index into vendors
    line: np.ndarray  # (E,) index into lines
    row: np.ndarray  # (E,) position in the suppliers table
    rows: int  # the table's rows
    shape: tuple[int, int]  # (V, L)

    def matrix(self, shares: np.ndarray) -> np.ndarray:
        """(V, L) the share matrix of the table's ``share`` column ``shares`` (rows,)."""
        if shares.shape != (self.rows,):
            raise ValueError(f"{shares.shape[0]} shares for a suppliers table of {self.rows} rows")
        share = np.zeros(self.shape)
        np.add.at(share, (self.vendor, self.line), shares[self.row])
        return share


@dataclass(frozen=True)
class ValueNetwork:
    """Arrays of the 5G value network (V vendors, C classes, L lines, K countries, T technologies).

    Monetary flows are in USD per year at baseline (``revenue`` and everything derived from it).
    """

    vendors: tuple[str, ...]
    vendor_country: tuple[str, ...]
    revenue: np.ndarray  # (V,) baseline RAN revenue, USD per year
    classes: tuple[str, ...]
    cost_share: np.ndarray  # (C,) share of the bill of materials
    substitution_midpoint_years: np.ndarray  # (C,)
    substitute_premium: np.ndarray  # (C,)
    firm: tuple[str, ...]  # (L,)
    firm_country: tuple[str, ...]  # (L,)
    made_in: tuple[str, ...]  # (L,)
    line_class: np.ndarray  # (L,) index into classes
    affiliate: np.ndarray  # (L,) index of the owning vendor, -1 if independent
    share: np.ndarray  # (V, L)
    technologies: tuple[str, ...]
    content: np.ndarray  # (L, T) share of the line's item value that is technology t
    countries: tuple[str, ...]
    tech_share: np.ndarray  # (T, K) country k's share of the world supply of technology t
    class_sector: tuple[str, ...] = ()  # (C,) trade sector of each class ("none": not goods); () unknown
    purchases: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """Reported yearly purchases of a vendor's whole business before any control, USD: (vendor, country)
    -> value, country ``WLD`` for all suppliers (see ``whole_business``)."""
    firm_purchases: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(vendor, firm) -> the vendor's yearly purchases from the firm's lines, USD, from the firm's reported
    share of revenue from the vendor (calibrates the mix within the firm's country group): in the year
    ``firm_purchases_year`` gives, else at the vendor's business of ``PURCHASES_YEAR``."""
    firm_purchases_year: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """(vendor, firm) -> the year of the ``firm_purchases`` figure (the firm's revenue share's)."""
    class_ceiling: np.ndarray | None = None
    """(C,) share of the target's own need of each class a domestic substitute can meet within the horizon
    (below 1 where a technology cannot be replaced, e.g. leading-edge lithography); None: 1 for all."""
    business_revenue: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(vendor, business) -> reported yearly revenue of its carrier, consumer and enterprise businesses,
    USD (the latest reported year); each buys its own bill of materials (``BILL_OF_MATERIALS``)."""
    equipment_share: Mapping[str, float] = field(default_factory=dict)
    """Vendor -> its share of the world telecom-equipment market (the latest reported year)."""
    rival_assembly: RivalAssembly | None = None
    """Where the handset rivals assemble their phones (``engines.supply.assembly``); None: no assembly
    counted (tables without it, or without handset rivals)."""
    class_business: tuple[str, ...] = ()
    """(C,) the business whose bill of materials each class belongs to (``carrier``: the base station's,
    ``consumer``: the handset's; ``cost_share`` is the class's share of that bill); () all carrier."""
    business_index: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(vendor, year) -> the vendor's reported revenue of the year over that of ``PURCHASES_YEAR``, for
    vendors whose whole business is sized on reported purchases: their purchases grow with their business
    (see ``growth``)."""
    business_line_revenue: Mapping[tuple[str, str, int], float] = field(default_factory=dict)
    """(vendor, business, year) -> reported revenue of the business in the year, USD, for the vendors whose
    whole business is sized on reported purchases: from ``PURCHASES_YEAR`` on, each business's need follows
    its own revenue (``class_growth``) and the purchases of that year are split on that year's businesses
    (``business_profile``)."""
    handset_rivals: Rivals | None = None
    """The rivals that take the handset sales a vendor loses, and their bills of materials
    (``engines.supply.rivals``); None: no rival gains (tables without them)."""
    enterprise_rivals: Rivals | None = None
    """The rivals that take the enterprise sales (network equipment) a vendor loses, and their bills of
    materials (``engines.supply.rivals``); None: no rival gains (tables without them)."""
    share_rows: ShareRows | None = None
    """Where each row of the ``suppliers`` table goes in ``share`` (``with_supplier_shares``); None: a
    network not made from the table."""

    @property
    def class_businesses(self) -> tuple[str, ...]:
        """(C,) ``class_business``: every class the carrier bill's when it is not given."""
        return self.class_business or ("carrier",) * len(self.classes)

    def business_lines(self, vendor: str) -> dict[str, float]:
        """Business -> the vendor's yearly revenue of it, USD (``business_revenue``): a vendor without
        reported business lines has only its carrier business (revenue 1, a weight)."""
        return {b: x for (v, b), x in self.business_revenue.items() if v == vendor} or {"carrier": 1.0}

    @property
    def ran_cost_share(self) -> np.ndarray:
        """(C,) each class's share of the base station's bill of materials (0 for other businesses')."""
        carrier: np.ndarray = self.cost_share * (np.array(self.class_businesses) == "carrier")
        return carrier

    @property
    def class_bill(self) -> np.ndarray:
        """(C,) index into ``BILLS`` of the bill of materials each class belongs to."""
        return np.array([BILLS.index(b) for b in self.class_businesses])

    def business_profile(self, vendor: str) -> np.ndarray | None:
        """(C,) the vendor's purchases by class before sizing, for a vendor with reported business lines:
        each business's revenue (of ``PURCHASES_YEAR`` where reported, the year whose purchases size it;
        else the latest) times its bill of materials' cost shares (``BILL_OF_MATERIALS``), summed; None for
        a vendor without reported business lines."""
        revenue = self._sizing_revenue(vendor) or {
            b: x for (v, b), x in self.business_revenue.items() if v == vendor
        }
        if not revenue:
            return None
        business = np.array(self.class_businesses)
        profile = np.zeros(len(self.classes))
        for name, value in revenue.items():
            profile += value * self.cost_share * (business == BILL_OF_MATERIALS[name])
        return profile

    def _sizing_revenue(self, vendor: str) -> dict[str, float]:
        """Business -> the vendor's revenue of it in ``PURCHASES_YEAR`` (empty when not reported)."""
        return {
            b: x for (v, b, y), x in self.business_line_revenue.items() if v == vendor and y == PURCHASES_YEAR
        }

    def class_growth(self, years: np.ndarray) -> np.ndarray:
        """(V, C, T) each vendor's need of each class in each of ``years`` over that of ``PURCHASES_YEAR``.

        For a vendor with business revenues reported in ``PURCHASES_YEAR`` (``business_line_revenue``),
        each business's index is its revenue of the year over that of ``PURCHASES_YEAR`` (held at the
        latest reported year after it, 1 before), and a class's index is the mean of the indices of the
        businesses that buy its bill of materials, weighted by their revenue of ``PURCHASES_YEAR`` (the
        carrier and enterprise businesses share the base station's): each business's need follows its own
        sales. Otherwise every class follows the vendor's whole business (``growth``)."""
        out = np.repeat(self.growth(years)[:, None, :], len(self.classes), axis=1)
        bills = self.class_businesses
        for v, vendor in enumerate(self.vendors):
            base = self._sizing_revenue(vendor)
            if not base:
                continue
            for bill in set(bills):
                buyers = [b for b in base if BILL_OF_MATERIALS[b] == bill]
                weight = sum(base[b] for b in buyers)
                if weight <= 0.0:
                    continue
                index = np.zeros(len(years))
                for business in buyers:
                    index += base[business] / weight * self._business_path(vendor, business, years)
                out[v, [c for c, b in enumerate(bills) if b == bill], :] = index
        return out

    def _business_path(self, vendor: str, business: str, years: np.ndarray) -> np.ndarray:
        """(T,) the business's revenue in each of ``years`` over that of ``PURCHASES_YEAR`` (held at the
        latest reported year after it, 1 before ``PURCHASES_YEAR``'s)."""
        base = self.business_line_revenue[(vendor, business, PURCHASES_YEAR)]
        path = np.ones(len(years))
        for (w, b, year), revenue in sorted(self.business_line_revenue.items(), key=lambda item: item[0][2]):
            if w == vendor and b == business and year >= PURCHASES_YEAR:
                path[years >= year] = revenue / base
        return path

    @property
    def firms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.firm))

    def country_mask(self, names: set[str]) -> np.ndarray:
        """Boolean (K,) mask of the countries in ``names``."""
        return np.array([c in names for c in self.countries])

    @classmethod
    def from_tables(cls, tables: Mapping[str, pd.DataFrame], *, base_year: int = 2020) -> ValueNetwork:
        """Build from the value-network tables (see ``gotogether.data.valuenet``); revenue is the RAN
        market of ``base_year`` times each vendor's global share that year."""
        vendors_t = tables["vendors"]
        vendors = tuple(vendors_t["vendor"])
        home = dict(zip(vendors_t["vendor"], vendors_t["home_country"], strict=True))
        revenue = _vendor_revenue(tables, vendors, base_year)
        classes_t = tables["component_classes"]
        classes = tuple(classes_t["component_class"])
        responses = tables["class_responses"].pivot_table(
            index="component_class", columns="parameter", values="value", aggfunc="first"
        )
        responses = responses.reindex(list(classes))
        suppliers = tables["suppliers"]
        lines = _expand_lines(suppliers.assign(table_row=np.arange(len(suppliers))), vendors, home)
        line_keys = list(zip(lines["firm"], lines["component_class"], strict=True))
        keys = list(dict.fromkeys(line_keys))
        index = {key: i for i, key in enumerate(keys)}
        first = lines.drop_duplicates(["firm", "component_class"]).set_index(["firm", "component_class"])
        first = first.loc[keys]
        vendor_pos = {v: i for i, v in enumerate(vendors)}
        share_rows = ShareRows(
            vendor=np.array([vendor_pos[vendor] for vendor in lines["vendor"]], dtype=int),
            line=np.array([index[key] for key in line_keys], dtype=int),
            row=lines["table_row"].to_numpy(),
            rows=len(suppliers),
            shape=(len(vendors), len(keys)),
        )
        providers = tables["technology_providers"]
        technologies = tuple(dict.fromkeys(providers["technology"]))
        countries = tuple(
            sorted(
                set(providers["country"])
                | set(first["firm_country"])
                | set(first["made_in"])
                | set(home.values())
            )
        )
        tech_share = (
            providers.pivot_table(index="technology", columns="country", values="share", aggfunc="sum")
            .reindex(index=list(technologies), columns=list(countries))
            .fillna(0.0)
            .to_numpy()
        )
        needs = tables["process_technologies"].pivot_table(
            index="process", columns="technology", values="content_share", aggfunc="sum"
        )
        content = (
            needs.reindex(index=list(first["process"]), columns=list(technologies)).fillna(0.0).to_numpy()
        )
        affiliate = np.array([vendor_pos.get(a, -1) for a in first["affiliate_of"]])
        class_pos = {c: i for i, c in enumerate(classes)}
        financials = tables.get(
            "financials", pd.DataFrame(columns=["firm", "item", "counterpart", "year", "value"])
        )
        bought = financials[(financials["item"] == "purchases") & (financials["year"] == PURCHASES_YEAR)]
        business_index = _business_index(financials, vendor_pos)
        firm_purchases = _firm_purchases(financials, vendor_pos)
        by_year = financials[financials["item"].isin([f"{b}_revenue" for b in BUSINESSES])]
        lines = by_year.sort_values("year", kind="stable").drop_duplicates(["firm", "item"], keep="last")
        sized = set(bought["firm"]) & set(vendor_pos)
        held = financials[financials["item"] == "telecom_equipment_share"]
        held = held.sort_values("year").drop_duplicates("firm", keep="last")
        return cls(
            vendors=vendors,
            vendor_country=tuple(home[v] for v in vendors),
            revenue=revenue,
            classes=classes,
            cost_share=classes_t["cost_share"].to_numpy(dtype=float),
            substitution_midpoint_years=responses["substitution_midpoint_years"].to_numpy(dtype=float),
            substitute_premium=responses["substitute_premium"].to_numpy(dtype=float),
            class_ceiling=(
                responses["substitution_ceiling"].fillna(1.0).to_numpy(dtype=float)
                if "substitution_ceiling" in responses
                else None
            ),
            firm=tuple(k[0] for k in keys),
            firm_country=tuple(first["firm_country"]),
            made_in=tuple(first["made_in"]),
            line_class=np.array([class_pos[k[1]] for k in keys]),
            affiliate=affiliate,
            share=share_rows.matrix(suppliers["share"].to_numpy(dtype=float)),
            share_rows=share_rows,
            technologies=technologies,
            content=content,
            countries=countries,
            tech_share=tech_share,
            class_sector=tuple(classes_t["sector"]) if "sector" in classes_t else (),
            class_business=tuple(classes_t["business"]) if "business" in classes_t else (),
            purchases={
                (str(v), str(k)): float(x)
                for v, k, x in zip(bought["firm"], bought["counterpart"], bought["value"], strict=True)
                if v in vendor_pos
            },
            firm_purchases={key: value for key, (value, _) in firm_purchases.items()},
            firm_purchases_year={key: year for key, (_, year) in firm_purchases.items()},
            business_line_revenue={
                (str(v), str(item).removesuffix("_revenue"), int(y)): float(x)
                for v, item, y, x in zip(
                    by_year["firm"], by_year["item"], by_year["year"], by_year["value"], strict=True
                )
                if v in sized
            },
            business_revenue={
                (str(v), str(item).removesuffix("_revenue")): float(x)
                for v, item, x in zip(lines["firm"], lines["item"], lines["value"], strict=True)
                if v in vendor_pos
            },
            equipment_share={
                str(v): float(x) for v, x in zip(held["firm"], held["value"], strict=True) if v in vendor_pos
            },
            business_index=business_index,
        ).with_rivals(tables)

    def with_rivals(self, tables: Mapping[str, pd.DataFrame]) -> ValueNetwork:
        """This network with its rivals and their assembly from ``tables`` (``handset_rivals``,
        ``enterprise_rivals``, ``rival_bills``, ``rival_assembly``; a missing table: none), e.g. an
        ensemble draw's (``data.valuenet.ranged_rows``); nothing else changes."""
        handsets = (
            Rivals.from_tables(tables["handset_rivals"], tables["rival_bills"])
            if "handset_rivals" in tables and "rival_bills" in tables
            else None
        )
        return replace(
            self,
            rival_assembly=_rival_assembly(tables, handsets),
            handset_rivals=handsets,
            enterprise_rivals=(
                Rivals.from_tables(
                    tables["enterprise_rivals"], tables["rival_bills"], "share", "enterprise_rivals"
                )
                if "enterprise_rivals" in tables and "rival_bills" in tables
                else None
            ),
        )

    def with_supplier_shares(self, shares: np.ndarray) -> ValueNetwork:
        """This network with the share matrix of the ``suppliers`` table's ``share`` column ``shares`` (in
        the table's row order, e.g. an ensemble draw's: ``data.valuenet.ranged_rows``); its lines and
        everything else as they are."""
        if self.share_rows is None:
            raise ValueError("the network was not made from a suppliers table (ValueNetwork.from_tables)")
        return replace(self, share=self.share_rows.matrix(shares))

    def growth(self, years: np.ndarray) -> np.ndarray:
        """(V, T) each vendor's business in each of ``years`` over that of ``PURCHASES_YEAR``: the reported
        index (``business_index``) of the year, held at the latest reported year after it and at 1 before
        the first; 1 for vendors without one (their need stays at baseline)."""
        out = np.ones((len(self.vendors), len(years)))
        for v, vendor in enumerate(self.vendors):
            reported = sorted((y, x) for (w, y), x in self.business_index.items() if w == vendor)
            for year, index in reported:
                out[v, years >= year] = index
        return out

    def purchased(self) -> np.ndarray:
        """(V, L): True where the vendor buys the line (not its own item made at home, e.g. its software)."""
        own = self.affiliate[None, :] == np.arange(len(self.vendors))[:, None]
        home = np.array(self.made_in)[None, :] == np.array(self.vendor_country)[:, None]
        bought: np.ndarray = ~(own & home)
        return bought

    def whole_business(self, need: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Need (V, C) and baseline purchases (V, L) of each vendor's whole business, USD per year.

        ``need`` is the RAN need (revenue x bom share x cost share). A vendor with reported purchases
        (``purchases``) has the lines of firms in each reported country scaled to that country's figure
        and its other lines (its own included) to the rest of its reported total, so that the network's
        supplier mix by country matches the reported one; before scaling, a vendor with reported business
        lines buys each business's own bill of materials in proportion to its revenue
        (``business_profile``), the others their RAN need. A vendor without purchases keeps its RAN need.
        """
        mix = need.copy()
        for v, vendor in enumerate(self.vendors):
            profile = self.business_profile(vendor)
            if profile is not None and (vendor, "WLD") in self.purchases:
                mix[v] = profile
        base = self.share * mix[:, self.line_class]
        scale = np.ones_like(base)
        bought = self.purchased()
        firm_country = np.array(self.firm_country)
        for v, vendor in enumerate(self.vendors):
            named = {k: x for (w, k), x in self.purchases.items() if w == vendor and k != "WLD"}
            in_named = np.isin(firm_country, list(named))
            for country, value in named.items():
                lines = bought[v] & (firm_country == country)
                scale[v, firm_country == country] = value / max(base[v, lines].sum(), 1e-300)
            total = self.purchases.get((vendor, "WLD"))
            if total is not None:
                if total < sum(named.values()):
                    raise DataConsistencyError(
                        f"{vendor}'s reported purchases by country exceed its total",
                        source="financials table",
                        expected=f"purchases from WLD in {PURCHASES_YEAR} at least the sum of the countries'",
                    )
                rest = bought[v] & ~in_named
                scale[v, ~in_named] = (total - sum(named.values())) / max(base[v, rest].sum(), 1e-300)
        scaled = base * scale
        sized = np.zeros_like(bought)  # lines already set to a firm's reported figure: the others give way
        for (vendor, name), target in self.firm_purchases.items():
            v = self.vendors.index(vendor)
            lines = bought[v] & (np.array(self.firm) == name) & (scaled[v] > 0)
            if not lines.any():
                continue
            country = firm_country[lines][0]
            reported = {k for (w, k) in self.purchases if w == vendor and k != "WLD"}
            group = bought[v] & (
                (firm_country == country) if country in reported else ~np.isin(firm_country, list(reported))
            )
            rest = group & ~lines & ~sized[v]
            year = self.firm_purchases_year.get((vendor, name))
            if year is not None:  # the figure of that year at the business of PURCHASES_YEAR
                grown = self.class_growth(np.array([year]))[v, self.line_class, 0]
                target /= (scaled[v, lines] * grown[lines]).sum() / scaled[v, lines].sum()
            current, total = scaled[v, lines].sum(), scaled[v, lines | rest].sum()
            if target > total:
                raise DataConsistencyError(
                    f"{vendor}'s purchases from {name} ({target:.3g}) exceed those of its country group",
                    source="financials table",
                    expected="a revenue share x revenue within the vendor's reported purchases",
                )
            scaled[v, lines] *= target / current
            scaled[v, rest] *= (total - target) / max(total - current, 1e-300)
            sized[v] |= lines
        whole = np.einsum("vl,lc->vc", scaled, np.eye(len(self.classes))[self.line_class])
        return whole, scaled


def _rival_assembly(tables: Mapping[str, pd.DataFrame], handsets: Rivals | None) -> RivalAssembly | None:
    """The handset rivals' assembly countries (``rival_assembly`` table), for the ``handsets`` rivals (of
    the ``handset_rivals`` table); None when a table is missing."""
    if handsets is None or "rival_assembly" not in tables:
        return None
    return RivalAssembly.from_table(tables["rival_assembly"], handsets.rivals)


def _business_index(financials: pd.DataFrame, vendor_pos: Mapping[str, int]) -> dict[tuple[str, int], float]:
    """(vendor, year) -> revenue of the year over that of ``PURCHASES_YEAR``, for the vendors with reported
    purchases and a revenue row in that year (years from it on)."""
    revenue = financials[(financials["item"] == "revenue") & financials["firm"].isin(list(vendor_pos))]
    sized = set(financials.loc[financials["item"] == "purchases", "firm"])
    out: dict[tuple[str, int], float] = {}
    for vendor, rows in revenue.groupby("firm"):
        by_year = dict(zip(rows["year"].astype(int), rows["value"].astype(float), strict=True))
        base = by_year.get(PURCHASES_YEAR)
        if vendor not in sized or not base:
            continue
        out.update(
            {(str(vendor), year): value / base for year, value in by_year.items() if year >= PURCHASES_YEAR}
        )
    return out


def _firm_purchases(
    financials: pd.DataFrame, vendor_pos: Mapping[str, int]
) -> dict[tuple[str, str], tuple[float, int]]:
    """(vendor, network firm) -> (USD per year, year): a firm's reported share of revenue from a vendor
    times its revenue of the same year (``financials`` rows naming a ``network_firm``); ``whole_business``
    brings it to the vendor's business of ``PURCHASES_YEAR`` along the growth of the firm's lines."""
    if "network_firm" not in financials:
        return {}
    shares = financials[
        (financials["item"] == "revenue_share_from")
        & (financials["network_firm"] != "")
        & financials["counterpart"].isin(list(vendor_pos))
    ]
    out: dict[tuple[str, str], tuple[float, int]] = {}
    for firm, vendor, year, share, name in zip(
        shares["firm"],
        shares["counterpart"],
        shares["year"],
        shares["value"],
        shares["network_firm"],
        strict=True,
    ):
        revenue = financials[
            (financials["firm"] == firm) & (financials["item"] == "revenue") & (financials["year"] == year)
        ]
        if revenue.empty:
            raise DataConsistencyError(
                f"{firm}'s revenue share from {vendor} in {year} has no revenue row of the same year",
                source="financials table",
                expected=f"a row: {firm},revenue,WLD,{year},<USD>",
            )
        out[(str(vendor), str(name))] = (float(share) * float(revenue["value"].iloc[0]), int(year))
    return out


def _vendor_revenue(tables: Mapping[str, pd.DataFrame], vendors: tuple[str, ...], year: int) -> np.ndarray:
    prices = tables["prices"]
    market = prices[(prices["item"] == "ran_market_revenue") & (prices["year"] == year)]
    table = tables["market_shares"]
    shares = table[(table["region"] == "global") & (table["year"] == year)].set_index("vendor")["share"]
    missing = [v for v in vendors if v not in shares.index]
    if market.empty or missing:
        raise DataConsistencyError(
            f"no RAN market revenue or global share in {year} for {missing or 'the market'}",
            source="prices and market_shares tables",
            expected=f"a ran_market_revenue row and a global share per vendor for {year}",
        )
    return float(market["value"].iloc[0]) * shares.reindex(list(vendors)).to_numpy(dtype=float)


def _expand_lines(suppliers: pd.DataFrame, vendors: tuple[str, ...], home: dict[str, str]) -> pd.DataFrame:
    """One row per (vendor, line): generic ``*`` rows copied to vendors without their own rows for the
    class, ``in-house`` and ``home`` resolved to the vendor."""
    own = suppliers[suppliers["vendor"] != "*"]
    covered = set(zip(own["vendor"], own["component_class"], strict=True))
    generic = suppliers[suppliers["vendor"] == "*"]
    classes = generic["component_class"].to_numpy()
    rows = {cls: np.flatnonzero(classes == cls) for cls in dict.fromkeys(classes)}
    copied = [(vendor, rows[cls]) for vendor in vendors for cls in rows if (vendor, cls) not in covered]
    # every copy at once: the generic rows of each class, in order, per vendor
    take = np.concatenate([positions for _, positions in copied] or [np.zeros(0, dtype=int)])
    copies = generic.iloc[take].assign(vendor=[vendor for vendor, at in copied for _ in at])
    lines = pd.concat([own, copies] if copied else [own], ignore_index=True)
    vendor_home = lines["vendor"].map(home)
    in_house = lines["firm"] == IN_HOUSE
    lines["firm"] = lines["firm"].where(~in_house, lines["vendor"].str.capitalize() + " " + IN_HOUSE)
    for column in ("firm_country", "made_in"):
        lines[column] = lines[column].where(lines[column] != "home", vendor_home)
    lines["affiliate_of"] = lines["affiliate_of"].where(lines["affiliate_of"] != "*", lines["vendor"])
    described = lines.drop_duplicates(["firm", "component_class", "firm_country", "made_in", "process"])
    clash = described[described.duplicated(["firm", "component_class"])]
    if not clash.empty:
        firm, cls = clash["firm"].iloc[0], clash["component_class"].iloc[0]
        raise DataConsistencyError(
            f"firm {firm!r} in class {cls!r} is described with different countries or processes",
            source="suppliers table",
            expected="the same firm_country, made_in and process in every row of a firm and class",
        )
    expanded: pd.DataFrame = lines
    return expanded

"""The labelled output of the supply engine and its yearly aggregations (what the rollout layer consumes).

``SupplyResult.data`` variables (USD are per period at baseline prices unless said otherwise):
- ``feasible_output`` (vendor, time): output the vendor can build over its baseline output, in [0, 1]: its
  equipment's (the carrier bill of materials');
- ``headroom`` (vendor, time): the share of its suppliers' spare capacity (``spare_capacity`` of its
  baseline) the vendor keeps for orders above its baseline output, in [0, 1], 1 without a shock
  (``headroom.supplier_headroom``);
- ``bill_output`` and ``bill_cost_multiplier`` (vendor, bill, time): feasible output and unit-cost
  multiplier of each bill of materials (``carrier``: the base station's, also the enterprise business's;
  ``consumer``: the handset's; 1 where the vendor has no such business); the coordinate ``class_bill``
  (component_class) names each class's bill;
- ``unit_cost_multiplier`` (vendor, time): unit cost of its equipment over the baseline unit cost;
- ``component_supply`` (vendor, component_class, source, time): components used, by source (incumbent,
  alternative, substitute, inventory);
- ``sales`` and ``baseline_sales`` (vendor, supplier, time): each supplier line's sales to each vendor;
  the ``supplier`` dimension carries ``firm``, ``country`` (the firm's), ``made_in`` and ``supplier_class``;
- ``blocked_sales`` (vendor, supplier, time): the part of ``baseline_sales`` the measures block;
- ``need`` (vendor, component_class): baseline need, USD per year (the whole business of a vendor with
  reported purchases, its RAN business otherwise; see ``ValueNetwork.whole_business``);
- ``business_index`` (vendor, time): the vendor's business over that of the year its purchases are
  reported (``ValueNetwork.growth``, its whole revenue);
- ``class_index`` (vendor, component_class, time): the vendor's need of the class over that of the year its
  purchases are reported (``ValueNetwork.class_growth``: each business follows its own revenue); its need
  and baseline purchases in a period are ``need`` times it;
- ``ran_need`` (vendor): the bill of materials of the vendor's RAN business, USD per year (revenue x
  bom_share), the part of ``need`` that follows its RAN sales;
- ``substitute_sales``, ``substitute_capacity``, ``inventory_drawn``, ``stockpile_bought``,
  ``blocked_share`` (vendor, component_class, time); ``blocked_share`` is the share of baseline supply of
  the class that is blocked; ``stockpile_bought`` the stock bought ahead of a control (part of ``sales``);
- ``substitute_exports`` (vendor, component_class, time): the vendor's substitute's sales to the other
  vendors once it is cheaper than the incumbents (part of the seller's substitute output, not of its use);
  ``substitute_bought`` (vendor, component_class, time): what a vendor buys from other vendors'
  substitutes in place of its incumbents;
- ``substitute_premium`` (vendor, component_class, time): the unit cost of the vendor's substitute over the
  item it replaces, less one (Wright's law; below zero once the substitute is cheaper);
- ``origin_mix`` (vendor, origin, time): share of purchased components (incumbents, alternatives,
  substitutes) by the country where they are made;
- ``vendor_sales_lost`` (vendor, time): ``(1 - feasible_output) * revenue * period_years``;
- ``divested_sales`` (vendor, supplier, time): what the buyers of the vendor's divested businesses buy from
  each supplier line (at baseline: no measure names them), USD per period; a supplier's sales are its
  ``sales`` to the vendor plus these;
- ``divested_share`` (vendor, business, time): the share of each of the vendor's businesses divested;
- ``substitute_premium_cost`` (vendor, time): what the vendor pays for its substitutes over the baseline
  price of the items they replace, USD per period (negative once substitutes are cheaper): a cost to the
  target, not a sale of its suppliers;
- ``substitute_investment`` (vendor, time): the investment in the vendor's substitution capacity, USD per
  period (``engine.capacity_investment``): a cost to the target.
Coordinates: ``time`` (period start), ``year`` and ``period_years`` on time, ``vendor_country`` on vendor.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.engines.supply.network import BILLS, BUSINESSES, ValueNetwork, by_class
from gotogether.engines.supply.params import SupplyParameters

SOURCES = ("incumbent", "alternative", "substitute", "inventory")
UNITS = {
    "feasible_output": "share of baseline output",
    "headroom": "share of the suppliers' spare capacity",
    "bill_output": "share of baseline output",
    "bill_cost_multiplier": "ratio to baseline unit cost",
    "unit_cost_multiplier": "ratio to baseline unit cost",
    "component_supply": "USD per period at baseline prices",
    "sales": "USD per period at baseline prices",
    "baseline_sales": "USD per period at baseline prices",
    "blocked_sales": "USD per period at baseline prices",
    "need": "USD per year",
    "ran_need": "USD per year",
    "business_index": "ratio to the business of the purchases year",
    "class_index": "ratio to the need of the purchases year",
    "substitute_sales": "USD per period at baseline prices",
    "substitute_capacity": "USD per period at baseline prices",
    "inventory_drawn": "USD per period at baseline prices",
    "stockpile_bought": "USD per period at baseline prices",
    "substitute_exports": "USD per period at baseline prices",
    "substitute_bought": "USD per period at baseline prices",
    "substitute_premium": "ratio to the replaced item's unit cost, less one",
    "blocked_share": "share of baseline supply",
    "origin_mix": "share of purchased components",
    "vendor_sales_lost": "USD per period",
    "substitute_premium_cost": "USD per period",
    "substitute_investment": "USD per period",
    "local_input_share": "share of components used",
    "divested_sales": "USD per period at baseline prices",
    "divested_share": "share of the business",
}
"""Units of every variable of ``SupplyResult.data`` (the yearly tables sum periods into years)."""
YEARLY_LONG_NAMES = {
    "local_input_share": "share of the components used that are made in the vendor's home country",
}
"""The ``long_name`` of the variables of ``SupplyResult.yearly`` that ``data`` lacks (the others keep
theirs)."""


@dataclass(frozen=True)
class SupplyResult:
    """Output of ``simulate_supply``; ``data`` is described in the module docstring. The result is
    immutable, so its derived tables (``yearly``, ``yearly_sales_change``) are computed once and kept."""

    data: xr.Dataset
    params: SupplyParameters
    _yearly_tables: dict[str, xr.Dataset] = field(default_factory=dict, init=False, repr=False, compare=False)
    _sales_tables: dict[str, SalesChange] = field(default_factory=dict, init=False, repr=False, compare=False)

    def yearly(self) -> xr.Dataset:
        """By (vendor, year): ``feasible_output``, ``headroom`` and ``bill_output`` (time-weighted means),
        ``unit_cost_multiplier`` and ``bill_cost_multiplier`` (means weighted by output built, plain means in
        a year with no output), ``vendor_sales_lost``, ``substitute_premium_cost`` and
        ``substitute_investment`` (sums, USD) and ``local_input_share`` (the share of components used that
        are made in the vendor's home country, substitutes included).
        """
        if "yearly" not in self._yearly_tables:
            self._yearly_tables["yearly"] = self._yearly()
        return self._yearly_tables["yearly"]

    def _yearly(self) -> xr.Dataset:
        """On NumPy: the sums over each year's periods that xarray's group-bys did, in the same order
        (``sum_by_year``, ``mean_by_year``), labelled once."""
        d = self.data.variables  # plain arrays: the labelled Dataset's look-ups cost more than the sums
        year = d["year"].values
        weight = d["period_years"].values
        years, feasible_output = weighted_mean_by_year(d["feasible_output"].values, weight, year)
        built = d["feasible_output"].values * weight
        bill_built = d["bill_output"].values * weight
        vendor_dims, bill_dims = ("vendor", "year"), ("vendor", "bill", "year")
        arrays = {
            "feasible_output": (vendor_dims, feasible_output),
            "headroom": (vendor_dims, weighted_mean_by_year(d["headroom"].values, weight, year)[1]),
            "unit_cost_multiplier": (
                vendor_dims,
                weighted_mean_by_year(d["unit_cost_multiplier"].values, built, year)[1],
            ),
            "bill_output": (bill_dims, weighted_mean_by_year(d["bill_output"].values, weight, year)[1]),
            "bill_cost_multiplier": (
                bill_dims,
                weighted_mean_by_year(d["bill_cost_multiplier"].values, bill_built, year)[1],
            ),
            "vendor_sales_lost": (vendor_dims, sum_by_year(d["vendor_sales_lost"].values, year)[1]),
            "local_input_share": (vendor_dims, self._local_input_share(year)),
            "substitute_premium_cost": (
                vendor_dims,
                sum_by_year(d["substitute_premium_cost"].values, year)[1],
            ),
            "substitute_investment": (vendor_dims, sum_by_year(d["substitute_investment"].values, year)[1]),
        }
        coords = {name: d[name] for name in ("vendor", "vendor_country", "bill")}
        yearly = xr.Dataset(arrays, coords={**coords, "year": years})
        for name in arrays:
            variable = yearly.variables[name]
            variable.attrs["units"] = UNITS[name].replace("per period", "per year")
            long_name = YEARLY_LONG_NAMES.get(name) or d[name].attrs.get("long_name")
            if long_name:
                variable.attrs["long_name"] = long_name
        return yearly

    def _local_input_share(self, year: np.ndarray) -> np.ndarray:
        """(vendor, year of ``year``'s distinct years): share of the components a vendor uses (bought,
        substituted or drawn from stock) that are made in its home country, weighted by components used
        (0 in a year it uses none)."""
        d = self.data.variables
        bought = (
            _nan_to_zero(d["sales"].values).sum(axis=1)
            + _nan_to_zero(d["substitute_sales"].values).sum(axis=1)
            + _nan_to_zero(d["substitute_bought"].values).sum(axis=1)
        )
        origins = [str(origin) for origin in d["origin"].values]
        home = [origins.index(str(country)) for country in d["vendor_country"].values]
        at_home = d["origin_mix"].values[np.arange(len(home)), home]  # (vendor, time)
        local = sum_by_year(at_home * bought, year)[1]
        used = sum_by_year(bought, year)[1]
        share: np.ndarray = np.divide(local, used, out=np.zeros_like(local), where=used != 0.0)
        return share

    def sales_with_and_without(self, by: Literal["firm", "country"] = "firm") -> xr.Dataset:
        """Yearly sales of each supplier firm or country to the vendors, USD: ``with`` the measures
        (domestic substitutes as ``"<vendor> substitute"`` firms, or in the vendor's home country) and
        ``without`` them (the baseline); their difference is ``sales_change`` (gross: the rivals' extra
        purchases are the pipeline's, ``pipeline.controls.rivals_purchases_change``)."""
        d = self.data
        without = d["baseline_sales"].sum("vendor").groupby(d[by]).sum().groupby("year").sum()
        change = self.sales_change(by)
        without = without.reindex({by: change[by].values}, fill_value=0.0)
        return xr.Dataset({"with": without + change, "without": without})

    def sales_change(self, by: Literal["firm", "country"] = "firm", *, yearly: bool = True) -> xr.DataArray:
        """Sales gained (+) and lost (-) by each supplier firm or country, summed over vendors, USD.

        Domestic substitutes appear as firm ``"<vendor> substitute"`` in the vendor's home country.
        """
        attrs = {"units": UNITS["sales"]}
        if yearly:
            sold = self.yearly_sales_change(by)
            label = {by: np.asarray(sold.labels, dtype=object), "year": sold.years}
            return xr.DataArray(sold.change, dims=(by, "year"), coords=label, attrs=attrs)
        names, total = self._sales_change(by)
        time = {name: self.data[name] for name in ("time", "year", "period_years")}
        label = {by: np.asarray(names, dtype=object), **time}
        return xr.DataArray(total, dims=(by, "time"), coords=label, attrs=attrs)

    def yearly_sales_change(self, by: Literal["firm", "country"] = "firm") -> SalesChange:
        """``sales_change`` by year on arrays (read-only: made once per result)."""
        if by not in self._sales_tables:
            names, total = self._sales_change(by)
            years, by_year = sum_by_year(total, self.data.variables["year"].values)
            by_year.flags.writeable = False
            self._sales_tables[by] = SalesChange(names, [int(year) for year in years], by_year)
        return self._sales_tables[by]

    def _sales_change(self, by: Literal["firm", "country"]) -> tuple[list[str], np.ndarray]:
        """On NumPy: each supplier line's change (summed over vendors, in vendor order) and each vendor's
        substitute sales, summed by label in line order (the sums xarray's group-bys did): the labels and
        the change (label, period)."""
        d = self.data.variables  # plain arrays: the labelled Dataset's look-ups cost more than the sums
        sold = (
            d["sales"].values + d["divested_sales"].values
        )  # to the vendors and their divested parts' buyers
        lines = _nan_to_zero(sold - d["baseline_sales"].values).sum(axis=0)  # (L, T)
        substitutes = _nan_to_zero(d["substitute_sales"].values + d["substitute_exports"].values).sum(axis=1)
        vendors = [str(v) for v in d["vendor"].values]
        labels = (
            [f"{v} substitute" for v in vendors]
            if by == "firm"
            else [str(c) for c in d["vendor_country"].values]
        )
        line_labels, line_sums = group_sum(lines, [str(x) for x in d[by].values])
        sub_labels, sub_sums = group_sum(substitutes, labels)
        return group_sum(np.concatenate([line_sums, sub_sums]), [*line_labels, *sub_labels])


class SalesChange(NamedTuple):
    """Sales gained (+) and lost (-) by supplier firm or country and year on arrays: ``change`` (label of
    ``labels``, year of ``years``), USD."""

    labels: list[str]
    years: list[int]
    change: np.ndarray


def _nan_to_zero(values: np.ndarray) -> np.ndarray:
    """``values`` with NaN as zero (xarray's sums skip NaN)."""
    out: np.ndarray = np.where(np.isnan(values), 0.0, values)
    return out


def group_sum(values: np.ndarray, labels: list[str]) -> tuple[list[str], np.ndarray]:
    """The sorted distinct ``labels`` and the sums over axis 0 of ``values`` of the rows with each label,
    added in row order (NaN as zero)."""
    names = sorted(set(labels))
    position = {name: k for k, name in enumerate(names)}
    index = np.array([position[label] for label in labels], dtype=int)
    rows = _nan_to_zero(values)
    sums = np.stack([rows[index == k].sum(axis=0) for k in range(len(names))]) if names else rows[:0]
    return names, sums


def _year_bounds(years: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The distinct ``years`` of the periods (in year order) and each one's periods (start, stop)."""
    distinct, first = np.unique(years, return_index=True)
    bounds = [*first.tolist(), len(years)]
    if list(bounds) != sorted(bounds) or np.any(np.diff(years) < 0):
        raise ValueError("periods are not in year order")
    return distinct, list(pairwise(bounds))


def sum_by_year(values: np.ndarray, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``years`` (of the periods on the last axis, in year order) and the sums of ``values``
    over each year's periods (NaN as zero)."""
    distinct, spans = _year_bounds(years)
    # periods added one after the other, as xarray's group-by does (NumPy adds along a contiguous last
    # axis pairwise, which changes the last bit): each year's periods first, contiguous, then summed
    # the years stacked first, so that the year axis is the outer one in memory (as xarray's is): a later
    # sum over years then adds them one after the other, too
    periods = np.moveaxis(_nan_to_zero(values), -1, 0)
    sums = np.stack([periods[a:b].copy().sum(axis=0) for a, b in spans])
    return distinct, np.moveaxis(sums, 0, -1)


def mean_by_year(values: np.ndarray, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``years`` (of the periods on the last axis, in year order) and the means of ``values``
    over each year's periods, NaN skipped (``np.nanmean`` of each year's periods, as xarray's group-by
    mean makes them)."""
    distinct, spans = _year_bounds(years)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
        # each year's periods taken by a list of positions, as xarray's group-by does: the copy's memory
        # layout (not a slice's) sets the order in which NumPy adds them
        means = [np.nanmean(values[..., np.arange(a, b)], axis=-1) for a, b in spans]
    return distinct, np.stack(means, axis=-1)


def weighted_mean_by_year(
    values: np.ndarray, weights: np.ndarray, years: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``years`` (of the periods on the last axis, in year order) and the means of ``values``
    (..., period) over each year's periods weighted by ``weights`` (period lengths for a time-weighted
    mean, output built for an output-weighted one; broadcast against ``values``): plain means in a year
    whose weights sum to zero. Sums as ``sum_by_year`` makes them."""
    distinct, weighted = sum_by_year(values * weights, years)
    weight_sums = sum_by_year(weights, years)[1]
    plain = np.empty_like(weighted) if (weight_sums > 0).all() else mean_by_year(values, years)[1]
    mean: np.ndarray = np.divide(weighted, weight_sums, out=plain, where=weight_sums > 0)
    return distinct, mean


def build_result(
    *,
    network: ValueNetwork,
    periods: pd.PeriodIndex,
    dt: np.ndarray,
    feasible: np.ndarray,
    headroom: np.ndarray,
    cost_multiplier: np.ndarray,
    supply: np.ndarray,
    sales: np.ndarray,
    baseline_sales: np.ndarray,
    blocked_sales: np.ndarray,
    need: np.ndarray,
    growth: np.ndarray,
    class_growth: np.ndarray,
    substitute_capacity: np.ndarray,
    inventory_drawn: np.ndarray,
    substitute_premium_cost: np.ndarray,
    substitute_investment: np.ndarray,
    stockpile_bought: np.ndarray,
    blocked: np.ndarray,
    substitute_exports: np.ndarray,
    substitute_premium: np.ndarray,
    divested_sales: np.ndarray,
    divested_share: np.ndarray,
    params: SupplyParameters,
) -> SupplyResult:
    """Label the engine's arrays (see the module docstring for the variables)."""
    vendor_dims = ("vendor", "time")
    class_dims = ("vendor", "component_class", "time")
    line_dims = ("vendor", "supplier", "time")
    origins = _origins(network)
    origin_of_line = np.eye(len(origins))[[origins.index(c) for c in network.made_in]]  # (L, O)
    origin_of_vendor = np.eye(len(origins))[[origins.index(c) for c in network.vendor_country]]  # (V, O)
    purchased = (
        by_class(sales, origin_of_line)
        + supply[:, :, 2, :].sum(axis=1)[:, None, :] * origin_of_vendor[:, :, None]
        + np.einsum("sbct,so->bot", substitute_exports, origin_of_vendor)
    )
    total = purchased.sum(axis=1, keepdims=True)
    origin_mix = np.divide(purchased, total, out=np.zeros_like(purchased), where=total > 0)
    data = xr.Dataset(
        {
            "feasible_output": (vendor_dims, feasible[:, 0, :]),
            "headroom": (vendor_dims, headroom),
            "unit_cost_multiplier": (vendor_dims, cost_multiplier[:, 0, :]),
            "bill_output": (("vendor", "bill", "time"), feasible),
            "bill_cost_multiplier": (("vendor", "bill", "time"), cost_multiplier),
            "component_supply": (("vendor", "component_class", "source", "time"), supply),
            "sales": (line_dims, sales),
            "baseline_sales": (line_dims, np.broadcast_to(baseline_sales, sales.shape)),
            "blocked_sales": (line_dims, blocked_sales),
            "need": (("vendor", "component_class"), need),
            "business_index": (vendor_dims, growth),
            "class_index": (class_dims, class_growth),
            "ran_need": ("vendor", network.revenue * params.bom_share),
            "substitute_sales": (class_dims, supply[:, :, 2, :]),
            "substitute_capacity": (class_dims, substitute_capacity),
            "inventory_drawn": (class_dims, inventory_drawn),
            "stockpile_bought": (class_dims, stockpile_bought),
            "substitute_premium_cost": (vendor_dims, substitute_premium_cost),
            "substitute_investment": (vendor_dims, substitute_investment),
            "blocked_share": (class_dims, blocked),
            "substitute_exports": (class_dims, substitute_exports.sum(axis=1)),
            "substitute_bought": (class_dims, substitute_exports.sum(axis=0)),
            "substitute_premium": (class_dims, substitute_premium),
            "divested_sales": (line_dims, divested_sales),
            "divested_share": (("vendor", "business", "time"), divested_share),
            "origin_mix": (("vendor", "origin", "time"), origin_mix),
            "vendor_sales_lost": (
                vendor_dims,
                (1.0 - feasible[:, 0, :]) * network.revenue[:, None] * dt[None, :],
            ),
        },
        coords=_coordinates(network, periods, dt, feasible.shape[1]),
    )
    for name, units in UNITS.items():
        if name in data:
            data.variables[name].attrs["units"] = units
    return SupplyResult(data=data, params=params)


_COORDINATES: KeptByIdentity[xr.Coordinates] = KeptByIdentity(4)
"""The last labels ``_coordinates`` made, by the network's labels (not the network object: every draw of an
ensemble makes its own network, with its drawn rivals, on the same labels), periods and bills."""


def _coordinates(
    network: ValueNetwork, periods: pd.PeriodIndex, dt: np.ndarray, bills: int
) -> xr.Coordinates:
    """The coordinates of the result (module docstring) on ``network`` over ``periods`` (``dt`` years
    each) with ``bills`` bills of materials, made once per network labels, periods and bills."""

    def make() -> xr.Coordinates:
        coords = {
            "vendor": list(network.vendors),
            "vendor_country": ("vendor", list(network.vendor_country)),
            "component_class": list(network.classes),
            "class_bill": ("component_class", [BILLS[b] for b in network.class_bill]),
            "bill": list(BILLS[:bills]),
            "business": list(BUSINESSES),
            "source": list(SOURCES),
            "supplier": np.arange(len(network.firm)),
            "firm": ("supplier", list(network.firm)),
            "country": ("supplier", list(network.firm_country)),
            "made_in": ("supplier", list(network.made_in)),
            "supplier_class": ("supplier", [network.classes[c] for c in network.line_class]),
            "trade_sector": (
                "supplier",
                [network.class_sector[c] if network.class_sector else "" for c in network.line_class],
            ),
            "origin": _origins(network),
            "time": periods.start_time,
            "year": ("time", periods.year),
            "period_years": ("time", dt),
        }
        return xr.Dataset(coords=coords).coords

    labels = (
        network.vendors,
        network.vendor_country,
        network.classes,
        network.class_businesses,
        network.firm,
        network.firm_country,
        network.made_in,
        tuple(network.line_class.tolist()),
        network.class_sector,
    )
    extra = (labels, periods.freqstr, tuple(periods.asi8.tolist()), tuple(dt.tolist()), bills)
    return _COORDINATES.get((), make, extra=extra)


def _origins(network: ValueNetwork) -> list[str]:
    """The countries components are made in or vendors are at home in, sorted."""
    return sorted(set(network.made_in) | set(network.vendor_country))

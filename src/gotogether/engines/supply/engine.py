"""The supply engine: what export controls do to each vendor's feasible output and unit cost over time.

Vendor v needs every component class c in fixed proportion (Leontief): its baseline need is
``need[v, c] = revenue[v] * bom_share * cost_share[c]`` (USD per year at baseline prices), or its whole
business sized on reported purchases (``ValueNetwork.whole_business``), which grows with the vendor's
reported revenue (``ValueNetwork.class_growth``: the index g[v, c, t], each business's own revenue over
that of the purchases year for the classes of its bill, 1 for the others). Each period, with need and
baseline purchases times g:

1. incumbent supply ``inc[v, l] = share[v, l] * need[v, c(l)] * (1 - blocked[v, l])``, plus what a
   licence lets a firm with no baseline supply of the class to v sell (``licensed_entry[c]`` of the need
   times the licence's share, reached along a ramp of ``licensed_entry_ramp_months`` from its start; the
   licence opens a new line: Qualcomm's 4G chips for Huawei's handsets);
2. the shortfall of each class is requested from qualified, unblocked lines in proportion to their spare
   capacity ``spare_capacity * output[l]``; a line short of capacity shares it pro rata among requests;
3. domestic substitution capacity grows along a logistic S-curve from the first block of the class;
4. the inventory (``inventory_months`` of need) covers what is still missing, until it runs out; a
   target that sees the control coming (``stockpile_from``) holds ``working_stock_months`` plus the
   months above it on the supply the measures ever block, bought from those lines evenly from that day to
   the start (``stockpile_bought``, in ``sales``);
   where a class's ceiling leaves a permanent gap, output falls at once when the stock covering it runs
   out (years after the block when substitution is fast: the gap is small; docs/supply.md);
5. feasible output of each bill of materials b (the base station's, the handset's: ``network.BILLS``)
   ``F[v, b] = min(1, min_{c in b} available[v, c] / need[v, c])`` (a business is short only of its own
   classes); the vendor uses ``F[v, b(c)] * need[v, c]`` of each class: incumbents first, then
   alternatives, substitutes, inventory. ``feasible_output`` is the carrier bill's F (its equipment);
6. headroom (``headroom``): the share of its suppliers' spare capacity a vendor keeps for orders above its
   baseline (a rival's sites), after the shock's capacity loss, everyone's alternatives and its own
   deficit (``headroom.supplier_headroom``).

Unit cost multiplier: ``1 + bom_share * sum_c w[v, c] * (mix_cost[v, c] - 1)``, w the class's share of the
vendor's need (the RAN cost shares for a vendor sized on its RAN business), with the premium of
alternatives and of substitutes, the latter falling with cumulative substitute output (Wright's law) towards
``substitute_cost_floor - 1`` (negative: a mature substitute cheaper than what it replaced). Substitution
capacity is capped per class at the class's ceiling (``ValueNetwork.class_ceiling``) times the
``substitution_ceiling`` parameter, and from a ``SubstitutionCap``'s date (a listed foundry), on the part
of a class that needs the foundry's advanced nodes (``foundry_listing_scope``), at its share of the vendor's
need or the part built before that date, the larger; the premium paid is a cost
to the target (``substitute_premium_cost``), the substitute's sales are at baseline prices. The capacity
the target puts to use (its substitutes' output for itself and for export) is built by investment of
``substitute_capital_intensity`` US dollars per US dollar a year, spent when it is first reached
(``capacity_investment``: on the highest output yet, so a plant idled by a cap or a shrinking need is not
paid for twice; the S-curve's capacity is what the target could build by then, and it builds what it runs);
the premium is the running cost over the incumbent's.
Once learning has made a target's substitute cheaper than the incumbents (premium below zero), the
capacity the target does not use sells to the other vendors (its direct exports): each buys from it up to
``substitute_export_share`` of its incumbent purchases of the class, pro rata when the capacity is short,
in place of those incumbents (``substitute_exports`` by seller, ``substitute_bought`` by buyer, at baseline
prices; the buyer's unit cost falls by the substitute's discount). Exports do not add to the learning.
A divestiture (``engines.supply.divest``) takes a share of a vendor's business from its date: the vendor's
need and baseline purchases of the business's classes are times the share it keeps, K; what it holds (its
stock, its substitution capacity, a listed foundry's output for it, the lines' spare capacity) is sized on
its undivested business; the buyer buys the rest at baseline (``divested_sales``), reaching it along a
linear ramp of ``divestiture_ramp_months`` from the sale.
Identity (baseline prices, per vendor and period): change in line sales + substitute sales + inventory
drawn + substitutes bought - stockpile bought = (F K - 1) * g * sum_c need (K = 1 for classes no
divestiture touches), with the buyer's purchases outside the vendor's sales. See docs/supply.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gotogether.engines.supply.divest import business_weights, buyer_purchases, divested_share, kept_share
from gotogether.engines.supply.headroom import supplier_headroom
from gotogether.engines.supply.measures import (
    Disruption,
    Divestiture,
    ExportControl,
    SubstitutionCap,
    validate_caps,
    validate_disruptions,
    validate_divestitures,
    validate_measures,
)
from gotogether.engines.supply.network import BILLS, ValueNetwork, by_class
from gotogether.engines.supply.params import SupplyParameters
from gotogether.engines.supply.reach import (
    blocked_share,
    licensed_entry,
    lost_share,
    stock_denied_window,
    stockpile_window,
    substitution_cap,
)
from gotogether.engines.supply.result import SupplyResult, build_result
from gotogether.errors import InputError, did_you_mean

TINY = 1e-12


def make_periods(start: str = "2019-01", end: str = "2035-12", freq: str = "M") -> pd.PeriodIndex:
    """Monthly (``freq="M"``) or quarterly (``"Q"``) periods of the simulation."""
    return pd.period_range(start=start, end=end, freq=freq)


def simulate_supply(
    network: ValueNetwork,
    measures: Sequence[ExportControl],
    params: SupplyParameters,
    periods: pd.PeriodIndex | None = None,
    disruptions: Sequence[Disruption] = (),
    caps: Sequence[SubstitutionCap] = (),
    divestitures: Sequence[Divestiture] = (),
) -> SupplyResult:
    """Simulate supply under ``measures``, ``disruptions``, substitution ``caps`` and ``divestitures`` (pure:
    same inputs, same result). A disruption removes supply like a control that reaches every vendor; a cap
    holds a target's substitution capacity of some classes at a share of its need from its date (a listed
    foundry); a divestiture moves a share of a vendor's business to a buyer no measure names; see the
    module docstring."""
    periods = make_periods() if periods is None else periods
    validate_measures(measures, network)
    validate_disruptions(disruptions, network)
    validate_caps(caps, network)
    validate_divestitures(divestitures, network)
    starts = periods.start_time.to_numpy().astype("datetime64[D]")
    ends = (periods + 1).start_time.to_numpy().astype("datetime64[D]")
    dt = (ends - starts).astype(float) / 365.25  # years per period
    controlled = blocked_share(measures, network, starts, ends, params.fdpr_dependency_threshold)
    lost = lost_share(disruptions, network, starts, ends)  # (L, T)
    blocked = np.maximum(controlled, lost[None, :, :])

    C = len(network.classes)
    onehot = np.eye(C)[network.line_class]  # (L, C)
    # (V, C) and (V, L): the whole business of vendors with reported purchases, the RAN otherwise
    need, base = baseline_purchases(network, params)
    growth = network.growth(periods.year.to_numpy())  # (V, T)
    class_growth = network.class_growth(periods.year.to_numpy())  # (V, C, T): each business its own
    line_growth = class_growth[:, network.line_class, :]  # (V, L, T)
    base_t = base[:, :, None] * line_growth  # (V, L, T) USD per year
    # (V, C, T) USD per year; a growing vendor's need is the sum of its grown lines (as ``whole_business``
    # makes it), so that without measures every line stays whole to the last bit
    grows = (class_growth != 1.0).any(axis=(1, 2))[:, None, None]
    need_t = np.where(grows, by_class(base_t, onehot), need[:, :, None] * class_growth)
    # what a vendor holds is sized on its undivested business; its need and purchases on what it keeps
    held_need, full_base = need_t, base_t
    divested = divested_share(divestitures, network, starts, ends, params.divestiture_share)
    reached = np.zeros_like(full_base)  # (V, L, T): the buyers' purchases at full volume, on their ramp
    if divestitures:
        weights = business_weights(network)
        kept = kept_share(weights, divested)
        need_t = need_t * kept
        base_t = base_t * kept[:, network.line_class, :]
        ramp = divested_share(
            divestitures, network, starts, ends, params.divestiture_share, params.divestiture_ramp_months
        )
        reached = full_base * (1.0 - kept_share(weights, ramp))[:, network.line_class, :]
    inc = base_t * (1.0 - blocked)  # (V, L, T)
    # the target starts substituting when its incumbents are caught, whatever a licence lets new firms sell
    caught_short = np.maximum(need_t - by_class(inc, onehot), 0.0)
    entry_ramp = params.licensed_entry_ramp_months
    opened = licensed_entry(measures, network, base, np.ones(C), starts, ends, entry_ramp)
    if opened.any():  # the parameter names the library's classes: checked where a licence opens a line
        entry_share = _class_values(network, params.licensed_entry, "licensed_entry", 0.0)
        inc = inc + opened * entry_share[network.line_class][None, :, None] * need_t[:, network.line_class, :]
    short = np.maximum(need_t - by_class(inc, onehot), 0.0)
    window = stockpile_window(measures, network, starts, ends)  # (V, T) per year of the window
    at_risk = base * network.purchased() * blocked.max(axis=2)  # (V, L): supply ever blocked, USD/yr
    # A target that sees the control coming starts qualifying alternatives and building substitutes for
    # the classes at risk when it starts stockpiling (Huawei certified non-US suppliers from early 2019).
    T = len(dt)
    foreseen = np.where((window > 0).any(axis=1), (window > 0).argmax(axis=1), T)  # (V,)
    prepared = np.where(at_risk @ onehot > TINY * need, foreseen[:, None], T)
    first_block = np.minimum(_first_block(caught_short, need), prepared)  # (V, C) period index, T if never

    months = np.cumsum(np.r_[0.0, 12.0 * dt[:-1]])  # months from the first period's start
    since = months[None, None, :] - months[np.minimum(first_block, len(dt) - 1)][:, :, None]
    since = np.where(first_block[:, :, None] < len(dt), since, -np.inf)  # (V, C, T)
    output = full_base.sum(axis=0)  # (L, T) each line's output, the buyers' at full volume: its capacity
    # a line a licence opens serves only its entry: its spare for other buyers is no way round the control
    alt_blocked = np.where(opened > 0.0, 1.0, blocked)
    alt = _alternatives(base_t, output, alt_blocked, short, since, network, onehot, params)
    ceiling = np.ones(C) if network.class_ceiling is None else network.class_ceiling
    sub_cap = _substitution_capacity(
        held_need * ceiling[None, :, None], since, network.substitution_midpoint_years, params
    )
    if caps:
        sub_cap = _capped(
            sub_cap,
            held_need,
            substitution_cap(caps, network, ends, params.foundry_listing_ceiling),
            _class_values(network, params.foundry_listing_scope, "foundry_listing_scope", 1.0),
        )

    inc_c = by_class(inc, onehot)
    alt_c = by_class(alt, onehot)
    months_held, ahead = _stock_months(network, params, need, at_risk @ onehot, window.max(axis=1) > 0)
    bill = network.class_bill
    feasible, drawn = _draw_inventory(
        need_t,
        inc_c + alt_c + sub_cap,
        dt,
        months_held,
        bill,
        held_need[:, :, 0],
        _ratio(at_risk @ onehot, need),
        stock_denied_window(measures, network, starts, ends),
    )

    used = feasible[:, bill, :] * need_t
    u_inc, u_alt, u_sub = _use(used, inc_c, alt_c, sub_cap, np.full(used.shape, np.inf), params)
    premium = _substitute_premium(
        network.substitute_premium, u_sub * dt, need, params.learning_rate, params.substitute_cost_floor
    )
    # Once learning has made the substitute cheaper than the alternatives (or than the incumbents), the
    # target uses it first: one step of the fixed point (more substitute use only lowers the premium).
    u_inc, u_alt, u_sub = _use(used, inc_c, alt_c, sub_cap, premium, params)
    premium = _substitute_premium(
        network.substitute_premium, u_sub * dt, need, params.learning_rate, params.substitute_cost_floor
    )
    u_inv = np.maximum(used - u_inc - u_alt - u_sub, 0.0)
    headroom = supplier_headroom(
        base=base_t,
        output=output,
        need=need_t,
        lost=lost,
        control=controlled,
        blocked=blocked,
        served=alt.sum(axis=0),
        deficit=np.maximum(short - alt_c - sub_cap, 0.0),
        onehot=onehot,
        carrier=bill == BILLS.index("carrier"),
        spare=params.spare_capacity,
    )
    exports = _substitute_exports(sub_cap - u_sub, premium, u_inc, params.substitute_export_share)
    bought = exports.sum(axis=0)  # (V buyer, C, T)
    investment = capacity_investment(u_sub + exports.sum(axis=1), params.substitute_capital_intensity)
    u_inc = u_inc - bought
    supply = np.stack([u_inc, u_alt, u_sub, u_inv], axis=2) * dt  # (V, C, S, T) USD per period
    stockpiled = (
        at_risk[:, :, None] * line_growth * ahead[None, network.line_class, None] / 12.0 * window[:, None, :]
    )
    sales = (
        inc * _ratio(u_inc, inc_c)[:, network.line_class, :]
        + alt * _ratio(u_alt, alt_c)[:, network.line_class, :]
        + stockpiled
    ) * dt

    discount = np.einsum("svct,sct->vct", exports, premium)  # premium (< 0) x substitutes bought
    unit_cost = (
        1.0
        + params.alternative_premium * _ratio(u_alt, used)
        + premium * _ratio(u_sub, used)
        + _ratio(discount, used)
    )
    unit_cost = np.where(used > TINY, unit_cost, 1.0 + premium)
    # each class weighs by its share of the vendor's need of its bill (the RAN cost shares for a RAN vendor)
    in_bill = np.eye(int(bill.max()) + 1)[bill].T  # (B, C)
    of_bill = need[:, None, :] * in_bill[None, :, :]  # (V, B, C)
    weight = _ratio(of_bill, np.broadcast_to(of_bill.sum(axis=2, keepdims=True), of_bill.shape))
    cost_multiplier = 1.0 + params.bom_share * np.einsum("vbc,vct->vbt", weight, unit_cost - 1.0)
    return build_result(
        network=network,
        periods=periods,
        dt=dt,
        feasible=feasible,
        headroom=headroom,
        cost_multiplier=cost_multiplier,
        supply=supply,
        sales=sales,
        baseline_sales=full_base * dt,
        blocked_sales=base_t * blocked * dt,
        need=need,
        growth=growth,
        class_growth=class_growth,
        substitute_capacity=sub_cap * dt,
        inventory_drawn=drawn,
        substitute_premium_cost=np.einsum("vct->vt", premium * u_sub) * dt,
        substitute_investment=investment,
        stockpile_bought=by_class(stockpiled, onehot) * dt,
        blocked=by_class(blocked * base[:, :, None], onehot) / np.maximum(need, TINY)[:, :, None],
        substitute_exports=exports * dt,
        substitute_premium=premium,
        divested_sales=buyer_purchases(reached, base, network) * dt
        if divestitures
        else np.zeros_like(reached),
        divested_share=divested,
        params=params,
    )


def baseline_purchases(network: ValueNetwork, params: SupplyParameters) -> tuple[np.ndarray, np.ndarray]:
    """Need (V, C) and baseline purchases (V, L), USD per year of ``PURCHASES_YEAR``'s business: the RAN
    need ``revenue * bom_share * cost_share``, or the whole business of a vendor with reported purchases
    (``ValueNetwork.whole_business``)."""
    return network.whole_business(params.bom_share * network.revenue[:, None] * network.ran_cost_share)


def capacity_investment(output: np.ndarray, intensity: float) -> np.ndarray:
    """(V, T) USD per period: the investment in substitution capacity, ``intensity * sum_c (B[v, c, t] -
    B[v, c, t - 1])`` with ``B`` the highest substitute output up to each period (``output``: (V, C, T) USD
    a year; B before the first period 0): capacity is paid for once, when first run."""
    built = np.maximum.accumulate(np.maximum(output, 0.0), axis=2)
    added = np.diff(built, axis=2, prepend=0.0)
    invested: np.ndarray = intensity * added.sum(axis=1)
    return invested


def _substitute_exports(
    spare: np.ndarray, premium: np.ndarray, incumbents: np.ndarray, share: float
) -> np.ndarray:
    """(seller, buyer, C, T) USD per year: what each vendor's substitute sells to the other vendors.

    A seller offers its spare substitute capacity ``spare`` (V, C, T) where its ``premium`` is below zero;
    each buyer asks for ``share`` of its incumbent use ``incumbents`` (V, C, T), split evenly among the
    sellers offering to it, and a seller short of capacity serves its buyers pro rata."""
    V = spare.shape[0]
    offering = (premium < 0.0) & (spare > TINY)  # (S, C, T)
    others = 1.0 - np.eye(V)  # (S, B): a vendor does not buy its own substitute
    sellers_per_buyer = np.einsum("sb,sct->bct", others, offering)
    asked = share * incumbents  # (B, C, T)
    split = np.divide(
        offering[:, None, :, :] * others[:, :, None, None],
        sellers_per_buyer[None, :, :, :],
        out=np.zeros((V, V, *spare.shape[1:])),
        where=sellers_per_buyer[None, :, :, :] > 0,
    )
    request = split * asked[None, :, :, :]  # (S, B, C, T)
    requested = request.sum(axis=1)  # (S, C, T)
    served = np.minimum(1.0, _ratio(np.maximum(spare, 0.0), requested))
    exports: np.ndarray = request * np.where(requested > TINY, served, 0.0)[:, None, :, :]
    return exports


def _inventory_months(network: ValueNetwork, params: SupplyParameters) -> np.ndarray:
    """(C,) months of need in stock per class: ``class_inventory_months`` where it names the class, else
    ``inventory_months``. A name the network lacks is left aside: the parameter table's per-class defaults
    name the library's classes (the handset processors' sourced stock), which a smaller network may not
    have; ``pipeline.parameters.supply_parameters`` checks the names against the library's classes."""
    return np.array([params.class_inventory_months.get(c, params.inventory_months) for c in network.classes])


def _use(
    used: np.ndarray,
    inc_c: np.ndarray,
    alt_c: np.ndarray,
    sub_cap: np.ndarray,
    premium: np.ndarray,
    params: SupplyParameters,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(V, C, T) use of incumbents, alternatives and substitutes, cheapest first: incumbents, alternatives,
    substitutes; substitutes before alternatives where their premium is below the alternatives'; first of
    all where it is below zero (the rest of ``used`` comes from the inventory)."""
    first = premium < 0.0
    before_alt = premium < params.alternative_premium
    u_sub_first = np.where(first, np.minimum(sub_cap, used), 0.0)
    u_inc = np.minimum(inc_c, used - u_sub_first)
    u_sub_mid = np.where(before_alt & ~first, np.minimum(sub_cap, used - u_inc), 0.0)
    u_alt = np.minimum(alt_c, used - u_sub_first - u_inc - u_sub_mid)
    u_sub_last = np.where(before_alt, 0.0, np.minimum(sub_cap, np.maximum(used - u_inc - u_alt, 0.0)))
    return u_inc, u_alt, u_sub_first + u_sub_mid + u_sub_last


def _stock_months(
    network: ValueNetwork,
    params: SupplyParameters,
    need: np.ndarray,
    at_risk: np.ndarray,
    stockpiles: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Months of need in stock per (vendor, class) when the first block hits, and the months bought ahead
    per class. A vendor that stockpiles holds working stock plus the months ahead on the share of the class
    at risk (``at_risk``, USD per year, over need); the others hold the class's inventory months."""
    months = _inventory_months(network, params)
    ahead = np.maximum(months - params.working_stock_months, 0.0)
    risky = _ratio(at_risk, need)
    bought = np.minimum(params.working_stock_months, months)[None, :] + ahead[None, :] * risky
    held: np.ndarray = np.where(stockpiles[:, None], bought, months[None, :])
    return held, ahead


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.divide(
        numerator, denominator, out=np.zeros_like(numerator), where=denominator > TINY
    )
    return out


def _first_block(short: np.ndarray, need: np.ndarray) -> np.ndarray:
    """(V, C): first period with a shortfall (more than a millionth of need), or T if none."""
    hit = short > 1e-6 * need[:, :, None]
    first: np.ndarray = np.where(hit.any(axis=2), hit.argmax(axis=2), short.shape[2])
    return first


def _alternatives(
    base: np.ndarray,
    output: np.ndarray,
    blocked: np.ndarray,
    short: np.ndarray,
    since: np.ndarray,
    network: ValueNetwork,
    onehot: np.ndarray,
    params: SupplyParameters,
) -> np.ndarray:
    """(V, L, T): extra supply from unblocked lines' spare capacity, shared pro rata among requests
    (``base``: (V, L, T) baseline purchases per year, grown with each vendor's business; ``output``: (L, T)
    each line's baseline output, the buyers of divested businesses' purchases included).

    Incumbent lines (baseline share > 0) are qualified at once; others after ``qualification_months``;
    a vendor's in-house lines are never open to its rivals.
    """
    line_class = network.line_class
    spare = params.spare_capacity * output  # (L, T)
    owner = network.affiliate[None, :]
    open_to = (owner < 0) | (owner == np.arange(base.shape[0])[:, None])  # (V, L)
    qualified = open_to[:, :, None] & ((base > 0) | (since[:, line_class, :] >= params.qualification_months))
    offer = spare[None, :, :] * (1.0 - blocked) * qualified  # (V, L, T)
    offered = by_class(offer, onehot)
    request = offer * np.minimum(1.0, _ratio(short, offered))[:, line_class, :]
    requested = request.sum(axis=0)  # (L, T)
    scale = np.minimum(1.0, _ratio(spare, requested))
    scale = np.where(requested > TINY, scale, 0.0)
    alternatives: np.ndarray = request * scale[None, :, :]
    return alternatives


def _substitution_capacity(
    need: np.ndarray, since: np.ndarray, midpoint_years: np.ndarray, params: SupplyParameters
) -> np.ndarray:
    """(V, C, T) USD per year: ``ceiling * need * (S(tau) - S(0)) / (1 - S(0))`` (``need`` here is the
    (V, C, T) need times the class's ceiling) with the logistic
    ``S(tau) = 1 / (1 + exp(-k * (investment_scale * tau - midpoint[c])))``, tau in years since the first
    block of the class (zero before it)."""
    tau = np.maximum(since, 0.0) / 12.0
    k = params.substitution_steepness
    mid = midpoint_years[None, :, None]
    s0 = 1.0 / (1.0 + np.exp(k * mid))
    s = 1.0 / (1.0 + np.exp(-k * (params.investment_scale * tau - mid)))
    grown = np.where(np.isfinite(since), (s - s0) / (1.0 - s0), 0.0)
    capacity: np.ndarray = params.substitution_ceiling * need * grown
    return capacity


def _capped(capacity: np.ndarray, need: np.ndarray, share: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """(V, C, T) substitution capacity where ``share`` is finite (a listed foundry): the part ``scope`` (C,)
    of each class that needs the foundry's advanced nodes is held at the larger of ``share`` of the class's
    whole need (the foundry's output, a fixed amount whatever the scope) and the part built in the period
    before the cap first applies (the listing stops the growth, it does not take away capacity built before
    it); the rest of the class grows as without the listing. Scope 1 holds the whole class, 0 nothing."""
    limited = np.isfinite(share)
    first = limited.argmax(axis=2)[:, :, None]  # (V, C, 1): the first period a cap applies
    built = np.take_along_axis(_ratio(capacity, need), np.maximum(first - 1, 0), axis=2) * (first > 0)
    scoped = scope[None, :, None]
    allowed = np.maximum(np.where(limited, share, 0.0), scoped * built) * need
    held = (1.0 - scoped) * capacity + np.minimum(scoped * capacity, allowed)
    out: np.ndarray = np.where(limited, held, capacity)
    return out


def _class_values(network: ValueNetwork, values: dict[str, float], field: str, default: float) -> np.ndarray:
    """(C,) a per-class supply parameter (``default`` for a class not given); unknown class names are an
    input error."""
    for name in values:
        if name not in network.classes:
            raise InputError(
                f"unknown component class {name!r}"
                + did_you_mean(name, network.classes, limit=1, form=" ({})"),
                source="supply parameters",
                location=field,
                expected=f"one of {', '.join(network.classes)}",
            )
    return np.array([values.get(c, default) for c in network.classes])


def _draw_inventory(
    need: np.ndarray,
    available: np.ndarray,
    dt: np.ndarray,
    months: np.ndarray,
    bill: np.ndarray,
    stocked: np.ndarray,
    issuers_share: np.ndarray,
    denied: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Feasible output of each bill of materials (V, B, T; ``bill`` (C,) the bill of each class) and
    inventory drawn (V, C, T, USD per period) from a stock of ``months`` (V, C) of ``stocked`` (V, C), the
    first period's undivested need (``need``: (V, C, T) USD per year), drawn down only to cover shortfalls
    (a loop over the periods with a shortfall, on (V, C) arrays: in a period whose supply covers every
    need, every bill is whole and no stock is drawn; after a period that draws nothing, the periods up to
    the next one that draws are done at once, the stock unchanged until then). The part ``issuers_share``
    (V, C) of the stock is the issuers' items (bought from the lines the measures block): in the share
    ``denied`` (V, T) of a period a denial order forbids its use, so it is drawn last, once the order is
    lifted."""
    V, C, T = available.shape
    B = int(bill.max()) + 1
    stock = stocked * months / 12.0
    issuers = stock * np.minimum(issuers_share, 1.0) * (denied.max(axis=1, keepdims=True) > 0.0)
    locked_share = np.moveaxis(denied, 1, 0)[..., None]  # (T, V, 1)
    feasible = np.ones((V, B, T))
    drawn = np.zeros((V, C, T))
    # by period, (T, V, C): what each period needs and gets, USD per period
    need_dt = np.moveaxis(need * dt, 2, 0)
    flow = np.moveaxis(available * dt, 2, 0)
    has_need = np.moveaxis(need > TINY, 2, 0)  # a vendor that sold a whole business needs none of its bill
    per_need = np.where(has_need, need_dt, 1.0)
    order = np.argsort(bill, kind="stable")  # classes by bill, to take each bill's minimum at once
    bills, starts = np.unique(bill[order], return_index=True)

    def draw(t: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
        """Feasible output (..., V, B) and stock drawn (..., V, C) in period(s) ``t`` from the stock a
        denial order leaves usable."""
        usable = stock - issuers * locked_share[t]
        cover = np.where(has_need[t], (flow[t] + usable) / per_need[t], np.inf)
        f = np.ones((*cover.shape[:-1], B))
        f[..., bills] = np.minimum(1.0, np.minimum.reduceat(cover[..., order], starts, axis=-1))
        take = np.minimum(np.maximum(f[..., bill] * need_dt[t] - flow[t], 0.0), usable)
        return f, take

    periods = np.flatnonzero((flow < need_dt).any(axis=(1, 2)))  # only where supply is short is stock drawn
    k, drew = 0, True
    while k < len(periods):
        if drew:
            t = int(periods[k])
            f, take = draw(t)
            feasible[:, :, t], drawn[:, :, t] = f, take
            stock = stock - take
            issuers = np.minimum(issuers, stock)  # the others' items are drawn first
            drew = bool(take.any())
            k += 1
            continue
        rest = periods[k:]  # stock unchanged: every later period at once, up to the first that draws
        f, take = draw(rest)
        drawing = take.any(axis=(1, 2))
        upto = int(drawing.argmax()) + 1 if drawing.any() else len(rest)
        feasible[:, :, rest[:upto]] = np.moveaxis(f[:upto], 0, 2)
        drawn[:, :, rest[upto - 1]] = take[upto - 1]
        stock = stock - take[upto - 1]
        issuers = np.minimum(issuers, stock)
        k += upto
        drew = True
    return feasible, drawn


def _substitute_premium(
    premium0: np.ndarray,
    substitute_used: np.ndarray,
    need: np.ndarray,
    learning_rate: float,
    cost_floor: float,
) -> np.ndarray:
    """(V, C, T): the substitute's unit cost over the incumbent's, less one: ``floor - 1 + (1 + premium0 -
    floor) * (X / X0)^(-b)``, X cumulative substitute output before the period (at least X0 = one month of
    need), b = -log2(1 - learning_rate). It tends to ``floor - 1``: below zero when a mature substitute is
    cheaper than the item it replaced (``substitute_cost_floor`` < 1)."""
    b = -np.log2(1.0 - learning_rate)
    x0 = np.maximum(need / 12.0, TINY)[:, :, None]
    before = np.cumsum(substitute_used, axis=2) - substitute_used
    start = 1.0 + premium0[None, :, None] - cost_floor
    premium: np.ndarray = cost_floor - 1.0 + start * (np.maximum(before, x0) / x0) ** (-b)
    return premium

"""The month-by-month propagation (adaptive regional input-output; docs/disruption.md states the model).

Each month: capacity c = x_bar (1 - delta) alpha serves the industry's orders up to its baseline; spare
capacity kappa x_bar (1 - delta) serves orders beyond the baseline and orders redirected from other origins
(so a capacity loss binds at once, while idle capacity absorbs new demand); buyers order a x_plan, x_plan
last month's demand capped by this month's capacity (spare included: an industry whose plant is lost does
not buy inputs for the output it cannot make, as in Hallegatte's ARIO and BoARIO, where orders follow
production; not capped by what its inputs allow: under proportional rationing an industry gets only its
share of what it orders, so ordering for less than it is asked because its inputs ran short would ration
its own inputs and, without stocks, spiral to zero output) plus the inventory gap over tau_R (negative
above target: stocks piled up are ordered down); suppliers serve their orders in proportion when short
(proportional rationing); a buyer's unfilled orders go, up to the share sigma, to other origins of the
same product with spare capacity that their inputs at hand (stocks plus this month's orders) can run, at a
premium pi; an industry produces what its capacity, its demand and its inputs (inventory plus deliveries)
allow. The month's quantities solve a fixed point (production limits deliveries, which limit production),
iterated down from the unconstrained plan. Overproduction alpha builds up where demand exceeds capacity,
in proportion to the share of demand capacity cannot meet (Hallegatte 2008).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gotogether.engines.disruption.flows import Shortfall, cut_routes_orders, orders_change
from gotogether.engines.disruption.parameters import WEEKS_PER_MONTH, DisruptionParameters
from gotogether.engines.disruption.table import DisruptionTable

MAX_ITERATIONS = 1000
"""Cap on a month's fixed-point iterations: with no stocks at all, proportional rationing around every
cycle of the table approaches the fixed point geometrically (the 2011 world's shock months take 287-524 at a
refill of 1 to 24 months); months with stocks take a few dozen."""
TOLERANCE = 1e-10
ROW_BLOCK = 64
"""Rows at which ``MonthDemand`` splits its product over the coefficients: a multiple of the blocks of rows
BLAS kernels take, so that the split leaves every row's sum as one call makes it."""
ANDERSON_DEPTH = 5
"""Steps combined by the within-month orders' Anderson acceleration (3 to 10 take about as many products)."""


@dataclass
class State:
    """What carries from one month to the next: inventories (S, n), overproduction (n,) and the output each
    industry plans, last month's demand (n,), for which it orders inputs."""

    inventory: np.ndarray
    overproduction: np.ndarray
    planned: np.ndarray


@dataclass(frozen=True)
class Month:
    """One month's results, on the table's labels (money in the table's unit per month)."""

    output: np.ndarray  # (n,)
    demand: np.ndarray  # (n,): orders faced, redirected ones included
    capacity: np.ndarray  # (n,)
    premium_paid: np.ndarray  # (n,): substitution premium paid by each buyer industry
    final_lost: np.ndarray  # (R,): final demand of each region not delivered
    final_premium: np.ndarray  # (R,): substitution premium paid by final buyers
    inventory_ratio: np.ndarray  # (n,): inventories over their targets
    redirected: np.ndarray  # (S,): orders delivered by substitute origins
    iterations: int
    order_rounds: int  # rounds of rush orders placed within the month


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    ratio: np.ndarray = np.divide(numerator, denominator, out=np.ones_like(numerator), where=denominator > 0)
    return ratio


def inventory_targets(
    table: DisruptionTable, params: DisruptionParameters, extra_weeks: np.ndarray
) -> np.ndarray:
    """S*_pk = tau_pk a_pk x_bar_k, tau in months (stockpiles add ``extra_weeks`` (S, R) by buyer region)."""
    S = len(table.sectors)
    months = np.asarray(params.inventory_months(table.sectors))[:, np.newaxis]
    months = months + np.repeat(extra_weeks, S, axis=1) / WEEKS_PER_MONTH
    targets: np.ndarray = months * (table.requirements * table.output[np.newaxis, :])
    return targets


def critical_inputs(table: DisruptionTable, params: DisruptionParameters) -> np.ndarray:
    """(S, n): True where input p limits the production of industry k (see ``DisruptionParameters``)."""
    R = len(table.regions)
    critical = (table.requirements >= params.critical_share) & (table.requirements > 0)
    for product, buyers in params.critical_pairs.items():
        if product in table.sectors:
            listed = np.tile(np.isin(np.array(table.sectors), list(buyers)), R)
            row = table.sectors.index(product)
            critical[row] = listed & (table.requirements[row] > 0)
    return critical


def initial_state(table: DisruptionTable, targets: np.ndarray) -> State:
    return State(targets.copy(), np.ones_like(table.output), table.output.copy())


@dataclass(frozen=True)
class Economy:
    """What every month of a simulation shares: the table's arrays, the limiting inputs, final demand, the
    shortfall's kept rows and a work array."""

    A3: np.ndarray
    a: np.ndarray
    x_bar: np.ndarray
    base: np.ndarray  # (S, n): a_pk x_bar_k
    binding: np.ndarray  # (S, n): the limiting inputs, critical with a baseline use
    final: np.ndarray  # (n, R)
    wanted_final: np.ndarray  # (R, S, R): final orders, negative final demand (stock draws) not lost
    final_ordered: np.ndarray  # (S, R_buyer)
    stop: np.ndarray  # (n,): TOLERANCE x_bar, the move below which a fixed point has converged
    shortfall: Shortfall
    cover: np.ndarray  # (S, n) work array, inf where an input does not limit

    @classmethod
    def of(cls, table: DisruptionTable, critical: np.ndarray) -> Economy:
        R, S = table.size
        a, x_bar = table.requirements, table.output
        base = a * x_bar[np.newaxis, :]
        binding = critical & (base > 0)
        wanted_final = np.maximum(table.final_demand, 0.0).reshape(R, S, R)
        return cls(
            A3=table.coefficients,
            a=a,
            x_bar=x_bar,
            base=base,
            binding=binding,
            final=table.final_demand,
            wanted_final=wanted_final,
            final_ordered=wanted_final.sum(axis=0),
            stop=TOLERANCE * x_bar,
            shortfall=Shortfall(table.coefficients),
            cover=np.full_like(a, np.inf),
        )


def rush_orders(
    economy: Economy,
    inventory: np.ndarray,
    orders: np.ndarray,
    demand: np.ndarray,
    route_open: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Orders and demand after the month's rush orders, and the rounds they took (``orders`` is updated in
    place).

    An industry whose stocks and orders of a limiting input cannot make what it is asked this month, D_k >
    m_k = min_p (S_pk + O_pk) / a_pk, orders a_pk (D_k - m_k) more of every input within the month; those
    orders raise its suppliers' demand, which may set off their own rush orders: a Leontief series over the
    industries short of inputs, summed round by round until no order moves by 1e-10 of its baseline output;
    the last round's orders, below that, are placed without raising the suppliers' demand (what they leave
    out is below the tolerance), so that every buyer's stocks and orders cover its demand to the rounding.
    Left short by the tolerance, a cycle of buyers without stocks had a gain below 1 in the month's
    rationing (each gets its orders times the share served, a hair under its demand), down which output
    crept by about the tolerance every iteration and never converged.
    Without it a month whose demand rises above last month's could not be met by an industry without stocks
    (it ordered for last month's demand), and in a cycle of such industries output crept down from the plan.
    Rush orders come from demand, not capacity: an industry short of capacity still orders for its demand
    (step 2 of docs/disruption.md).
    """
    A3, a = economy.A3, economy.a
    S, R, n = A3.shape
    cut = route_open < 1.0
    rounds = 0
    while rounds < MAX_ITERATIONS:
        cover = np.divide(inventory + orders, a, out=economy.cover, where=economy.binding).min(axis=0)
        more = np.where(np.isfinite(cover), np.maximum(demand - cover, 0.0), 0.0)
        if (more <= economy.stop).all():  # the series' tail: ordered, not passed on to suppliers
            last = np.flatnonzero(more)
            orders[:, last] += a[:, last] * more[last]
            break
        more[more <= economy.stop] = 0.0
        buyers = np.flatnonzero(more)
        rounds += 1
        orders[:, buyers] += a[:, buyers] * more[buyers]
        if len(buyers) > n // 8:
            added = np.matmul(A3, more).T.reshape(R * S)
        else:
            added = np.matmul(A3[:, :, buyers], more[buyers]).T.reshape(R * S)
        if cut.any():
            added -= cut_routes_orders(A3, np.broadcast_to(more, (S, n)), route_open)
        demand = demand + added
    return orders, demand, rounds


def orders_and_demand(
    economy: Economy, planned: np.ndarray, gap: np.ndarray, route_open: np.ndarray, any_cut: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The buyers' orders O_pk = a_pk x_plan_k + G_pk (never negative) and the demand D they make, over
    their suppliers and cut routes (step 2 and 3 of docs/disruption.md)."""
    A3, a, x_bar = economy.A3, economy.a, economy.x_bar
    S, R, _ = A3.shape
    gap = np.maximum(gap, -a * planned[np.newaxis, :])  # orders are never negative
    orders = a * planned[np.newaxis, :] + gap  # O_pk
    per_unit = np.divide(gap, a, out=np.zeros_like(gap), where=a > 0)  # H = G / a
    change = per_unit + (planned - x_bar)[np.newaxis, :]
    demand = x_bar.copy()
    if change.any():
        demand += orders_change(A3, change)
    if any_cut:
        final = economy.final.reshape(R, S, R)
        demand -= cut_routes_orders(A3, per_unit + planned[np.newaxis, :], route_open)
        demand -= ((1.0 - route_open)[:, np.newaxis, :] * final).sum(axis=2).reshape(R * S)
    return orders, np.maximum(demand, 0.0)


class MonthDemand:
    """D(x), the demand that plans x make, as ``orders_and_demand`` computes it, for one month's inventory
    gaps: sum_k A_(r,p)k u_pk with u_pk = max(H_pk + x_k, 0), H = G / a (orders are never negative), split
    into a part fixed for the month, one product of the industries' coefficients (n, n) with x, and the
    few orders the floor at zero holds up (H_pk + x_k < 0: stocks so far above target that the buyer
    orders nothing).

    The product is two BLAS calls, over the first and the last rows of the coefficients, each call in the
    opposite order from the one before, so that the half read last is still in the core's cache (the 2019
    world's coefficients are 3 MB, a core's cache here 2 MB: read in one order, every call missed it). The
    halves meet at a multiple of ``ROW_BLOCK`` rows, so each row's sum is the one a single call makes
    (BLAS kernels take rows in blocks of 4 to 16): the same demand to the last bit."""

    def __init__(self, economy: Economy, gap: np.ndarray, route_open: np.ndarray, any_cut: bool) -> None:
        A3, a, x_bar = economy.A3, economy.a, economy.x_bar
        S, R, n = A3.shape
        self.economy, self.route_open, self.any_cut = economy, route_open, any_cut
        self.per_unit = np.divide(gap, a, out=np.zeros_like(gap), where=a > 0)  # H = G / a
        self.industries = A3.reshape(S * R, n)  # rows (p, r): A_(r,p)k
        middle = S * R // 2 // ROW_BLOCK * ROW_BLOCK
        self.halves = (slice(0, middle), slice(middle, S * R)) if middle else (slice(0, S * R),)
        self.product = np.empty(S * R)
        self.fixed = x_bar + orders_change(A3, self.per_unit - x_bar[np.newaxis, :])
        self.products, self.buyers = np.nonzero(self.per_unit < 0.0)  # where the floor can hold
        self.floor_at = -self.per_unit[self.products, self.buyers]
        if any_cut:
            final = economy.final.reshape(R, S, R)
            self.fixed -= ((1.0 - route_open)[:, np.newaxis, :] * final).sum(axis=2).reshape(R * S)

    def __call__(self, planned: np.ndarray) -> np.ndarray:
        A3 = self.economy.A3
        S, R, n = A3.shape
        self.halves = self.halves[::-1]  # the half read last first: orders_change read the last rows last
        for half in self.halves:
            np.matmul(self.industries[half], planned, out=self.product[half])
        demand: np.ndarray = self.fixed + self.product.reshape(S, R).T.reshape(n)
        held = np.maximum(self.floor_at - planned[self.buyers], 0.0)  # u_pk - (H_pk + x_k)
        if held.any():
            at = np.flatnonzero(held)
            products, buyers = self.products[at], self.buyers[at]
            added = A3[products, :, buyers] * held[at, np.newaxis]  # (m, R)
            np.add.at(demand.reshape(R, S).T, products, added)  # a view: adds into demand
        if self.any_cut:
            orders_per_unit = np.maximum(self.per_unit + planned[np.newaxis, :], 0.0)
            demand -= cut_routes_orders(A3, orders_per_unit, self.route_open)
        floored: np.ndarray = np.maximum(demand, 0.0)
        return floored


def orders_for_this_month(
    economy: Economy, planned: np.ndarray, gap: np.ndarray, route_open: np.ndarray, any_cut: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Orders and demand when buyers whose demand falls order for this month's demand: the plans x solve
    x = T(x) = min(x_plan, D(x)), D the demand the plans make (step 2 of docs/disruption.md).

    T is monotone and a contraction (|T(x) - T(y)| <= A |x - y|, the coefficients' spectral radius below
    1), so the fixed point is unique. Iterating x <- T(x) down from x_plan (the Leontief series, one
    product over the coefficients per tier of suppliers) converges at the rate of the coefficients'
    largest eigenvalues (0.61, then about 25 regional ones of 0.35-0.51 on the 2011 world: 17-35 products
    a month); Anderson's acceleration (depth ``ANDERSON_DEPTH``: each step the combination of the last
    steps whose residual is least, Walker and Ni 2011) reaches the same fixed point in about half the
    products. A step that does not lower the residual starts the history again from the plain step.
    """
    a, stop = economy.a, economy.stop
    demand_of = MonthDemand(economy, gap, route_open, any_cut)
    weight = np.divide(1.0, economy.x_bar, out=np.zeros_like(economy.x_bar), where=economy.x_bar > 0)
    upper = planned
    x = planned
    demand = demand_of(x)
    last_step = last_residual = None
    # the history, oldest first, in the first ``kept`` rows: g_j - g_j-1 (g_j = T(x_j)) and f_j - f_j-1
    # (f_j = (g_j - x_j) / x_bar)
    step_changes = np.empty((ANDERSON_DEPTH, len(x)))
    residual_changes = np.empty((ANDERSON_DEPTH, len(x)))
    kept = 0
    best = np.inf
    for _ in range(MAX_ITERATIONS):
        g = np.minimum(upper, demand)
        moved = g - x
        if (np.abs(moved) - stop).max() <= 0.0:
            break
        residual = moved * weight
        size = float(np.abs(residual).max())
        if size >= best or last_step is None or last_residual is None:  # no progress: history again
            kept = 0
        else:
            if kept == ANDERSON_DEPTH:  # the oldest leaves
                step_changes[:-1] = step_changes[1:]
                residual_changes[:-1] = residual_changes[1:]
                kept -= 1
            np.subtract(g, last_step, out=step_changes[kept])
            np.subtract(residual, last_residual, out=residual_changes[kept])
            kept += 1
        best = min(best, size)
        last_step, last_residual = g, residual
        x = g
        if kept:
            changes = residual_changes[:kept]
            try:
                gamma = np.linalg.solve(changes @ changes.T, changes @ residual)
            except np.linalg.LinAlgError:
                kept = 0
            else:
                x = np.minimum(np.maximum(g - gamma @ step_changes[:kept], 0.0), upper)
        demand = demand_of(x)
    orders = a * x[np.newaxis, :] + np.maximum(gap, -a * x[np.newaxis, :])
    return orders, demand


def step(
    economy: Economy,
    params: DisruptionParameters,
    state: State,
    targets: np.ndarray,
    capacity_loss: np.ndarray,
    route_open: np.ndarray,
) -> Month:
    """Advance ``state`` by one month under ``capacity_loss`` (R, S) and ``route_open`` (R, R)."""
    A3, a, x_bar = economy.A3, economy.a, economy.x_bar
    S, R, _ = A3.shape
    intact = 1.0 - capacity_loss.reshape(R * S)
    capacity = x_bar * intact * state.overproduction
    headroom = params.spare_capacity * x_bar * intact
    gap = (targets - state.inventory) / params.refill_months
    planned = np.minimum(state.planned, capacity + headroom)  # no inputs for output the plant cannot make
    cut = route_open < 1.0
    any_cut = bool(cut.any())
    orders, demand = orders_and_demand(economy, planned, gap, route_open, any_cut)
    # where no buyer's demand falls below its plan, the plans are the fixed point already: the plain orders
    # keep an unshocked month the baseline to the last bit
    if params.orders_within_month and bool(np.any(planned - demand > economy.stop)):
        orders, demand = orders_for_this_month(economy, planned, gap, route_open, any_cut)
    orders, demand, rounds = rush_orders(economy, state.inventory, orders, demand, route_open)
    regular = capacity + np.minimum(
        np.maximum(demand - x_bar, 0.0), headroom
    )  # for the industry's own orders
    wanted_final, final_ordered = economy.wanted_final, economy.final_ordered
    # routes whole: delivered final orders need no route factor (times 1, the same to the last bit)
    final_routes = route_open.reshape(R, 1, R) if any_cut else None

    # per step: what the inputs allow without any shortfall (inf where an input is not critical), and
    # the orders per unit of requirement (to turn a shortfall of requirement into unfilled orders)
    binding = economy.binding
    allowed = np.divide(state.inventory + orders, economy.base, out=np.full_like(a, np.inf), where=binding)
    allowed_min = allowed.min(axis=0)
    # an origin that rations its own buyers takes no redirected orders, and it offers only the output its
    # inputs at hand (stocks plus this month's orders) allow: spare machines without parts make nothing
    inputs_at_hand = np.where(np.isfinite(allowed_min), x_bar * allowed_min, np.inf)
    makeable = np.minimum(capacity + headroom, inputs_at_hand)
    spare = np.where(demand > regular, 0.0, np.maximum(makeable - demand, 0.0)).reshape(R, S)
    spare_total = spare.sum(axis=0)
    per_requirement = np.divide(orders, a, out=np.zeros_like(a), where=a > 0)
    per_base = np.divide(per_requirement, economy.base, out=np.zeros_like(a), where=binding)
    output = np.minimum(regular, demand)
    total_demand = demand
    # the shortfall of requirement by (product, buyer), zero in the rows of products no supplier rations,
    # and the rows from the first to the last product with one (kept from the last iteration with one)
    short = np.zeros_like(a)
    rows = slice(0, 0)
    work = np.empty_like(a)
    unfilled_by_product = np.zeros(S)
    iterations = 0
    while iterations < MAX_ITERATIONS:
        iterations += 1
        # proportional rationing: a supplier serves the same share of every order, redirected ones included
        served = np.minimum(_ratio(output, total_demand), 1.0).reshape(R, S)
        if any_cut or (served < 1.0).any():
            products = economy.shortfall(served, route_open, short)
            rows = slice(int(products[0]), int(products[-1]) + 1) if len(products) else slice(0, 0)
            unfilled_by_product.fill(0.0)
            unfilled_by_product[rows] = np.einsum("pk,pk->p", short[rows], per_requirement[rows])
        if final_routes is None:  # the sum over origins in their order, as the line below, in one call
            delivered_final = np.einsum("rpd,rp->pd", wanted_final, served)
        else:
            delivered_final = (wanted_final * served[:, :, np.newaxis] * final_routes).sum(axis=0)
        final_unfilled = final_ordered - delivered_final
        all_unfilled = unfilled_by_product + final_unfilled.sum(axis=1)
        redirect = np.minimum(params.substitution_share * all_unfilled, spare_total)
        extra = (spare * _ratio(redirect, spare_total)[np.newaxis, :]).reshape(R * S)
        total_demand = demand + extra
        served_all = np.minimum(_ratio(output, total_demand), 1.0)
        delivered_redirect = (extra * served_all).reshape(R, S).sum(axis=0)
        met = np.divide(delivered_redirect, all_unfilled, out=np.zeros(S), where=all_unfilled > 0)
        available = allowed_min
        if rows.stop > rows.start:  # what the inputs allow less the shortfall not met by substitutes
            reduced = np.multiply((1.0 - met)[rows, np.newaxis], short[rows], out=work[rows])
            reduced *= per_base[rows]
            np.subtract(allowed[rows], reduced, out=reduced)
            available = np.minimum(allowed_min, reduced.min(axis=0))
        inputs_allow = np.where(np.isfinite(available), x_bar * available, np.inf)
        limit = regular + extra
        new_output = np.minimum(np.minimum(limit, total_demand), inputs_allow)
        done = (np.abs(new_output - output) - economy.stop).max() <= 0.0
        output = new_output
        if done:
            break
    demand = total_demand
    unfilled = short * per_requirement
    received = orders - (1.0 - met[:, np.newaxis]) * unfilled if rows.stop > rows.start else orders
    state.inventory = np.maximum(state.inventory + (received - a * output[np.newaxis, :]), 0.0)
    # Hallegatte (2008): overproduction rises toward alpha_max in proportion to scarcity, the share of
    # demand that capacity cannot meet, and falls back toward 1 when there is none
    scarcity = np.maximum(1.0 - _ratio(limit, demand), 0.0)
    target = np.where(scarcity > 0.0, params.overproduction_max, 1.0)
    speed = np.where(scarcity > 0.0, scarcity, 1.0) / params.overproduction_months
    state.overproduction = state.overproduction + (target - state.overproduction) * speed
    state.planned = demand
    premium = params.substitution_premium * met[:, np.newaxis]
    ratio = _ratio(state.inventory.sum(axis=0), targets.sum(axis=0))
    return Month(
        output=output,
        demand=demand,
        capacity=limit,
        premium_paid=(premium * unfilled).sum(axis=0),
        final_lost=((1.0 - met)[:, np.newaxis] * final_unfilled).sum(axis=0),
        final_premium=(premium * final_unfilled).sum(axis=0),
        inventory_ratio=ratio,
        redirected=delivered_redirect,
        iterations=iterations,
        order_rounds=rounds,
    )

"""Which supplier lines each measure catches, for which vendors and when: ``blocked[v, l, t]``.

For a coalition (a set of countries) the reach of a measure catches line l when
- coalition-made: the country where the item is made is in the coalition, or (``plants_abroad``) the
  firm's country;
- de-minimis: coalition content ``sum_t content[l, t] * coalition_share[t]`` exceeds the threshold, with
  ``coalition_share[t] = sum_{k in coalition} tech_share[t, k]``;
- foreign-direct-product: some technology t the item needs (``content[l, t] > 0``) has
  ``coalition_share[t] >= fdpr_dependency_threshold`` (and, for scope ``target-designed``, the line is an
  affiliate of the target).
Time enters through the share of each period a window covers: the measure (split into epochs at each
coalition join), and its licences. A measure blocks ``sum_epochs caught * (covered - licensed)``, where
``licensed`` is the licensed share times the part of the period both the epoch and the licence cover;
several measures block the largest of their blocks (an item caught twice is caught once). A licence to a
firm with no baseline supply of a class to a target opens that line instead (``licensed_entry``), which
reaches its volume along a ramp (``licensed_entry_ramp_months``: the new line's design-in and
qualification): the part of the period the licence covers is replaced by the period's mean of
``clip((t - start) / R, 0, 1)`` while the licence holds (R = 0: the part it covers, the line at full volume
from the licence's start).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from gotogether.engines.supply.measures import Disruption, ExportControl, Licence, SubstitutionCap
from gotogether.engines.supply.network import ValueNetwork


def covered(start: date | None, end: date | None, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Fraction of each period [starts, ends) inside the window [start, end); None = unbounded."""
    lo = starts if start is None else np.maximum(starts, np.datetime64(start, "D"))
    hi = ends if end is None else np.minimum(ends, np.datetime64(end, "D"))
    days = (hi - lo).astype(float)
    result: np.ndarray = np.clip(days / (ends - starts).astype(float), 0.0, 1.0)
    return result


def ramped(
    start: date, months: float, starts: np.ndarray, ends: np.ndarray, end: date | None = None
) -> np.ndarray:
    """(T,) the mean over each period [starts, ends) of a linear ramp from 0 at ``start`` to 1 ``months``
    later (average months of 365.25 / 12 days), zero from ``end`` (None: never); ``months`` = 0: the part of
    the period in [start, end) (``covered``)."""
    if months <= 0.0:
        return covered(start, end, starts, ends)
    length = months * 365.25 / 12.0  # days
    stop = ends if end is None else np.maximum(np.minimum(ends, np.datetime64(end, "D")), starts)
    since = (starts - np.datetime64(start, "D")).astype(float) / length
    until = (stop - np.datetime64(start, "D")).astype(float) / length
    full = (ends - np.datetime64(start, "D")).astype(float) / length

    def integral(x: np.ndarray) -> np.ndarray:  # of clip(x, 0, 1) from 0: x^2 / 2 up to 1, then x - 1/2
        out: np.ndarray = np.clip(x, 0.0, 1.0) ** 2 / 2.0 + np.maximum(x - 1.0, 0.0)
        return out

    mean: np.ndarray = (integral(until) - integral(since)) / (full - since)
    return mean


def target_vendors(measure: ExportControl, network: ValueNetwork) -> np.ndarray:
    """Boolean (V,) mask of the vendors a measure targets (named, or at home in a target country)."""
    return np.array(
        [
            v in measure.target_vendors or home in measure.target_countries
            for v, home in zip(network.vendors, network.vendor_country, strict=True)
        ]
    )


def caught_lines(
    measure: ExportControl, coalition: set[str], network: ValueNetwork, fdpr_threshold: float
) -> np.ndarray:
    """Boolean (V, L): lines the measure catches for each vendor when ``coalition`` issues it."""
    member = network.country_mask(coalition)
    country_pos = {c: i for i, c in enumerate(network.countries)}
    firm_in = member[[country_pos[c] for c in network.firm_country]]
    made_in = member[[country_pos[c] for c in network.made_in]]
    coalition_share = network.tech_share[:, member].sum(axis=1)  # (T,)
    rule = np.zeros(len(network.firm), dtype=bool)
    if "coalition-made" in measure.reach:
        rule |= made_in | (firm_in & measure.plants_abroad)
    if "de-minimis" in measure.reach:
        rule |= network.content @ coalition_share > measure.de_minimis_threshold
    targets = target_vendors(measure, network)
    caught = targets[:, None] & rule[None, :]
    if "foreign-direct-product" in measure.reach:
        dependent = ((network.content > 0) & (coalition_share >= fdpr_threshold)[None, :]).any(axis=1)
        if measure.fdpr_scope == "target-designed":
            owned = network.affiliate[None, :] == np.arange(len(network.vendors))[:, None]
            caught |= targets[:, None] & dependent[None, :] & owned
        else:
            caught |= targets[:, None] & dependent[None, :]
    if measure.firms is not None:
        caught &= np.isin(np.asarray(network.firm), measure.firms)[None, :]
    if measure.item_classes is not None:
        in_scope = np.isin(np.asarray(network.classes)[network.line_class], measure.item_classes)
        caught &= in_scope[None, :]
    result: np.ndarray = caught
    return result


def licence_lines(licence: Licence, network: ValueNetwork) -> np.ndarray:
    """(L,) bool: the supplier lines a licence names (its firms' lines in its item classes; all if None)."""
    applies = np.ones(len(network.firm), dtype=bool)
    if licence.firms is not None:
        applies &= np.isin(np.asarray(network.firm), licence.firms)
    if licence.item_classes is not None:
        applies &= np.isin(np.asarray(network.classes)[network.line_class], licence.item_classes)
    return applies


def licensed(
    measure: ExportControl,
    network: ValueNetwork,
    window: tuple[date, date | None],
    starts: np.ndarray,
    ends: np.ndarray,
) -> np.ndarray:
    """(L, T): share of each period in ``window`` (part of the measure) in which a licence of the measure
    lets each line's caught supply through, times the licensed share."""
    result = np.zeros((len(network.firm), len(starts)))
    for licence in measure.licences:
        applies = licence_lines(licence, network)
        start = max(window[0], licence.start or measure.start)
        ends_at = [e for e in (window[1], licence.end) if e is not None]
        overlap = covered(start, min(ends_at) if ends_at else None, starts, ends)
        result = np.maximum(result, licence.share * applies[:, None] * overlap[None, :])
    return result


def licensed_entry(
    measures: Sequence[ExportControl],
    network: ValueNetwork,
    base: np.ndarray,
    entry_share: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    ramp_months: float = 0.0,
) -> np.ndarray:
    """(V, L, T): share of each target vendor's need of a line's class that a licence lets a firm with no
    baseline supply of the class to it (``base[v, l] == 0``) serve in each period: ``entry_share`` (C,) of
    the class times the licence's share and the period's mean of the new line's ramp over ``ramp_months``
    from the licence's start while the licence holds (0: the part of the period it covers), split evenly
    among the new lines a licence opens for the class (several licences: the largest)."""
    entry = np.zeros((len(network.vendors), len(network.firm), len(starts)))
    for measure in measures:
        targets = target_vendors(measure, network)
        for licence in measure.licences:
            applies = licence_lines(licence, network)
            new = targets[:, None] & applies[None, :] & (base <= 0.0)  # (V, L)
            lines_per_class = new.astype(float) @ np.eye(len(network.classes))[network.line_class]  # (V, C)
            split = np.divide(
                entry_share[network.line_class][None, :],
                lines_per_class[:, network.line_class],
                out=np.zeros(new.shape),
                where=new,
            )
            start = max(measure.start, licence.start or measure.start)
            ends_at = [e for e in (measure.end, licence.end) if e is not None]
            reached = ramped(start, ramp_months, starts, ends, min(ends_at) if ends_at else None)
            np.maximum(entry, licence.share * split[:, :, None] * reached[None, None, :], out=entry)
    return entry


def blocked_share(
    measures: Sequence[ExportControl],
    network: ValueNetwork,
    starts: np.ndarray,
    ends: np.ndarray,
    fdpr_threshold: float,
) -> np.ndarray:
    """(V, L, T): share of line l's supply to vendor v that the measures block in period t."""
    blocked = np.zeros((len(network.vendors), len(network.firm), len(starts)))
    for measure in measures:
        joins = sorted(measure.joins, key=lambda j: j.date)
        coalition = set(measure.issuers) | {j.country for j in joins if j.date <= measure.start}
        later = [j for j in joins if j.date > measure.start]
        epoch_starts = [measure.start, *dict.fromkeys(j.date for j in later)]
        epoch_ends: list[date | None] = [*epoch_starts[1:], measure.end]
        if measure.end is not None:
            epoch_ends = [e if e is None or e < measure.end else measure.end for e in epoch_ends]
        this = np.zeros_like(blocked)
        for epoch_start, epoch_end in zip(epoch_starts, epoch_ends, strict=True):
            coalition |= {j.country for j in later if j.date <= epoch_start}
            if measure.end is not None and epoch_start >= measure.end:
                break
            caught = caught_lines(measure, coalition, network, fdpr_threshold)
            window = covered(epoch_start, epoch_end, starts, ends)
            exempt = licensed(measure, network, (epoch_start, epoch_end), starts, ends)
            this += caught[:, :, None] * (window[None, :] - exempt)[None, :, :]
        np.maximum(blocked, this, out=blocked)
    return blocked


def lost_share(
    disruptions: Sequence[Disruption], network: ValueNetwork, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """(L, T): share of each line's supply lost to disruptions in each period (the largest that applies)."""
    lost = np.zeros((len(network.firm), len(starts)))
    line_classes = np.asarray(network.classes)[network.line_class]
    for disruption in disruptions:
        hit = np.isin(network.made_in, disruption.made_in) | np.isin(network.firm, disruption.firms)
        if disruption.item_classes is not None:
            hit &= np.isin(line_classes, disruption.item_classes)
        window = covered(disruption.start, disruption.end, starts, ends)
        np.maximum(lost, disruption.share * hit[:, None] * window[None, :], out=lost)
    return lost


def stockpile_window(
    measures: Sequence[ExportControl], network: ValueNetwork, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """(V, T): the share of each period's stockpiling each target vendor does, per year of its window.

    A vendor stockpiles ahead of the first measure (by start) that targets it and names ``stockpile_from``:
    evenly over [stockpile_from, start), so the row sums (times period years) to one over the window (less
    the part before the first period)."""
    window = np.zeros((len(network.vendors), len(starts)))
    done = np.zeros(len(network.vendors), dtype=bool)
    for measure in sorted(measures, key=lambda m: m.start):
        if measure.stockpile_from is None:
            continue
        vendors = target_vendors(measure, network) & ~done
        years = (measure.start - measure.stockpile_from).days / 365.25
        share = covered(measure.stockpile_from, measure.start, starts, ends) / years
        window[vendors] = share[None, :]
        done |= vendors
    return window


def stock_denied_window(
    measures: Sequence[ExportControl], network: ValueNetwork, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """(V, T): the share of each period in which a measure that denies the use of the issuers' items
    (``stock_denied``, a denial order) is in force against each vendor (the largest over such measures)."""
    window = np.zeros((len(network.vendors), len(starts)))
    for measure in measures:
        if measure.stock_denied:
            share = covered(measure.start, measure.end, starts, ends)
            vendors = target_vendors(measure, network)
            window[vendors] = np.maximum(window[vendors], share[None, :])
    return window


def substitution_cap(
    caps: Sequence[SubstitutionCap], network: ValueNetwork, ends: np.ndarray, default: float
) -> np.ndarray:
    """(V, C, T): the largest share of its need of a class each vendor's substitutes may make in each
    period (inf where no cap applies); a cap applies to the periods that end after its start, and several
    caps hold the lowest (``default``: the ceiling of a cap that gives none)."""
    share = np.full((len(network.vendors), len(network.classes), len(ends)), np.inf)
    for cap in caps:
        vendors = np.isin(network.vendors, cap.target_vendors)
        classes = np.isin(network.classes, cap.item_classes)
        after = ends > np.datetime64(cap.start, "D")
        ceiling = default if cap.ceiling is None else cap.ceiling
        hit = vendors[:, None, None] & classes[None, :, None] & after[None, None, :]
        share[hit] = np.minimum(share[hit], ceiling)
    return share

"""Hypothesis strategies for valid scenario documents (needs the ``dev`` extra, which brings hypothesis).

Every measure type of the registry has a strategy of documents that the scenario schema accepts and that
translate on the given ``ModelWorld``: countries are its regions or members of its aggregates, sectors its
sectors, vendors and component classes the registries'. ``scenario_documents(world)`` draws whole scenarios.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from gotogether.data import registry
from gotogether.scenarios import MEASURE_TYPES
from gotogether.scenarios.inputs import ModelWorld

Document = dict[str, Any]
YEARS = st.integers(min_value=2019, max_value=2035)
DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2034, 12, 31))
BLOCS = ("us-aligned", "china-aligned")


def _countries(world: ModelWorld) -> list[str]:
    """The world's regions and, for its aggregates, a few of their members."""
    members = sorted(code for code, region in world.region_of.items() if region != code)[::25]
    return [*world.regions, *members]


def _two_sides(world: ModelWorld) -> st.SearchStrategy[tuple[list[str], list[str]]]:
    codes = _countries(world)
    return st.lists(st.sampled_from(codes), min_size=2, max_size=4, unique=True).flatmap(
        lambda chosen: st.integers(1, len(chosen) - 1).map(lambda cut: (chosen[:cut], chosen[cut:]))
    )


def _sectors(world: ModelWorld) -> st.SearchStrategy[list[str] | None]:
    return st.none() | st.lists(st.sampled_from(list(world.trade.sectors)), min_size=1, unique=True)


def _years() -> st.SearchStrategy[Document]:
    return YEARS.flatmap(
        lambda start: st.fixed_dictionaries(
            {"start_year": st.just(start)}, optional={"end_year": st.integers(start, 2035)}
        )
    )


def _with_sectors(document: Document, sectors: list[str] | None) -> Document:
    return document | ({"sectors": sectors} if sectors else {})


def _bilateral(
    world: ModelWorld, kind: str, terms: st.SearchStrategy[Document]
) -> st.SearchStrategy[Document]:
    def document(
        sides: tuple[list[str], list[str]],
        sectors: list[str] | None,
        years: Document,
        reciprocal: bool,
        own: Document,
    ) -> Document:
        base = {"type": kind, "importers": sides[0], "exporters": sides[1], "reciprocal": reciprocal}
        return _with_sectors(base | years | own, sectors)

    return st.builds(document, _two_sides(world), _sectors(world), _years(), st.booleans(), terms)


def _tariffs(world: ModelWorld) -> st.SearchStrategy[Document]:
    rate = st.floats(0.0, 1.0).map(lambda value: {"rate": value})
    change = st.floats(0.0, 0.5).map(lambda value: {"change": value})
    return _bilateral(world, "tariff", rate | change)


def _barriers(world: ModelWorld) -> st.SearchStrategy[Document]:
    return _bilateral(world, "trade-barrier", st.floats(-0.5, 2.0).map(lambda v: {"cost_change": v}))


def _productivity(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(countries: list[str], sectors: list[str] | None, years: Document, size: float) -> Document:
        shock = {"type": "productivity-shock", "countries": countries, "size": size}
        return _with_sectors(shock | years, sectors)

    return st.builds(
        document,
        st.lists(st.sampled_from(_countries(world)), min_size=1, max_size=3, unique=True),
        _sectors(world),
        _years(),
        st.floats(-0.5, 0.5),
    )


def _decoupling(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(years: Document, barrier: float) -> Document:
        return {"type": "bloc-decoupling", "blocs": list(BLOCS), "barrier": barrier} | years

    return st.builds(document, _years(), st.floats(0.01, 1.0))


def _bans(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(
        countries: list[str], vendors: list[str], start: dt.date, years: int | None, cap: float
    ) -> Document:
        ban: Document = {"type": "vendor-ban", "countries": countries, "vendors": vendors, "cap": cap}
        ban["start"] = start.isoformat()
        if years is not None:
            ban["rip_and_replace_by"] = start.replace(year=start.year + years).isoformat()
        return ban

    return st.builds(
        document,
        st.lists(st.sampled_from(_countries(world)), min_size=1, max_size=3, unique=True),
        st.lists(st.sampled_from(list(registry.vendors().codes)), min_size=1, unique=True),
        DAYS.filter(lambda day: (day.month, day.day) != (2, 29)),
        st.none() | st.integers(1, 6),
        st.sampled_from([0.0, 0.35]),
    )


def _export_controls(world: ModelWorld) -> st.SearchStrategy[Document]:
    issuers = [code for code in world.network.countries if code not in ("CHN", "ROW")]

    def document(coalition: list[str], start: dt.date, reach: str) -> Document:
        control: Document = {"type": "export-control", "issuers": coalition, "reach": reach}
        control |= {"target_vendors": ["Huawei"], "start": start.isoformat()}
        if reach == "de-minimis":
            control["de_minimis_threshold"] = 0.25
        return control

    return st.builds(
        document,
        st.lists(st.sampled_from(issuers), min_size=1, max_size=3, unique=True),
        DAYS,
        st.sampled_from(["coalition-made", "de-minimis", "foreign-direct-product"]),
    )


def _foundry_listings(world: ModelWorld) -> st.SearchStrategy[Document]:
    classes = list(registry.component_classes().codes)

    def document(start: dt.date, made: list[str]) -> Document:
        listing = {
            "type": "foundry-listing",
            "foundry": "SMIC",
            "issuers": ["USA"],
            "target_vendors": ["Huawei"],
        }
        return listing | {"item_classes": made, "start": start.isoformat()}

    return st.builds(document, DAYS, st.lists(st.sampled_from(classes), min_size=1, max_size=3, unique=True))


def _divestitures(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(business: str, start: dt.date, share: float | None) -> Document:
        sale: Document = {"type": "divestiture", "vendor": "Huawei", "business": business, "buyer": "Buyer"}
        return sale | {"start": start.isoformat()} | ({} if share is None else {"share": share})

    return st.builds(
        document,
        st.sampled_from(["carrier", "consumer", "enterprise"]),
        DAYS,
        st.none() | st.floats(0.0, 1.0),
    )


def _disruptions(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(countries: list[str], start: dt.date, months: int, share: float) -> Document:
        end = start + dt.timedelta(days=30 * months)
        loss = {"type": "supply-disruption", "countries": countries, "share": share}
        return loss | {"start": start.isoformat(), "end": end.isoformat()}

    return st.builds(
        document,
        st.lists(st.sampled_from(list(world.network.countries)), min_size=1, max_size=2, unique=True),
        DAYS,
        st.integers(1, 24),
        st.floats(0.01, 1.0),
    )


def _dated(kind: str, sides: Document) -> st.SearchStrategy[Document]:
    def document(start: dt.date, depth: float, months: int, recovery: int) -> Document:
        dated = {"type": kind, "start": start.isoformat(), "depth": depth, "months": months}
        return sides | dated | {"recovery_months": recovery}

    return st.builds(document, DAYS, st.floats(0.01, 1.0), st.integers(1, 24), st.integers(0, 6))


def _capacity_disruptions(world: ModelWorld) -> st.SearchStrategy[Document]:
    places = st.builds(
        lambda countries, sectors: {"countries": countries} | ({"sectors": sectors} if sectors else {}),
        st.lists(st.sampled_from(_countries(world)), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(list(world.trade.sectors)), max_size=2, unique=True),
    )
    return places.flatmap(lambda sides: _dated("capacity-disruption", sides))


def _sole_supplier_disruptions(world: ModelWorld) -> st.SearchStrategy[Document]:
    def buyers(countries: list[str], sectors: list[str], share: float, weeks: float) -> Document:
        return {"countries": countries, "sectors": sectors, "dependent_share": share, "stock_weeks": weeks}

    places = st.builds(
        buyers,
        st.lists(st.sampled_from(_countries(world)), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(list(world.trade.sectors)), min_size=1, max_size=2, unique=True),
        st.floats(0.01, 1.0),
        st.floats(0.0, 8.0),
    )
    return places.flatmap(lambda sides: _dated("sole-supplier-disruption", sides))


def _route_disruptions(world: ModelWorld) -> st.SearchStrategy[Document]:
    regions = list(world.regions)
    sides = st.permutations(regions).map(lambda order: {"exporters": order[:1], "importers": order[1:3]})
    return sides.flatmap(lambda pair: _dated("route-disruption", pair))


def _stockpiles(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(countries: list[str], sectors: list[str], weeks: float, year: int) -> Document:
        held = {"countries": countries, "sectors": sectors, "extra_weeks": weeks}
        return {"type": "stockpile", "start_year": year} | held

    return st.builds(
        document,
        st.lists(st.sampled_from(_countries(world)), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(list(world.trade.sectors)), min_size=1, max_size=2, unique=True),
        st.floats(0.5, 12.0),
        YEARS,
    )


def _splits(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(year: int, pools: bool, standards: bool) -> Document:
        split = {"type": "standards-split", "blocs": list(BLOCS), "start_year": year}
        return split | {"learning_pools": pools or not standards, "standards": standards}

    return st.builds(document, YEARS, st.booleans(), st.booleans())


def _tender_exclusions(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(countries: list[str], against: list[str], start: dt.date) -> Document:
        exclusion = {"type": "tender-exclusion", "countries": countries, "against": against}
        return exclusion | {"start": start.isoformat()}

    return st.builds(
        document,
        st.lists(st.sampled_from(_countries(world)), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(["SWE", "FIN", "KOR", "USA"]), min_size=1, max_size=2, unique=True),
        DAYS,
    )


def _unreliable_entity_lists(world: ModelWorld) -> st.SearchStrategy[Document]:
    def document(against: list[str], start: dt.date) -> Document:
        listed = {"type": "unreliable-entity-list", "countries": ["CHN"], "against": against}
        return listed | {"start": start.isoformat()}

    return st.builds(
        document,
        st.lists(
            st.sampled_from([c for c in world.network.countries if c != "CHN"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        DAYS,
    )


MEASURES: dict[str, Callable[[ModelWorld], st.SearchStrategy[Document]]] = {
    "tariff": _tariffs,
    "trade-barrier": _barriers,
    "productivity-shock": _productivity,
    "bloc-decoupling": _decoupling,
    "vendor-ban": _bans,
    "export-control": _export_controls,
    "supply-disruption": _disruptions,
    "foundry-listing": _foundry_listings,
    "divestiture": _divestitures,
    "standards-split": _splits,
    "capacity-disruption": _capacity_disruptions,
    "route-disruption": _route_disruptions,
    "sole-supplier-disruption": _sole_supplier_disruptions,
    "stockpile": _stockpiles,
    "tender-exclusion": _tender_exclusions,
    "unreliable-entity-list": _unreliable_entity_lists,
}
"""A strategy for every registered measure type (a test checks that none is missing)."""


def measure_documents(world: ModelWorld) -> st.SearchStrategy[Document]:
    """One valid measure of any registered type."""
    return st.one_of([MEASURES[kind](world) for kind in MEASURE_TYPES])


def scenario_documents(world: ModelWorld, *, max_measures: int = 3) -> st.SearchStrategy[Document]:
    """A valid scenario document of up to ``max_measures`` measures."""
    return st.lists(measure_documents(world), max_size=max_measures).map(
        lambda measures: {"name": "generated", "measures": measures}
    )

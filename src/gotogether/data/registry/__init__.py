"""Registries of the codes a scenario may use, kept as CSV data beside this module.

- ``countries.csv``: ISO 3166-1 alpha-3 codes with short names and EU27 membership, built from
  country_converter's table by ``scripts/build_country_registry.py``, plus the default world's aggregates
  ``REU`` (rest of the EU) and ``ROW`` (rest of the world).
- sectors: the default world's sector codes (``data/classifications/default_world_sectors.csv``).
- ``vendors.csv``: RAN vendors with their home country; ``component_classes.csv``: base-station component
  classes; ``blocs.csv``: named blocs (bloc -> member countries); ``gdp_2019.csv``: GDP by country (World Bank
  WDI); ``population_2019.csv``: population by country (World Bank WDI). The parameters a scenario may
  set are in the parameter table (``gotogether.data.parameters``).

Lookups are case-insensitive and return the canonical spelling; unknown codes come with close matches.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.data.tableschema import validate_frame
from gotogether.errors import close_matches, suggestion

AGGREGATE_REST_OF_EU = "REU"
AGGREGATE_REST_OF_WORLD = "ROW"


@cache
def read_registry(name: str) -> pd.DataFrame:
    """Read ``NAME.csv`` shipped in this package, checked against ``schema.csv`` (``validate_registry``);
    text stays text (empty cells empty), numbers are typed."""
    with resources.files(__package__).joinpath(f"{name}.csv").open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    return validate_registry(name, frame, source=f"gotogether/data/registry/{name}.csv")


@cache
def _schema() -> tuple[dict[str, str], ...]:
    with resources.files(__package__).joinpath("schema.csv").open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def validate_registry(name: str, frame: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Check the cells of registry table ``name`` (as text) against its rows of ``schema.csv`` with pandera
    (``validate_frame``: an ``InputError`` names ``source``, row and column); a country a table refers to
    must be in ``countries.csv``."""
    specs = [spec for spec in _schema() if spec["table"] == name]
    needs_countries = any(spec["allowed"] == "ref:countries.code" for spec in specs)
    references = {"countries.code": list(read_registry("countries")["code"])} if needs_countries else {}
    return validate_frame(frame, specs, source=source, references=references)


class Vocabulary:
    """The canonical codes of one registry, with optional display names used to suggest codes."""

    def __init__(
        self, kind: str, codes: Iterable[str], names: Mapping[str, str] | None = None, source: str = ""
    ) -> None:
        self.kind = kind
        self.source = source
        """The packaged file listing the codes (``gotogether/data/...``), for messages; empty if none."""
        self.codes = tuple(codes)
        self.names: dict[str, str] = dict(names or {})
        """Display names by code (empty where the registry has none)."""
        self._by_folded_code = {code.casefold(): code for code in self.codes}
        self._by_folded_name = {name.casefold(): code for code, name in (names or {}).items()}

    def canonical(self, value: str) -> str | None:
        """The canonical spelling of ``value`` (case-insensitive), or None when unknown."""
        return self._by_folded_code.get(value.strip().casefold())

    def suggestions(self, value: str, limit: int = 3) -> list[str]:
        """Close matches of ``value`` among the codes and, through them, the display names."""
        query = value.strip().casefold()
        by_code = close_matches(query, self._by_folded_code, limit=limit, cutoff=0.6)
        by_name = close_matches(query, self._by_folded_name, limit=limit, cutoff=0.7)
        matches = [self._by_folded_code[m] for m in by_code] + [self._by_folded_name[m] for m in by_name]
        return list(dict.fromkeys(matches))[:limit]

    def unknown(self, value: object) -> str:
        """The message for a value that is not in this vocabulary, with close matches when there are any."""
        close = self.suggestions(value) if isinstance(value, str) else []
        return f"unknown {self.kind} {value!r}{suggestion(close)}"


def _coded(table: str, kind: str) -> Vocabulary:
    codes = read_registry(table)
    names = dict(zip(codes["code"], codes["name"], strict=True))
    return Vocabulary(kind, codes["code"], names, source=f"gotogether/data/registry/{table}.csv")


@cache
def countries() -> Vocabulary:
    """ISO3 country codes and the default world's aggregates."""
    return _coded("countries", "country code")


@cache
def sectors() -> Vocabulary:
    """Sector codes of the default world."""
    from gotogether.data.default_world import default_world_sector_names, default_world_sectors_file

    names = default_world_sector_names()
    return Vocabulary("sector code", names, names, source=default_world_sectors_file())


@cache
def vendors() -> Vocabulary:
    """RAN vendor names."""
    return Vocabulary(
        "vendor", read_registry("vendors")["name"], source="gotogether/data/registry/vendors.csv"
    )


@cache
def component_classes() -> Vocabulary:
    """Base-station component classes."""
    return _coded("component_classes", "component class")


@cache
def bloc_members() -> dict[str, tuple[str, ...]]:
    """Built-in blocs: bloc name -> member country codes (in file order)."""
    table = read_registry("blocs")
    members: dict[str, list[str]] = {}
    for bloc, country in zip(table["bloc"], table["country"], strict=True):
        members.setdefault(bloc, []).append(country)
    return {bloc: tuple(codes) for bloc, codes in members.items()}


@cache
def gdp_2019() -> dict[str, float]:
    """GDP in 2019 by ISO country, billions of current US dollars (World Bank WDI; ``gdp_2019.csv``, built
    by ``scripts/build_country_weights.py``): the weights of members of the default world's aggregates."""
    table = read_registry("gdp_2019")
    return dict(zip(table["code"], table["gdp_usd_bn"].astype(float), strict=True))


@cache
def population_2019() -> dict[str, float]:
    """Population in 2019 by ISO country, persons (World Bank WDI; ``population_2019.csv``, built by
    ``scripts/build_country_population.py``): sizes the rollout's sub-markets of aggregate members."""
    table = read_registry("population_2019")
    return dict(zip(table["code"], table["population"].astype(float), strict=True))


@cache
def wiod_countries() -> frozenset[str]:
    """ISO codes of the countries the WIOD 2013 table has (``classifications/default_world_regions.csv``),
    which the default worlds' regions are made of; every other country is in its rest of the world."""
    regions = read_classification("default_world_regions")
    aliases = read_classification("country_aliases")
    iso = dict(zip(aliases["alias"], aliases["iso3"], strict=True))
    return frozenset(iso.get(code, code) for code in regions["wiod_code"])


def region_of_country(regions: Iterable[str]) -> dict[str, str]:
    """Map every current ISO3 country to the region that holds it among ``regions``.

    Countries listed in ``regions`` map to themselves; the other EU members of the WIOD table map to ``REU``
    (Croatia, an EU member since 2013 but not a WIOD country, is in the rest of the world, as in the table)
    and every other country to ``ROW`` when those aggregates are among the regions (otherwise they are left
    out). Paints the aggregates of a model world on a map of countries and maps measures onto its regions.
    """
    region_set = set(regions)
    in_wiod = wiod_countries()
    table = read_registry("countries")
    mapping: dict[str, str] = {}
    for code, kind, eu27 in zip(table["code"], table["kind"], table["eu27"], strict=True):
        if kind != "country":
            continue
        if code in region_set:
            mapping[code] = code
        elif eu27 == "true" and code in in_wiod and AGGREGATE_REST_OF_EU in region_set:
            mapping[code] = AGGREGATE_REST_OF_EU
        elif AGGREGATE_REST_OF_WORLD in region_set:
            mapping[code] = AGGREGATE_REST_OF_WORLD
    return mapping

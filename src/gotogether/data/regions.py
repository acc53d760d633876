"""Country codes and region groupings: ISO 3166 alpha-3 codes through country_converter, blocs as data.

Blocs (EU27 as of 2020, EU28 before Brexit, USMCA, Five Eyes, Quad) are listed in
``classifications/blocs.csv``; codes that sources spell differently (WIOD 2013's ROM for Romania) in
``classifications/country_aliases.csv``. Aggregate regions of the sources (RoW, ROW) are not countries and
pass through unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.errors import InputError


@cache
def _converter() -> Any:
    import country_converter as coco
    from country_converter.country_converter import COUNTRY_DATA_FILE

    # Read the table ourselves: its default reader turns Namibia's code "NA" into a missing value under
    # pandas 3, which breaks the converter's regular expressions.
    data = pd.read_csv(
        COUNTRY_DATA_FILE, sep="\t", encoding="utf-8", dtype=str, keep_default_na=False, na_values=[""]
    )
    return coco.CountryConverter(country_data=data)


def to_iso3(codes: Iterable[str]) -> list[str]:
    """ISO3 codes of country names or codes (ISO2, ISO3, names, source aliases); others are kept as given."""
    aliases: dict[str, str] = dict(
        read_classification("country_aliases")[["alias", "iso3"]].itertuples(index=False)
    )
    codes = [str(code) for code in codes]
    logger = logging.getLogger("country_converter")
    level = logger.level
    logger.setLevel(logging.ERROR)  # "not found" is expected for RoW and split regions
    try:
        found = [_converter().convert(aliases.get(code, code), to="ISO3", not_found=None) for code in codes]
    finally:
        logger.setLevel(level)
    return [iso if isinstance(iso, str) else code for code, iso in zip(codes, found, strict=True)]


def bloc_members(bloc: str) -> list[str]:
    """ISO3 members of a bloc listed in ``classifications/blocs.csv`` (e.g. EU27)."""
    blocs = read_classification("blocs")
    members = list(blocs.loc[blocs["bloc"] == bloc, "iso3"])
    if not members:
        raise InputError(
            f"unknown bloc {bloc!r}", location="blocs.csv", expected=f"one of {sorted(set(blocs['bloc']))}"
        )
    return members


def region_mapping(
    regions: Sequence[str],
    *,
    keep: Iterable[str],
    blocs: Mapping[str, str] | None = None,
    rest: str = "ROW",
) -> dict[str, str]:
    """Map each of a table's ``regions`` to itself (if in ``keep``), to a bloc's label (the first bloc in
    ``blocs``, e.g. ``{"EU27": "REU"}``, that lists it), or to ``rest``. Codes are compared as ISO3."""
    keep_iso = set(to_iso3(keep))
    label_of: dict[str, str] = {}
    for bloc, label in (blocs or {}).items():
        for member in bloc_members(bloc):
            label_of.setdefault(member, label)
    targets = {
        region: iso if iso in keep_iso else label_of.get(iso, rest)
        for region, iso in zip(regions, to_iso3(regions), strict=True)
    }
    # Kept regions first (in ``keep`` order), then blocs, then the rest: the order of the aggregated table.
    order = [*to_iso3(keep), *(blocs or {}).values(), rest]
    return dict(sorted(targets.items(), key=lambda item: order.index(item[1])))

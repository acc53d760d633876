"""Where the handset rivals assemble the phones they make in a vendor's place.

A rival's phone replacing the vendor's carries the same bill of materials (``engines.supply.rivals``) and is
assembled and tested for ``a`` dollars per dollar of that bill (``handset_assembly_share``, from
teardowns), in the countries where the rival makes its phones: rival r assembles the share ``s[r, c]`` of
them in country c (table ``rival_assembly``). The rivals' extra assembly in country c in period t is
``A[c, t] = delta a sum_{v, r} L[v, t] w[v, r] s[r, c]``, with ``L`` the vendors' lost bill of materials,
``w`` the rivals' diversion weights and ``delta`` the diversion share of ``engines.supply.rivals``; it sums
to ``a`` times the rivals' purchases of parts. It is ``rivals.rival_purchases`` with the assembly shares as
the rivals' bill and ``delta a`` as the share. The assembly is bought by the rival (from contract
manufacturers such as Foxconn, or made in its own plants): its value lands in the assembly country, where the
plants' workers are, whatever the owner's home.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gotogether.errors import DataConsistencyError


@dataclass(frozen=True)
class RivalAssembly:
    """Where each handset rival (``rivals``, in the order of ``Rivals.rivals``) assembles its
    phones: ``shares`` (R, A) over the assembly ``countries`` (rows sum to 1)."""

    rivals: tuple[str, ...]
    countries: tuple[str, ...]
    shares: np.ndarray

    @classmethod
    def from_table(cls, table: pd.DataFrame, rivals: tuple[str, ...]) -> RivalAssembly:
        """From the ``rival_assembly`` table (see ``data/valuenet/schema.csv``), for ``rivals``: every rival
        needs rows of its own; rows of other rivals are an error (a misspelt name)."""
        unknown = sorted(set(map(str, table["rival"])) - set(rivals))
        if unknown:
            raise DataConsistencyError(
                f"rival_assembly has rows for {unknown}, not rivals of the handset_rivals table",
                source="rival_assembly table",
                expected=f"rivals among {list(rivals)}",
            )
        missing = [rival for rival in rivals if rival not in set(map(str, table["rival"]))]
        if missing:
            raise DataConsistencyError(
                f"handset rivals {missing} have no assembly countries",
                source="rival_assembly table",
                expected="rows (rival, country, share) for every rival of the handset_rivals table",
            )
        countries = tuple(dict.fromkeys(map(str, table["country"])))
        shares = np.zeros((len(rivals), len(countries)))
        for rival, country, share in zip(table["rival"], table["country"], table["share"], strict=True):
            shares[rivals.index(str(rival)), countries.index(str(country))] += float(share)
        return cls(rivals=rivals, countries=countries, shares=shares)

    @property
    def assemblers(self) -> tuple[str, ...]:
        """(A,) the name of the rivals' assembly in each country, as a supplier firm."""
        return tuple(f"Handset assembly in {country}" for country in self.countries)

    def made_in(self, weights: np.ndarray, countries: list[str]) -> np.ndarray:
        """(V,) the share of the phones the rivals make in each vendor's place (diversion ``weights`` (V, R))
        assembled in ``countries``."""
        inside = np.array([country in countries for country in self.countries])
        made: np.ndarray = weights @ self.shares[:, inside].sum(axis=1)
        return made

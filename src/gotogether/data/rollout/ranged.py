"""The rollout tables' rows an ensemble samples (``data.valuenet.ranged_rows``'s mechanism, family
``rollout``): every row of ``countries.csv`` and every incumbency row of ``vendor_shares.csv`` (the 4G RAN
at 2019, the rows the model reads) and every row of ``operators.csv`` (the operators' sites and vendors,
where a cap acts by operator) whose ``low`` is below its ``high``.

Names: ``rollout:countries:<country>/<parameter>`` (e.g. ``rollout:countries:GBR/midpoint_year``),
``rollout:vendor_shares:<country>/4g/2019/<vendor>`` and ``rollout:operators:<country>/<operator>/<item>``.
A drawn launch year is rounded to the nearest whole year (the engine starts a region's build in the first
of its whole years at or after it: unrounded, every draw above the table's year would start a year later);
a region's 4G vendors are divided by their sum.
The 5G awards of 2020 are not read by the model, so they are not drawn.
"""

from __future__ import annotations

from functools import cache
from typing import Final

import pandas as pd

from gotogether.data.rollout.tables import (
    INCUMBENCY,
    OPERATORS_TABLE,
    SHARES_TABLE,
    TABLE,
    load_countries,
    load_operators,
    load_vendor_shares,
)
from gotogether.data.valuenet.ranged_rows import RangedTable

_INCUMBENCY_ROWS: Final = (("generation", INCUMBENCY[0]), ("year", INCUMBENCY[1]))

ROLLOUT_TABLES: Final = {
    TABLE: RangedTable(
        "value", ("country", "parameter"), (), whole_rows=(("parameter", "launch_year"),), family="rollout"
    ),
    SHARES_TABLE: RangedTable(
        "share",
        ("country", "generation", "year", "vendor"),
        ("country",),
        group_rows=_INCUMBENCY_ROWS,
        drawn_rows=_INCUMBENCY_ROWS,
        family="rollout",
    ),
    OPERATORS_TABLE: RangedTable("value", ("country", "operator", "item"), (), family="rollout"),
}
"""The rollout's tables sampled: all read by the rollout engine's parameters
(``engines.rollout.params.parameters_from_table``)."""


@cache
def rollout_tables() -> dict[str, pd.DataFrame]:
    """The packaged rollout tables, validated, once per process (the caller must not change them)."""
    return {TABLE: load_countries(), SHARES_TABLE: load_vendor_shares(), OPERATORS_TABLE: load_operators()}

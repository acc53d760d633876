"""Built-in cases: measures as they were announced, each date sourced in docs/supply.md.

``us-huawei-2019-2020`` (5g-value-chain-facts.md, section 3.1):
- 16 May 2019: BIS adds Huawei and 68 affiliates to the Entity List (Thompson Hine SmarTrade) [A]: US items
  and foreign items above 25% US content (de minimis) need a licence, presumption of denial. The Temporary
  General License of 20 May 2019 covered support of existing networks, not new equipment: not a licence here.
- 15 May 2020: foreign direct product rule for items designed by Huawei (85 FR 29849; Thompson Hine) [A];
  items in production could ship until 14 September 2020 (TSMC's last wafers, Tom's Hardware) [B].
- 17 August 2020: the rule extended to any foreign item from US technology or tools bought by Huawei
  (Paul Hastings, 2020-08-19) [A]; HiSilicon's in-production wafers still shipped until 14 September.

Case parameters (everything else at its default):
- ``inventory_months = 10``: Huawei bought $18.7B from US firms in 2019 against $11B in 2018
  (huaweicentral; CNN/WSJ) [B], about 8.4 months of 2018 purchases more, on top of about 2 months of
  working stock;
- baseband SoC inventory 16 months: TSMC reportedly delivered more than 2 million Tiangang chips before
  September 2020 (jqknews) [C], against the 1.5 million 5G base stations Huawei planned for 2020
  (Reuters via TelecomTV, 2019-09-27) [B], one chip per base station.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from gotogether.engines.supply.measures import ExportControl, Licence
from gotogether.engines.supply.params import SupplyParameters


@dataclass(frozen=True)
class Case:
    """A built-in case: its measures and the parameters it is run with."""

    description: str
    measures: list[ExportControl]
    params: SupplyParameters


def us_huawei_2019_2020() -> list[ExportControl]:
    """The US measures against Huawei of 2019-2020."""
    in_production = Licence(
        name="in-production items until 14 Sep 2020", firms=["HiSilicon"], end=date(2020, 9, 15)
    )
    return [
        ExportControl(
            name="Entity List (16 May 2019)",
            issuers=["USA"],
            target_vendors=["huawei"],
            start=date(2019, 5, 16),
            reach=["coalition-made", "de-minimis"],
            de_minimis_threshold=0.25,
        ),
        ExportControl(
            name="Foreign direct product rule (15 May 2020)",
            issuers=["USA"],
            target_vendors=["huawei"],
            start=date(2020, 5, 15),
            reach=["foreign-direct-product"],
            fdpr_scope="target-designed",
            licences=[in_production],
        ),
        ExportControl(
            name="Foreign direct product rule extension (17 Aug 2020)",
            issuers=["USA"],
            target_vendors=["huawei"],
            start=date(2020, 8, 17),
            reach=["foreign-direct-product"],
            fdpr_scope="all",
            licences=[in_production],
        ),
    ]


BUILTIN_CASES: Final[dict[str, Case]] = {
    "us-huawei-2019-2020": Case(
        description="US measures against Huawei, 2019-2020 (Entity List, foreign direct product rule)",
        measures=us_huawei_2019_2020(),
        params=SupplyParameters(inventory_months=10.0, class_inventory_months={"baseband_soc": 16.0}),
    ),
}
"""Name -> case."""

"""Built-in rollout cases, each date from the timeline of measures in 5g-value-chain-facts.md (section 3.1).

``allied-bans``:
- United Kingdom (14 July 2020 decision): no new Huawei 5G equipment after 31 December 2020, all Huawei
  kit out of the 5G networks by the end of 2027 [A];
- Sweden (PTS, 20 October 2020): no Huawei or ZTE in new central functions for the 3.5/2.3 GHz licences,
  existing kit out by 1 January 2025 (Mobile World Live) [A/B].
"""

from __future__ import annotations

from datetime import date
from typing import Final

from gotogether.engines.rollout.measures import Ban

ALLIED_BANS: Final = (
    Ban(
        name="UK Huawei ban (2020)",
        countries=["GBR"],
        vendors=["huawei"],
        start=date(2020, 12, 31),
        deadline=date(2027, 12, 31),
    ),
    Ban(
        name="Sweden Huawei/ZTE ban (PTS, 2020)",
        countries=["SWE"],
        vendors=["huawei", "zte"],
        start=date(2020, 10, 20),
        deadline=date(2025, 1, 1),
    ),
)
"""The UK and Swedish bans with their rip-and-replace deadlines."""

BUILTIN_CASES: Final = {"allied-bans": ALLIED_BANS}
"""Name -> bans."""

"""The chain-of-effects section of a disruption, from a run's tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gotogether.reports.disruption import disruption_chain
from gotogether.runs.tables import write_table


def test_the_section_lists_monthly_losses_by_country(tmp_path: Path) -> None:
    rows = [
        ("taiwan", month, country, sector, lost)
        for month, lost in (("2025-01", 2000.0), ("2025-02", 0.0))
        for country in ("TWN", "CHN")
        for sector in ("SEMI", "OELEC")
    ]
    frame = pd.DataFrame(rows, columns=["scenario", "month", "country", "sector", "output_lost"])
    write_table(tmp_path, "disruption_monthly", frame.set_index(["scenario", "month", "country", "sector"]))
    assert disruption_chain(tmp_path, set()) == []
    (section,) = disruption_chain(tmp_path, {"disruption_monthly"})
    assert section.key == "disruption-taiwan"
    # 2 countries x 2,000 million USD of chips in January: 4.00 bn for the world, 2.00 for each country
    assert "<td>2025-01</td><td>4.00</td><td>2.00</td><td>2.00</td>" in section.html
    assert "2025-02" not in section.html  # months without a loss are left out

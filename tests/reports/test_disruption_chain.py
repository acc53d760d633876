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


def test_the_section_lists_each_chip_user_the_rollout_delay_and_welfare_by_country(tmp_path: Path) -> None:
    monthly = pd.DataFrame(
        [
            ("taiwan", "2025-03", "JPN", sector, 1500.0)
            for sector in ("SEMI", "TELEQ", "OELEC", "MACH", "TREQ")
        ],
        columns=["scenario", "month", "country", "sector", "output_lost"],
    ).set_index(["scenario", "month", "country", "sector"])
    write_table(tmp_path, "disruption_monthly", monthly)
    tables = {
        "coverage": pd.DataFrame(
            [(s, "JPN", 2025, c) for s, c in (("taiwan", 0.5), ("coordinated", 0.6))],
            columns=["scenario", "country", "year", "coverage"],
        ).set_index(["scenario", "country", "year"]),
        "rollout_coverage_delay_months": pd.DataFrame(
            [("taiwan", "JPN", 0.5, 2.0), ("taiwan", "JPN", 0.8, 3.5), ("taiwan", "USA", 0.5, 0.0)],
            columns=["scenario", "country", "level", "coverage_delay_months"],
        ).set_index(["scenario", "country", "level"]),
        "value_5g": pd.DataFrame(
            [("taiwan", "JPN", 2025, 9.0)], columns=["scenario", "country", "year", "value_5g"]
        ).set_index(["scenario", "country", "year"]),
        "reference_value_5g": pd.DataFrame(
            [("JPN", 2025, 10.0)], columns=["country", "year", "value_5g"]
        ).set_index(["country", "year"]),
        "welfare_change": pd.DataFrame(
            [("taiwan", "JPN", 2025, 0.99), ("taiwan", "USA", 2025, 0.999)],
            columns=["scenario", "country", "year", "welfare_change"],
        ).set_index(["scenario", "country", "year"]),
        "income": pd.DataFrame(
            [("JPN", 4000e3), ("USA", 20000e3)], columns=["country", "value_added"]
        ).set_index("country"),
    }
    for name, frame in tables.items():
        write_table(tmp_path, name, frame)
    (section,) = disruption_chain(tmp_path, {"disruption_monthly", *tables})
    html = section.html
    for title in ("telecom equipment (TELEQ", "other electronics (OELEC", "machinery (MACH", "vehicles"):
        assert title in html
    assert "<td>2025-03</td><td>1.50</td><td>1.50</td>" in html  # each user sector, 1,500 million USD
    assert "<td>2025-03</td><td>6.00</td><td>6.00</td>" in html  # the four users together
    # coverage 10 points below the coordinated world's, 5G value 1 bn lower, world welfare -60 bn
    assert "<td>2025</td><td>-10.000</td><td>-1.00</td><td>-60.0</td>" in html
    # the delay by country and level (months), the zero delay shown as such
    assert "<td>JPN</td><td>+2.0</td><td>+3.5</td>" in html
    assert "<td>USA</td><td>+0.0</td><td>-</td>" in html  # a level not reported: a dash
    # welfare: JPN -1 % of 4,000 bn = -40 bn, USA -0.1 % of 20,000 bn = -20 bn, world -60 bn
    assert "<td>2025</td><td>-60.0</td><td>-40.0</td><td>-20.0</td>" in html


def test_the_section_shows_the_first_order_exposure_beside_the_dynamic_loss(tmp_path: Path) -> None:
    monthly = pd.DataFrame(
        [("taiwan", month, "TWN", "SEMI", 3000.0, 1200.0) for month in ("2025-01", "2025-02")],
        columns=["scenario", "month", "country", "sector", "output_lost", "value_added_lost"],
    ).set_index(["scenario", "month", "country", "sector"])
    write_table(tmp_path, "disruption_monthly", monthly)
    exposure = pd.DataFrame(
        [
            ("taiwan", "TWN", "SEMI", 90e3, 30e3, 35e3, 0.4, 0.2),
            ("taiwan", "CHN", "OELEC", 500e3, 1e3, 3e3, 0.007, 0.15),
        ],
        columns=[
            "scenario",
            "country",
            "sector",
            "value_added",
            "value_added_at_risk_upstream",
            "value_added_at_risk_downstream",
            "backward_dependence",
            "forward_dependence",
        ],
    ).set_index(["scenario", "country", "sector"])
    write_table(tmp_path, "disruption_exposure", exposure)
    (section,) = disruption_chain(tmp_path, {"disruption_monthly", "disruption_exposure"})
    html = section.html
    assert "First-order exposure beside the dynamic result" in html
    # million USD shown in bn; the dynamic loss is the window's sum (2 x 1,200 million); most exposed first
    assert (
        "<td>TWN</td><td>SEMI</td><td>35.00</td><td>30.00</td><td>40.00</td><td>20.00</td><td>2.40</td>"
        in html
    )
    assert "<td>CHN</td><td>OELEC</td><td>3.00</td><td>1.00</td><td>0.70</td><td>15.00</td><td>-</td>" in html
    assert html.index("<td>TWN</td><td>SEMI</td>") < html.index("<td>CHN</td><td>OELEC</td>")

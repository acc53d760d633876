"""The report's section on welfare over time, from hand-made tables."""

from __future__ import annotations

import pandas as pd

from gotogether.reports.welfare_over_time import welfare_over_time_section


def test_the_section_shows_static_and_dynamic_side_by_side() -> None:
    columns = {
        "ev_static_pv": [-10.0, -20.0, -30.0],
        "ev_dynamic_pv": [-14.0, -30.0, -44.0],
        "trade_pv": [-10.0, -20.0, -30.0],
        "diffusion_pv": [-2.0, -8.0, -10.0],
        "scale_pv": [-1.0, -1.0, -2.0],
        "investment_pv": [-1.0, -1.0, -2.0],
        "ev_static_pv_low_rate": [-12.0, -24.0, -36.0],
        "ev_dynamic_pv_low_rate": [-15.0, -33.0, -48.0],
        "ev_static_pv_high_rate": [-7.0, -14.0, -21.0],
        "ev_dynamic_pv_high_rate": [-8.0, -19.0, -27.0],
    }
    present = pd.DataFrame({"scenario": ["war"] * 3, "country": ["AAA", "BBB", "World"], **columns})
    by_year = pd.DataFrame(
        {
            "scenario": ["war"] * 2,
            "country": ["AAA", "BBB"],
            "year": [2030, 2030],
            "ev_static": [-1.0, -2.0],
            "ev_dynamic": [-1.5, -2.5],
            "gdp": [100.0, 200.0],
        }
    )
    rates = {"war": {"central": 0.035, "low": 0.02, "high": 0.07}}
    section = welfare_over_time_section(present, by_year, rates, ["a note"])
    assert "<td>war</td>" in section.html
    assert "-30<br><small>-21 to -36 at 7.0-2.0 %" in section.html
    assert "<td>-44<br>" in section.html
    # the diffusion, scale and investment channels of the world
    assert "<td>-10</td>\n<td>-2</td>\n<td>-2</td>" in section.html
    assert "2030: -1.00 / -1.33" in section.html  # -3 / 300 and -4 / 300 of GDP
    assert "BBB -8, AAA -2" in section.html
    assert "a note" in section.html

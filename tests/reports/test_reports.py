"""Report sections from small synthetic results: numbers worked by hand, one offline HTML file."""

import pytest
import xarray as xr
from plotly.offline import get_plotlyjs

from gotogether.reports import Section, build_report, time_series, welfare_map, who_pays
from gotogether.reports.standard import ReportResults, report_sections
from reports.report_fixtures import income, report, results, scenarios, welfare


def test_who_pays_headline_numbers() -> None:
    body = who_pays(welfare(), income()).html
    # allied-bans: sum of (W_hat - 1) * income = -70000 - 15000 - 7200 + 10000 + 15000 = -67200 million USD,
    # that is -67.2 bn USD, or -67200 / 65.6e6 = -0.102 % of world income.
    assert '<td class="num loss">-67.2</td>' in body
    assert '<td class="num loss">-0.102 %</td>' in body
    assert "CHN -1.00 %, DEU -0.20 %, USA -0.10 %" in body
    assert "<td>REU +0.10 %, ROW +0.05 %</td>" in body  # gainers only
    assert "<td>CHN -0.50 %, USA -0.30 %</td>" in body  # DEU, unchanged, is neither
    # tariff-war: -35000 - 45000 + 0 + 20000 + 30000 = -30000 million USD
    assert '<td class="num loss">-30.0</td>' in body


def test_who_pays_without_income_has_no_world_column() -> None:
    assert "world" not in who_pays(welfare()).html


def test_welfare_map_paints_aggregates_and_switches_scenarios() -> None:
    (figure,) = welfare_map(welfare()).figures
    first, second = figure.data
    z = dict(zip(first.locations, first.z, strict=True))
    assert z["CHN"] == pytest.approx(-1.0)
    assert z["FRA"] == pytest.approx(0.1)  # rest of the EU
    assert z["BRA"] == pytest.approx(0.05)  # rest of the world
    assert "REU" not in z
    assert (first.visible, second.visible) == (True, False)
    buttons = figure.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["allied-bans", "tariff-war"]
    assert buttons[1].args[0]["visible"] == [False, True]


def test_sections_check_their_dimensions() -> None:
    with pytest.raises(ValueError, match="scenario"):
        who_pays(welfare().rename(scenario="case"))
    with pytest.raises(ValueError, match="year"):
        time_series(xr.DataArray([1.0], dims="scenario"), "x", "X")


def test_report_embeds_plotly_and_the_map_once_and_loads_nothing() -> None:
    page = report()
    assert page.count(get_plotlyjs()[:300]) == 1
    assert page.count("window.PlotlyGeoAssets = ") == 1
    assert "<script src" not in page
    assert "<link" not in page
    for key in ("who-pays", "welfare-map", "coverage", "prices", "vendor-shares", "supplier-sales-lost"):
        assert f'id="section-{key}"' in page
    assert 'href="https://www.thompsonhine.com' not in page  # allied-bans and tariff-war only
    assert 'href="https://www.lexology.com/library/detail.aspx?g=e9d8a41e' in page


def test_standard_report_leaves_out_sections_without_results() -> None:
    keys = [section.key for section in report_sections(ReportResults(), scenarios(), {})]
    assert keys == ["assumptions"]
    keys = [section.key for section in report_sections(results(), scenarios(), {})]
    assert keys == [
        "who-pays",
        "welfare-map",
        "coverage",
        "prices",
        "vendor-shares",
        "supplier-sales-lost",
        "assumptions",
        "validation",
    ]


def test_report_without_a_map_has_no_geometry_and_text_is_escaped() -> None:
    page = build_report("</script><b>", [Section("x", "A <title>", html="<p>ok</p>")])
    assert "PlotlyGeoAssets = " not in page
    assert "<title>&lt;/script&gt;&lt;b&gt;</title>" in page
    assert "<h2>A &lt;title&gt;</h2>" in page

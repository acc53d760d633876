"""Report sections from small synthetic results: numbers worked by hand, one offline HTML file."""

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import xarray as xr
from plotly.offline import get_plotlyjs

from gotogether.reports import Section, build_report, country_map, time_series, who_pays
from gotogether.reports.html import DEFAULT_TEMPLATE, _plotly_json, default_template
from gotogether.reports.sections import _diverging_scale, shown
from gotogether.reports.standard import ReportResults, report_sections
from reports.report_fixtures import accounting, by_role, change_pct, paying, report, results, scenarios


def test_who_pays_headline_states_years_rate_and_decomposition() -> None:
    section = who_pays(paying(), by_role(paying()), accounting())
    assert "2019-2035" in section.intro
    assert "present value in 2019 at a discount rate of 3.5% a year" in section.intro
    body = section.html
    for channel in (
        "5G value",
        "Trade",
        "Equipment spending",
        "Vendors&#39; value added",
        "Substitutes&#39; investment",
        "Disruption",
    ):
        assert f"<th>{channel}</th>" in body
    # allied-bans, the target (CHN): -2 (trade) + 0.5 (suppliers) - 0.7 (substitutes' investment) = -2.2
    assert '<td>Targets</td><td>CHN</td><td class="num loss">-2.2</td>' in body
    # allied-bans, the issuer (USA): -10 (5G value) - 15 (trade) - 0.2 (capex) - 0.3 (suppliers) = -25.5
    assert '<td>Issuers</td><td>USA</td><td class="num loss">-25.5</td>' in body
    # tariff-war world: trade (-4 - 30 + 2 + 1) = -31, capex -0.2, suppliers +0.2: -31.0
    assert '<td>World</td><td>5</td><td class="num loss">-31.0</td>' in body
    assert "<td>Allies</td><td>DEU</td>" in body
    assert "A note on the accounting." in body
    assert "-0.000" not in body
    assert "-0.00<" not in body
    assert '<td class="num ">0</td>' in body  # CHN's vendor value added, -0.00004, and the sites change


def test_numbers_below_the_precision_shown_are_zero_without_a_sign() -> None:
    assert shown(-0.0004, "{:+.3f}") == "0"
    assert shown(-0.0, "{:+,.1f}") == "0"
    assert shown(0.0006, "{:+.3f}") == "+0.001"
    assert shown(-1234.5, "{:+,.1f}") == "-1,234.5"


def test_the_map_is_centred_on_zero_and_opens_on_the_largest_effect() -> None:
    (data,) = country_map(change_pct(), "map", "Map").figures
    figure = go.Figure(data)  # checks every property, as plotly does
    first, second = figure.data
    assert (first.name, first.visible, second.visible) == ("tariff-war", True, False)
    z = dict(zip(first.locations, first.z, strict=True))
    assert z["USA"] == pytest.approx(-3.0)
    assert z["FRA"] == pytest.approx(0.2)  # rest of the EU
    assert z["BRA"] == pytest.approx(0.1)  # rest of the world
    assert "REU" not in z
    assert (first.zmid, first.zmin, first.zmax) == (0.0, -3.0, 3.0)
    assert first.colorbar.title.text == "%"
    buttons = figure.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["tariff-war", "allied-bans"]


def test_figures_made_as_data_are_what_plotly_would_make() -> None:
    """The sections build their figures as plain data (fast); each is a valid plotly figure (``Figure``
    checks every property) and the page gets the JSON plotly's own ``Figure`` of it gives: template, colour
    scale, numbers."""
    figures = [
        figure for section in report_sections(results(), scenarios(), {}) for figure in section.figures
    ]
    assert len(figures) == 5
    for figure in figures:
        assert not isinstance(figure, go.Figure)
        by_plotly = _decoded(json.loads(pio.to_json(go.Figure(figure))))
        assert by_plotly == json.loads(json.dumps(_plotly_json(figure)))


def test_the_default_template_is_the_one_an_empty_figure_carries() -> None:
    """The template read from plotly's file is the one a new ``Figure`` carries, key order too (so the page
    is the same as when it was taken from a ``Figure``)."""
    assert pio.templates.default == DEFAULT_TEMPLATE
    carried = json.loads(pio.to_json(go.Figure(), validate=False))["layout"]["template"]
    assert json.dumps(default_template()) == json.dumps(carried)


def test_a_plotly_figure_is_taken_as_plotly_writes_it() -> None:
    """A plotly ``Figure`` in a section (the ensemble's fan charts) goes to the page as plotly's JSON."""
    figure = go.Figure(go.Bar(x=[1.0, 2.0], y=[3.0, -4.0]))
    assert _plotly_json(figure) == json.loads(pio.to_json(figure, validate=False))


def test_the_maps_colour_scale_is_plotlys_rdbu() -> None:
    """The maps' diverging scale, made from plotly's RdBu colours, is the scale plotly names "RdBu"."""
    from plotly.colors import get_colorscale

    named = [[round(float(level), 10), colour] for level, colour in get_colorscale("RdBu")]
    assert _diverging_scale() == named
    assert len(named) == 11
    assert (named[0][1], named[-1][1]) == ("rgb(103,0,31)", "rgb(5,48,97)")


def _decoded(value: object) -> object:
    """plotly's JSON with its typed arrays (``{"dtype", "bdata"}``, base64) as lists, NaN as None."""
    if isinstance(value, dict):
        if {"dtype", "bdata"} <= set(value):
            numbers = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
            return [None if isinstance(v, float) and math.isnan(v) else v for v in numbers]
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value


def test_sections_check_their_dimensions() -> None:
    with pytest.raises(ValueError, match="scenario"):
        country_map(change_pct().rename(scenario="case"), "map", "Map")
    with pytest.raises(ValueError, match="indexed by"):
        who_pays(paying().reset_index(), by_role(paying()), accounting())
    with pytest.raises(ValueError, match="year"):
        time_series(xr.DataArray([1.0], dims="scenario"), "x", "X")


def test_report_embeds_plotly_and_the_map_once_and_loads_nothing() -> None:
    page = report()
    assert page.count(get_plotlyjs()[:300]) == 1
    assert page.count("window.PlotlyGeoAssets = ") == 1
    assert "<script src" not in page
    assert "<link" not in page
    for key in ("who-pays", "who-pays-map", "firms", "coverage", "prices", "vendor-shares"):
        assert f'id="section-{key}"' in page
    assert 'id="section-supplier-sales-change"' in page
    assert "sales lost" not in page.lower()
    assert 'href="https://www.thompsonhine.com' not in page  # allied-bans and tariff-war only
    assert 'href="https://www.lexology.com/library/detail.aspx?g=e9d8a41e' in page


def test_standard_report_leaves_out_sections_without_results() -> None:
    keys = [section.key for section in report_sections(ReportResults(), scenarios(), {})]
    assert keys == ["assumptions"]
    keys = [section.key for section in report_sections(results(), scenarios(), {})]
    assert keys == [
        "who-pays",
        "who-pays-map",
        "firms",
        "coverage",
        "prices",
        "vendor-shares",
        "supplier-sales-change",
        "assumptions",
        "validation",
    ]


def test_report_without_a_map_has_no_geometry_and_text_is_escaped() -> None:
    page = build_report("</script><b>", [Section("x", "A <title>", html="<p>ok</p>")])
    assert "PlotlyGeoAssets = " not in page
    assert "<title>&lt;/script&gt;&lt;b&gt;</title>" in page
    assert "<h2>A &lt;title&gt;</h2>" in page

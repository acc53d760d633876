"""The library's US-Huawei 2019-2020 scenario in the supply engine, its figures and its CLI command."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from typer.testing import CliRunner

from gotogether.cli.main import app
from gotogether.engines.supply import SupplyResult
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import load_world
from gotogether.reports.figures.supply import supply_sankey, supply_time_series
from gotogether.scenarios import load_scenario


@cache
def huawei_case() -> SupplyResult:
    return scenario_supply(load_world(), load_scenario("us-huawei-2019-2020"))


def test_timeline_of_the_case() -> None:
    d = huawei_case().data.sel(vendor="huawei")
    blocked = d["blocked_share"]
    # Huawei's FPGAs are US firms' (Xilinx, Lattice) made in Taiwan below de minimis: the Entity List of
    # 16 May 2019 does not reach them (plants abroad), the FDPR extension of 17 August 2020 does, less the
    # licensed quarter.
    assert float(blocked.sel(component_class="fpga", time="2019-06-01")) == 0.0
    fpga = blocked.sel(component_class="fpga", time="2020-08-01")
    assert float(fpga) == pytest.approx(0.75 * 15 / 31, rel=1e-12)
    # HiSilicon's TSMC-made SoC ships until 14 September 2020, then is caught; Intel's (US-made) part of
    # baseband is caught from 16 May 2019: 15% of the RAN class, about 15.1% once Huawei's purchases are
    # sized on its reported $11B from US firms and $70B in all (2018) and Qorvo's and TSMC's reported
    # revenue from Huawei (2019 figures, over the 2019 growth of the lines that carry them: TSMC's is
    # HiSilicon's base-station chips, x1.049 with the carrier and enterprise businesses, and its handset
    # chips, x1.339 with the consumer business); from 20 November 2019 a quarter of it is licensed, until
    # the FDPR extension.
    baseband = d["baseline_sales"].sel(time="2020-07-01").where(d["supplier_class"] == "baseband_soc", 0.0)
    intel = float(baseband.where(d["firm"] == "Intel", 0.0).sum() / baseband.sum())
    assert intel == pytest.approx(0.1512, abs=5e-4)
    baseband_blocked = blocked.sel(component_class="baseband_soc")
    assert float(baseband_blocked.sel(time="2019-10-01")) == pytest.approx(intel)
    assert float(baseband_blocked.sel(time="2020-07-01")) == pytest.approx(0.75 * intel)
    assert float(baseband_blocked.sel(time="2020-10-01")) == pytest.approx(1.0 - intel / 4)
    # Samsung's memory is caught by the extension of 17 August 2020, not before.
    samsung = (d["firm"] == "Samsung") & (d["supplier_class"] == "memory")
    sales = d["sales"].isel(supplier=samsung.values).squeeze()
    assert float(sales.sel(time="2020-07-01")) > 0
    assert float(sales.sel(time="2020-10-01")) == 0.0


def test_yearly_results_of_the_case() -> None:
    yearly = huawei_case().yearly().sel(vendor="huawei")
    output = yearly["feasible_output"]
    # Plants abroad, licences and the stock bought ahead keep 2019 and 2020 whole (Huawei's carrier revenue
    # grew 3.8% in 2019 and its revenue 3.8% in 2020, annual reports [A]); the FDPR extension bites later.
    assert float(output.sel(year=2019)) == pytest.approx(1.0, abs=1e-9)
    assert float(output.sel(year=2020)) == pytest.approx(1.0, abs=1e-9)
    assert float(output.sel(year=2022)) < float(output.sel(year=2021)) < 1.0
    # Leading-edge baseband SoCs cannot be replaced beyond their ceiling (0.8 of the need) within the
    # horizon; the licensed quarter of Intel's part and spare capacity add a little. SMIC's listing (18 Dec
    # 2020) holds only the tenth of the class that needs 10 nm and below, within SMIC's output: no change.
    assert 0.8 < float(output.sel(year=2035)) < 0.85
    # The handsets' bill of materials is short of its own classes only: its processors are all
    # HiSilicon's (TSMC-made), with no licensed part; the listing holds their advanced 0.8 at SMIC's
    # output, 0.097 of the need, and the rest reaches the class ceiling: 0.2 x 0.8 + 0.097 of the need
    # before Honor's sale (17 Nov 2020), when Huawei keeps 0.78 of the business and all of that capacity;
    # Qualcomm's 4G licence (14 Nov 2020) serves 0.3 of the need Huawei keeps beside them (and no more: the
    # spare of Qualcomm's line for ZTE's phones stays closed to Huawei).
    consumer = yearly["bill_output"].sel(bill="consumer")
    assert float(consumer.sel(year=2035)) == pytest.approx(0.3 + (0.2 * 0.8 + 0.097) / 0.78, abs=1e-6)
    assert float(consumer.sel(year=2022)) < float(output.sel(year=2022))
    assert (yearly["unit_cost_multiplier"].sel(year=slice(2020, 2035)) > 1.0).all()
    others = huawei_case().yearly()["feasible_output"].drop_sel(vendor="huawei")
    assert (others == 1.0).all()


def _flows_from(trace: Any, label: str) -> float:
    labels = list(trace.node.label)
    return sum(v for v, s in zip(trace.link.value, trace.link.source, strict=True) if labels[s] == label)


def test_figures_build_with_expected_traces() -> None:
    sankey = supply_sankey(huawei_case(), "huawei", 2022)
    assert [trace.type for trace in sankey.data] == ["sankey", "sankey"]
    after_nodes = list(sankey.data[1].node.label)
    assert "CHN substitute" in after_nodes
    assert "USA" in list(sankey.data[0].node.label)
    # A quarter of US firms' supply is licensed, and Huawei buys it in proportion to what it can build
    # (0.67 of its carrier output and 0.48 of its handsets in 2022), and the licensed lines' spare capacity
    # serves as an alternative; Qualcomm sells 0.3 of the handset processors on its 4G licence: US lines
    # keep 0.30 of their sales to Huawei in 2022 (0.338 before Honor's sale: Honor's purchases are its own).
    us_before, us_after = (_flows_from(trace, "USA") for trace in sankey.data)
    assert 0.27 * us_before < us_after < 0.33 * us_before
    series = supply_time_series(huawei_case(), ["huawei", "ericsson"])
    assert [trace.name for trace in series.data] == [
        "huawei output",
        "huawei cost",
        "ericsson output",
        "ericsson cost",
    ]
    assert len(series.data[0].x) == 204


def test_cli_prints_the_yearly_table() -> None:
    result = CliRunner().invoke(app, ["supply", "run", "--case", "us-huawei-2019-2020"])
    assert result.exit_code == 0, result.output
    assert "2035" in result.output
    assert "feasible output" in result.output

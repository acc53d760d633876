"""The one parameter table: the shipped rows, clear errors on bad rows, and one path for overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from gotogether.data.parameters import load_table, parameter_table, planned, resolve, sampled, select
from gotogether.data.parameters.distributions import KINDS, Normal
from gotogether.engines.supply import SupplyParameters
from gotogether.errors import InputError
from gotogether.pipeline.parameters import supply_parameters, trade_solver_options
from gotogether.scenarios import ScenarioError, parse_scenario

PACKAGE = Path(__file__).parents[2] / "src" / "gotogether" / "data" / "parameters"
HEADER = (
    "name,engine,unit,type,default,minimum,maximum,status,distribution,"
    "mean,sd,low,high,mode,median,sigma,source,note\n"
)


def test_shipped_table() -> None:
    table = parameter_table()
    theta = select(table, "trade.theta.")
    assert len(theta) == 21  # CP's 20 traded sectors and services
    # Caliendo and Parro (2015) point estimates (T.txt), e.g. Office 12.95, Petroleum 64.85.
    assert table["trade.theta.Office"].default == 12.95
    # truncated at the hard bound too, so that no draw is refused (a draw of 104.7 was)
    assert theta["trade.theta.Petroleum"] == Normal(mean=64.85, sd=16.2125, low=0.5, high=100.0)
    learning = table["rollout.learning_rate"].distribution
    assert learning is not None
    assert float(learning.ppf(0.0)) == pytest.approx(0.10)
    assert float(learning.ppf(1.0)) == pytest.approx(0.25)
    for parameter in table.values():
        assert parameter.source
        if parameter.source == "assumption":
            # an assumption is a range the ensemble can sample, or a stated rule (note)
            assert parameter.note
    assert set(sampled()) == {
        *(name for name in theta if name != "trade.theta.Services"),
        "rollout.learning_rate",
        "rollout.learning_spillover",
        "rollout.ericsson_margin",
        "rollout.tender_tilt",
        "rollout.nest_dissimilarity",
        "rollout.entrant_share",
        "rollout.lte_site_ratio",
        "rollout.swap_units_per_site",
        "rollout.swap_work_share",
        "rollout.swap_pace_years",
        "rollout.swap_crew_visits",
        "rollout.changeover_years",
        "rollout.crew_ramp",
        "rollout.core_share",
        "rollout.equipment_life_years",
        "rollout.lte_vintage_year",
        "rollout.upgrade_visit_share",
        "rollout.crew_slack",
        "rollout.ran_equipment_share",
        "rollout.lte_upkeep_share",
        "rollout.lerner_ceiling",
        "rollout.densification_rate",
        "rollout.support_share",
        "supply.design_out",
        "supply.investment_scale",
        "supply.learning_rate",
        "supply.substitute_cost_floor",
        "supply.substitute_export_share",
        "supply.foundry_listing_ceiling",
        "supply.foundry_listing_scope.baseband-soc",
        "supply.foundry_listing_scope.handset-processor",
        "supply.licensed_entry.handset-processor",
        "supply.licensed_entry_ramp_months",
        "supply.divestiture_share",
        "supply.inventory_months.handset-processor",
        "supply.divestiture_ramp_months",
        "supply.handset_assembly_share",
        "supply.handset_diversion_share",
        "supply.enterprise_diversion_share",
        "supply.substitute_capital_intensity",
        "adoption.years_10_to_90",
        "adoption.price_elasticity",
        "value.uplift_scale",
        "who_pays.discount_rate",
        *(
            f"disruption.{name}"
            for name in (
                "inventory_weeks",
                "inventory_weeks.SEMI",
                "refill_months",
                "overproduction_months",
                "spare_capacity",
                "substitution_share",
                "substitution_premium",
                "critical_share",
                "holding_cost",
            )
        ),
        "diffusion.beta",
        "diffusion.alpha",
        "diffusion.scale_elasticity",
        "diffusion.scale_spillover",
        "diffusion.scale_ran_share",
        "capital.crowding_out",
    }
    assert planned() == ["supply.learning_rate_chips", "supply.substitution_half_life_years"]


def test_the_price_elasticity_of_a_deterministic_run_is_the_median_of_its_draws() -> None:
    # no source gives the elasticity an asymmetric range: the triangular(0.2, 0.5, 1.0) it had drew above
    # its default 62.5 % of the time (median 0.553) and carried the allied bans' band most of the way off
    # the deterministic run; lognormal, the assumed range's factor of 5 is the 1st-99th percentile span
    default = parameter_table()["adoption.price_elasticity"].default
    distribution = sampled()["adoption.price_elasticity"]
    assert default == 0.5
    assert distribution.ppf(0.5)[()] == pytest.approx(default, rel=1e-12)
    first, last = distribution.ppf([0.01, 0.99])
    assert last / first == pytest.approx(1.0 / 0.2, rel=1e-3)
    assert first * last == pytest.approx(default**2, rel=1e-12)  # symmetric about the default in logs


def test_the_engines_defaults_are_the_tables() -> None:
    defaults = supply_parameters({})
    assert defaults.inventory_months == parameter_table()["supply.inventory_months"].default == 6.0
    assert defaults.bom_share == 0.45
    assert trade_solver_options({}) == {"tolerance": 1e-10, "step_tolerance": 1e-8, "max_iterations": 500}
    overridden = supply_parameters({"supply.inventory_months": 10.0, "supply.inventory_months.fpga": 2.0})
    assert overridden == SupplyParameters(
        **{
            **defaults.model_dump(),
            "inventory_months": 10.0,
            "class_inventory_months": {"handset_processor": 4.3, "fpga": 2.0},
        }
    )


def test_the_disruption_stocks_and_refill_are_the_sourced_ones() -> None:
    table = parameter_table()
    # the chip users' 25-41 days of inventory before 2020: 5 weeks, the leanest node's 25 days at the low
    # end; the 2019 survey's 40 days (published 2022, a check) inside the range
    chips = table["disruption.inventory_weeks.SEMI"]
    assert chips.distribution is not None
    low, high = chips.distribution.ends()
    assert chips.default == 5.0
    assert low == pytest.approx(25 / 7, abs=0.1)
    assert low <= 40 / 7 <= high
    # a gap ordered back over tau_R months leaves S + (S* - S) / tau_R after a month: at the engine's monthly
    # step no draw overshoots the target (tau_R >= 1), and the default is the literature's 6-30 days
    refill = table["disruption.refill_months"]
    assert refill.distribution is not None
    assert refill.default == 1.0
    assert refill.distribution.ends()[0] >= 1.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"supply.inventory_month": 3.0}, "unknown parameter 'supply.inventory_month'; did you mean"),
        ({"supply.learning_rate_chips": 0.2}, "planned: no engine reads it yet"),
        ({"trade.max_iterations": 2.5}, "not a whole number"),
        ({"rollout.learning_rate": 0.9}, r"out of range \(0 <= rollout.learning_rate <= 0.5"),
    ],
)
def test_refused_values_are_named(values: dict[str, float], message: str) -> None:
    with pytest.raises(InputError, match=message):
        resolve(values)


def test_a_scenario_setting_a_planned_parameter_is_refused() -> None:
    with pytest.raises(ScenarioError, match="planned: no engine reads it yet"):
        parse_scenario(b"name: t\nparameters: {supply.substitution_half_life_years: 3}\n")
    with pytest.raises(ScenarioError, match="planned: no engine reads it yet"):
        parse_scenario(b"name: t\nuncertain:\n  supply.learning_rate_chips: {kind: fixed, value: 0.2}\n")


def _write(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "parameters.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("trade.x,trade,1,float,1,0,2,engine,gamma,,,,,,,,assumption,\n", r"row 2, column distribution"),
        ("trade.x,trade,1,float,1,0,2,engine,normal,1,abc,,,,,,assumption,\n", r"row 2, column sd: 'abc'"),
        ("trade.x,trade,1,float,1,0,2,engine,normal,1,,,,,,,assumption,\n", r"row 2, column sd: Field"),
        ("trade.x,trade,1,float,1,0,2,engine,uniform,,,0,1,0.5,,,assumption,\n", r"column mode: Extra"),
        ("trade.x,trade,1,float,1,0,2,engine,fixed,,,,,,,,,\n", r"row 2, column source: empty cell"),
        ("trade.x,trade,1,float,3,0,2,engine,fixed,,,,,,,,a,\n", r"row 2, column default: default 3"),
        ("x,trade,1,float,1,0,2,engine,fixed,,,,,,,,a,\n", r"row 2, column name: 'x' does not start"),
        ("trade.x,oven,1,float,1,0,2,engine,fixed,,,,,,,,a,\n", r"row 2, column engine: unknown engine"),
        ("trade.x,trade,1,floot,1,0,2,engine,fixed,,,,,,,,a,\n", r"row 2, column type: unknown type 'floot'"),
        (
            "trade.x,trade,1,float,1,inf,2,engine,fixed,,,,,,,,a,\n",
            r"row 2, column minimum: 'inf' is not a fin",
        ),
        (
            "trade.x,trade,1,float,1,0,2,used,fixed,,,,,,,,a,\n",
            r"row 2, column status: unknown status 'used'",
        ),
        (
            "trade.x,trade,1,float,1,0,2,engine,fixed,,,,,,,,a,\ntrade.x,trade,1,float,1,0,2,engine,fixed,,,,,,,,a,\n",
            r"row 3, column name: duplicate",
        ),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, row: str, message: str) -> None:
    path = _write(tmp_path, row)
    with pytest.raises(InputError, match=message) as error:
        load_table(path)
    assert str(path) in str(error.value)


def test_the_schema_allows_every_distribution_kind_and_no_other() -> None:
    schema = (PACKAGE / "parameters.schema.csv").read_text(encoding="utf-8")
    allowed = next(line for line in schema.splitlines() if line.startswith("distribution,")).split(",")[2]
    assert set(allowed.split("|")) == set(KINDS)


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "parameters.csv"
    path.write_text("name,engine,unit\n", encoding="utf-8")
    with pytest.raises(InputError, match="header: missing column"):
        load_table(path)

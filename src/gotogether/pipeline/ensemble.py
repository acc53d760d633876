"""The scenario library as an ensemble draw: uncertain parameters in, who pays per scenario out.

Each draw sets the sampled parameters of the parameter table (status ``sampled``, and any a scenario
declares ``uncertain``) through ``pipeline.parameters.configure``, the same function that applies a
scenario's own parameters, and the value network's table rows with a range (``data.valuenet.ranged_rows``:
the suppliers' shares and the rivals' bills, shares and assembly countries) into the world's value network,
then reruns the coordinated
reference and the scenarios. Parameters no engine reads yet (status ``planned``) are not sampled;
``unmapped_parameters`` lists them for the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd

from gotogether.data.parameters import planned, resolve, sampled
from gotogether.data.parameters.distributions import Distribution
from gotogether.data.rollout.ranged import ROLLOUT_TABLES, rollout_tables
from gotogether.data.rollout.tables import OPERATORS_TABLE, SHARES_TABLE, TABLE
from gotogether.data.valuenet import load_tables, read_schema
from gotogether.data.valuenet.ranged_rows import RANGED_TABLES, ranged_rows, split_rows, with_drawn_rows
from gotogether.dims import COUNTRY, SCENARIO, YEAR
from gotogether.engines.contract import in_order
from gotogether.engines.rollout.params import RolloutParameters, parameters_from_table
from gotogether.engines.supply.network import RIVAL_TABLES
from gotogether.engines.supply.params import SupplyParameters
from gotogether.engines.supply.result import SupplyResult
from gotogether.errors import InputError
from gotogether.pipeline import load_world
from gotogether.pipeline.parameters import engine_values, solved_rollout, supply_parameters
from gotogether.pipeline.run import TRADE_YEARS, References, run_scenarios, scenario_supply
from gotogether.pipeline.who_pays import COLUMNS, who_pays_columns
from gotogether.pipeline.world import World
from gotogether.scenarios import Scenario, parse_scenario
from gotogether.scenarios.translate import translate
from gotogether.scenarios.yamlfile import json_as_yaml

_TRADE_YEARS = pd.Index(TRADE_YEARS)


def library_parameters(scenarios: Sequence[Scenario] = ()) -> dict[str, Distribution]:
    """The distributions the library draw samples: the parameter table's, overridden by the scenarios' own
    ``uncertain`` entries (two scenarios giving one parameter different distributions is an error), and
    the table rows with a range of the value network (``data.valuenet.ranged_rows``) and of the rollout
    (``data.rollout.ranged``)."""
    parameters = {
        **sampled(),
        **ranged_rows(load_tables()),
        **ranged_rows(rollout_tables(), ROLLOUT_TABLES),
    }
    declared: dict[str, tuple[str, Distribution]] = {}
    for scenario in scenarios:
        for name, distribution in scenario.uncertain.items():
            if name in declared and declared[name][1] != distribution:
                raise InputError(
                    f"{declared[name][0]} and {scenario.name} give {name} different distributions",
                    location=f"uncertain.{name}",
                    expected="one distribution per parameter across the scenarios of a run",
                )
            declared[name] = (scenario.name, distribution)
            parameters[name] = distribution
    return parameters


def unmapped_parameters() -> list[str]:
    """Parameters of the table with no engine input yet (not sampled by the library draw)."""
    return planned()


def scenario_documents(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    """The resolved scenarios as JSON documents: what the draws carry to workers, local or remote."""
    return tuple(json_as_yaml(s.model_dump(mode="json", exclude={"inherits"})) for s in scenarios)


_SUPPLIERS = "suppliers"
"""The value network's table of suppliers' shares (``ValueNetwork.with_supplier_shares``)."""


@cache
def _network_tables() -> dict[str, pd.DataFrame]:
    """The packaged tables of the rivals (``ValueNetwork.with_rivals``) and the suppliers, once per
    process, as ``_own_columns`` (a draw builds the rivals from them: 5 times faster than on the loaded
    tables' Arrow strings and source columns)."""
    return _own_columns(load_tables(), tuple(dict.fromkeys((*RIVAL_TABLES, *RANGED_TABLES))))


@cache
def _rollout_tables() -> dict[str, pd.DataFrame]:
    """The packaged rollout tables (``data.rollout.ranged.ROLLOUT_TABLES``), once per process, as
    ``_own_columns`` (a draw's rollout parameters are built from them)."""
    return _own_columns(rollout_tables(), tuple(ROLLOUT_TABLES))


def _own_columns(loaded: Mapping[str, pd.DataFrame], names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The tables ``names`` of ``loaded`` with their own columns only (not the source columns every table
    shares), text as Python strings."""
    schema = read_schema()
    shared = set(schema.loc[schema["table"] == "*", "column"])
    tables = {}
    for name in names:
        table = loaded[name]
        own = table[[column for column in table.columns if column not in shared]]
        text = [column for column in own.columns if own[column].dtype.kind not in "fiub"]
        tables[name] = own.astype(dict.fromkeys(text, object))
    return tables


def drawn_world(world: World, rows: Mapping[str, float], values: Mapping[str, float] | None = None) -> World:
    """``world`` with its network's supplier shares (``ValueNetwork.with_supplier_shares``: the share matrix
    made again, not the network) and rivals made from the packaged tables with the drawn value network's
    ``rows`` (``data.valuenet.ranged_rows.with_drawn_rows``) and its rollout parameters from the rollout
    tables with the drawn rollout ``rows``, solved at the draw's parameters ``values`` (``pipeline.parameters.
    solved_rollout``: configuring the world at ``values`` finds them solved); only what the rows change is
    made again, ``world`` itself without rows."""
    rivals = {name: value for name, value in rows.items() if name.startswith("valuenet:")}
    rollout = {name: value for name, value in rows.items() if name.startswith("rollout:")}
    if len(rivals) + len(rollout) < len(rows):
        raise KeyError(f"no table has the rows {sorted(set(rows) - set(rivals) - set(rollout))}")
    if rivals:
        tables = {**_network_tables(), **with_drawn_rows(_network_tables(), rivals)}
        network = world.network
        if any(name.startswith(f"valuenet:{_SUPPLIERS}:") for name in rivals):
            network = network.with_supplier_shares(tables[_SUPPLIERS]["share"].to_numpy(dtype=float))
        if any(not name.startswith(f"valuenet:{_SUPPLIERS}:") for name in rivals):
            network = network.with_rivals(tables)
        world = replace(world, network=network)
    if rollout:
        world = replace(world, rollout=_drawn_rollout(world, rollout, values or {}))
    return world


def _drawn_rollout(world: World, rows: Mapping[str, float], values: Mapping[str, float]) -> RolloutParameters:
    """The rollout parameters of the packaged rollout tables with the drawn ``rows``, solved at ``values``
    (as ``pipeline.world.rollout_parameters`` makes the packaged ones)."""
    tables = with_drawn_rows(_rollout_tables(), rows, ROLLOUT_TABLES)
    scalars = engine_values(resolve(values), "rollout")
    drawn = parameters_from_table(
        tables[TABLE], tables[SHARES_TABLE], world.vendor_home, scalars, tables[OPERATORS_TABLE]
    )
    return solved_rollout(drawn, values)


@cache
def _scenarios(documents: tuple[str, ...]) -> tuple[Scenario, ...]:
    """The scenarios of ``documents`` (parsed once per worker)."""
    return tuple(parse_scenario(document.encode(), "ensemble scenario") for document in documents)


@cache
def _leave_supply_alone(documents: tuple[str, ...]) -> tuple[bool, ...]:
    """Whether each scenario of ``documents`` gives the supply engine no input (it then runs its baseline,
    which depends on the supply parameters only); once per worker."""
    model = load_world().model
    return tuple(not translate(scenario, model).reaches("supply") for scenario in _scenarios(documents))


def _drawn_supplies(
    base: World, documents: tuple[str, ...], values: Mapping[str, float]
) -> list[SupplyResult | None]:
    """The supply results a draw's scenarios can share: of the scenarios that leave the supply engine
    alone, one baseline per set of supply parameters (a scenario's own parameters may set some); None
    for the others (run with their scenario)."""
    baselines: list[tuple[SupplyParameters, SupplyResult]] = []
    supplies: list[SupplyResult | None] = []
    for scenario, alone in zip(_scenarios(documents), _leave_supply_alone(documents), strict=True):
        parameters = supply_parameters({**values, **scenario.parameters})
        shared = next((result for kept, result in baselines if alone and kept == parameters), None)
        if alone and shared is None:
            shared = scenario_supply(base, scenario, values=values)
            baselines.append((parameters, shared))
        supplies.append(shared)
    return supplies


@cache
def _default_supplies(documents: tuple[str, ...]) -> tuple[SupplyResult, ...]:
    """The scenarios' supply results at default supply parameters (once per worker, when a draw leaves the
    supply engine's parameters alone: the library's draws sample them, so a worker seldom needs these)."""
    base = load_world()
    return tuple(scenario_supply(base, scenario) for scenario in _scenarios(documents))


def library_draw(values: Mapping[str, float], documents: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """One draw (``values``: parameters of the parameter table and table rows, ``library_parameters``):
    ``who_pays`` (index scenario, country; the columns of ``pipeline.who_pays`` but the role and the peak
    year, infinities as missing) and ``world_welfare`` (index scenario, year; income-weighted world welfare
    change in percent). Made on arrays, labelled once. The table rows change the suppliers' shares (read by
    the supply engine), the rivals and the rollout's parameters (not read by it)."""
    values, rows = split_rows(values)
    base = drawn_world(load_world(), rows, values)
    references: References = {}
    # the supply results of _default_supplies hold while the draw leaves the supply engine's parameters and
    # the suppliers' shares alone
    draws_supply = supply_parameters(values) != supply_parameters({}) or base.network.share is not (
        load_world().network.share
    )
    names, regions, paying, by_year = [], [], [], []
    scenarios = _scenarios(documents)
    supplies = _drawn_supplies(base, documents, values) if draws_supply else _default_supplies(documents)
    outcomes = run_scenarios(base, scenarios, values=values, references=references, supplies=supplies)
    for scenario, outcome in zip(scenarios, outcomes, strict=True):
        columns = who_pays_columns(outcome)
        del columns["peak_year"]
        names.append(scenario.name)
        regions = list(outcome.world.trade.countries)
        paying.append(columns)
        income = in_order(outcome.world.trade["value_added"], {COUNTRY: regions})
        welfare = in_order(outcome.welfare, {COUNTRY: regions, YEAR: _TRADE_YEARS})
        by_year.append(100.0 * ((welfare - 1.0) * income[:, None]).sum(axis=0) / income.sum())
    table = pd.DataFrame(
        {name: np.concatenate([columns[name] for columns in paying]) for name in paying[0]},
        index=pd.MultiIndex.from_product([names, regions], names=[SCENARIO, COUNTRY]),
    )
    table.attrs.update(
        units={name: unit for name, (_, unit) in COLUMNS.items() if unit and name in table},
        long_names={name: label for name, (label, _) in COLUMNS.items() if name in table},
    )
    world = pd.DataFrame(
        {"welfare_change_pct": np.concatenate(by_year)},
        index=pd.MultiIndex.from_product([names, list(TRADE_YEARS)], names=[SCENARIO, YEAR]),
    )
    return {"who_pays": table.replace([np.inf, -np.inf], np.nan), "world_welfare": world}

"""The Python API for notebooks; it mirrors the command line.

import gotogether.api as gt

world = gt.load_world()                       # the default world, engines calibrated (cached)
scenario = gt.scenario("us-huawei-2019-2020")  # a built-in name or a YAML file
outcome = gt.run(scenario)                     # every engine; labelled xarray results
gt.who_pays(outcome)                           # by country: present values, channels, role, peak year
gt.who_pays_by_role(outcome)                   # the same summed by role and for the world
gt.who_pays_by_year(outcome)                   # xarray Dataset: each channel by (country, year)
gt.firms(outcome)                              # vendors and suppliers: value added and sales change
result = gt.run_job(["allied-bans"], "runs/allied")   # what ``gotogether run`` writes
gt.open_results("runs/allied")                 # the run's results as one labelled Dataset
gt.compare("runs/a", "runs/b")                 # what ``gotogether compare`` prints

table = gt.world_table()                       # the default world's input-output table (an IOTable)
system = gt.to_pymrio(table)                   # as a pymrio IOSystem (needs the ``pymrio`` extra)
gt.from_pymrio(system)                         # and back: any parsed pymrio IOSystem as an IOTable

Money is in billions of US dollars of 2019; present values are in 2019 at the discount rate
``who_pays.discount_rate`` (3.5 % by default; a scenario's ``parameters`` may set it). Every DataFrame
carries ``attrs["units"]`` and ``attrs["long_names"]`` by column, every Dataset variable ``units`` and
``long_name``. The accounting is in docs/who-pays.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import xarray as xr

from gotogether.data.consistency import Validation
from gotogether.data.default_world import DEFAULT_WORLD, load_default_world
from gotogether.data.iotable import IOTable
from gotogether.data.loaders.pymrio_tables import from_pymrio as _from_pymrio
from gotogether.data.loaders.pymrio_tables import to_pymrio as _to_pymrio
from gotogether.jobs.main import RESULTS, JobResult
from gotogether.jobs.main import run_job as _run_job
from gotogether.pipeline import ScenarioOutcome, load_world, run_scenario
from gotogether.pipeline.run import References
from gotogether.pipeline.who_pays import accounts, totals_by_role
from gotogether.pipeline.who_pays import firms as _firms
from gotogether.pipeline.who_pays import who_pays as _who_pays
from gotogether.runs.compare import compare_runs as compare
from gotogether.scenarios import Scenario, builtin_names, load_scenario

__all__ = [
    "builtin_names",
    "compare",
    "firms",
    "from_pymrio",
    "load_world",
    "open_results",
    "run",
    "run_job",
    "scenario",
    "to_pymrio",
    "who_pays",
    "who_pays_by_role",
    "who_pays_by_year",
    "world_table",
]


def scenario(reference: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file."""
    return load_scenario(reference)


_REFERENCES: References = {}


def run(chosen: Scenario | str | Path) -> ScenarioOutcome:
    """Run one scenario through every engine on the default world (with the scenario's parameters),
    measured against the coordinated world under the same parameters (``outcome.reference``)."""
    loaded = chosen if isinstance(chosen, Scenario) else load_scenario(chosen)
    return run_scenario(load_world(), loaded, references=_REFERENCES)


def who_pays(outcome: ScenarioOutcome) -> pd.DataFrame:
    """Costs and gains by country against the coordinated world: role, the present value of the
    equivalent variation (``ev_pv``) and of each channel (``<channel>_pv``, summing to it), as % of GDP,
    the peak year, and measures that are not money (coverage delay, sites, suppliers' sales)."""
    return _who_pays(outcome)


def who_pays_by_role(outcome: ScenarioOutcome) -> pd.DataFrame:
    """The present values of ``who_pays`` summed by role (issuer, ally, target, third country) and for the
    world."""
    return totals_by_role(_who_pays(outcome))


def who_pays_by_year(outcome: ScenarioOutcome) -> xr.Dataset:
    """The equivalent variation of each country by channel and year (``equivalent_variation`` the sum
    of the channels), with GDP and suppliers' sales change, as a labelled Dataset."""
    return accounts(outcome)


def firms(outcome: ScenarioOutcome) -> pd.DataFrame:
    """Vendors and supplier firms: kind, home country, sales change (revenue) and the present value of
    the value added in it."""
    return _firms(outcome)


def run_job(scenarios: list[str], out: str | Path) -> JobResult:
    """Run scenarios and write a complete run directory, as ``gotogether run`` does; ``result.results``
    is the run's labelled Dataset (saved as ``results.nc``)."""
    return _run_job(scenarios, Path(out))


def world_table(name: str = DEFAULT_WORLD) -> IOTable:
    """The input-output table of an embedded default world: ``"2019"`` (the default) or ``"2011"``; millions
    of current US dollars, 23 regions (``REU``, ``ROW`` aggregates) by 27 (2019) or 25 (2011) sectors."""
    return load_default_world(name)


def to_pymrio(table: IOTable) -> Any:
    """A pymrio ``IOSystem`` of ``table``: Z, Y, x, the unit, and value added as the ``factor_inputs``
    extension; ``system.calc_all()`` then gives pymrio's Leontief results. Needs the ``pymrio`` extra."""
    return _to_pymrio(table)


def from_pymrio(system: Any, *, source: str | None = None, validate: Validation = "warn") -> IOTable:
    """An ``IOTable`` from a monetary pymrio ``IOSystem`` (e.g. parsed by pymrio from EXIOBASE, WIOD, OECD
    or Eora files); value added from its factor-inputs extension when present, else gross output less
    intermediate inputs. Its accounting identities are checked: ``validate="warn"`` warns naming the cells
    that break them, ``"strict"`` raises, ``"skip"`` does not check."""
    return _from_pymrio(system, source=source, validate=validate)


def open_results(run_directory: str | Path) -> xr.Dataset:
    """The results of a run directory as one labelled Dataset (read into memory; the file is closed)."""
    with xr.open_dataset(Path(run_directory) / RESULTS) as results:
        return results.load()

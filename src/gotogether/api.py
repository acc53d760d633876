"""The Python API for notebooks; it mirrors the command line.

import gotogether.api as gt

world = gt.load_world()                       # the default world, engines calibrated (cached)
scenario = gt.scenario("us-huawei-2019-2020")  # a built-in name or a YAML file
outcome = gt.run(scenario)                     # every engine; labelled xarray results
gt.who_pays(outcome)                           # pandas table by country
result = gt.run_job(["allied-bans"], "runs/allied")   # what ``gotogether run`` writes
gt.compare("runs/a", "runs/b")                 # what ``gotogether compare`` prints
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gotogether.jobs.main import JobResult
from gotogether.jobs.main import run_job as _run_job
from gotogether.pipeline import ScenarioOutcome, load_world, run_scenario
from gotogether.pipeline.run import References
from gotogether.pipeline.who_pays import who_pays as _who_pays
from gotogether.runs.compare import compare_runs as compare
from gotogether.scenarios import Scenario, builtin_names, load_scenario

__all__ = ["builtin_names", "compare", "load_world", "run", "run_job", "scenario", "who_pays"]


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
    """Costs and gains by country against the coordinated world (see ``pipeline.who_pays``)."""
    return _who_pays(outcome)


def run_job(scenarios: list[str], out: str | Path) -> JobResult:
    """Run scenarios and write a complete run directory, as ``gotogether run`` does."""
    return _run_job(scenarios, Path(out))

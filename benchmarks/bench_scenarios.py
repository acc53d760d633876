"""Scenario layer, run directory and report: the costs a `gotogether run` pays besides the engines.

Sizes are those of the default library on a default-world-sized result: 6 scenarios, 23 regions,
22 sectors, 17 years (2019-2035), 5 vendors.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import xarray as xr

from benchmarks.harness import python_command, time_call, whole_process_seconds
from gotogether.reports import Section, build_report, country_map, time_series, vendor_shares
from gotogether.runs import RunWriter
from gotogether.scenarios import builtin_names, load_builtins

REGIONS = ["AUS", "BRA", "CAN", "CHN", "DEU", "ESP", "FIN", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR"]
REGIONS += ["MEX", "NLD", "RUS", "SWE", "TUR", "TWN", "USA", "REU", "ROW"]
YEARS = list(range(2019, 2036))


def _results() -> tuple[xr.DataArray, xr.DataArray, xr.DataArray, xr.DataArray]:
    random = np.random.default_rng(0)
    scenarios = builtin_names()
    welfare = xr.DataArray(
        1 + random.normal(0, 0.002, (len(scenarios), len(REGIONS))),
        dims=("scenario", "country"),
        coords={"scenario": scenarios, "country": REGIONS},
        name="welfare_change",
    )
    coverage = xr.DataArray(
        random.uniform(0, 1, (len(scenarios), len(YEARS), len(REGIONS))),
        dims=("scenario", "year", "country"),
        coords={"scenario": scenarios, "year": YEARS, "country": REGIONS},
        name="coverage",
    )
    shares = xr.DataArray(
        random.dirichlet(np.ones(5), (len(scenarios), len(YEARS))),
        dims=("scenario", "year", "vendor"),
        coords={
            "scenario": scenarios,
            "year": YEARS,
            "vendor": ["Huawei", "Ericsson", "Nokia", "ZTE", "Samsung"],
        },
        name="share",
    )
    flows = xr.DataArray(
        random.uniform(0, 1, (len(scenarios), len(REGIONS), len(REGIONS), 22)),
        dims=("scenario", "importer", "exporter", "sector"),
        coords={
            "scenario": scenarios,
            "importer": REGIONS,
            "exporter": REGIONS,
            "sector": [f"s{i}" for i in range(22)],
        },
        name="flows",
    )
    return welfare, coverage, shares, flows


def _report() -> str:
    welfare, coverage, shares, _ = _results()
    sections: list[Section] = [
        country_map(100.0 * (welfare - 1.0), "map", "Welfare change (%)"),
        time_series(coverage, "coverage", "Coverage"),
        vendor_shares(shares),
    ]
    return build_report("benchmark", sections)


def _write_run() -> None:
    welfare, coverage, shares, flows = _results()
    with tempfile.TemporaryDirectory() as work, RunWriter(Path(work) / "run") as run:
        for table in (welfare, coverage, shares, flows):
            run.write_table(str(table.name).replace("_", "-"), table)
        run.write_text("report.html", _report())


def run() -> dict[str, object]:
    return {
        "load_library": time_call(load_builtins, repeat=5),
        "build_report": time_call(_report, repeat=3),
        "report_mib": round(len(_report().encode()) / 2**20, 2),
        "write_run_with_report": time_call(_write_run, repeat=3),
        "flows_rows": 6 * 23 * 23 * 22,
        "cli_validate_library_whole_process": whole_process_seconds(
            python_command(
                "-c",
                "from gotogether.cli.main import main; main()",
                "scenarios",
                "validate",
                *[str(p) for p in sorted(Path("src/gotogether/scenarios/library").glob("*.yaml"))],
            )
        ),
    }

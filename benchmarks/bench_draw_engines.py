"""CPU of a sampled draw of the whole library and the share of it the disruption and supply engines take
(issues 20 and 16: a draw at about 0.5 s of CPU).

Each measurement runs in a fresh process, as a worker starts (one BLAS thread): the world loaded, one draw
to fill the caches, then ``SAMPLED_DRAWS`` draws of sampled parameters (seed 7), CPU seconds per draw in
all, in ``simulate_disruption`` and ``simulate_supply``, and in the pipeline's ``run_disruption`` (the
engine with its shock and its coupling to the trade engine; wrapped with a CPU clock, no profiler). With
``GOTOGETHER_BENCH_BASELINE_SOURCE`` set to a checkout of the code to compare with, the checkout is measured
right after this code, twice each in turns, so that before and after share the machine's load; the
figures are the lower of the two.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLED_DRAWS = 6
ROUNDS = 2
_CODE = """
import json, time
from threadpoolctl import threadpool_limits
import gotogether.engines.disruption.entry as disruption
import gotogether.engines.supply.entry as supply
import gotogether.pipeline.run as pipeline_run
from gotogether.ensembles.sampling import design
from gotogether.pipeline.ensemble import library_draw, library_parameters, scenario_documents
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_builtins

spent = {"disruption": 0.0, "supply": 0.0, "run_disruption": 0.0}

def timed(module, name, stage):
    function = getattr(module, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - start
    setattr(module, name, wrapper)

timed(disruption, "simulate_disruption", "disruption")
timed(supply, "simulate_supply", "supply")
timed(pipeline_run, "run_disruption", "run_disruption")
load_world()
documents = scenario_documents(load_builtins())
rows = design(library_parameters(), SAMPLED_DRAWS + 1, seed=7).to_dict("records")
rows = [{str(name): float(value) for name, value in row.items()} for row in rows]
with threadpool_limits(limits=1, user_api="blas"):
    library_draw(rows[0], documents)
    spent.update(disruption=0.0, supply=0.0, run_disruption=0.0)
    start = time.process_time()
    for row in rows[1:]:
        library_draw(row, documents)
    total = time.process_time() - start
print(json.dumps({"draw_s": total / SAMPLED_DRAWS} | {k: v / SAMPLED_DRAWS for k, v in spent.items()}))
"""


def _measure(root: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CODE.replace("SAMPLED_DRAWS", str(SAMPLED_DRAWS))],
        cwd=root,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])},
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def _lowest(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: min(run[key] for run in runs) for key in runs[0]}


def run() -> dict[str, object]:
    here = Path(__file__).resolve().parents[1]
    baseline = os.environ.get("GOTOGETHER_BENCH_BASELINE_SOURCE")
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(ROUNDS):
        ours.append(_measure(here))
        if baseline:
            theirs.append(_measure(Path(baseline)))
    result: dict[str, object] = {
        "sampled_draws": SAMPLED_DRAWS,
        "cpu_per_draw_s": _lowest(ours),
        "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()],
    }
    if theirs:
        before, after = _lowest(theirs), _lowest(ours)
        result["cpu_per_draw_s_baseline"] = before
        result["baseline_source"] = baseline
        result["speed_up"] = {key: round(before[key] / after[key], 2) for key in after if after[key] > 0}
    return result

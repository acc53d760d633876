"""Running ensembles: same results whatever the workers, resume after a kill, worker death, errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from threadpoolctl import threadpool_info

from ensembles.draws import KILL_MARKER, dying_draw, polynomial_draw, scaled_draw, worker_settings_draw
from gotogether.data.parameters.distributions import Fixed, Normal, Uniform
from gotogether.ensembles import DrawIdentity, read_ensemble, read_table, run_ensemble
from gotogether.errors import InputError
from gotogether.locking import locked
from gotogether.validation.nafta_ensemble import nafta_theta_draw, theta_parameters

PARAMETERS = {"a": Normal(mean=2.0, sd=0.5), "b": Uniform(low=-1.0, high=1.0)}


def test_serial_run_writes_every_draw_once(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    run = run_ensemble(
        polynomial_draw, PARAMETERS, 10, 1, tmp_path / "e", batch_size=3, progress=lambda *x: seen.append(x)
    )
    assert (run.batches_run, run.batches_skipped) == (4, 0)
    assert seen == [(0, 10), (3, 10), (6, 10), (9, 10), (10, 10)]
    ensemble = read_ensemble(tmp_path / "e")
    assert list(ensemble["draw"].values) == list(range(10))
    a = ensemble["parameter_value"].sel(parameter="a")
    b = ensemble["parameter_value"].sel(parameter="b")
    np.testing.assert_allclose(ensemble["gdp.level"].sel(year=2030), a * b)
    np.testing.assert_allclose(ensemble["share.value"].sel(country="x"), a / (a + abs(b) + 1))
    assert json.loads((tmp_path / "e" / "manifest.json").read_text())["complete"] is True


def _blas_threads() -> int:
    return max(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_draws_run_with_one_blas_thread_per_worker_glibc_malloc_as_usual_and_no_profiler(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a Dask cluster started earlier in this process may have set the variable here (its nanny sets its
    # workers' environment in the parent's); ours must not set it for its workers
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    before = _blas_threads()
    run = run_ensemble(worker_settings_draw, PARAMETERS, 4, 1, tmp_path / "e", batch_size=2, workers=workers)
    assert (read_table(run.out_dir, "threads")["most"] == 1).all()
    assert _blas_threads() == before  # limited only while drawing
    # Dask's default sets it, which fixes glibc's mmap threshold: every large array a new mapping
    worker = read_table(run.out_dir, "worker")
    assert (worker["trim_threshold_set"] == 0.0).all()
    assert (worker["profiler_on"] == 0.0).all()  # Dask's statistical profiler, on by default


def test_batch_size_does_not_change_results(tmp_path: Path) -> None:
    run_ensemble(polynomial_draw, PARAMETERS, 9, 4, tmp_path / "a", batch_size=2)
    run_ensemble(polynomial_draw, PARAMETERS, 9, 4, tmp_path / "b", batch_size=9)
    xr.testing.assert_identical(read_ensemble(tmp_path / "a"), read_ensemble(tmp_path / "b"))


def test_refuses_to_overwrite_or_resume_with_other_settings(tmp_path: Path) -> None:
    out = tmp_path / "e"
    run_ensemble(polynomial_draw, PARAMETERS, 4, 1, out)
    with pytest.raises(InputError, match="already holds an ensemble"):
        run_ensemble(polynomial_draw, PARAMETERS, 4, 1, out)
    with pytest.raises(InputError, match="seed differ"):
        run_ensemble(polynomial_draw, PARAMETERS, 4, 2, out, resume=True)
    with pytest.raises(InputError, match="parameters differ"):
        run_ensemble(polynomial_draw, {**PARAMETERS, "b": Fixed(value=0.0)}, 4, 1, out, resume=True)
    finished = run_ensemble(polynomial_draw, PARAMETERS, 4, 1, out, resume=True)
    assert (finished.batches_run, finished.batches_skipped) == (0, 1)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty and holds no ensemble"):
        run_ensemble(polynomial_draw, PARAMETERS, 4, 1, tmp_path / "other")


RESUME_IN_A_NEW_PROCESS = """
import sys
from functools import partial
from pathlib import Path
from ensembles.draws import scaled_draw
from ensembles.test_runner import PARAMETERS
from gotogether.ensembles import DrawIdentity, run_ensemble
run = run_ensemble(
    partial(scaled_draw, scale=2.0), PARAMETERS, 6, 1, Path(sys.argv[1]), batch_size=2, resume=True,
    identity=DrawIdentity.of(scaled_draw, scale=2.0),
)
print(run.batches_run, run.batches_skipped)
"""


def test_a_bound_draw_function_resumes_in_another_process(tmp_path: Path) -> None:
    """Issue 18.1: the manifest named a partial by its repr (a memory address), so no rerun resumed."""
    out = tmp_path / "e"

    def interrupt(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    draw, identity = partial(scaled_draw, scale=2.0), DrawIdentity.of(scaled_draw, scale=2.0)
    with pytest.raises(KeyboardInterrupt):
        run_ensemble(draw, PARAMETERS, 6, 1, out, batch_size=2, progress=interrupt, identity=identity)
    stored = json.loads((out / "manifest.json").read_text())["draw_function"]
    assert stored["name"] == "ensembles.draws:scaled_draw"
    assert "0x" not in json.dumps(stored)
    tests = Path(__file__).parents[1]
    resumed = subprocess.run(
        [sys.executable, "-c", RESUME_IN_A_NEW_PROCESS, str(out)],
        capture_output=True, text=True, cwd=tests, env={**os.environ, "PYTHONPATH": str(tests)},
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.split() == ["2", "1"]
    run_ensemble(draw, PARAMETERS, 6, 1, tmp_path / "whole", batch_size=2, identity=identity)
    xr.testing.assert_identical(read_ensemble(out), read_ensemble(tmp_path / "whole"))
    with pytest.raises(InputError, match=r"draw_function differ.*delete"):
        run_ensemble(
            draw,
            PARAMETERS,
            6,
            1,
            out,
            batch_size=2,
            resume=True,
            identity=DrawIdentity.of(scaled_draw, scale=3.0),
        )
    with pytest.raises(TypeError, match="no stable name"):
        run_ensemble(draw, PARAMETERS, 6, 1, tmp_path / "unnamed")


def test_one_run_at_a_time_per_directory(tmp_path: Path) -> None:
    """Issue 18.7, for ensembles: two runs in one directory would write the same batches."""
    out = tmp_path / "e"
    with locked(out, "held by this test"), pytest.raises(InputError, match="another ensemble run is writing"):
        run_ensemble(polynomial_draw, PARAMETERS, 4, 1, out)
    assert not out.exists()
    run_ensemble(polynomial_draw, PARAMETERS, 4, 1, out)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["e"]


def test_a_cluster_starts_beside_another_on_the_default_port(tmp_path: Path) -> None:
    # Dask's scheduler serves HTTP on 8787 by default and warns (an error here) when it is taken, as it is
    # when two ensembles or two test runs share a machine.
    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 8787))
        taken.listen()
    except OSError:
        pass  # somebody else holds it: the case under test
    with taken:
        run = run_ensemble(polynomial_draw, PARAMETERS, 2, 1, tmp_path / "e", batch_size=1, workers=2)
    assert (run.batches_run, run.n_draws) == (2, 2)


@pytest.mark.slow
def test_two_worker_cluster_matches_serial(tmp_path: Path) -> None:
    parameters = theta_parameters()
    run_ensemble(nafta_theta_draw, parameters, 6, 9, tmp_path / "serial", batch_size=2)
    run_ensemble(nafta_theta_draw, parameters, 6, 9, tmp_path / "cluster", batch_size=2, workers=2)
    serial, cluster = read_ensemble(tmp_path / "serial"), read_ensemble(tmp_path / "cluster")
    xr.testing.assert_identical(serial, cluster)
    # The draws move Mexico's welfare around CP's 1.31 percent.
    mexico = serial["welfare.welfare_first_order_pct"].sel(country="MEX")
    assert 0.5 < float(mexico.min()) < float(mexico.max()) < 2.5
    assert float(mexico.std()) > 0.01


@pytest.mark.slow
def test_killed_worker_batch_is_rerun_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "killed"
    monkeypatch.setenv(KILL_MARKER, str(marker))
    # Every draw has a == 3, so the worker running the first batch dies once, mid-batch.
    parameters = {"a": Fixed(value=3.0), "b": Uniform(low=-1.0, high=1.0)}
    run_ensemble(dying_draw, parameters, 8, 2, tmp_path / "cluster", batch_size=2, workers=2)
    assert marker.exists()
    run_ensemble(polynomial_draw, parameters, 8, 2, tmp_path / "serial", batch_size=2)
    cluster = read_table(tmp_path / "cluster", "gdp")
    assert list(cluster.index.get_level_values("draw")) == [d for d in range(8) for _ in (2025, 2030)]
    np.testing.assert_array_equal(cluster.values, read_table(tmp_path / "serial", "gdp").values)


def _cli(out: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "gotogether.cli.main", "ensemble", "nafta-theta", "--out", str(out)]
    return [*command, "--draws", "24", "--batch-size", "2", "--seed", "5", *extra]


@pytest.mark.slow
def test_resume_after_the_process_is_killed(tmp_path: Path) -> None:
    out = tmp_path / "killed"
    process = subprocess.Popen(_cli(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list((out / "batches").glob("batch-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is False, "the run finished before it could be killed"
    before = len(list((out / "batches").glob("batch-*")))
    assert 3 <= before < 12
    subprocess.run(_cli(out, "--resume"), check=True, capture_output=True)
    run_ensemble(nafta_theta_draw, theta_parameters(), 24, 5, tmp_path / "whole", batch_size=2)
    xr.testing.assert_identical(read_ensemble(out), read_ensemble(tmp_path / "whole"))
    assert len(list((out / "batches").glob("*"))) == 12

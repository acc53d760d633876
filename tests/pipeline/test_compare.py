"""Comparing run directories: identical runs differ by zero; a non-run is named."""

from pathlib import Path

import pytest

from gotogether.errors import InputError
from gotogether.jobs.main import run_job
from gotogether.runs.compare import compare_runs


def test_compare_two_runs_and_reject_a_non_run(tmp_path: Path) -> None:
    run_job(["coordinated", "tariff-war"], tmp_path / "a")
    run_job(["tariff-war"], tmp_path / "b")
    comparison = compare_runs(tmp_path / "a", tmp_path / "b").set_index(["scenario", "country"])
    both = comparison.loc["tariff-war"]
    assert len(both) == 23
    assert float(both.filter(like="_diff").abs().max().max()) == 0.0
    assert float(both.loc["CHN", "ev_pv_a"]) < 0
    # rows of a scenario only run A has are kept, with nothing on B's side
    assert comparison.loc["coordinated", "ev_pv_b"].isna().all()
    with pytest.raises(InputError, match="not a run directory"):
        compare_runs(tmp_path / "a", tmp_path)

"""Comparing run directories: identical runs differ by zero; a non-run is named."""

from pathlib import Path

import pytest

from gotogether.errors import InputError
from gotogether.pipeline.job import run_job
from gotogether.runs.compare import compare_runs


def test_compare_two_runs_and_reject_a_non_run(tmp_path: Path) -> None:
    run_job(["coordinated", "tariff-war"], tmp_path / "a")
    run_job(["tariff-war"], tmp_path / "b")
    comparison = compare_runs(tmp_path / "a", tmp_path / "b")
    assert set(comparison.index.get_level_values("scenario")) == {"tariff-war"}
    assert float(comparison.xs("b - a", axis=1, level=1).abs().max().max()) == 0.0
    assert float(comparison[("welfare_change_pct", "a")].loc[("tariff-war", "CHN")]) < 0
    with pytest.raises(InputError, match="not a run directory"):
        compare_runs(tmp_path / "a", tmp_path)

"""Run directories: complete or absent, never half-overwritten; tables and manifest read back exactly."""

import hashlib
import json
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from gotogether import __version__
from gotogether.errors import InputError
from gotogether.runs import RunWriter, read_manifest, read_table, tidy


def welfare() -> xr.DataArray:
    return xr.DataArray(
        [[0.99, 1.01], [0.98, 1.0]],
        dims=("scenario", "country"),
        coords={"scenario": ["a", "b"], "country": ["CHN", "USA"]},
        name="welfare_change",
        attrs={"units": "ratio W'/W"},
    )


def write_run(target: Path, data_file: Path, fail_in: str | None = None) -> None:
    with RunWriter(target) as run:
        run.record(
            scenarios=[{"name": "a"}],
            parameters={"trade.tolerance": 1e-10},
            seed=7,
            data={"world": data_file},
        )
        with run.stage("trade"):
            run.write_table("welfare", welfare())
            if fail_in == "trade":
                raise RuntimeError("solver blew up")
        run.write_table("flows", pd.DataFrame({"exporter": ["CHN"], "importer": ["USA"], "value": [1.5]}))
        run.write_text("report.html", "<html></html>")


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "world.bin"
    path.write_bytes(b"default world")
    return path


def test_complete_run_with_tables_and_manifest(tmp_path: Path, data_file: Path) -> None:
    target = tmp_path / "out"
    write_run(target, data_file)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "manifest.json",
        "report.html",
        "tables/flows.csv",
        "tables/flows.parquet",
        "tables/welfare.csv",
        "tables/welfare.parquet",
    ]
    table = read_table(target / "tables", "welfare")
    assert table.to_dict("list") == {
        "scenario": ["a", "a", "b", "b"],
        "country": ["CHN", "USA", "CHN", "USA"],
        "welfare_change": [0.99, 1.01, 0.98, 1.0],
    }
    pd.testing.assert_frame_equal(pd.read_csv(target / "tables/welfare.csv"), table)
    manifest = read_manifest(target)
    assert manifest.gotogether_version == __version__
    assert manifest.seed == 7
    assert manifest.parameters == {"trade.tolerance": 1e-10}
    assert manifest.data["world"].sha256 == hashlib.sha256(b"default world").hexdigest()
    assert manifest.tables["welfare"].units == {"welfare_change": "ratio W'/W"}
    assert manifest.tables["welfare"].rows == 4
    assert manifest.timings_s["trade"] >= 0
    recorded = {record.path: record.sha256 for record in manifest.files}
    assert recorded["report.html"] == hashlib.sha256(b"<html></html>").hexdigest()
    assert "manifest.json" not in recorded
    assert json.loads((target / "manifest.json").read_text())["format"] == "gotogether-run/1"


def test_failure_mid_run_leaves_no_directory_and_no_partial_output(tmp_path: Path, data_file: Path) -> None:
    target = tmp_path / "out"
    with pytest.raises(RuntimeError, match="solver blew up"):
        write_run(target, data_file, fail_in="trade")
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["world.bin"]


def test_existing_run_survives_a_failed_run_and_is_replaced_by_a_good_one(
    tmp_path: Path, data_file: Path
) -> None:
    target = tmp_path / "out"
    write_run(target, data_file)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError):
        write_run(target, data_file, fail_in="trade")
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    with RunWriter(target) as run:
        run.write_text("note.txt", "second run")
    assert sorted(p.name for p in target.iterdir()) == ["manifest.json", "note.txt", "tables"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "world.bin"]


def test_a_directory_that_is_not_a_run_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "home"
    target.mkdir()
    (target / "thesis.tex").write_text("precious")
    with pytest.raises(InputError, match="not a gotogether run directory"), RunWriter(target):
        pytest.fail("the run must not start")
    assert (target / "thesis.tex").read_text() == "precious"
    file_target = tmp_path / "file"
    file_target.write_text("x")
    with pytest.raises(InputError, match="not a directory"), RunWriter(file_target):
        pytest.fail("the run must not start")


def test_interrupt_is_cleaned_up_too(tmp_path: Path) -> None:
    def interrupted_run() -> None:
        with RunWriter(tmp_path / "out") as run:
            run.write_text("a.txt", "a")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_run()
    assert list(tmp_path.iterdir()) == []


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from gotogether.runs import RunWriter
with RunWriter(Path(sys.argv[1])) as run:
    run.write_text("a.txt", "half")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_run_leaves_nothing_behind_for_the_next(tmp_path: Path, data_file: Path) -> None:
    """Issue 18.7: killed runs left ``.NAME.partial-*`` folders that nothing removed."""
    target = tmp_path / "runs" / "x[/b]"
    write_run(target, data_file)
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert [p.name for p in target.parent.glob(".*partial-*")] != []
    aside = target.with_name(f".{target.name}.old-12345678")  # a crash between the two renames
    target.rename(aside)
    write_run(target, data_file)
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # "b]", in "x["


def test_crash_between_renames_gives_the_previous_run_back(tmp_path: Path, data_file: Path) -> None:
    target = tmp_path / "out"
    write_run(target, data_file)
    target.rename(tmp_path / ".out.old-abcdef12")
    with RunWriter(target) as run:
        assert read_manifest(target).scenarios == [{"name": "a"}]  # back before the new run writes
        run.write_text("note.txt", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "world.bin"]


def test_two_runs_into_one_directory_cannot_both_succeed(tmp_path: Path, data_file: Path) -> None:
    """Issue 18.7: both reported success and one silently won; under contention, raw OSError."""
    target = tmp_path / "out"
    with RunWriter(target) as first:
        with pytest.raises(InputError, match="another gotogether run is writing this directory"):
            write_run(target, data_file)
        first.write_text("first.txt", "first")
    assert (target / "first.txt").exists()
    write_run(target, data_file)  # free again once the first is done
    assert not (target / "first.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "world.bin"]


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write the run directory"), RunWriter(blocker / "run"):
        pytest.fail("the run must not start")


def test_unsafe_names_are_refused(tmp_path: Path) -> None:
    with RunWriter(tmp_path / "out") as run:
        for bad in ("../escape.txt", "/etc/x", "manifest.json"):
            with pytest.raises(InputError):
                run.write_text(bad, "x")
        with pytest.raises(InputError):
            run.write_table("../x", pd.DataFrame({"a": [1]}))
    assert not (tmp_path / "escape.txt").exists()


def test_tidy_tables_from_each_labelled_type() -> None:
    dataset = xr.Dataset({"w": welfare(), "p": welfare() * 2})
    assert list(tidy(dataset, "x").columns) == ["scenario", "country", "w", "p"]
    series = pd.Series([1.0, 2.0], index=pd.Index(["CHN", "USA"], name="country"))
    assert tidy(series, "loss").to_dict("list") == {"country": ["CHN", "USA"], "loss": [1.0, 2.0]}
    frame = pd.DataFrame({"v": [1.0]}, index=pd.MultiIndex.from_tuples([("a", "CHN")], names=["s", "c"]))
    assert list(tidy(frame, "x").columns) == ["s", "c", "v"]
    unnamed = xr.DataArray(np.arange(3.0), dims="year", coords={"year": [2020, 2021, 2022]})
    assert list(tidy(unnamed, "coverage").columns) == ["year", "coverage"]

"""The embedded 2011 world: rebuilt by the script's code it equals the shipped file; totals preserved."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from gotogether.data.consistency import IOTableWarning
from gotogether.data.default_world import default_world_elasticities, load_default_world
from gotogether.data.regions import region_mapping
from gotogether.data.storage import read_iotable_parquet
from gotogether.testing import assert_allclose

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "src" / "gotogether" / "data" / "default_world"


def test_rebuilding_with_the_script_reproduces_the_shipped_numbers(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "build_default_world.py"))
    with pytest.warns(IOTableWarning) as caught:  # the source's known problems are reported
        script["build"](tmp_path)
    assert len(caught) == 3  # negative final demand, zero rows, zero columns
    rebuilt = read_iotable_parquet(tmp_path / "default_world_2011.parquet")
    shipped = load_default_world("2011")
    for block in ("Z", "Y", "va", "x"):
        assert_allclose(getattr(rebuilt, block), getattr(shipped, block), rtol=0, atol=0)
    assert (tmp_path / "theta.csv").read_text() == (PACKAGE / "theta.csv").read_text()
    assert (PACKAGE / "default_world_2011.parquet").stat().st_size < 5_000_000


def test_regions_sectors_and_totals() -> None:
    world = load_default_world("2011")
    assert world.year == 2011
    assert world.unit == "millions of current USD"
    assert len(world.regions) == 23
    assert world.regions[:3] == ["CHN", "USA", "JPN"]
    assert world.regions[-2:] == ["REU", "ROW"]
    assert "ELEC" in world.sectors
    assert "TELE" in world.sectors
    assert len(world.sectors) == 25
    # Aggregation preserves the WIOD 2011 world totals (millions of USD).
    assert float(world.x.sum()) == 141_767_904.0
    np.testing.assert_allclose(world.Z.sum(axis=0) + world.va.sum(axis=0), world.x, rtol=0, atol=1e-6)
    theta = default_world_elasticities("2011")
    assert list(theta.index) == world.sectors
    assert theta["ELEC"] == pytest.approx((12.95 + 12.91 + 3.95 + 8.71) / 4)
    assert theta["TELE"] == 8.22


def test_the_region_mapping_is_the_eu27_rule() -> None:
    from gotogether.data.classifications import read_classification

    shipped = read_classification("default_world_regions")
    kept = [r for r in shipped["region"].unique() if r not in ("REU", "ROW")]
    derived = region_mapping(list(shipped["wiod_code"]), keep=kept, blocs={"EU27": "REU"})
    derived = {code: ("ROW" if code == "RoW" else region) for code, region in derived.items()}
    assert derived == dict(zip(shipped["wiod_code"], shipped["region"], strict=True))

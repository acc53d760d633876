"""Fixtures of the pipeline's tests: the default world, loaded once per module, and a module's cache of
coordinated references (runs under the same parameters share one)."""

from __future__ import annotations

import pytest

from gotogether.pipeline import load_world
from gotogether.pipeline.run import References
from gotogether.pipeline.world import World


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


@pytest.fixture(scope="module")
def references() -> References:
    return {}

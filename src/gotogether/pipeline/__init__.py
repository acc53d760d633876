"""The main job: every engine on the default world, scenario by scenario (``run_scenarios``)."""

from gotogether.pipeline.run import ScenarioOutcome, reference_run, run_scenario
from gotogether.pipeline.world import World, load_world

__all__ = ["ScenarioOutcome", "World", "load_world", "reference_run", "run_scenario"]

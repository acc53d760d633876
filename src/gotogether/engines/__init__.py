"""Engines: pure functions over labelled data (trade, input-output, supply, rollout, value)."""

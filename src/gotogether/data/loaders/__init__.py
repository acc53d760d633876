"""Loaders of real input-output tables into ``IOTable`` (one module per source layout)."""

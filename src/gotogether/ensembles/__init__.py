"""Monte Carlo ensembles: uncertain parameters with distributions, seeded designs, batched runs locally or on
a Dask cluster streamed to disk with resume, and summaries (percentiles, rank correlations)."""

from gotogether.ensembles.distributions import (
    Distribution,
    Fixed,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    distribution_json_schema,
    parse_distribution,
)
from gotogether.ensembles.registry import UncertainParameter, load_registry, select
from gotogether.ensembles.runner import DrawIdentity, EnsembleRun, run_ensemble
from gotogether.ensembles.sampling import design
from gotogether.ensembles.storage import read_ensemble, read_table

__all__ = [
    "Distribution",
    "DrawIdentity",
    "EnsembleRun",
    "Fixed",
    "LogNormal",
    "Normal",
    "Pert",
    "Triangular",
    "UncertainParameter",
    "Uniform",
    "design",
    "distribution_json_schema",
    "load_registry",
    "parse_distribution",
    "read_ensemble",
    "read_table",
    "run_ensemble",
    "select",
]

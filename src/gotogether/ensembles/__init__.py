"""Monte Carlo ensembles: seeded designs over parameter distributions (``gotogether.data.parameters``),
batched runs locally or on a Dask cluster streamed to disk with resume, and summaries (percentiles, rank
correlations). Generic: nothing here knows the model."""

from gotogether.ensembles.runner import DrawIdentity, EnsembleRun, run_ensemble
from gotogether.ensembles.sampling import design
from gotogether.ensembles.storage import read_ensemble, read_table

__all__ = [
    "DrawIdentity",
    "EnsembleRun",
    "design",
    "read_ensemble",
    "read_table",
    "run_ensemble",
]

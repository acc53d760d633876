"""The diffusion engine: productivity growth from the ideas embodied in what each country buys (Buera and
Oberfield 2020, "The Global Diffusion of Ideas", Econometrica 88(1)); docs/diffusion.md."""

from gotogether.engines.diffusion.entry import DiffusionInputs, DiffusionParameters, run

__all__ = ["DiffusionInputs", "DiffusionParameters", "run"]

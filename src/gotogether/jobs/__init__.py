"""Jobs: scenarios through the pipeline into a complete run directory (tables, report, manifest), optionally
with a Monte Carlo ensemble of the library."""

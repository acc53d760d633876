"""gotogether: what geopolitical fragmentation costs the global 5G economy, and who pays."""

__version__ = "0.1.0"

"""Reports and their figures."""

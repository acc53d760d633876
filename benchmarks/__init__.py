"""Benchmarks: ``python -m benchmarks [NAME ...]`` runs ``benchmarks/bench_NAME.py``, writes JSON results."""

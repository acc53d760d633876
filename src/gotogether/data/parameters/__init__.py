"""Uncertain model parameters kept as data: the registry ``uncertain.csv`` and its column schema."""

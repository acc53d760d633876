"""Plotly figures, one module per topic, each function returning a ``plotly.graph_objects.Figure``."""

"""Figures as functions returning ``plotly.graph_objects.Figure``."""

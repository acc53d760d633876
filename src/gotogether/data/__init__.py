"""Data model and loaders: input-output tables, the embedded default world, the 5G value network."""

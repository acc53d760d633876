"""Country and world parameters of the 5G rollout model, as a sourced table (``countries.csv``)."""

"""Adoption of 5G by industry and the value it creates (model-notes section 3, "Adoption and value")."""

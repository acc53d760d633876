"""Alembic migrations of the runs registry, run programmatically at start-up (no alembic.ini needed)."""

"""The default 5G value network (vendors, component classes, suppliers, technology dependencies) as data."""

from gotogether.data.valuenet.tables import TABLES, TableOverride, load_tables, read_schema

__all__ = ["TABLES", "TableOverride", "load_tables", "read_schema"]

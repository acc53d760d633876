"""Reports and their figures: sections built from labelled results, assembled into one offline HTML file."""

from gotogether.reports.html import Section, build_report
from gotogether.reports.sections import (
    assumptions_and_sources,
    supplier_sales_lost,
    time_series,
    validation_table,
    vendor_shares,
    welfare_map,
    who_pays,
)

__all__ = [
    "Section",
    "assumptions_and_sources",
    "build_report",
    "supplier_sales_lost",
    "time_series",
    "validation_table",
    "vendor_shares",
    "welfare_map",
    "who_pays",
]

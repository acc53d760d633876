"""Reports and their figures: sections built from labelled results, assembled into one offline HTML file."""

from gotogether.reports.html import Section, build_report
from gotogether.reports.sections import (
    Accounting,
    assumptions_and_sources,
    country_map,
    firms_table,
    supplier_sales_change,
    time_series,
    validation_table,
    vendor_shares,
    who_pays,
)

__all__ = [
    "Accounting",
    "Section",
    "assumptions_and_sources",
    "build_report",
    "country_map",
    "firms_table",
    "supplier_sales_change",
    "time_series",
    "validation_table",
    "vendor_shares",
    "who_pays",
]

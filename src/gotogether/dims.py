"""Dimension names: the contract between layers. Every labelled array in gotogether uses these names.

An input-output table is indexed by ``region`` and ``sector`` (and final-demand ``category``); model results
by ``country`` (a region of the model world), ``sector``, ``industry`` (5G-using industries), ``vendor``,
``firm``, ``year`` or ``month``; bilateral arrays by ``importer`` and ``exporter``; run tables by
``scenario``.
"""

from typing import Final

REGION: Final = "region"
SECTOR: Final = "sector"
CATEGORY: Final = "category"
COUNTRY: Final = "country"
IMPORTER: Final = "importer"
EXPORTER: Final = "exporter"
INDUSTRY: Final = "industry"
VENDOR: Final = "vendor"
FIRM: Final = "firm"
YEAR: Final = "year"
MONTH: Final = "month"
SCENARIO: Final = "scenario"

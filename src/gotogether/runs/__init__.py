"""Run directories: result tables (Parquet, CSV), a manifest and the report; all written or none."""

from gotogether.runs.manifest import RunManifest, file_record, read_manifest
from gotogether.runs.tables import read_table, tidy
from gotogether.runs.writer import RunWriter, check_replaceable

__all__ = [
    "RunManifest",
    "RunWriter",
    "check_replaceable",
    "file_record",
    "read_manifest",
    "read_table",
    "tidy",
]

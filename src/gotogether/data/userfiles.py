"""Reading files a user points the tool at (overrides, downloaded datasets): every way such a file can be
unreadable (missing, a directory, empty, not UTF-8, not CSV, not a workbook) is an InputError naming it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from gotogether.errors import InputError


def check_file(path: Path, expected: str) -> None:
    """``path`` exists and is a file (not a folder)."""
    if path.is_dir():
        raise InputError("a directory, not a file", source=str(path), expected=expected)
    if not path.exists():
        raise InputError("file not found", source=str(path), expected=expected)


def read_csv_file(path: Path, expected: str, **options: Any) -> pd.DataFrame:
    """``pd.read_csv(path, **options)`` (UTF-8 unless ``encoding`` says otherwise), with clear failures."""
    check_file(path, expected)
    try:
        frame: pd.DataFrame = pd.read_csv(path, **{"encoding": "utf-8", **options})
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty", source=str(path), expected=expected) from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text (byte {error.start} is {error.object[error.start : error.start + 1]!r})",
            source=str(path),
            expected=f"{expected}, saved as UTF-8",
        ) from None
    except (ValueError, OSError) as error:  # pandas' ParserError is a ValueError
        raise InputError(f"not a readable CSV file ({error})", source=str(path), expected=expected) from None
    return frame


def read_excel_file(path: Path, expected: str) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook, as text (empty cells as empty strings), with clear failures."""
    check_file(path, expected)
    try:
        sheets: dict[str, pd.DataFrame] = pd.read_excel(
            path, sheet_name=None, dtype=str, keep_default_na=False
        )
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, EOFError) as error:
        # a truncated workbook, or another file named .xlsx: the Excel readers fail in these ways
        raise InputError(
            f"not a readable Excel file ({type(error).__name__}: {error})",
            source=str(path),
            expected=expected,
        ) from None
    if not sheets:
        raise InputError("the workbook has no sheet", source=str(path), expected=expected)
    return sheets

"""Validate a CSV table against its schema kept as data (a ``schema.csv`` next to the tables), with pandera.

A schema row gives ``column``, ``dtype`` (str, float, int), ``allowed`` (for numbers a range ``a..b``, closed,
or with open ends written ``(a..b]``, ``[a..b)``, ``(a..b)``, or a bound ``>=a`` or ``>a``; for text a ``|``
list of literals and the patterns iso3, id, slug, date, url, ref:table.column),
``required`` (yes/no) and ``description``. ``validate_frame`` builds a pandera ``DataFrameSchema`` from those
rows, checks the whole table at once and turns the first failure into an ``InputError`` naming the file,
the row (as numbered in a spreadsheet, header = row 1) and the column, with what was expected.

The checks are our own predicates (``_Rule``) on each column's cells as a NumPy array of text: they run first
on their own, and only a table that fails one goes through pandera, which collects every failing cell for the
error. pandera is imported then only: importing it costs more than checking every packaged table; and the
tables are small, so per-column pandas operations would cost more than the cells (issue 20). A missing cell
(a column a user's extension of a table lacks) is an empty one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from gotogether.errors import InputError, did_you_mean

if TYPE_CHECKING:
    import pandera.pandas as pa

_PATTERNS: Final = {
    "iso3": (r"^[A-Z]{3}$", "an ISO 3166 alpha-3 code"),
    "id": (r"^[a-z][a-z0-9_]*$", "a lower-case identifier"),
    "slug": (r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", "a lower-case name of letters, digits and hyphens"),
    "date": (r"^(n\.d\.|\d{4}(-\d{2}(-\d{2})?)?)$", "YYYY, YYYY-MM, YYYY-MM-DD or n.d."),
    "url": (r"^https?://", "an http(s) URL"),
}


Cells = npt.NDArray[np.object_]
"""A column's cells: stripped text (``str``), one a row."""
Passes = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class _Rule:
    """One check of one column: which cells pass, and the message for a cell that does not."""

    name: str
    passes: Callable[[Cells], Passes]
    problem: Callable[[str], str]
    expected: str | None
    suggest: tuple[str, ...] = ()


def validate_frame(
    frame: pd.DataFrame,
    specs: Sequence[Mapping[str, str]],
    *,
    source: str,
    references: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Check ``frame`` (text cells) against the schema rows ``specs``; return it with the schema's columns
    in order (absent optional ones empty), cells stripped and numbers typed.

    ``references`` maps ``table.column`` to the values a ``ref:table.column`` cell may take.
    """
    expected = [spec["column"] for spec in specs]
    for column in frame.columns:
        if column not in expected:
            raise InputError(
                f"unknown column {column!r}{did_you_mean(str(column), expected, form=' ({})')}",
                source=source,
                location="header",
                expected=f"columns {', '.join(expected)}",
            )
    for spec in specs:
        if spec["column"] not in frame.columns:
            if spec["required"] == "yes":
                raise InputError(
                    f"missing column {spec['column']!r}",
                    source=source,
                    location="header",
                    expected=spec["description"],
                )
            frame = frame.assign(**{spec["column"]: ""})
    text = {column: _text(frame[column]) for column in expected}
    cells = {column: stripped for column, (stripped, _) in text.items()}
    rules = {spec["column"]: _rules(spec, references or {}) for spec in specs}
    if not all(bool(rule.passes(cells[column]).all()) for column, checks in rules.items() for rule in checks):
        raise _failure(pd.DataFrame(cells, index=frame.index), rules, expected, source)
    return pd.DataFrame(
        {
            spec["column"]: text[spec["column"]][1]
            if spec["dtype"] == "str"
            else _typed(cells[spec["column"]], spec["dtype"])
            for spec in specs
        },
        index=frame.index,
    )


def _text(column: pd.Series) -> tuple[Cells, Cells | pd.api.extensions.ExtensionArray]:
    """The column's cells as text without surrounding blanks (a missing cell is empty), and the same as
    the table's text column: the column's own array when it is text already and no cell changes (making
    a text array anew costs more than checking it)."""
    given = column.tolist() if column.dtype == "str" else column.astype(str).tolist()
    stripped = np.empty(len(given), dtype=object)
    stripped[:] = [cell.strip() if isinstance(cell, str) else "" for cell in given]
    unchanged = column.dtype == "str" and all(a is b for a, b in zip(given, stripped, strict=True))
    return stripped, column.array if unchanged else stripped


def _failure(
    text: pd.DataFrame, rules: Mapping[str, list[_Rule]], columns: list[str], source: str
) -> InputError:
    """The error of a table that fails some rule: pandera runs the rules as one schema and collects every
    failing cell, of which ``_first_error`` reports the first."""
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    schema = pa.DataFrameSchema(
        {column: pa.Column(checks=[_check(rule) for rule in checks]) for column, checks in rules.items()},
        strict=True,
        ordered=True,
    )
    try:
        schema.validate(text, lazy=True)
    except SchemaErrors as errors:
        return _first_error(errors.failure_cases, rules, columns, source)
    raise AssertionError(f"{source}: pandera passed a table that fails a rule")  # the same predicates


def _check(rule: _Rule) -> pa.Check:
    import pandera.pandas as pa

    def passes(cells: pd.Series) -> pd.Series:
        return pd.Series(rule.passes(cells.to_numpy(dtype=object)), index=cells.index)

    return pa.Check(passes, name=rule.name, ignore_na=False)


def _first_error(
    failures: pd.DataFrame, rules: Mapping[str, list[_Rule]], columns: list[str], source: str
) -> InputError:
    """The error of the first failing cell, column by column in schema order, then row by row; the rule
    checked first in a column wins for its cell."""
    order = {column: position for position, column in enumerate(columns)}
    ranked = failures.assign(
        position=failures["column"].map(order),
        rule=[
            [rule.name for rule in rules[column]].index(check)
            for column, check in zip(failures["column"], failures["check"], strict=True)
        ],
    ).sort_values(["position", "index", "rule"])
    first = ranked.iloc[0]
    rule = rules[str(first["column"])][int(first["rule"])]
    value = str(first["failure_case"])
    return InputError(
        f"{rule.problem(value)}{did_you_mean(value, rule.suggest, form=' ({})')}",
        source=source,
        location=f"row {int(first['index']) + 2}, column {first['column']}",
        expected=rule.expected,
    )


def _rules(spec: Mapping[str, str], references: Mapping[str, Sequence[str]]) -> list[_Rule]:
    """The checks of one column, in the order their messages take precedence."""
    dtype, allowed = spec["dtype"], spec["allowed"]
    rules: list[_Rule] = []
    if spec["required"] == "yes":
        rules.append(
            _Rule("required", _each(lambda cell: cell != ""), lambda _: "empty cell", spec["description"])
        )
    if dtype in {"float", "int"}:
        rules += _number_rules(dtype, allowed)
    elif allowed:
        rules.append(_allowed_rule(spec["column"], allowed, references))
    return rules


def _parse(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _each(test: Callable[[str], bool]) -> Callable[[Cells], Passes]:
    """A predicate on each cell as a check of a column."""

    def passes(cells: Cells) -> Passes:
        return np.fromiter((test(cell) for cell in cells), dtype=bool, count=len(cells))

    return passes


def _finite_numbers(cells: Cells) -> npt.NDArray[np.float64]:
    """The cells as floats, NaN where a cell is empty, not a number or not finite."""
    values = (_parse(cell) for cell in cells)
    return np.fromiter(
        (value if value is not None and math.isfinite(value) else math.nan for value in values),
        dtype=float,
        count=len(cells),
    )


def _number_rules(dtype: str, allowed: str) -> list[_Rule]:
    def on_finite(
        test: Callable[[npt.NDArray[np.float64]], Passes],
    ) -> Callable[[Cells], Passes]:
        def passes(cells: Cells) -> Passes:
            numbers = _finite_numbers(cells)
            missing = np.isnan(numbers)
            passed = missing.copy()
            passed[~missing] = test(numbers[~missing])
            return passed

        return passes

    rules = [
        _Rule(
            "number",
            _each(lambda cell: cell == "" or _parse(cell) is not None),
            lambda value: f"{value!r} is not a number",
            None,
        ),
        _Rule(
            "finite",
            _each(lambda cell: (number := _parse(cell)) is None or math.isfinite(number)),
            lambda value: f"{value!r} is not a finite number",
            None,
        ),
    ]
    if dtype == "int":
        rules.append(
            _Rule(
                "whole",
                on_finite(lambda n: n == np.floor(n)),
                lambda value: f"{value!r} is not a whole number",
                None,
            )
        )
    if allowed.startswith(">"):
        inclusive = allowed.startswith(">=")
        minimum = float(allowed.removeprefix(">=" if inclusive else ">"))
        rules.append(
            _Rule(
                "minimum",
                on_finite(lambda n: n >= minimum if inclusive else n > minimum),
                lambda value: f"{float(value)} is {'below' if inclusive else 'not above'} the minimum",
                allowed,
            )
        )
    elif ".." in allowed:
        low_open, high_open = allowed.startswith("("), allowed.endswith(")")
        low, high = (float(bound) for bound in allowed.strip("[]()").split(".."))

        def within(n: npt.NDArray[np.float64]) -> Passes:
            return (n > low if low_open else n >= low) & (n < high if high_open else n <= high)

        rules.append(
            _Rule(
                "range",
                on_finite(within),
                lambda value: f"{float(value)} is out of range",
                allowed,
            )
        )
    return rules


def _allowed_rule(column: str, allowed: str, references: Mapping[str, Sequence[str]]) -> _Rule:
    """``allowed`` is a ``|`` list of literals and patterns: iso3, id, date, url, ref:table.column. A value
    outside a list of names is an unknown ``column``; one matching no pattern is not allowed."""
    literals: list[str] = []
    patterns: list[str] = []
    choices: list[str] = []
    for option in allowed.split("|"):
        if option in _PATTERNS:
            pattern, description = _PATTERNS[option]
            patterns.append(pattern)
            choices.append(description)
        elif option.startswith("ref:"):
            names = [str(name) for name in references.get(option[4:], ())]
            literals += names
            choices += names
        else:
            literals.append(option)
            choices.append(option)
    matcher = re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None

    known = {"", *literals}

    def allowed_cell(cell: str) -> bool:
        return cell in known or (matcher is not None and matcher.match(cell) is not None)

    def problem(value: str) -> str:
        return f"{value!r} is not allowed" if patterns else f"unknown {column} {value!r}"

    return _Rule(
        "allowed",
        _each(allowed_cell),
        problem,
        f"one of {', '.join(sorted(set(choices)))}",
        suggest=tuple(choices),
    )


def _typed(cells: Cells, dtype: str) -> npt.NDArray[np.generic]:
    """The cells of a column that passed its checks, as numbers (floats: NaN where empty) or text."""
    if dtype == "float":
        return np.fromiter(
            (math.nan if cell == "" else float(cell) for cell in cells), dtype=float, count=len(cells)
        )
    if dtype == "int":
        return np.asarray(pd.to_numeric(cells, errors="raise")).astype(int)
    return cells

"""Built-in replications of published results: ``run_cases(names) -> list[ValidationRow]``."""

from gotogether.validation.cases import CASES, run_cases
from gotogether.validation.rows import ValidationRow

__all__ = ["CASES", "ValidationRow", "run_cases"]

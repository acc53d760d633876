"""Built-in replications of published results: ``run_cases(names) -> list[ValidationRow]``."""

from gotogether.validation.cases import CASES, ValidationRow, run_cases

__all__ = ["CASES", "ValidationRow", "run_cases"]

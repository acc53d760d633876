"""Probability distributions of uncertain parameters, as data (pydantic models discriminated on ``kind``).

Each model maps uniform numbers in (0, 1) to draws through its quantile function ``ppf`` (vectorised, from
scipy.stats), so that Latin-hypercube or Sobol points become parameter values. The same models are
referenced from scenario files (``uncertain:`` mapping parameter name to distribution) and from the
parameter registry CSV; ``distribution_json_schema()`` exports their JSON Schema. Importing this module
needs pydantic and numpy only; scipy is imported when a quantile is computed.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

FloatArray = npt.NDArray[np.float64]


class _Distribution(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        """Quantiles at the probabilities ``u`` (each in (0, 1)), in the parameter's unit."""
        raise NotImplementedError

    def center(self) -> float:
        """The value a deterministic run uses when no default is given: the median."""
        return float(self.ppf(0.5))

    def ends(self) -> tuple[float, float]:
        """The ends of the support, the quantiles at 0 and 1 (infinite for an unbounded distribution)."""
        return float(self.ppf(0.0)), float(self.ppf(1.0))


class Normal(_Distribution):
    """Normal with ``mean`` and standard deviation ``sd``, optionally truncated to [low, high]; e.g. an
    econometric estimate and its standard error."""

    kind: Literal["normal"] = "normal"
    mean: float
    sd: float = Field(gt=0)
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Normal:
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"truncation bounds need low < high, got low={self.low}, high={self.high}")
        return self

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        from scipy import stats

        a = -np.inf if self.low is None else (self.low - self.mean) / self.sd
        b = np.inf if self.high is None else (self.high - self.mean) / self.sd
        return np.asarray(stats.truncnorm.ppf(u, a, b, loc=self.mean, scale=self.sd), dtype=np.float64)


class LogNormal(_Distribution):
    """Log-normal: ln(x) is normal with mean ln(``median``) and standard deviation ``sigma``."""

    kind: Literal["lognormal"] = "lognormal"
    median: float = Field(gt=0)
    sigma: float = Field(gt=0)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        from scipy import stats

        return np.asarray(stats.lognorm.ppf(u, self.sigma, scale=self.median), dtype=np.float64)


class Uniform(_Distribution):
    """Uniform on [``low``, ``high``]: a range with no preferred value."""

    kind: Literal["uniform"] = "uniform"
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"needs low < high, got low={self.low}, high={self.high}")
        return self

    def ends(self) -> tuple[float, float]:
        return self.low, self.high  # without importing SciPy (a second or more at start)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        from scipy import stats

        return np.asarray(stats.uniform.ppf(u, loc=self.low, scale=self.high - self.low), dtype=np.float64)


class _ThreePoint(_Distribution):
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> _ThreePoint:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"needs low <= mode <= high and low < high, got {self.low}, {self.mode}, {self.high}"
            )
        return self

    @property
    def _relative_mode(self) -> float:
        return (self.mode - self.low) / (self.high - self.low)

    def ends(self) -> tuple[float, float]:
        return self.low, self.high  # without importing SciPy (a second or more at start)


class Triangular(_ThreePoint):
    """Triangular on [``low``, ``high``] peaking at ``mode``."""

    kind: Literal["triangular"] = "triangular"

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        from scipy import stats

        return np.asarray(
            stats.triang.ppf(u, self._relative_mode, loc=self.low, scale=self.high - self.low),
            dtype=np.float64,
        )


class Pert(_ThreePoint):
    """Beta-PERT on [``low``, ``high``] with most likely value ``mode``: a beta distribution with shapes
    1 + 4 (mode - low) / (high - low) and 1 + 4 (high - mode) / (high - low) (the classic PERT weight 4)."""

    kind: Literal["pert"] = "pert"

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        from scipy import stats

        m = self._relative_mode
        return np.asarray(
            stats.beta.ppf(u, 1 + 4 * m, 1 + 4 * (1 - m), loc=self.low, scale=self.high - self.low),
            dtype=np.float64,
        )


class Fixed(_Distribution):
    """A parameter held at ``value`` (uncertainty switched off, e.g. for a sensitivity run)."""

    kind: Literal["fixed"] = "fixed"
    value: float

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.full(np.shape(u), self.value, dtype=np.float64)

    def ends(self) -> tuple[float, float]:
        return self.value, self.value


Distribution = Annotated[
    Normal | LogNormal | Uniform | Triangular | Pert | Fixed, Field(discriminator="kind")
]
"""Any of the distributions above, chosen by its ``kind`` field."""

DISTRIBUTION_ADAPTER: TypeAdapter[Distribution] = TypeAdapter(Distribution)
KINDS = ("normal", "lognormal", "uniform", "triangular", "pert", "fixed")


def parse_distribution(data: Any) -> Distribution:
    """A distribution from a mapping such as ``{"kind": "normal", "mean": 4.0, "sd": 1.0}``."""
    return DISTRIBUTION_ADAPTER.validate_python(data)


def distribution_json_schema() -> str:
    """The JSON Schema of ``Distribution``, for scenario-file editors and documentation."""
    return json.dumps(DISTRIBUTION_ADAPTER.json_schema(), indent=2, sort_keys=True)

"""The scenario: what a user describes in a YAML file, validated, with inheritance already resolved.

A scenario has a name, a description, its sources, an optional parent (``inherits``), blocs of its own
(added to the built-in ones in registry/blocs.csv), parameter overrides (names and bounds from
data/parameters/parameters.csv) and a list of measures. Every scenario runs on the engines' years
(2019-2035): a horizon of its own is not offered until the engines can run one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from gotogether.data import registry
from gotogether.data.parameters import check_value, parameter_table, unknown_parameter
from gotogether.data.parameters.distributions import Distribution
from gotogether.scenarios.measures import BlocDecoupling, Measure, StandardsSplit, expand_blocs
from gotogether.scenarios.types import Countries, Slug, invalid


def _check_parameter_name(name: str) -> str:
    table = parameter_table()
    if name not in table:
        raise invalid(unknown_parameter(name, table), "a parameter of data/parameters/parameters.csv")
    if table[name].status == "planned":
        raise invalid(
            f"{name} is planned: no engine reads it yet, so setting it would change nothing",
            "a parameter with status 'engine' or 'sampled' in data/parameters/parameters.csv",
        )
    return name


ParameterName = Annotated[
    str,
    AfterValidator(_check_parameter_name),
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted(name for name, p in parameter_table().items() if p.status != "planned"),
        }
    ),
]


class Source(BaseModel):
    """Where a scenario's facts come from: outlet, title, date and address."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    outlet: str = Field(min_length=1)
    title: str = Field(min_length=1)
    date: str | None = Field(
        None, description="Publication date as given by the source (ISO format if known)"
    )
    url: str = Field(pattern=r"^https?://\S+$")
    grade: str | None = Field(None, description="Confidence grade of the facts file: A, B or C")


class Scenario(BaseModel):
    """A validated scenario. Bloc names in measures must be built-in or defined under ``blocs``; wherever a
    measure takes a list of countries, a bloc name stands for its members (expanded on validation)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _blocs_as_countries(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("measures"), list):
            return data
        own = data.get("blocs")
        inherited = (info.context or {}).get("inherited_blocs", {})
        known = {**registry.bloc_members(), **inherited, **(own if isinstance(own, dict) else {})}
        return {**data, "measures": [expand_blocs(measure, known) for measure in data["measures"]]}

    name: Slug
    description: str = ""
    inherits: str | None = Field(
        None, description="A built-in scenario name, or a file path relative to this file"
    )
    sources: list[Source] = Field(default_factory=list)
    blocs: dict[Slug, Countries] = Field(
        default_factory=dict, description="Blocs of this scenario: name -> countries"
    )
    parameters: dict[ParameterName, float] = Field(default_factory=dict, description="Parameter overrides")
    uncertain: dict[str, Distribution] = Field(
        default_factory=dict,
        description="Distributions of uncertain parameters for ensembles (gotogether run --draws), replacing "
        "the parameter table's (data/parameters/parameters.csv); only parameters an engine reads",
    )
    measures: list[Measure] = Field(default_factory=list)

    @field_validator("parameters")
    @classmethod
    def _parameters_in_range(cls, parameters: dict[str, float]) -> dict[str, float]:
        for name, value in parameters.items():
            _check_parameter_value(name, value)
        return parameters

    @field_validator("uncertain")
    @classmethod
    def _sampled_parameters(cls, uncertain: dict[str, Distribution]) -> dict[str, Distribution]:
        for name in uncertain:
            _check_parameter_name(name)
        return uncertain

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Self:
        inherited = (info.context or {}).get("inherited_blocs", {})
        known = {**registry.bloc_members(), **inherited, **self.blocs}
        for index, measure in enumerate(self.measures):
            if isinstance(measure, BlocDecoupling | StandardsSplit):
                _check_blocs(measure.blocs, known, index)
        return self

    def bloc_members(self) -> dict[str, tuple[str, ...]]:
        """Every bloc this scenario can use: the built-in ones, overridden or extended by its own."""
        return {**registry.bloc_members(), **{name: tuple(codes) for name, codes in self.blocs.items()}}


def _check_parameter_value(name: str, value: float) -> None:
    parameter = parameter_table()[name]
    problem = check_value(parameter, value)
    if problem:
        raise invalid(
            problem,
            f"{parameter.minimum:g} <= {name} <= {parameter.maximum:g} ({parameter.unit}), "
            + ("a whole number" if parameter.type == "int" else "a number"),
            at=(name,),
        )


def _check_blocs(names: Iterable[str], known: dict[str, tuple[str, ...]], index: int) -> None:
    seen: dict[str, str] = {}
    for name in names:
        if name not in known:
            vocabulary = registry.Vocabulary("bloc", known)
            raise invalid(
                vocabulary.unknown(name),
                "a bloc of registry/blocs.csv or 'blocs'",
                at=("measures", index, "blocs"),
            )
        for country in known[name]:
            if country in seen and seen[country] != name:
                raise invalid(
                    f"{country} is in both blocs {seen[country]!r} and {name!r}",
                    "blocs without common members",
                    at=("measures", index, "blocs"),
                )
            seen[country] = name

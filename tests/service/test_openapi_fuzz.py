"""schemathesis against the OpenAPI spec: generated requests (valid and invalid) never cause a server error
and responses match the documented schemas.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from gotogether.scenarios.yamlfile import ScenarioDumper
from gotogether.service.app import create_app
from gotogether.service.settings import ServiceSettings

from .conftest import BUILTINS
from .fakes import EnvelopeCatalog, FakeExecutor

# schemathesis collects its tests from a schema made at import time (its fixture-based loader does not
# work with this pytest), so the service's data folder is made here and removed after the module.
DATA_DIR = Path(tempfile.mkdtemp(prefix="gotogether-fuzz-"))
APP = create_app(ServiceSettings(data_dir=DATA_DIR), FakeExecutor(steps=1), EnvelopeCatalog(BUILTINS))
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
"""How invalid requests may be refused: schemathesis's list, and 413 for bodies over the size limit (a
generated invalid body can be large; not_a_server_error still fails any 5xx)."""
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REJECTED}}}
)


@schemathesis.serializer("application/yaml")
def _yaml_as_the_service_reads_it(context: schemathesis.SerializationContext, value: object) -> bytes:
    """schemathesis writes YAML 1.1 (the text "1e100" unquoted), which the service reads with YAML 1.2's
    numbers, as its OpenAPI description says; a YAML 1.2 writer quotes that text, and so does this one."""
    return yaml.dump(value, Dumper=ScenarioDumper, allow_unicode=True).encode()


schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP, config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
def _remove_data_dir() -> Iterator[None]:
    yield
    shutil.rmtree(DATA_DIR, ignore_errors=True)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_and_never_errors(case: schemathesis.Case) -> None:
    case.call_and_validate()

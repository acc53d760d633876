"""The web service: a REST API (FastAPI) over a runs registry (SQLAlchemy), with runs in a background worker.

``create_app(settings, execute_run, catalog)`` builds the application; ``gotogether serve`` runs it with
uvicorn. Results live on disk under the data directory, one folder per run id.
"""

from gotogether.service.app import create_app
from gotogether.service.executor import ExecuteRun, Progress
from gotogether.service.settings import ServiceSettings

__all__ = ["ExecuteRun", "Progress", "ServiceSettings", "create_app"]

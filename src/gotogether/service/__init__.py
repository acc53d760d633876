"""The web service: a REST API (FastAPI) over a runs registry (SQLAlchemy), with runs in a background worker.

``create_app(settings, execute_run, catalog)`` builds the application; ``gotogether serve`` runs it with
uvicorn. Results live on disk under the data directory, one folder per run id. Import from the submodules
(``service.app``, ``service.settings``, ``service.executor``): this file stays empty so that reading the
settings (as ``gotogether --help`` does) does not build the application stack.
"""

"""The dashboard: static files (plain HTML, CSS and one JS module) served by the API's own application.

plotly.js comes from the installed plotly package and the world geometry from the report assets, both
served locally: the dashboard works without internet access.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, status
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")
WORLD_GEOMETRY = "world_110m.json"
"""plotly.js asks for this topojson (scope world, 110 m resolution) under its ``topojsonURL``."""


def plotly_js() -> Path:
    """plotly.min.js as shipped inside the plotly Python package."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def world_geometry() -> Path:
    """Country outlines (Natural Earth 110 m, topojson) kept with the HTML reports."""
    return Path(str(resources.files("gotogether") / "reports" / "assets" / WORLD_GEOMETRY))


def mount_frontend(app: FastAPI) -> None:
    """Serve the dashboard at ``/`` and its files under ``/static`` (no authentication: no data in them)."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript")

    @app.api_route("/static/topojson/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def topojson(name: str) -> FileResponse:
        path = world_geometry()
        if name != WORLD_GEOMETRY or not path.is_file():
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no map geometry {name!r}")
        return FileResponse(path, media_type="application/json")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

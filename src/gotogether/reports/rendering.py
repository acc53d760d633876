"""Rendering the report's HTML from the Jinja2 templates in ``templates/`` (package data).

Autoescaping is on, so text put into a template is escaped unless it is already markup (a rendered
template, or a section's ``html``); an undefined variable is an error, not an empty string.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


def script_safe(text: str) -> Markup:
    """Text (script or JSON) that cannot close the ``<script>`` element it is embedded in."""
    return Markup(text.replace("</script", "<\\/script").replace("<!--", "<\\!--"))


@cache
def environment() -> Environment:
    """The templates' environment: autoescaped, strict about undefined variables."""
    env = Environment(
        loader=PackageLoader("gotogether.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_safe"] = script_safe
    return env


def render(template: str, **context: object) -> Markup:
    """The template ``template`` (a file name under ``templates/``) rendered with ``context``."""
    return Markup(environment().get_template(template).render(**context))

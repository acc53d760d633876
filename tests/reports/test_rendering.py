"""The report templates: text is escaped, a missing variable fails, scripts cannot be closed early."""

import jinja2
import pytest

from gotogether.reports.rendering import render, script_safe
from gotogether.reports.sections import Cell


def test_a_missing_variable_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(jinja2.UndefinedError, match="rows"):
        render("table.html.j2", header=["a"])


def test_text_is_escaped_and_number_cells_keep_their_class() -> None:
    html = render("table.html.j2", header=["<a>"], rows=[["x & y", Cell("-1.0", "num loss")]])
    assert html == (
        "<table><thead><tr><th>&lt;a&gt;</th></tr></thead><tbody><tr><td>x &amp; y</td>"
        '<td class="num loss">-1.0</td></tr></tbody></table>\n'
    )


def test_embedded_script_text_cannot_close_its_element() -> None:
    assert script_safe('{"a": "</script><!--"}') == '{"a": "<\\/script><\\!--"}'

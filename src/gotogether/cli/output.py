"""The consoles every command prints through: rich markup off, because messages carry user input (file
names, keys, country codes, paths) that must show as typed, never be read as ``[style]`` tags."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def console(*, stderr: bool = False) -> Console:
    """A console printing text verbatim (styles only through ``labelled`` or ``Text``)."""
    return Console(stderr=stderr, markup=False)


def labelled(label: str, style: str, text: str) -> Text:
    """``label`` in ``style``, a space, then ``text`` as it is."""
    return Text.assemble((label, style), " ", text)

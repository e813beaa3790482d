"""Safe docstrings and comments from spec prose."""

from __future__ import annotations

import textwrap

#: Typographic characters ruff flags as ambiguous in docstrings, and their ASCII forms.
_ASCII = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
}
_QUOTES = '"' * 3


def docstring(text: str, indent: int, *, width: int = 96) -> list[str]:
    """Lines of a triple-quoted docstring (already indented) for ``text``."""
    for fancy, plain in _ASCII.items():
        text = text.replace(fancy, plain)
    clean = " ".join(text.replace("\\", "\\\\").replace(_QUOTES, "'''").split())
    clean = clean.rstrip('"') or "(no description in the spec)"
    pad = " " * indent
    lines = textwrap.wrap(clean, width - indent - 3, break_on_hyphens=False) or [clean]
    if len(lines) == 1:
        return [f"{pad}{_QUOTES}{lines[0]}{_QUOTES}"]
    out = [f"{pad}{_QUOTES}{lines[0]}"]
    out.extend(f"{pad}{line}" for line in lines[1:])
    out.append(f"{pad}{_QUOTES}")
    return out

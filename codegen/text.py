"""Safe docstrings and comments from spec prose."""

from __future__ import annotations

import textwrap


def docstring(text: str, indent: int, *, width: int = 96) -> list[str]:
    """Lines of a triple-quoted docstring (already indented) for ``text``."""
    clean = " ".join(text.replace("\\", "\\\\").replace('"""', "'''").split())
    clean = clean.rstrip('"') or "(no description in the spec)"
    pad = " " * indent
    lines = textwrap.wrap(clean, width - indent - 3, break_on_hyphens=False) or [clean]
    if len(lines) == 1:
        return [f'{pad}"""{lines[0]}"""']
    out = [f'{pad}"""{lines[0]}']
    out.extend(f"{pad}{line}" for line in lines[1:])
    out.append(f'{pad}"""')
    return out

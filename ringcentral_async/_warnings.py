"""Point warnings at the user's code (layer 0)."""

from __future__ import annotations

import os
import sys

__all__ = ["caller_stacklevel"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def caller_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside this package.

    Call it from the function that calls ``warnings.warn``; it works whatever number of
    SDK helpers lie in between (Python 3.11 has no ``skip_file_prefixes``).
    """
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level

"""The emitters ``python -m codegen`` runs, in order (each owns its output files)."""

from __future__ import annotations

from . import fake_data
from .output import Emitter

EMITTERS: list[Emitter] = [fake_data.emit]

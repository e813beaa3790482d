"""The emitters ``python -m codegen`` runs, in order (each owns its output files)."""

from __future__ import annotations

from . import models
from .output import Emitter

EMITTERS: list[Emitter] = [models.emit]

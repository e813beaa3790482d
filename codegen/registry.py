"""The emitters ``python -m codegen`` runs, in order (each owns its output files)."""

from __future__ import annotations

from . import docs, fake_data, models, resources, table
from .output import Emitter

EMITTERS: list[Emitter] = [models.emit, resources.emit, table.emit, fake_data.emit, docs.emit]

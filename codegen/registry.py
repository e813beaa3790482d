"""The emitters ``python -m codegen`` runs, in order (each owns its output files)."""

from __future__ import annotations

from . import docs, fake_data, index, models, resources, table
from .output import Emitter

EMITTERS: list[Emitter] = [
    models.emit,
    index.emit,
    resources.emit,
    table.emit,
    fake_data.emit,
    docs.emit,
]

"""rc.ring_out: ringOut calls."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["RingOutResource"]


class RingOutResource(Resource):
    """RingOut calls."""

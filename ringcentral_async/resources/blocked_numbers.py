"""rc.blocked_numbers: blocked and allowed numbers (caller blocking)."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["BlockedNumbersResource"]


class BlockedNumbersResource(Resource):
    """Blocked and allowed numbers (caller blocking)."""

"""rc.active_calls: active calls of an extension or the company."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["ActiveCallsResource"]


class ActiveCallsResource(Resource):
    """Active calls of an extension or the company."""

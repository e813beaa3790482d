"""rc.caller_id: caller-ID settings of an extension."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["CallerIdResource"]


class CallerIdResource(Resource):
    """Caller-ID settings of an extension."""

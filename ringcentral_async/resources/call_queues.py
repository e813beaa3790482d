"""rc.call_queues: call queues and their members."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["CallQueuesResource"]


class CallQueuesResource(Resource):
    """Call queues and their members."""

"""rc.recordings: call recordings: metadata and streamed content."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["RecordingsResource"]


class RecordingsResource(Resource):
    """Call recordings: metadata and streamed content."""

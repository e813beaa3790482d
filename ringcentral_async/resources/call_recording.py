"""rc.call_recording: account call-recording settings."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["CallRecordingResource"]


class CallRecordingResource(Resource):
    """Account call-recording settings."""

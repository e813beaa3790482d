"""rc.call_monitoring: call-monitoring groups and members."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["CallMonitoringResource"]


class CallMonitoringResource(Resource):
    """Call-monitoring groups and members."""

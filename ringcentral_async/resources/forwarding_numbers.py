"""rc.forwarding_numbers: forwarding numbers of an extension."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["ForwardingNumbersResource"]


class ForwardingNumbersResource(Resource):
    """Forwarding numbers of an extension."""

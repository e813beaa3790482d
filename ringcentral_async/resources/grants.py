"""rc.grants: extensions a user is granted access to."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["GrantsResource"]


class GrantsResource(Resource):
    """Extensions a user is granted access to."""

"""rc.profile_image: extension profile images (streamed downloads)."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["ProfileImageResource"]


class ProfileImageResource(Resource):
    """Extension profile images (streamed downloads)."""

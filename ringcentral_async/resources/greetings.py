"""rc.greetings: custom user and company greetings (streamed uploads)."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["GreetingsResource"]


class GreetingsResource(Resource):
    """Custom user and company greetings (streamed uploads)."""

"""rc.answering_rules: user and company answering rules."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["AnsweringRulesResource"]


class AnsweringRulesResource(Resource):
    """User and company answering rules."""

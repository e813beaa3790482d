"""rc.number_parser: the phone-number parser."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["NumberParserResource"]


class NumberParserResource(Resource):
    """The phone-number parser."""

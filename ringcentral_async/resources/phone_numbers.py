"""rc.phone_numbers: phone numbers of an extension and of the company."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["PhoneNumbersResource"]


class PhoneNumbersResource(Resource):
    """Phone numbers of an extension and of the company."""

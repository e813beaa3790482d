"""rc.number_parser: the phone-number parser (v1, deprecated by the platform)."""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import ConfigurationError
from ..models import ParseRequest, ParseResponse
from ._base import Resource, operation, query

__all__ = ["NumberParserResource"]

MAX_STRINGS = 64
MAX_LENGTH = 64

PARSE = operation(
    "parsePhoneNumber",
    "POST",
    "/restapi/v1.0/number-parser/parse",
    "number_parser.parse",
    deprecated=True,
    replacement="the v2 parser (POST /restapi/v2/number-parser/parse)",
)


def _strings(original_strings: Sequence[str]) -> list[str]:
    if isinstance(original_strings, str | bytes) or not isinstance(original_strings, Sequence):
        raise ConfigurationError("original_strings: pass a list of strings")
    values = list(original_strings)
    if not 1 <= len(values) <= MAX_STRINGS:
        raise ConfigurationError(f"original_strings: 1 to {MAX_STRINGS} strings")
    for value in values:
        if not isinstance(value, str) or not 0 < len(value) <= MAX_LENGTH:
            raise ConfigurationError(
                f"original_strings: {value!r} is not a string of 1..{MAX_LENGTH} characters"
            )
    return values


class NumberParserResource(Resource):
    """The phone-number parser."""

    async def parse(
        self,
        original_strings: Sequence[str],
        *,
        home_country: str | None = None,
        national_as_priority: bool | None = None,
    ) -> ParseResponse:
        """``POST /restapi/v1.0/number-parser/parse`` (Light; deprecated: warns).

        ``home_country`` is a two-letter ISO 3166 code (e.g. "US").
        """
        if home_country is not None and not (
            isinstance(home_country, str) and len(home_country) == 2 and home_country.isalpha()
        ):
            raise ConfigurationError(f"home_country={home_country!r}: pass a two-letter code")
        return await self._call(
            PARSE,
            {},
            ParseResponse,
            params=query(
                home_country=home_country.upper() if home_country else None,
                national_as_priority=national_as_priority,
            ),
            json=ParseRequest(original_strings=_strings(original_strings)),
        )

"""Models: number parser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import CountryInfo

__all__ = ["ParseRequest", "ParseResponse", "ParsedNumber"]


@attrs.frozen(kw_only=True, weakref_slot=False)
class ParseRequest:
    """Body of POST /number-parser/parse."""

    original_strings: list[str] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ParseResponse:
    """Result of the number parser."""

    uri: str | None = None
    home_country: CountryInfo | None = None
    phone_numbers: list[ParsedNumber] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ParsedNumber:
    """One parsed phone number."""

    original_string: str | None = None
    country: CountryInfo | None = None
    area_code: str | None = None
    dialable: str | None = None
    e164: str | None = None
    formatted_international: str | None = None
    formatted_national: str | None = None
    special: bool | None = None
    normalized: str | None = None
    toll_free: bool | None = None
    sub_address: str | None = None
    subscriber_number: str | None = None
    dtmf_postfix: str | None = None
    extra: Mapping[str, Any] = extra_field()

"""Helpers for the aioresponses-based unit tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from aioresponses import aioresponses
from yarl import URL

SERVER = "https://platform.ringcentral.com"
TOKEN_URL = f"{SERVER}/restapi/oauth/token"
REVOKE_URL = f"{SERVER}/restapi/oauth/revoke"
CLIENT_ID = "client-id-123"
CLIENT_SECRET = "client-secret-SECRET-456"
JWT = "eyJhbGciOiJSUzI1NiJ9.JWT-SECRET-PAYLOAD.sig"


def token_body(n: int = 1, *, expires_in: int = 3600, refresh: bool = True) -> dict[str, Any]:
    """A token response whose tokens carry the counter ``n``."""
    body: dict[str, Any] = {
        "access_token": f"ACCESS-SECRET-{n}",
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": "ReadAccounts ReadCallLog",
        "owner_id": "101",
        "endpoint_id": "ep",
        "session_id": "sess",
    }
    if refresh:
        body["refresh_token"] = f"REFRESH-SECRET-{n}"
        body["refresh_token_expires_in"] = 604800
    return body


def calls(mock: aioresponses, method: str, url: str) -> list[Any]:
    """Recorded calls to ``method url`` (exact URL, query included)."""
    return list(mock.requests.get((method, URL(url)), []))


def all_calls(mock: aioresponses) -> Iterator[tuple[str, URL, Any]]:
    """Every recorded call as (method, url, call)."""
    for (method, url), recorded in mock.requests.items():
        for call in recorded:
            yield method, url, call


def count_calls(mock: aioresponses, pattern: str) -> int:
    """How many recorded calls had a URL matching ``pattern``."""
    rx = re.compile(pattern)
    return sum(1 for _m, url, _c in all_calls(mock) if rx.search(str(url)))


SECRETS = [CLIENT_SECRET, JWT, "ACCESS-SECRET", "REFRESH-SECRET", "pass-SECRET-word"]

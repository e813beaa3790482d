"""Webhook side of the fake: the validation handshake and deliveries (docs/platform.md §11.5).

Creating a webhook subscription POSTs to its address with a ``Validation-Token`` header; the
receiver must answer 200 within ``validation_timeout`` seconds (the platform's 3000 ms),
echo the header, with ``Content-Type: application/json``, the whole answer (status line,
headers and body) at most 1024 bytes; otherwise creation fails with SUB-525. Deliveries
POST the notification as JSON with the ``Verification-Token`` header when the subscription
has one; a receiver that fails ``blacklist_after`` deliveries in a row gets the subscription
``Blacklisted``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

import aiohttp

from ._subscriptions import SubscriptionRecord

__all__ = ["WebhookClient"]

MAX_VALIDATION_ANSWER = 1024


class WebhookClient:
    """The fake's outgoing HTTP (one lazily made aiohttp session)."""

    def __init__(self, *, validation_timeout: float = 3.0, blacklist_after: int = 3) -> None:
        self.validation_timeout = validation_timeout
        self.blacklist_after = blacklist_after
        self._session: aiohttp.ClientSession | None = None
        #: Every delivery attempt: (subscription id, HTTP status or None) for tests.
        self.deliveries: list[tuple[str, int | None]] = []

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        """Close the session."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def validate(self, address: str) -> str | None:
        """Run the handshake; None when it passed, else what was wrong."""
        token = secrets.token_urlsafe(24)
        try:
            async with asyncio.timeout(self.validation_timeout):
                async with self._client().post(
                    address, headers={"Validation-Token": token}, allow_redirects=False
                ) as resp:
                    body = b""
                    while len(body) <= MAX_VALIDATION_ANSWER:
                        chunk = await resp.content.readany()
                        if not chunk:
                            break
                        body += chunk
                    status, headers = resp.status, resp.raw_headers
                    reason = resp.reason or ""
                    content_type = resp.content_type
        except TimeoutError:
            return f"no answer within {self.validation_timeout:g} s"
        except aiohttp.ClientError as exc:
            return f"cannot reach the address ({type(exc).__name__})"
        size = len(f"HTTP/1.1 {status} {reason}\r\n") + len(body) + 2
        size += sum(len(k) + len(v) + 4 for k, v in headers)
        if status != 200:
            return f"answered HTTP {status}"
        echoed = [v for k, v in headers if k.lower() == b"validation-token"]
        if echoed != [token.encode()]:
            return "the Validation-Token header was not echoed"
        if content_type != "application/json":
            return "the answer is not application/json"
        if size > MAX_VALIDATION_ANSWER:
            return f"the answer is {size} bytes (at most {MAX_VALIDATION_ANSWER})"
        return None

    async def deliver(self, record: SubscriptionRecord, notification: dict[str, Any]) -> bool:
        """POST one notification; a failure counts towards blacklisting."""
        headers = {"Content-Type": "application/json"}
        if record.verification_token:
            headers["Verification-Token"] = record.verification_token
        status: int | None = None
        try:
            async with asyncio.timeout(self.validation_timeout):
                async with self._client().post(
                    record.address or "",
                    data=json.dumps(notification).encode(),
                    headers=headers,
                    allow_redirects=False,
                ) as resp:
                    status = resp.status
                    await resp.read()
        except (TimeoutError, aiohttp.ClientError):
            status = None
        self.deliveries.append((record.id, status))
        if status is not None and 200 <= status < 300:
            record.failures = 0
            return True
        record.failures += 1
        if record.failures >= self.blacklist_after:
            record.status = "Blacklisted"
        return False

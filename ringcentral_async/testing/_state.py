"""The platform state one fake serves: data, tokens, limits, faults and the request log."""

from __future__ import annotations

import asyncio
import random
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from aiohttp import web

from ._calls import CallLog
from ._data import Directory
from ._faults import FaultQueue, RequestRecord
from ._http import reject
from ._limits import GroupLimit, RateLimiter
from ._oauth import TokenAuthority

__all__ = ["OWNER", "PLATFORM", "Platform"]


class Platform:
    """Everything the routes read and change; owned by one FakeRingCentral."""

    def __init__(
        self,
        *,
        seed: int,
        extensions: int,
        call_log_records: int,
        phone_numbers: int | None,
        call_log_start: datetime,
        call_log_end: datetime,
        now: datetime,
        clock: Callable[[], float],
        limits: Mapping[str, GroupLimit] | None,
        penalty: float,
        throttling: bool,
        access_token_ttl: int,
        refresh_token_ttl: int,
        public_app: bool = False,
        max_sessions: int | None = 5,
    ) -> None:
        self.rng = random.Random(seed)
        self.clock = clock
        self.now = now
        self.directory = Directory(self.rng, extensions, phone_numbers)
        self.calls = CallLog(self.rng, self.directory, call_log_start, call_log_end)
        self.calls.generate(call_log_records)
        self.auth = TokenAuthority(clock, access_token_ttl, refresh_token_ttl, max_sessions)
        self.limiter = RateLimiter(clock, limits, penalty, throttling)
        self.faults = FaultQueue()
        #: ``delay`` faults sleeping right now; closing the fake cancels them.
        self.delays: set[asyncio.Future[None]] = set()
        self.log: list[RequestRecord] = []
        self.sync_tokens: dict[str, tuple[int | None, int]] = {}
        #: Per-area state of route modules added later (answering rules, queues ...),
        #: keyed by the module's name; each module creates its own entry lazily.
        self.stores: dict[str, Any] = {}
        self.client_id = f"fake-client-{self.rng.getrandbits(32):08x}"
        #: A public (non-confidential) app has no secret and sends ``client_id`` in the body.
        self.public_app = public_app
        self.client_secret = "" if public_app else secrets.token_urlsafe(18)
        self.jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlIn0." + secrets.token_urlsafe(18)
        self.username = self.directory.main_number
        self.password = secrets.token_urlsafe(12)
        self.scope = "ReadAccounts ReadCallLog ReadCallRecording EditExtensions"

    def account(self, account_id: str) -> int:
        """Check an ``accountId`` path value (``~`` or the account id)."""
        if account_id not in ("~", str(self.directory.account_id)):
            reject(404, "CMN-102", "Resource for parameter [accountId] is not found", "accountId")
        return self.directory.account_id

    def extension_id(self, value: str, owner: int) -> int:
        """Resolve an ``extensionId`` path value (``~`` is the token's owner)."""
        if value == "~":
            return owner
        if not value.isdigit():
            reject(400, "CMN-101", "Parameter [extensionId] value is invalid", "extensionId")
        return int(value)

    def extension(self, value: str, owner: int) -> dict[str, Any]:
        """The extension record for an ``extensionId`` path value, or 404 CMN-102."""
        record = self.directory.extensions.get(self.extension_id(value, owner))
        if record is None:
            reject(
                404, "CMN-102", "Resource for parameter [extensionId] is not found", "extensionId"
            )
        return record


#: Where the application keeps its Platform.
PLATFORM = web.AppKey("platform", Platform)
#: The extension id of the request's access token (set by the middleware).
OWNER = web.RequestKey("owner", int)


def platform_of(request: web.Request) -> tuple[Platform, int]:
    """The platform and the token owner of a request."""
    return request.app[PLATFORM], request.get(OWNER, 0)

"""Receiving webhook deliveries with aiohttp.web (docs/platform.md §11.5).

```python
from aiohttp import web
from ringcentral_async.webhooks import webhook_handler

async def on_event(event):        # a ringcentral_async.Notification
    ...

app = web.Application()
app.router.add_post("/hooks/rc", webhook_handler(on_event, verification_token="s3cret"))
```

The handler answers the platform's ``Validation-Token`` handshake (200, the header echoed,
``Content-Type: application/json``, an empty body: far below the platform's 1024-byte
limit), refuses a delivery whose ``Verification-Token`` is missing or wrong (compared in
constant time) with 403, acknowledges every good delivery at once and runs
``on_notification`` in a task of its own, so a slow callback never delays the answer (the
platform blacklists receivers that keep failing). Bodies above ``max_body`` bytes are
refused with 413; exceptions of the callback are logged.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from aiohttp import web

from .models.subscriptions import Notification

__all__ = ["MAX_BODY", "WebhookHandler", "webhook_handler"]

logger = logging.getLogger("ringcentral_async.webhooks")

#: The largest delivery body read (bytes); a notification is a few KiB.
MAX_BODY = 1024 * 1024
#: The longest Validation-Token echoed (the platform's is a UUID): the whole answer, headers
#: included, stays below the platform's 1024-byte limit (about 200 bytes besides it).
MAX_VALIDATION_TOKEN = 640


class WebhookHandler(Protocol):
    """The aiohttp handler :func:`webhook_handler` returns.

    ``tasks`` holds the callbacks still running; ``await handler.drain()`` waits for them
    (call it on shutdown, e.g. from ``app.on_shutdown``).
    """

    tasks: set[asyncio.Task[None]]

    async def __call__(self, request: web.Request) -> web.Response: ...

    async def drain(self) -> None: ...


def _empty_json(status: int, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, content_type="application/json", headers=headers)


async def _read_at_most(request: web.Request, limit: int) -> bytes | None:
    """The whole body, or None as soon as it is longer than ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.readany()
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


def webhook_handler(
    on_notification: Callable[[Notification], Coroutine[Any, Any, None]],
    *,
    verification_token: str | None = None,
    max_body: int = MAX_BODY,
) -> WebhookHandler:
    """An aiohttp.web handler for a webhook subscription's address.

    ``verification_token`` is the one given to ``rc.subscriptions.create``: when set, a
    delivery without it (or with another) is refused with 403.
    """
    if not callable(on_notification):
        raise TypeError("on_notification must be an async callable taking a Notification")
    if verification_token is not None and (
        not isinstance(verification_token, str) or not verification_token
    ):
        raise ValueError("verification_token must be a non-empty string")
    expected = verification_token.encode() if verification_token is not None else None
    tasks: set[asyncio.Task[None]] = set()

    def finished(task: asyncio.Task[None]) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("the webhook callback failed", exc_info=task.exception())

    async def handle(request: web.Request) -> web.Response:
        validation = request.headers.get("Validation-Token")
        if validation is not None:
            if not validation or len(validation) > MAX_VALIDATION_TOKEN:
                return _empty_json(400)
            return _empty_json(200, {"Validation-Token": validation})
        if expected is not None:
            given = request.headers.get("Verification-Token", "").encode()
            if not hmac.compare_digest(given, expected):
                logger.warning("refused a webhook delivery with a missing or wrong token")
                return _empty_json(403)
        if request.content_length is not None and request.content_length > max_body:
            return _empty_json(413)
        raw = await _read_at_most(request, max_body)
        if raw is None:
            return _empty_json(413)
        try:
            event = Notification.from_body(json.loads(raw))
        except (ValueError, UnicodeDecodeError) as exc:
            logger.warning("refused a webhook delivery that is not a notification: %s", exc)
            return _empty_json(400)
        task = asyncio.get_running_loop().create_task(on_notification(event))
        tasks.add(task)
        task.add_done_callback(finished)
        return _empty_json(200)

    async def drain() -> None:
        while tasks:
            await asyncio.gather(*list(tasks), return_exceptions=True)

    handler = handle
    handler.tasks = tasks  # type: ignore[attr-defined]
    handler.drain = drain  # type: ignore[attr-defined]
    return handler  # type: ignore[return-value]

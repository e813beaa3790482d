"""One gateway socket: open with a wstoken, read frames, answer requests, keep it alive.

A :class:`Connection` owns one aiohttp WebSocket. It sends nothing before the gateway's first
``ConnectionDetails`` frame, tracks the highest ``wsc`` sequence of any frame, matches
``ClientRequest`` answers to their ``messageId``, hands notifications to a callback, and
sends ``Heartbeat`` frames on an interval derived from ``idleTimeout`` (see
:func:`liveness`). When a heartbeat gets no answer in time, the socket is taken for dead and
aborted. The socket's URL carries the wstoken: it is never logged, and aiohttp errors (whose
text may hold the URL) are replaced by a TransportError naming only host and path.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from .._errors import ApiError, RequestTimeoutError, TransportError
from .._protocol import build_api_error
from .frames import (
    ConnectionDetails,
    Frame,
    FrameError,
    build_heartbeat,
    build_request,
    parse_connection_details,
    parse_frame,
)

if TYPE_CHECKING:
    import aiohttp

__all__ = ["Connection", "Liveness", "liveness"]

logger = logging.getLogger("ringcentral_async.events")

#: Heartbeat interval: a third of idleTimeout, at least 0.05 s and at most 60 s.
HEARTBEAT_FRACTION = 1 / 3
HEARTBEAT_FLOOR = 0.05
HEARTBEAT_CEILING = 60.0
#: A heartbeat unanswered for a third of idleTimeout (0.1 s to 30 s) means a dead socket.
ANSWER_FLOOR = 0.1
ANSWER_CEILING = 30.0
#: Error codes after which the gateway is done with the socket: idle and absolute timeout.
GATEWAY_TIMEOUTS = ("WSG-902", "WSG-903")
#: The longest text frame read (a notification is a few KiB; 4 MiB is far beyond).
MAX_FRAME = 4 * 1024 * 1024


@attrs.frozen
class Liveness:
    """When to send a heartbeat, and how long its answer may take (seconds)."""

    interval: float
    answer_timeout: float


def liveness(idle_timeout: float) -> Liveness:
    """The heartbeat policy for a gateway's ``idleTimeout``.

    A heartbeat goes out whenever nothing was sent for ``interval`` = idleTimeout / 3
    (floor 0.05 s, ceiling 60 s): a quiet connection is never idle for long enough to get
    WSG-902. If no frame at all arrives within ``answer_timeout`` = idleTimeout / 3 (0.1 s
    to 30 s) after a heartbeat, the connection is dead and is reconnected.
    """
    third = idle_timeout * HEARTBEAT_FRACTION
    return Liveness(
        interval=min(max(third, HEARTBEAT_FLOOR), HEARTBEAT_CEILING),
        answer_timeout=min(max(third, ANSWER_FLOOR), ANSWER_CEILING),
    )


def gateway_target(uri: str) -> str:
    """``host/path`` of a gateway URI: what logs and errors may show (never the query)."""
    parts = urlsplit(uri)
    return f"{parts.hostname or '?'}{parts.path or '/'}"


class Connection:
    """One open gateway socket (use :meth:`open`)."""

    def __init__(
        self,
        ws: aiohttp.ClientWebSocketResponse,
        details: ConnectionDetails,
        *,
        target: str,
        on_notification: Callable[[Frame], None],
        on_wsc: Callable[[str, int], None],
        request_timeout: float,
        secrets: Callable[[], Sequence[str]] = tuple,
    ) -> None:
        self._ws = ws
        #: The secrets an error answer must never echo (the wstoken, the client's own).
        self._secrets = secrets
        self.details = details
        self.target = target
        self.liveness = liveness(details.idle_timeout)
        self._on_notification = on_notification
        self._on_wsc = on_wsc
        self._request_timeout = request_timeout
        self._pending: dict[str, asyncio.Future[Frame]] = {}
        loop = asyncio.get_running_loop()
        self._time = loop.time
        self.opened_at = self._time()
        self._last_sent = self.opened_at
        self.last_received = self.opened_at
        self._awaiting_answer: float | None = None
        #: Why the connection ended: "dropped", "closed by gateway", "WSG-902", "dead" ...
        self.reason: str | None = None
        self._done = asyncio.Event()
        self._tasks = [
            loop.create_task(self._read(), name="ringcentral-ws-reader"),
            loop.create_task(self._keepalive(), name="ringcentral-ws-heartbeat"),
        ]

    def __repr__(self) -> str:
        return f"<Connection to {self.target} reason={self.reason!r}>"

    # -- opening -------------------------------------------------------------------------
    @classmethod
    async def open(
        cls,
        session: aiohttp.ClientSession,
        uri: str,
        ws_token: str,
        wsc_token: str | None,
        *,
        timeout: float,
        on_notification: Callable[[Frame], None],
        on_wsc: Callable[[str, int], None],
        secrets: Callable[[], Sequence[str]] = tuple,
    ) -> tuple[Connection, Frame]:
        """Connect, wait for ConnectionDetails (sending nothing before), start the tasks.

        Returns the connection and the ConnectionDetails frame (its wsc counts too).
        """
        import aiohttp

        target = gateway_target(uri)
        params = {"access_token": ws_token}
        if wsc_token is not None:
            params["wsc"] = wsc_token
        # The errors are raised outside the except blocks: aiohttp's exception (its request
        # URL carries the wstoken) must not even be the hidden ``__context__`` of ours.
        failure: TransportError | None = None
        try:
            async with asyncio.timeout(timeout):
                ws = await session.ws_connect(
                    uri,
                    params=params,
                    timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=timeout),
                    max_msg_size=MAX_FRAME,
                    autoping=True,
                )
        except aiohttp.WSServerHandshakeError as exc:
            failure = TransportError(
                f"WebSocket handshake with {target} refused: HTTP {exc.status}"
            )
        except (aiohttp.ClientError, OSError) as exc:
            failure = TransportError(
                f"cannot connect to the WebSocket gateway {target}: {type(exc).__name__}",
                request_sent=False,
            )
        except TimeoutError:
            failure = RequestTimeoutError(f"connecting to {target} timed out")
        if failure is not None:
            raise failure from None
        try:
            first = await _first_frame(ws, timeout, target)
            try:
                details = parse_connection_details(first)
            except FrameError as exc:
                failure = TransportError(f"the gateway {target} sent bad ConnectionDetails: {exc}")
            if failure is not None:
                raise failure
        except BaseException:
            await ws.close()
            raise
        if first.wsc_token is not None and first.wsc_sequence is not None:
            on_wsc(first.wsc_token, first.wsc_sequence)
        conn = cls(
            ws,
            details,
            target=target,
            on_notification=on_notification,
            on_wsc=on_wsc,
            request_timeout=timeout,
            secrets=lambda: [ws_token, wsc_token or "", *secrets()],
        )
        return conn, first

    # -- requests over the socket ---------------------------------------------------------
    async def request(self, method: str, path: str, body: Any = None) -> Any:
        """Send a ClientRequest and wait for its answer; ApiError for a non-2xx status."""
        if self.reason is not None:
            raise TransportError(f"the WebSocket connection to {self.target} is closed")
        mid, text = build_request(method, path, body)
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._pending[mid] = future
        try:
            await self._send(text)
            try:
                answer = await asyncio.wait_for(asyncio.shield(future), self._request_timeout)
            except TimeoutError:
                raise RequestTimeoutError(
                    f"{method} {path} over the WebSocket got no answer in "
                    f"{self._request_timeout:g} s"
                ) from None
        finally:
            self._pending.pop(mid, None)
        status = answer.status if answer.status is not None else 200
        if not 200 <= status < 300:
            raw = json.dumps(answer.body).encode() if answer.body is not None else b""
            error: ApiError = build_api_error(
                status, raw, dict(answer.headers), method=method, path=path
            )
            error._redact(self._secrets())  # an answer may echo a secret it was sent
            raise error
        return answer.body

    async def _send(self, text: str) -> None:
        try:
            await self._ws.send_str(text)
        except (ConnectionError, RuntimeError) as exc:
            self._end("dropped")
            raise TransportError(f"sending to {self.target} failed: {type(exc).__name__}") from None
        except Exception as exc:  # aiohttp.ClientError and kin: the socket is gone
            self._end("dropped")
            raise TransportError(f"sending to {self.target} failed: {type(exc).__name__}") from None
        self._last_sent = self._time()

    # -- reading -------------------------------------------------------------------------
    async def _read(self) -> None:
        import aiohttp

        try:
            async for msg in self._ws:
                if msg.type is aiohttp.WSMsgType.TEXT:
                    self._handle(msg.data)
                    if self.reason in GATEWAY_TIMEOUTS:
                        break  # the session timed out: recover, whether or not it closes
                elif msg.type is aiohttp.WSMsgType.BINARY:
                    logger.warning("skipped a binary frame from %s", self.target)
                elif msg.type is aiohttp.WSMsgType.ERROR:
                    break
            close_code = self._ws.close_code
            self._end(f"closed by gateway (code {close_code})" if close_code else "dropped")
        except asyncio.CancelledError:
            self._end("closed")
            raise
        except Exception as exc:  # the socket failed under us: a drop, never a crash
            self._end(f"dropped ({type(exc).__name__})")

    def _handle(self, text: str) -> None:
        self.last_received = self._time()
        self._awaiting_answer = None
        try:
            frame = parse_frame(text)
        except FrameError as exc:
            logger.warning("skipped a malformed frame from %s: %s", self.target, exc)
            return
        if frame.wsc_token is not None and frame.wsc_sequence is not None:
            self._on_wsc(frame.wsc_token, frame.wsc_sequence)
        if frame.type == "ServerNotification":
            try:
                self._on_notification(frame)
            except Exception:
                logger.exception("handling a notification from %s failed", self.target)
        elif frame.type == "ClientRequest":
            future = self._pending.get(frame.message_id or "")
            if future is not None and not future.done():
                future.set_result(frame)
        elif frame.type == "Error":
            body = frame.body if isinstance(frame.body, dict) else {}
            code = body.get("errorCode")
            future = self._pending.get(frame.message_id or "")
            if future is not None and not future.done():
                future.set_result(attrs.evolve(frame, status=frame.status or 400))
                return
            logger.info(
                "the gateway %s sent %s: %s",
                self.target,
                code if isinstance(code, str) else "an error",
                str(body.get("message", ""))[:200],
            )
            if isinstance(code, str) and code in GATEWAY_TIMEOUTS:
                self.reason = code  # the reader stops; the connection is recovered with wsc
        # Heartbeat answers and repeated ConnectionDetails only count as traffic.

    # -- liveness ------------------------------------------------------------------------
    async def _keepalive(self) -> None:
        live = self.liveness
        while self.reason is None:
            now = self._time()
            if (
                self._awaiting_answer is not None
                and now - self._awaiting_answer >= live.answer_timeout
            ):
                logger.info(
                    "no answer from %s within %.2f s of a heartbeat: reconnecting",
                    self.target,
                    live.answer_timeout,
                )
                self._end("dead (heartbeat unanswered)")
                await self._abort()
                return
            if now - self._last_sent >= live.interval:
                _, text = build_heartbeat()
                with contextlib.suppress(TransportError):
                    await self._send(text)
                if self._awaiting_answer is None:
                    self._awaiting_answer = now
            wake = self._last_sent + live.interval
            if self._awaiting_answer is not None:
                wake = min(wake, self._awaiting_answer + live.answer_timeout)
            await asyncio.sleep(max(wake - self._time(), 0.005))

    # -- ending --------------------------------------------------------------------------
    def _end(self, reason: str) -> None:
        if self.reason is None or self.reason in GATEWAY_TIMEOUTS:
            self.reason = self.reason or reason
        for future in self._pending.values():
            if not future.done():
                future.set_exception(
                    TransportError(f"the WebSocket connection to {self.target} ended")
                )
        self._done.set()

    async def _abort(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._ws.close(), 0.5)

    @property
    def alive(self) -> bool:
        """True until the socket ended (for any reason)."""
        return not self._done.is_set()

    async def wait_closed(self) -> str:
        """Wait until the socket ends; the reason."""
        await self._done.wait()
        return self.reason or "dropped"

    async def close(self) -> None:
        """Close the socket and stop the tasks (idempotent)."""
        self._end("closed")
        await self._abort()
        current = asyncio.current_task()
        tasks = [t for t in self._tasks if t is not current]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _first_frame(ws: aiohttp.ClientWebSocketResponse, timeout: float, target: str) -> Frame:
    """The first frame, which must be ConnectionDetails (malformed frames are skipped)."""
    import aiohttp

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise RequestTimeoutError(f"no ConnectionDetails from {target} in {timeout:g} s")
        try:
            msg = await ws.receive(timeout=remaining)
        except TimeoutError:
            raise RequestTimeoutError(
                f"no ConnectionDetails from {target} in {timeout:g} s"
            ) from None
        if msg.type is not aiohttp.WSMsgType.TEXT:
            raise TransportError(f"the gateway {target} closed before ConnectionDetails")
        try:
            frame = parse_frame(msg.data)
        except FrameError as exc:
            logger.warning("skipped a malformed frame from %s: %s", target, exc)
            continue
        if frame.type == "Error":
            body = frame.body if isinstance(frame.body, dict) else {}
            raise TransportError(
                f"the gateway {target} refused the connection: "
                f"{str(body.get('errorCode', 'Error'))[:40]}"
            )
        if frame.type != "ConnectionDetails":
            raise TransportError(f"the gateway {target} sent {frame.type} before ConnectionDetails")
        return frame

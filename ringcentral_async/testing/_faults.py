"""Injected faults and the request log, and the FakeRingCentral methods that use them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs
from aiohttp import web

if TYPE_CHECKING:
    from ._state import Platform

__all__ = [
    "TRUNCATE",
    "Fault",
    "FaultKind",
    "FaultQueue",
    "FaultsMixin",
    "RequestLogMixin",
    "RequestRecord",
]

FaultKind = Literal["fail", "reset", "lose", "delay", "truncate"]

#: Set on a request hit by a ``truncate`` fault: a streamed route sends half its body, then
#: drops the connection (the declared Content-Length is never reached).
TRUNCATE = web.RequestKey("rc_truncate", bool)


@attrs.define
class Fault:
    """A fault for the next ``count`` requests matching method / path substring / group."""

    kind: FaultKind
    count: int
    method: str | None = None
    path: str | None = None
    group: str | None = None
    status: int = 500
    retry_after: float | None = None
    body: Any = None
    headers: dict[str, str] = attrs.field(factory=dict)
    seconds: float = 0.0

    def matches(self, method: str, path: str, group: str | None) -> bool:
        """Whether a request is targeted by this fault."""
        return (
            self.count > 0
            and (self.method is None or self.method.upper() == method.upper())
            and (self.path is None or self.path in path)
            and (self.group is None or self.group == group)
        )


class FaultQueue:
    """Faults in the order they were added; the first match is consumed."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        """Queue a fault."""
        if fault.count < 1:
            raise ValueError("count must be at least 1")
        self.faults.append(fault)
        return fault

    def take(self, method: str, path: str, group: str | None) -> Fault | None:
        """The first matching fault, with one use consumed."""
        for fault in self.faults:
            if fault.matches(method, path, group):
                fault.count -= 1
                if fault.count == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Drop every pending fault."""
        self.faults.clear()


@attrs.define
class RequestRecord:
    """One request as the fake saw it (``time`` is the fake's clock at arrival).

    ``route`` is the path template of the route that matched (None when none did),
    ``owner`` what the request was counted for (an extension id, ``client:<id>`` for OAuth
    requests, ``ip:<address>`` when no client was named), ``during_penalty`` whether it
    arrived while its (owner, group) was in a 429 penalty.
    """

    time: float
    method: str
    path: str
    query: str
    group: str | None
    request_id: str
    route: str | None = None
    owner: str | None = None
    status: int | None = None
    during_penalty: bool = False
    fault: FaultKind | None = None

    def matches(self, criteria: dict[str, Any]) -> bool:
        """Whether every given field equals (``path``: contains) the given value."""
        for name, wanted in criteria.items():
            if wanted is None:
                continue
            value = getattr(self, name)
            if name == "path" and isinstance(wanted, str):
                if wanted not in value:
                    return False
            elif value != wanted:
                return False
        return True


class FaultsMixin:
    """Fault injection of FakeRingCentral: the next matching requests fail in a chosen way."""

    platform: Platform

    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
        retry_after: float | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """The next ``count`` matching requests answer ``status`` (standard error body)."""
        self.platform.faults.add(
            Fault(
                "fail", count, method, path, group, status, retry_after, body, dict(headers or {})
            )
        )

    def reset_next(
        self,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching requests get their connection closed, no response."""
        self.platform.faults.add(Fault("reset", count, method, path, group))

    def lose_next(
        self,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching requests are processed, then their connection is
        closed before the response: a refresh that rotated the pair, a POST that took
        effect, whose answer is lost (unlike :meth:`reset_next`, which drops the request
        unprocessed)."""
        self.platform.faults.add(Fault("lose", count, method, path, group))

    def delay_next(
        self,
        seconds: float,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching requests are answered ``seconds`` late."""
        self.platform.faults.add(Fault("delay", count, method, path, group, seconds=seconds))

    def truncate_next(
        self,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
    ) -> None:
        """The next ``count`` matching JSON responses lose the second half of their body."""
        self.platform.faults.add(Fault("truncate", count, method, path, group))

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        self.platform.faults.clear()


class RequestLogMixin:
    """The request log of FakeRingCentral, filtered by method, path, group, status ..."""

    platform: Platform

    @property
    def log(self) -> list[RequestRecord]:
        """Every request so far, in arrival order."""
        return self.platform.log

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        group: str | None = None,
        status: int | None = None,
        owner: str | None = None,
        during_penalty: bool | None = None,
        fault: str | None = None,
        route: str | None = None,
    ) -> list[RequestRecord]:
        """Logged requests matching every given criterion (``path``: substring).

        ``route`` is a path template (``/restapi/v1.0/account/{accountId}/call-log``).
        """
        criteria = {
            "route": route,
            "method": method,
            "path": path,
            "group": group,
            "status": status,
            "owner": owner,
            "during_penalty": during_penalty,
            "fault": fault,
        }
        return [r for r in self.platform.log if r.matches(criteria)]

    def count(self, **criteria: Any) -> int:
        """How many logged requests match (same criteria as ``requests``)."""
        return len(self.requests(**criteria))

    def clear_log(self) -> None:
        """Forget the request log."""
        self.platform.log.clear()

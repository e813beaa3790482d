"""Injected faults and the request log."""

from __future__ import annotations

from typing import Any, Literal

import attrs
from aiohttp import web

__all__ = ["TRUNCATE", "Fault", "FaultKind", "FaultQueue", "RequestRecord"]

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

"""State of the strict platform emulator: sliding windows, penalties, tokens, the log.

Written from ``shared/docs/platform.md`` only (§1 usage plans, §4 OAuth); it shares no code
with ``ringcentral_async.testing``. Pure bookkeeping, no I/O: the aiohttp app in
``_emu_app.py`` calls it with the arrival time of each request.

Rules it enforces to the letter:

- user-level limits are counted per (token owner, group) in a *sliding* window, on arrival,
  and every arrival counts, rejected ones included (§1.2);
- once over the limit, every request of that owner and group is rejected for the penalty
  interval, and each rejected request restarts the penalty (§1.2);
- a refresh returns a new pair and the old access *and* refresh tokens die at once; a token
  dies with its session on revoke (§4, strict form: no 10 s grace for the old refresh token).
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

#: The documented defaults (docs/platform.md §1.1): group -> (requests, window seconds).
DEFAULT_LIMITS: Mapping[str, tuple[int, float]] = {
    "Light": (50, 60.0),
    "Medium": (40, 60.0),
    "Heavy": (10, 60.0),
    "Auth": (5, 60.0),
}


@dataclass(frozen=True, slots=True)
class Arrival:
    """One request as the emulator saw it, at its arrival time (on the emulator's clock)."""

    seq: int
    time: float
    method: str
    path: str
    query: str
    group: str | None
    owner: str | None
    #: "valid", "expired", "dead" (rotated or revoked), "unknown", "none" (no bearer),
    #: "basic" (token endpoint with client credentials), "bad-client"
    token_state: str
    status: int
    #: "ok", "limit" (over the window), "penalty" (during a penalty), "injected",
    #: "unauthorized", "bad-grant", "not-found"
    reason: str
    grant: str | None = None


@dataclass(slots=True)
class Verdict:
    """The rate decision for one arrival."""

    allowed: bool
    limit: int
    window: float
    remaining: int
    retry_after: float | None = None
    reason: str = "ok"
    rate_headers: bool = True
    error_code: str = "CMN-301"


@dataclass(slots=True)
class Injection:
    """A 429 the next ``count`` arrivals of ``group`` get, whatever their window says."""

    group: str
    retry_after: float | None
    penalty: float
    rate_headers: bool
    error_code: str
    count: int = 1


class RateLimiter:
    """Sliding windows and penalties per (owner, group), counted on arrival."""

    def __init__(self, limits: Mapping[str, tuple[int, float]], penalty: float) -> None:
        self.limits = dict(limits)
        self.penalty = penalty
        self._arrivals: dict[tuple[str, str], deque[float]] = {}
        #: (owner, group) -> (penalty end, penalty length that each new arrival restarts)
        self._penalties: dict[tuple[str, str], tuple[float, float]] = {}
        self._injections: list[Injection] = []

    def inject(self, injection: Injection) -> None:
        self._injections.append(injection)

    def _take_injection(self, group: str) -> Injection | None:
        for inj in self._injections:
            if inj.group == group and inj.count > 0:
                inj.count -= 1
                if inj.count == 0:
                    self._injections.remove(inj)
                return inj
        return None

    def arrive(self, owner: str, group: str, now: float) -> Verdict:
        """Count one arrival at ``now`` and decide it."""
        limit, window = self.limits[group]
        key = (owner, group)
        times = self._arrivals.setdefault(key, deque())
        while times and times[0] <= now - window:
            times.popleft()
        times.append(now)  # every arrival counts, rejected ones too
        remaining = max(0, limit - len(times))
        until, length = self._penalties.get(key, (-1.0, self.penalty))
        if now < until:
            self._penalties[key] = (now + length, length)  # restarted by every request
            return Verdict(False, limit, window, 0, retry_after=length, reason="penalty")
        injected = self._take_injection(group)
        if injected is not None:
            self._penalties[key] = (now + injected.penalty, injected.penalty)
            return Verdict(
                False,
                limit,
                window,
                0,
                retry_after=injected.retry_after,
                reason="injected",
                rate_headers=injected.rate_headers,
                error_code=injected.error_code,
            )
        if len(times) > limit:
            self._penalties[key] = (now + self.penalty, self.penalty)
            return Verdict(False, limit, window, 0, retry_after=self.penalty, reason="limit")
        return Verdict(True, limit, window, remaining)


@dataclass(slots=True)
class Session:
    """One OAuth session: its live pair and who owns it."""

    owner: str
    access_token: str
    refresh_token: str
    access_expires: float
    refresh_expires: float
    alive: bool = True


@dataclass(slots=True)
class TokenBook:
    """Issued tokens; a refresh rotates the pair and kills the old one at once."""

    access_ttl: float
    refresh_ttl: float
    _by_access: dict[str, Session] = field(default_factory=dict)
    _by_refresh: dict[str, Session] = field(default_factory=dict)
    _dead: set[str] = field(default_factory=set)
    issued: int = 0

    def issue(self, owner: str, now: float) -> Session:
        self.issued += 1
        session = Session(
            owner=owner,
            access_token="AT-" + secrets.token_urlsafe(18),
            refresh_token="RT-" + secrets.token_urlsafe(18),
            access_expires=now + self.access_ttl,
            refresh_expires=now + self.refresh_ttl,
        )
        self._by_access[session.access_token] = session
        self._by_refresh[session.refresh_token] = session
        return session

    def _kill(self, session: Session) -> None:
        session.alive = False
        self._dead.update((session.access_token, session.refresh_token))
        self._by_access.pop(session.access_token, None)
        self._by_refresh.pop(session.refresh_token, None)

    def rotate(self, refresh_token: str, now: float) -> Session | None:
        """A new pair for a live refresh token (the old pair dies), else None."""
        old = self._by_refresh.get(refresh_token)
        if old is None or not old.alive or now >= old.refresh_expires:
            return None
        self._kill(old)
        return self.issue(old.owner, now)

    def revoke(self, token: str) -> bool:
        session = self._by_access.get(token) or self._by_refresh.get(token)
        if session is None:
            return False
        self._kill(session)
        return True

    def check(self, access_token: str, now: float) -> tuple[str, str | None]:
        """(state, owner) of a bearer token: valid / expired / dead / unknown."""
        session = self._by_access.get(access_token)
        if session is not None:
            if now >= session.access_expires:
                return "expired", session.owner
            return "valid", session.owner
        if access_token in self._dead:
            return "dead", None
        return "unknown", None


#: (group, n-th arrival of that group, counted from 1) -> leave the rate headers out?
OmitRule = Callable[[str, int], bool]

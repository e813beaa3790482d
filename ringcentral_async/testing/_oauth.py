"""OAuth sessions: grants, rotation on refresh, expiry, revocation and authorization codes."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["AuthCode", "OAuthFailure", "Session", "TokenAuthority"]


class OAuthFailure(Exception):
    """A grant or token check failed: (HTTP status, OAuth error, description, OAU code)."""

    def __init__(self, status: int, error: str, description: str, code: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description, self.code = status, error, description, code


@attrs.define
class Session:
    """One OAuth session: the current access/refresh pair of one extension."""

    session_id: str
    owner_id: int
    access_token: str
    refresh_token: str
    access_expires: float
    refresh_expires: float
    access_ttl: int
    refresh_ttl: int


@attrs.define
class AuthCode:
    """A minted authorization code (single use)."""

    owner_id: int
    redirect_uri: str
    expires: float
    challenge: str | None
    method: str


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class TokenAuthority:
    """Issues, rotates, expires and revokes tokens; all times come from ``clock``."""

    def __init__(
        self,
        clock: Callable[[], float],
        access_ttl: int,
        refresh_ttl: int,
        max_sessions: int | None = 5,
    ) -> None:
        if max_sessions is not None and max_sessions < 1:
            raise ValueError("max_sessions must be >= 1 (or None for no cap)")
        self.clock = clock
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        #: Parallel sessions one user may hold (a new one ends the oldest); None: no cap.
        self.max_sessions = max_sessions
        #: Sessions opened so far (logins), and sessions ended because of the cap.
        self.sessions_opened = 0
        self.sessions_evicted = 0
        self._sessions: dict[int, list[Session]] = {}  # owner -> live sessions, oldest first
        self._by_access: dict[str, Session] = {}
        self._by_refresh: dict[str, Session] = {}
        self._codes: dict[str, AuthCode] = {}

    # -- issuing -------------------------------------------------------------------------
    def issue(
        self, owner_id: int, access_ttl: int | None = None, refresh_ttl: int | None = None
    ) -> Session:
        """Open a new session for ``owner_id`` (TTLs: the fake's defaults unless given)."""
        ttl = self.access_ttl if access_ttl is None else access_ttl
        session = Session(
            session_id=secrets.token_hex(8),
            owner_id=owner_id,
            access_token="",
            refresh_token="",
            access_expires=0.0,
            refresh_expires=0.0,
            access_ttl=ttl,
            refresh_ttl=self.refresh_ttl if refresh_ttl is None else refresh_ttl,
        )
        self._rotate(session)
        self.sessions_opened += 1
        live = self._sessions.setdefault(owner_id, [])
        live.append(session)
        while self.max_sessions is not None and len(live) > self.max_sessions:
            self.sessions_evicted += 1
            self._end(live[0])  # the platform ends the oldest session of the user
        return session

    def live_sessions(self, owner_id: int) -> int:
        """How many sessions of ``owner_id`` are open."""
        return len(self._sessions.get(owner_id, []))

    def _rotate(self, session: Session) -> None:
        self._by_access.pop(session.access_token, None)
        self._by_refresh.pop(session.refresh_token, None)
        now = self.clock()
        session.access_token = "FAKE-AT-" + secrets.token_urlsafe(24)
        session.refresh_token = "FAKE-RT-" + secrets.token_urlsafe(24)
        session.access_expires = now + session.access_ttl
        session.refresh_expires = now + session.refresh_ttl
        self._by_access[session.access_token] = session
        self._by_refresh[session.refresh_token] = session

    def refresh(
        self, refresh_token: str, access_ttl: int | None = None, refresh_ttl: int | None = None
    ) -> Session:
        """Rotate the pair: the old refresh AND access tokens stop working at once.

        Stricter than the platform's grace period (which lets the old refresh token return
        the same new pair for a few seconds): a refresh token works exactly once.
        """
        session = self._by_refresh.get(refresh_token)
        if session is None:
            raise OAuthFailure(400, "invalid_grant", "Token not found", "OAU-213")
        if self.clock() >= session.refresh_expires:
            self._end(session)
            raise OAuthFailure(400, "invalid_grant", "Refresh token has expired", "OAU-213")
        if access_ttl is not None:
            session.access_ttl = access_ttl
        if refresh_ttl is not None:
            session.refresh_ttl = refresh_ttl
        self._rotate(session)
        return session

    def mint_code(
        self,
        owner_id: int,
        redirect_uri: str,
        code_challenge: str | None,
        method: str,
        ttl: float = 60.0,
    ) -> str:
        """A single-use authorization code for ``owner_id``."""
        if method not in ("S256", "plain"):
            raise ValueError("code_challenge_method must be S256 or plain")
        code = "FAKE-CODE-" + secrets.token_urlsafe(16)
        self._codes[code] = AuthCode(
            owner_id, redirect_uri, self.clock() + ttl, code_challenge, method
        )
        return code

    def redeem_code(self, code: str, redirect_uri: str, verifier: str | None) -> int:
        """Check and consume an authorization code; returns the owner id."""
        grant = self._codes.pop(code, None)
        if grant is None or self.clock() >= grant.expires:
            raise OAuthFailure(400, "invalid_grant", "Authorization code is invalid", "OAU-109")
        if grant.redirect_uri != redirect_uri:
            raise OAuthFailure(400, "invalid_grant", "Redirect URI mismatch", "OAU-110")
        if grant.challenge is not None:
            if not verifier:
                raise OAuthFailure(400, "invalid_grant", "code_verifier is required", "OAU-113")
            expected = _s256(verifier) if grant.method == "S256" else verifier
            if not secrets.compare_digest(expected, grant.challenge):
                raise OAuthFailure(400, "invalid_grant", "code_verifier is invalid", "OAU-113")
        return grant.owner_id

    # -- checking ------------------------------------------------------------------------
    def owner_of(self, access_token: str) -> int:
        """The extension id behind a live access token, or an OAuthFailure (401)."""
        session = self._by_access.get(access_token)
        if session is None:
            raise OAuthFailure(401, "invalid_token", "Access token corrupted", "OAU-129")
        if self.clock() >= session.access_expires:
            raise OAuthFailure(401, "invalid_token", "Access token expired", "OAU-128")
        return session.owner_id

    # -- ending --------------------------------------------------------------------------
    def revoke(self, token: str) -> bool:
        """End the whole session of an access or refresh token; False if unknown."""
        session = self._by_access.get(token) or self._by_refresh.get(token)
        if session is None:
            return False
        self._end(session)
        return True

    def revoke_refresh_token(self, refresh_token: str) -> bool:
        """Kill one refresh token (its access token lives on until it expires)."""
        return self._by_refresh.pop(refresh_token, None) is not None

    def expire_access_tokens(self) -> None:
        """Make every live access token expired (their refresh tokens still work)."""
        now = self.clock()
        for session in self._by_access.values():
            session.access_expires = min(session.access_expires, now)

    def _end(self, session: Session) -> None:
        self._by_access.pop(session.access_token, None)
        self._by_refresh.pop(session.refresh_token, None)
        live = self._sessions.get(session.owner_id, [])
        if session in live:
            live.remove(session)

    def token_body(self, session: Session, scope: str) -> dict[str, Any]:
        """The ``TokenInfo`` body for a session's current pair."""
        return {
            "access_token": session.access_token,
            "token_type": "bearer",
            "expires_in": session.access_ttl,
            "scope": scope,
            "refresh_token": session.refresh_token,
            "refresh_token_expires_in": session.refresh_ttl,
            "owner_id": str(session.owner_id),
            "endpoint_id": "fake-endpoint",
            "session_id": session.session_id,
        }

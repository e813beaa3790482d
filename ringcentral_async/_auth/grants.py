"""OAuth request shapes (layer 1: pure): endpoints, which login arguments make a grant,
grant forms, client authentication, the authorize URL, and which values of a token request
are secrets, and how a token request may be retried."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal
from urllib.parse import urlencode

from .._errors import ApiError, ConfigurationError, RateLimitError, TransportError

__all__ = [
    "AUTHORIZE_PATH",
    "JWT_GRANT",
    "REVOKE_PATH",
    "TOKEN_PATH",
    "SendTokenRequest",
    "TokenRetry",
    "authorize_url",
    "check_login_arguments",
    "client_auth",
    "describe",
    "refresh_answered_unprocessed",
    "refresh_token_survives",
    "secret_values",
]

TOKEN_PATH = "/restapi/oauth/token"
REVOKE_PATH = "/restapi/oauth/revoke"
AUTHORIZE_PATH = "/restapi/oauth/authorize"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

#: How a token request may be retried: "transient" (timeouts, connection errors, 5xx: the
#: grant can be replayed), "unsent" (only if it never left: a refresh token is single-use),
#: "never" (revoke: the platform says do not retry it).
TokenRetry = Literal["transient", "unsent", "never"]

#: send_token_request(path, form, headers, retry) -> decoded JSON body
SendTokenRequest = Callable[[str, Mapping[str, str], Mapping[str, str], TokenRetry], Awaitable[Any]]

#: Form fields whose values are secrets (scrubbed from any error the platform echoes them in).
SECRET_FIELDS = (
    "assertion",
    "password",
    "code",
    "code_verifier",
    "refresh_token",
    "token",
    "client_secret",
    "client_assertion",
)


def client_auth(client_id: str, client_secret: str | None, form: dict[str, str]) -> dict[str, str]:
    """Basic client header for confidential apps (built by hand); client_id in the body else."""
    if client_secret:
        raw = f"{client_id}:{client_secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
    form["client_id"] = client_id
    return {}


def secret_values(
    form: Mapping[str, str], headers: Mapping[str, str], client_secret: str | None
) -> list[str]:
    """Every secret a token request carries: form values, client secret, Basic credentials."""
    found = [form[k] for k in SECRET_FIELDS if form.get(k)]
    if client_secret:
        found.append(client_secret)
    basic = headers.get("Authorization", "")
    if basic:
        found.append(basic.split(" ", 1)[-1])
    return found


def authorize_url(
    server_url: str,
    client_id: str,
    redirect_uri: str,
    *,
    state: str | None = None,
    code_challenge: str | None = None,
    code_challenge_method: str = "S256",
    **extra: str,
) -> str:
    """The URL to send a user to for the authorization-code flow."""
    if not redirect_uri:
        raise ConfigurationError("redirect_uri must be a non-empty string")
    query = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri}
    if state is not None:
        query["state"] = state
    if code_challenge is not None:
        query["code_challenge"] = code_challenge
        query["code_challenge_method"] = code_challenge_method
    query.update(extra)
    return f"{server_url}{AUTHORIZE_PATH}?{urlencode(query)}"


def refresh_token_survives(exc: Exception) -> bool:
    """True if a failed refresh cannot have consumed the (single-use) refresh token."""
    if isinstance(exc, RateLimitError):
        return True  # throttled before it was processed
    return isinstance(exc, TransportError) and not exc.request_sent


def refresh_answered_unprocessed(exc: Exception) -> bool:
    """True if the platform answered a refresh with a server fault (5xx, 408).

    The platform says to retry the token request after those (docs/platform.md §3.3), so the
    refresh token most likely survived; it is kept when there is no JWT to log in with.
    """
    return isinstance(exc, ApiError) and (exc.status >= 500 or exc.status == 408)


def describe(exc: Exception) -> str:
    """Class and code only: error texts from the platform stay out of log records."""
    code = getattr(exc, "error_code", None)
    return f"{exc.__class__.__name__} {code}" if code else exc.__class__.__name__


def check_login_arguments(
    *,
    jwt: str | None,
    username: str | None,
    password: str | None,
    extension: str | None,
    code: str | None,
    redirect_uri: str | None,
    code_verifier: str | None,
) -> None:
    """ConfigurationError unless the arguments of ``login()`` name at most one whole grant:
    ``jwt``; ``username`` + ``password`` (+ ``extension``); ``code`` + ``redirect_uri``
    (+ ``code_verifier``). None at all means "resume the saved token"."""
    grants = [
        name
        for name, given in (
            ("jwt", jwt is not None),
            ("username/password", username is not None or password is not None),
            ("code", code is not None),
        )
        if given
    ]
    if len(grants) > 1:
        raise ConfigurationError(f"pass exactly one grant, got {' and '.join(grants)}")
    stray = [
        name
        for name, value, grant in (
            ("extension", extension, "username/password"),
            ("redirect_uri", redirect_uri, "code"),
            ("code_verifier", code_verifier, "code"),
        )
        if value is not None and grant not in grants
    ]
    if stray:
        raise ConfigurationError(f"{', '.join(stray)} given without its grant")
    if code is not None and not redirect_uri:
        raise ConfigurationError("login(code=...) needs redirect_uri=")
    if "username/password" in grants and (not username or not password):
        raise ConfigurationError("login(username=...) needs both username= and password=")

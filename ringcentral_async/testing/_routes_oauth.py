"""OAuth routes: ``/restapi/oauth/token``, ``/revoke`` and ``/authorize``."""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

from aiohttp import web

from ._http import json_response, oauth_error, route
from ._oauth import OAuthFailure
from ._state import PLATFORM, Platform

__all__: list[str] = []

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def basic_client(header: str | None) -> tuple[str, str] | None:
    """``(client_id, client_secret)`` from a Basic header, or None."""
    if not header or not header.startswith("Basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def client_of(request: web.Request, form: Mapping[str, object]) -> str | None:
    """The client id a token/revoke/authorize request names (Basic header, else the body).

    Used to count OAuth requests, whose user is not known before the grant is checked: the
    fake counts the Auth group per application (client id), every user of the app sharing
    one bucket, which is never more lenient than the platform's per-(user, app) counting.
    """
    client = basic_client(request.headers.get("Authorization"))
    if client is not None:
        return client[0]
    value = form.get("client_id", request.query.get("client_id"))
    return value if isinstance(value, str) and value else None


def _check_client(platform: Platform, request: web.Request, form: Mapping[str, str]) -> None:
    """Client authentication: Basic (confidential apps) or ``client_id`` only (public apps)."""
    header = request.headers.get("Authorization")
    body_id = form.get("client_id")
    if header is None:
        if not platform.public_app or body_id is None:
            raise OAuthFailure(
                401, "invalid_client", "Client authentication is required", "OAU-123"
            )
        if not secrets.compare_digest(body_id, platform.client_id):
            raise OAuthFailure(401, "invalid_client", "Invalid client credentials", "OAU-146")
        return
    client = basic_client(header)
    if client is None:
        raise OAuthFailure(401, "invalid_client", "Invalid Authorization header value", "OAU-123")
    ok_id = secrets.compare_digest(client[0], platform.client_id)
    ok_secret = secrets.compare_digest(client[1], platform.client_secret)
    if not (ok_id and ok_secret) or (body_id is not None and body_id != client[0]):
        raise OAuthFailure(401, "invalid_client", "Invalid client credentials", "OAU-146")


def _required(form: Mapping[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise OAuthFailure(400, "invalid_request", f"Parameter [{name}] is missing", "OAU-101")
    return value


def _password_owner(platform: Platform, form: Mapping[str, str]) -> int:
    username, password = _required(form, "username"), _required(form, "password")
    extension = form.get("extension") or "101"
    directory = platform.directory
    good = secrets.compare_digest(password, platform.password) and username in (
        platform.username,
        platform.username.lstrip("+"),
    )
    match = [e for e in directory.extensions.values() if e["extensionNumber"] == extension]
    if not good or not match or match[0]["status"] != "Enabled":
        raise OAuthFailure(400, "invalid_grant", "Invalid resource owner credentials", "OAU-140")
    return int(match[0]["id"])


def _ttl(form: Mapping[str, str], name: str, default: int, floor: int) -> int | None:
    """A requested token lifetime, raised to ``floor`` and lowered to ``default``."""
    raw = form.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise OAuthFailure(400, "invalid_request", f"Parameter [{name}] is invalid", "OAU-101")
    return max(min(int(raw), default), min(floor, default))


def _ttls(platform: Platform, form: Mapping[str, str]) -> tuple[int | None, int | None]:
    """``access_token_ttl`` (600..the fake's TTL) and ``refresh_token_ttl`` (up to its TTL)."""
    auth = platform.auth
    access = _ttl(form, "access_token_ttl", auth.access_ttl, 600)
    return access, _ttl(form, "refresh_token_ttl", auth.refresh_ttl, 1)


@route("POST", "/restapi/oauth/token")
async def token(request: web.Request) -> web.StreamResponse:
    """Every supported grant; Basic client authentication is required."""
    platform = request.app[PLATFORM]
    form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    try:
        _check_client(platform, request, form)
        grant = _required(form, "grant_type")
        ttl, refresh_ttl = _ttls(platform, form)
        if grant == JWT_BEARER:
            if not secrets.compare_digest(_required(form, "assertion"), platform.jwt):
                raise OAuthFailure(400, "invalid_grant", "Invalid JWT assertion", "OAU-140")
            session = platform.auth.issue(platform.directory.owner_id, ttl, refresh_ttl)
        elif grant == "password":
            session = platform.auth.issue(_password_owner(platform, form), ttl, refresh_ttl)
        elif grant == "refresh_token":
            session = platform.auth.refresh(_required(form, "refresh_token"), ttl, refresh_ttl)
        elif grant == "authorization_code":
            owner = platform.auth.redeem_code(
                _required(form, "code"), _required(form, "redirect_uri"), form.get("code_verifier")
            )
            session = platform.auth.issue(owner, ttl, refresh_ttl)
        else:
            raise OAuthFailure(
                400, "unsupported_grant_type", f"Unsupported grant type [{grant}]", "OAU-250"
            )
    except OAuthFailure as failure:
        return oauth_error(failure.status, failure.error, failure.description, failure.code)
    return json_response(platform.auth.token_body(session, platform.scope))


@route("POST", "/restapi/oauth/revoke")
async def revoke(request: web.Request) -> web.StreamResponse:
    """End the session of the given access or refresh token (200 even if unknown)."""
    platform = request.app[PLATFORM]
    form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    try:
        _check_client(platform, request, form)
    except OAuthFailure as failure:
        return oauth_error(failure.status, failure.error, failure.description, failure.code)
    value = form.get("token") or request.query.get("token")
    if not value:
        return oauth_error(400, "invalid_request", "Parameter [token] is missing", "OAU-101")
    platform.auth.revoke(value)
    return web.Response(status=200)


@route("GET", "/restapi/oauth/authorize")
async def authorize(request: web.Request) -> web.StreamResponse:
    """Auto-approve as the main user: 302 to ``redirect_uri`` with ``code`` and ``state``."""
    platform = request.app[PLATFORM]
    query = request.query
    if query.get("client_id") != platform.client_id or query.get("response_type") != "code":
        return oauth_error(400, "invalid_request", "Invalid client_id or response_type", "OAU-101")
    redirect_uri = query.get("redirect_uri", "")
    if not redirect_uri:
        return oauth_error(400, "invalid_request", "Parameter [redirect_uri] is missing", "OAU-101")
    code = platform.auth.mint_code(
        platform.directory.owner_id,
        redirect_uri,
        query.get("code_challenge"),
        query.get("code_challenge_method", "plain" if "code_challenge" in query else "S256"),
    )
    params = {"code": code, "expires_in": "60"}
    if "state" in query:
        params["state"] = query["state"]
    joiner = "&" if "?" in redirect_uri else "?"
    location = redirect_uri + joiner + urlencode(params)
    return web.Response(status=302, headers={"Location": location})

"""OAuth rules of the fake: grants, Basic client auth, rotation, expiry, revocation."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import aiohttp

from ringcentral_async.testing import FakeRingCentral

from .conftest import JWT_GRANT, Login, ManualClock, basic, token_request

API = "/restapi/v1.0/account/~/extension/~"


async def call(
    session: aiohttp.ClientSession, fake: FakeRingCentral, token: str
) -> tuple[int, dict[str, Any]]:
    async with session.get(fake.url + API, headers={"Authorization": "Bearer " + token}) as r:
        return r.status, await r.json()


async def revoke(session: aiohttp.ClientSession, fake: FakeRingCentral, token: str) -> int:
    async with session.post(
        fake.url + "/restapi/oauth/revoke", data={"token": token}, headers=basic(fake)
    ) as resp:
        return resp.status


async def test_jwt_grant_returns_token_info(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    body = await login()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600 and body["refresh_token_expires_in"] == 604800
    assert body["owner_id"] == str(fake.owner_id) and body["session_id"] and body["scope"]
    status, ext = await call(session, fake, body["access_token"])
    assert status == 200 and ext["id"] == fake.owner_id == fake.account_id


async def test_bad_jwt_is_invalid_grant(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    status, body = await token_request(session, fake, {"grant_type": JWT_GRANT, "assertion": "x"})
    assert status == 400 and body["error"] == "invalid_grant"
    assert body["error_description"] and body["errors"][0]["errorCode"].startswith("OAU-")


async def test_basic_client_auth_is_required(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    data = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
    status, body = await token_request(session, fake, data, headers={})
    assert status == 401 and body["error"] == "invalid_client"
    assert body["errors"][0]["errorCode"] == "OAU-123"
    wrong = {"Authorization": aiohttp.encode_basic_auth(fake.client_id, "nope")}
    status, body = await token_request(session, fake, data, headers=wrong)
    assert status == 401 and body["errors"][0]["errorCode"] == "OAU-146"
    async with session.post(fake.url + "/restapi/oauth/revoke", data={"token": "x"}) as resp:
        assert resp.status == 401 and (await resp.json())["error"] == "invalid_client"


async def test_unsupported_grant_and_missing_parameter(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    status, body = await token_request(session, fake, {"grant_type": "client_credentials"})
    assert status == 400 and body["error"] == "unsupported_grant_type"
    status, body = await token_request(session, fake, {"grant_type": JWT_GRANT})
    assert status == 400 and body["error"] == "invalid_request"


async def test_password_grant(session: aiohttp.ClientSession, fake: FakeRingCentral) -> None:
    data = {"grant_type": "password", "username": fake.username, "password": fake.password}
    status, body = await token_request(session, fake, {**data, "extension": fake.extension})
    assert status == 200 and body["owner_id"] == str(fake.owner_id)
    status, body = await token_request(session, fake, {**data, "password": "wrong"})
    assert status == 400 and body["error"] == "invalid_grant"


async def test_refresh_rotates_and_kills_old_pair(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    first = await login()
    status, second = await token_request(
        session, fake, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert status == 200
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    status, body = await call(session, fake, first["access_token"])
    assert status == 401 and body["errors"][0]["errorCode"] == "OAU-129"
    status, body = await token_request(
        session, fake, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert status == 400 and body["error"] == "invalid_grant"
    assert (await call(session, fake, second["access_token"]))[0] == 200


async def test_access_token_expires_on_the_clock(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login, clock: ManualClock
) -> None:
    token = (await login())["access_token"]
    clock.advance(3599)
    assert (await call(session, fake, token))[0] == 200
    clock.advance(1)
    status, body = await call(session, fake, token)
    assert status == 401 and body["errorCode"] == "OAU-128"
    assert body["errors"][0]["errorCode"] == "OAU-128"


async def test_short_ttls_and_refresh_expiry(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with FakeRingCentral(
        extensions=3, call_log_records=0, access_token_ttl=1, refresh_token_ttl=5, clock=clock
    ) as fake:
        status, body = await token_request(
            session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        )
        assert body["expires_in"] == 1
        clock.advance(1.5)
        assert (await call(session, fake, body["access_token"]))[0] == 401
        clock.advance(4)
        status, refreshed = await token_request(
            session, fake, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
        )
        assert status == 400 and refreshed["error"] == "invalid_grant"


async def test_bearer_scheme_is_strict(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    token = (await login())["access_token"]
    cases = {
        None: "OAU-123",
        "bearer " + token: "OAU-151",
        "Basic " + token: "OAU-151",
        "Bearer ": "OAU-149",
        "Bearer nonsense": "OAU-129",
    }
    for header, code in cases.items():
        headers = {} if header is None else {"Authorization": header}
        async with session.get(fake.url + API, headers=headers) as resp:
            body = await resp.json()
            assert resp.status == 401, header
            assert body["errors"][0]["errorCode"] == code, header
            assert resp.headers["RCRequestId"]


async def test_revoke_ends_the_session(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    body = await login()
    assert await revoke(session, fake, body["access_token"]) == 200
    assert (await call(session, fake, body["access_token"]))[0] == 401
    status, _ = await token_request(
        session, fake, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
    )
    assert status == 400


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def test_authorization_code_with_pkce(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    verifier = "v" * 50
    redirect = "http://localhost/cb"
    code = fake.authorization_code(redirect, code_challenge=_challenge(verifier))
    grant = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect}
    status, body = await token_request(session, fake, {**grant, "code_verifier": "wrong" * 10})
    assert status == 400 and body["error"] == "invalid_grant"
    code = fake.authorization_code(redirect, code_challenge=_challenge(verifier))
    grant["code"] = code
    status, body = await token_request(session, fake, {**grant, "code_verifier": verifier})
    assert status == 200 and body["access_token"]
    status, body = await token_request(session, fake, {**grant, "code_verifier": verifier})
    assert status == 400, "codes are single use"
    plain = fake.authorization_code(redirect)
    status, body = await token_request(session, fake, {**grant, "code": plain, "redirect_uri": "x"})
    assert status == 400


async def test_authorize_redirects_with_code(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    params = {
        "response_type": "code",
        "client_id": fake.client_id,
        "redirect_uri": "http://localhost/cb",
        "state": "s1",
    }
    async with session.get(
        fake.url + "/restapi/oauth/authorize", params=params, allow_redirects=False
    ) as resp:
        assert resp.status == 302
        location = resp.headers["Location"]
    assert location.startswith("http://localhost/cb?code=") and "state=s1" in location
    code = location.split("code=")[1].split("&")[0]
    grant = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://localhost/cb",
    }
    assert (await token_request(session, fake, grant))[0] == 200


async def test_expire_and_revoke_refresh_from_python(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    body = await login()
    fake.expire_access_tokens()
    status, err = await call(session, fake, body["access_token"])
    assert status == 401 and err["errorCode"] == "OAU-128"
    assert fake.revoke_refresh_token(body["refresh_token"])
    status, _ = await token_request(
        session, fake, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
    )
    assert status == 400


def assert_oauth_error(body: dict[str, Any], error: str, code: str) -> None:
    """RFC 6749 body plus the platform's errors[] with an OAU code."""
    assert body["error"] == error and body["error_description"]
    assert body["errors"][0]["errorCode"] == code and body["errors"][0]["message"]


async def test_client_auth_rules_for_a_confidential_app(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    data = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
    # client_id in the body is not client authentication for a confidential app.
    status, body = await token_request(session, fake, {**data, "client_id": fake.client_id}, {})
    assert status == 401
    assert_oauth_error(body, "invalid_client", "OAU-123")
    status, body = await token_request(session, fake, data, {"Authorization": "Basic !!!"})
    assert status == 401
    assert_oauth_error(body, "invalid_client", "OAU-123")
    status, body = await token_request(session, fake, {**data, "client_id": "other"})
    assert status == 401
    assert_oauth_error(body, "invalid_client", "OAU-146")
    status, body = await token_request(session, fake, {**data, "client_id": fake.client_id})
    assert status == 200


async def test_public_app_sends_client_id_in_the_body(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with FakeRingCentral(
        extensions=2, call_log_records=0, clock=clock, public_app=True
    ) as fake:
        assert fake.client_secret == ""
        data = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        status, body = await token_request(session, fake, {**data, "client_id": fake.client_id}, {})
        assert status == 200 and body["access_token"]
        status, err = await token_request(session, fake, data, {})
        assert status == 401
        assert_oauth_error(err, "invalid_client", "OAU-123")
        status, err = await token_request(session, fake, {**data, "client_id": "nope"}, {})
        assert status == 401
        assert_oauth_error(err, "invalid_client", "OAU-146")
        async with session.post(
            fake.url + "/restapi/oauth/revoke",
            data={"token": body["refresh_token"], "client_id": fake.client_id},
        ) as resp:
            assert resp.status == 200
        assert (await call(session, fake, body["access_token"]))[0] == 401
        assert fake.log[0].owner == f"client:{fake.client_id}"


async def test_requested_ttls_are_clamped(
    session: aiohttp.ClientSession, fake: FakeRingCentral, clock: ManualClock
) -> None:
    """access_token_ttl is raised to 600 and lowered to the app's TTL; refresh: lowered."""

    async def grant(**extra: str) -> tuple[int, dict[str, Any]]:
        clock.advance(60)  # stay inside the Auth group's 5 requests a minute
        return await token_request(
            session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt, **extra}
        )

    for asked, got in (("60", 600), ("1800", 1800), ("99999", 3600)):
        status, body = await grant(access_token_ttl=asked)
        assert status == 200 and body["expires_in"] == got, asked
    _, body = await grant(refresh_token_ttl="100")
    assert body["refresh_token_expires_in"] == 100
    _, body = await grant(refresh_token_ttl="9999999")
    assert body["refresh_token_expires_in"] == 604800
    status, body = await grant(access_token_ttl="soon")
    assert status == 400
    assert_oauth_error(body, "invalid_request", "OAU-101")


async def test_short_configured_ttl_wins(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with FakeRingCentral(
        extensions=2, call_log_records=0, clock=clock, access_token_ttl=2
    ) as fake:
        data = {"grant_type": JWT_GRANT, "assertion": fake.jwt, "access_token_ttl": "3600"}
        status, body = await token_request(session, fake, data)
        assert status == 200 and body["expires_in"] == 2
        clock.advance(1.9)
        assert (await call(session, fake, body["access_token"]))[0] == 200
        status, refreshed = await token_request(
            session, fake, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
        )
        assert status == 200 and refreshed["expires_in"] == 2
        clock.advance(2)
        status, err = await call(session, fake, refreshed["access_token"])
        assert status == 401 and err["errors"][0]["errorCode"] == "OAU-128"


async def test_refresh_token_is_single_use_and_its_pair_dies(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    first = await login()
    grant = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    status, second = await token_request(session, fake, grant)
    assert status == 200 and second["session_id"] == first["session_id"]
    status, body = await token_request(session, fake, grant)  # no grace period
    assert status == 400
    assert_oauth_error(body, "invalid_grant", "OAU-213")
    status, body = await call(session, fake, first["access_token"])
    assert status == 401 and body["errors"][0]["errorCode"] == "OAU-129"
    assert (await call(session, fake, second["access_token"]))[0] == 200


async def test_revoke_by_refresh_token_ends_the_whole_session(
    session: aiohttp.ClientSession, fake: FakeRingCentral, login: Login
) -> None:
    body = await login()
    other = await login()  # another session of the same user lives on
    assert await revoke(session, fake, body["refresh_token"]) == 200
    status, err = await call(session, fake, body["access_token"])
    assert status == 401 and err["errors"][0]["errorCode"] == "OAU-129"
    assert (await call(session, fake, other["access_token"]))[0] == 200
    async with session.post(fake.url + "/restapi/oauth/revoke", headers=basic(fake)) as resp:
        assert resp.status == 400
        assert_oauth_error(await resp.json(), "invalid_request", "OAU-101")


async def test_authorization_code_expires_and_needs_its_verifier(
    session: aiohttp.ClientSession, fake: FakeRingCentral, clock: ManualClock
) -> None:
    redirect = "http://localhost/cb"
    grant = {"grant_type": "authorization_code", "redirect_uri": redirect}
    code = fake.authorization_code(redirect)
    clock.advance(60)
    status, body = await token_request(session, fake, {**grant, "code": code})
    assert status == 400
    assert_oauth_error(body, "invalid_grant", "OAU-109")
    code = fake.authorization_code(redirect, code_challenge=_challenge("v" * 50))
    status, body = await token_request(session, fake, {**grant, "code": code})
    assert status == 400
    assert_oauth_error(body, "invalid_grant", "OAU-113")
    code = fake.authorization_code(redirect, code_challenge="p" * 43, code_challenge_method="plain")
    status, body = await token_request(
        session, fake, {**grant, "code": code, "code_verifier": "p" * 43}
    )
    assert status == 200


async def test_password_grant_for_another_extension_and_disabled_one(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    data = {"grant_type": "password", "username": fake.username, "password": fake.password}
    disabled = fake.add_extension(extensionNumber="555", status="Disabled")
    status, body = await token_request(session, fake, {**data, "extension": "555"})
    assert status == 400
    assert_oauth_error(body, "invalid_grant", "OAU-140")
    status, body = await token_request(session, fake, {**data, "username": "+15550000000"})
    assert status == 400
    assert disabled["id"] != fake.owner_id


async def test_a_login_beyond_max_sessions_ends_the_oldest_session(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with FakeRingCentral(
        extensions=5, call_log_records=10, clock=clock, limits={"Auth": (50, 60.0)}
    ) as fake:
        assert fake.platform.auth.max_sessions == 5  # the platform's usual cap
        grant = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        bodies = [(await token_request(session, fake, grant))[1] for _ in range(6)]
        assert fake.sessions_opened == 6 and fake.sessions_evicted == 1
        assert fake.platform.auth.live_sessions(fake.owner_id) == 5
        oldest = bodies[0]
        status, body = await call(session, fake, oldest["access_token"])
        assert status == 401 and body["errors"][0]["errorCode"] == "OAU-129"
        refresh = {"grant_type": "refresh_token", "refresh_token": oldest["refresh_token"]}
        status, body = await token_request(session, fake, refresh)
        assert status == 400 and body["error"] == "invalid_grant"
        for newer in bodies[1:]:
            assert (await call(session, fake, newer["access_token"]))[0] == 200
        # a refresh rotates a session, it does not open one
        refresh = {"grant_type": "refresh_token", "refresh_token": bodies[1]["refresh_token"]}
        assert (await token_request(session, fake, refresh))[0] == 200
        assert fake.sessions_opened == 6 and fake.platform.auth.live_sessions(fake.owner_id) == 5


async def test_max_sessions_none_lifts_the_cap(
    session: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with FakeRingCentral(
        extensions=5,
        call_log_records=10,
        clock=clock,
        limits={"Auth": (50, 60.0)},
        max_sessions=None,
    ) as fake:
        grant = {"grant_type": JWT_GRANT, "assertion": fake.jwt}
        bodies = [(await token_request(session, fake, grant))[1] for _ in range(7)]
        assert (await call(session, fake, bodies[0]["access_token"]))[0] == 200
        assert fake.sessions_evicted == 0

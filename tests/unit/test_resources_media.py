"""Binary content: which hosts get the token, on the first request and across redirects."""

from __future__ import annotations

import io
from typing import Any

import pytest
from _helpers import CLIENT_ID, CLIENT_SECRET, JWT, token_body
from aioresponses import aioresponses

from ringcentral_async import ApiError, ConfigurationError, RingCentral

MEDIA = "https://media.ringcentral.com/restapi/v1.0/account/1/recording/77/content"


def _auth_by_url(mock_api: aioresponses) -> dict[str, str | None]:
    """URL -> the Authorization header it received (None: none), token requests left out."""
    return {
        str(url): (call.kwargs.get("headers") or {}).get("Authorization")
        for (_method, url), recorded in mock_api.requests.items()
        for call in recorded
        if "/oauth/" not in url.path
    }


async def _client(mock_api: aioresponses, server: str = "https://platform.ringcentral.com") -> Any:
    rc = RingCentral(CLIENT_ID, CLIENT_SECRET, server_url=server, throttle=False)
    mock_api.post(server + "/restapi/oauth/token", payload=token_body(1), repeat=True)
    await rc.login(jwt=JWT)
    return rc


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("https://media2.ringcentral.com/blob/77", True),  # another RingCentral host
        ("https://ringcentral.com/blob/77", True),
        ("https://cdn.example.net/blob/77", False),  # a CDN off RingCentral's domain
        ("https://media.ringcentral.com.evil.example/blob", False),  # look-alike suffix
        ("https://evilringcentral.com/blob", False),  # look-alike name
        ("http://media2.ringcentral.com/blob/77", False),  # plain http: never followed
    ],
)
async def test_redirect_from_the_media_host(
    mock_api: aioresponses, target: str, followed: bool
) -> None:
    """A redirect is followed (with the token) to a trusted https host only; any other
    raises ApiError with the 3xx status and its target is never requested."""
    rc = await _client(mock_api)
    mock_api.get(MEDIA, status=302, headers={"Location": target})
    mock_api.get(target, body=b"ID3 audio", content_type="audio/mpeg")
    buf = io.BytesIO()
    async with rc:
        if followed:
            assert await rc.recordings.download(MEDIA, buf) == 9
        else:
            with pytest.raises(ApiError) as caught:
                await rc.recordings.download(MEDIA, buf)
            assert type(caught.value) is ApiError and caught.value.status == 302
    assert buf.getvalue() == (b"ID3 audio" if followed else b"")
    sent = _auth_by_url(mock_api)
    assert sent[MEDIA] == "Bearer ACCESS-SECRET-1"  # the absolute contentUri, as given
    if followed:
        assert sent[target] == "Bearer ACCESS-SECRET-1"
    else:
        assert target not in sent


async def test_configured_server_host_is_trusted_even_off_ringcentral_com(
    mock_api: aioresponses,
) -> None:
    """A private deployment (or a test server) is the configured host: it gets the token,
    and a redirect to another path on it is followed; one off it is not."""
    server = "https://rc.internal.example"
    rc = await _client(mock_api, server)
    content = server + "/restapi/v1.0/account/~/extension/~/profile-image/90x90"
    moved = server + "/blobs/face.png"
    elsewhere = "https://images.example.org/face.png"
    mock_api.get(content, status=307, headers={"Location": moved})
    mock_api.get(moved, body=b"\x89PNG")
    mock_api.get(content, status=307, headers={"Location": elsewhere})
    mock_api.get(elsewhere, body=b"\x89PNG")
    async with rc:
        chunks = [c async for c in rc.profile_image.iter_content("90x90")]
        with pytest.raises(ApiError, match="HTTP 307"):
            [c async for c in rc.profile_image.iter_content("90x90")]
        with pytest.raises(ConfigurationError, match="refusing"):
            await rc.recordings.download(elsewhere, io.BytesIO())  # never asked directly
    assert b"".join(chunks) == b"\x89PNG"
    sent = _auth_by_url(mock_api)
    assert sent[content] == "Bearer ACCESS-SECRET-1" and sent[moved] == "Bearer ACCESS-SECRET-1"
    assert elsewhere not in sent

"""The loopback-only rule for plain http:// and other server-URL checks."""

from __future__ import annotations

import pytest

from ringcentral_async import PRODUCTION_URL, SANDBOX_URL, ConfigurationError
from ringcentral_async._config import validate_server_url


@pytest.mark.parametrize(
    "url",
    [
        PRODUCTION_URL,
        SANDBOX_URL,
        "https://platform.ringcentral.com/",
        "http://127.0.0.1:8080",
        "http://127.5.6.7",
        "http://localhost:9000",
        "http://[::1]:8000",
        "https://example.com",
    ],
)
def test_accepted_urls(url: str) -> None:
    assert validate_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://platform.ringcentral.com",
        "http://10.0.0.1",
        "http://192.168.1.5:8080",
        "http://localhost.evil.com",
        "ftp://127.0.0.1",
        "platform.ringcentral.com",
        "",
        "https://platform.ringcentral.com?x=1",
    ],
)
def test_rejected_urls(url: str) -> None:
    with pytest.raises(ConfigurationError):
        validate_server_url(url)

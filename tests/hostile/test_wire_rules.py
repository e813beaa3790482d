"""The pure rules behind the hostile-server guards: how a 3xx is classified and retried,
and which caller headers pass."""

from __future__ import annotations

import itertools

import pytest

from ringcentral_async import ApiError, ConfigurationError
from ringcentral_async._protocol import build_api_error
from ringcentral_async._retry import RetryPolicy
from ringcentral_async._urls import check_headers


@pytest.mark.parametrize("status", [300, 301, 302, 303, 304, 307, 308, 399])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/restapi/v1.0/account/~", b""),
        ("/restapi/oauth/token", b""),  # an OAuth path would otherwise give OAuthError
        ("/restapi/oauth/token", b'{"error": "invalid_grant", "error_description": "x"}'),
        ("/restapi/v1.0/account/~", b'{"errorCode": "CMN-102", "message": "gone"}'),
    ],
)
def test_a_3xx_is_a_plain_api_error(status: int, path: str, body: bytes) -> None:
    error = build_api_error(status, body, {}, method="POST", path=path)
    assert type(error) is ApiError and error.status == status
    assert error.message  # says what happened even without a body
    if not body:
        assert error.message == "redirect not followed"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST"])
def test_a_3xx_is_never_retried(status: int, method: str) -> None:
    error = build_api_error(status, b"", {"Retry-After": "1"}, method=method, path="/x")
    policy = RetryPolicy(max_retries=5)
    for idempotent in (True, False):  # not even for a request that is safe to resend
        assert not policy.is_retryable(error, idempotent=idempotent)
        assert policy.retry_delay(error, 0, itertools.repeat(0.0), idempotent=idempotent) is None


@pytest.mark.parametrize(
    "headers",
    [
        None,
        {},
        {"X-Test": ""},
        {"X-Test": "a\tb"},  # HTAB is allowed in a value
        {"X-Test": "café ✓"},  # non-ASCII text is not a control character
        {"!#$%&'*+-.^_`|~09AZaz": "v"},  # every token character
        {"Range": "bytes=0-99", "If-None-Match": '"etag"'},
    ],
)
def test_good_headers_pass(headers: dict[str, str] | None) -> None:
    check_headers(headers)


@pytest.mark.parametrize("char", [chr(c) for c in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F]])
def test_every_control_character_but_htab_is_refused_in_a_value(char: str) -> None:
    with pytest.raises(ConfigurationError, match="the value contains"):
        check_headers({"X-Test": "a" + char + "b"})


@pytest.mark.parametrize("char", [*'()<>@,;:\\"/[]?={} \t', "\x7f", "é"])
def test_separators_are_refused_in_a_name(char: str) -> None:
    with pytest.raises(ConfigurationError, match="a header name is not a valid token"):
        check_headers({"X" + char + "Y": "v"})

"""The packaged usage-plan group table."""

from __future__ import annotations

import re

import pytest

from ringcentral_async import usage_plan_group
from ringcentral_async._spec.table import find_operation, spec_operations


@pytest.mark.parametrize(
    ("method", "path", "group"),
    [
        ("GET", "/restapi/v1.0/account/~/extension/~/call-log", "Heavy"),
        ("GET", "/restapi/v1.0/account/~/call-log", "Heavy"),
        ("GET", "/restapi/v1.0/account/~/extension", "Medium"),
        ("GET", "/restapi/v1.0/account/~/extension/101", "Light"),
        ("GET", "/restapi/v1.0/account/~", "Light"),
        ("POST", "/restapi/oauth/token", "Auth"),
        ("POST", "/restapi/oauth/revoke", "Auth"),
        ("GET", "/restapi/oauth/jwks", "NoThrottling"),
        (
            "GET",
            "https://platform.ringcentral.com/restapi/v1.0/account/1/extension?page=2",
            "Medium",
        ),
        ("GET", "/restapi/v1.0/account/~/extension/~/profile-image/90x90", "Medium"),
        ("GET", "/restapi/v1.0/account/~/extension/~/blocked-number/5", "Light"),
        ("POST", "/restapi/v1.0/account/~/extension/~/ringout", "Heavy"),
        ("GET", "/restapi/v1.0/account/~/recording/9/content", "Heavy"),
        ("GET", "/no/such/path", None),
    ],
)
def test_usage_plan_group(method: str, path: str, group: str | None) -> None:
    assert usage_plan_group(method, path) == group


def test_table_covers_the_spec() -> None:
    ops = spec_operations()
    assert len(ops) >= 520
    assert {op.group for op in ops} == {"Light", "Medium", "Heavy", "Auth", "NoThrottling"}


def test_call_log_per_page_facts() -> None:
    op = find_operation("GET", "/restapi/v1.0/account/~/call-log")
    assert op is not None
    assert op.per_page_max == 1000
    assert op.per_page_allows_max


def test_every_operation_resolves_to_itself_from_a_concrete_path() -> None:
    """No template of the table shadows another: each operation, called with concrete ids
    (or ``~``), is found again with its own group."""
    for op in spec_operations():
        for filler in ("123", "~"):
            concrete = re.sub(r"\{[^}]+\}", filler, op.path)
            found = find_operation(op.method.lower(), concrete)
            assert found is not None and found.path == op.path, (op.method, op.path, filler)
            assert usage_plan_group(op.method, concrete + "?page=2") == op.group


def test_v1_alias_and_absolute_media_url() -> None:
    assert usage_plan_group("GET", "/restapi/v1/account/~/extension/~/call-log") == "Heavy"
    url = "https://media.ringcentral.com/restapi/v1.0/account/1/recording/2/content"
    assert usage_plan_group("GET", url) == "Heavy"
    assert usage_plan_group("DELETE", "/restapi/v1.0/account/~/extension") is None

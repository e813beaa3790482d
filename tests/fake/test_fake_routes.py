"""Every route the fake serves is a spec operation counted in the spec's group, live.

The expected groups are read straight from the packaged table (``_spec/operations.tsv``,
generated from the spec), not through the lookup the fake itself uses, so a wrong match
in that lookup would show here. Each route, and each seed operation, gets a real request.
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ringcentral_async.testing import FakeRingCentral
from ringcentral_async.testing._http import ROUTES

from .conftest import JWT_GRANT, ManualClock, basic, token_request

LOOSE = {group: (100_000, 60.0) for group in ("Light", "Medium", "Heavy", "Auth")}
SAMPLES = {"accountId": "~", "extensionId": "~", "scaleSize": "90x90"}


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def spec_groups() -> dict[tuple[str, str], tuple[str, str]]:
    """(method, path shape) -> (path template, group) from the packaged spec table."""
    text = resources.files("ringcentral_async").joinpath("_spec/operations.tsv").read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table: dict[tuple[str, str], tuple[str, str]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[(row["method"], _shape(row["path"]))] = (row["path"], row["group"])
    return table


def seed_rows() -> list[dict[str, str]]:
    seeds = Path(__file__).resolve().parents[1] / "fixtures" / "seed_operations.tsv"
    with seeds.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def concrete(template: str) -> str:
    """A real path for a template: ``~`` for the account/extension, ``0`` for other ids."""
    return re.sub(r"\{([^}]+)\}", lambda m: SAMPLES.get(m.group(1), "0"), template)


async def send(
    session: aiohttp.ClientSession, fake: FakeRingCentral, method: str, path: str, token: str
) -> tuple[int, Any, Any]:
    """One request as a client would send it: (status, headers, decoded JSON or None)."""
    # The OAuth routes take client credentials, except wstoken (a user's Bearer token).
    oauth = path.startswith("/restapi/oauth/") and path != "/restapi/oauth/wstoken"
    headers = basic(fake) if oauth else {"Authorization": "Bearer " + token}
    kwargs: dict[str, Any] = {}
    if method in ("POST", "PUT"):
        kwargs = {"data": {}} if oauth else {"json": {}}
    async with session.request(
        method, fake.url + path, headers=headers, allow_redirects=False, **kwargs
    ) as resp:
        body = await resp.json(content_type=None) if "json" in resp.content_type else None
        return resp.status, resp.headers, body


@pytest.fixture
async def fake(clock: ManualClock) -> Any:
    async with FakeRingCentral(
        extensions=12, call_log_records=40, seed=5, clock=clock, limits=LOOSE
    ) as server:
        yield server


async def _token(session: aiohttp.ClientSession, fake: FakeRingCentral) -> str:
    status, body = await token_request(
        session, fake, {"grant_type": JWT_GRANT, "assertion": fake.jwt}
    )
    assert status == 200, body
    return str(body["access_token"])


def assert_handled(status: int, body: Any, what: str) -> None:
    """The route's handler answered: not the router's 404 CMN-120 / 405, and no 5xx."""
    assert status < 500, what
    assert status != 405, what
    if status == 404:
        assert body and body["errors"][0]["errorCode"] != "CMN-120", what


def test_every_route_is_a_spec_operation() -> None:
    table = spec_groups()
    unknown = [f"{m} {p}" for m, p, _ in ROUTES if (m, _shape(p)) not in table]
    assert unknown == []
    assert len({(m, _shape(p)) for m, p, _ in ROUTES}) == len(ROUTES), "a route is registered twice"


async def test_every_route_is_counted_in_its_spec_group(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    table = spec_groups()
    token = await _token(session, fake)
    for method, template, _handler in ROUTES:
        spec_path, group = table[(method, _shape(template))]
        fake.clear_log()
        status, headers, body = await send(session, fake, method, concrete(template), token)
        what = f"{method} {template} -> {status} {body}"
        assert_handled(status, body, what)
        (entry,) = fake.log
        assert entry.route == template and entry.status == status, what
        assert entry.group == group, what
        assert headers["X-Rate-Limit-Group"] == group, what
        assert headers["X-Rate-Limit-Limit"] == "100000" and headers["RCRequestId"], what
        assert _shape(spec_path) == _shape(template)


async def test_every_seed_operation_is_served(
    session: aiohttp.ClientSession, fake: FakeRingCentral
) -> None:
    """Each seed operation reaches its own route's handler and is counted in its group."""
    rows = seed_rows()
    assert len(rows) == 54
    served = {(m, _shape(p)): p for m, p, _ in ROUTES}
    token = await _token(session, fake)
    for row in rows:
        method, path = row["method"], row["path"]
        template = served.get((method, _shape(path)))
        assert template is not None, f"not served: {method} {path}"
        fake.clear_log()
        status, _, body = await send(session, fake, method, concrete(path), token)
        what = f"{method} {path} -> {status} {body}"
        assert_handled(status, body, what)
        (entry,) = fake.log
        assert entry.route == template, what
        # The spec's group wins where both exist (they differ only for the scaled image).
        assert entry.group == (row["spec_usage_plan_group"] or row["seed_usage_plan_group"]), what

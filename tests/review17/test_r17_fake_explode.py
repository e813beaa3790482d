"""The fake checks `explode: false` like the spec: one comma-separated value is accepted, a
repeated key is 400 CMN-101 naming the parameter (so it catches a client that repeats it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from ringcentral_async import BadRequestError, RingCentral
from ringcentral_async.testing import FakeRingCentral

NETWORKS = "/restapi/v1.0/account/~/emergency-address-auto-update/networks"


@pytest.fixture
async def rc() -> AsyncIterator[Any]:
    async with FakeRingCentral() as fake:
        client = RingCentral(fake.client_id, fake.client_secret, server_url=fake.url)
        async with client:
            await client.login(jwt=fake.jwt)
            yield client


async def test_a_repeated_key_for_an_unexploded_parameter_is_refused(rc: Any) -> None:
    with pytest.raises(BadRequestError) as caught:
        await rc.get(NETWORKS, params={"orderBy": ["+name", "-siteName"]})
    assert caught.value.error_code == "CMN-101" and "[orderBy]" in str(caught.value)
    await rc.get(NETWORKS, params={"orderBy": "+name,-siteName"})  # the spec's form


async def test_the_generated_method_passes_the_fakes_check(rc: Any) -> None:
    walk = rc.automatic_location_updates.list_networks(order_by=["+name", "-siteName"])
    assert isinstance(await walk.collect(), list)

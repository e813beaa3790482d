"""No access token, wstoken or wsc token in any log record, repr or exception text."""

from __future__ import annotations

import logging

import pytest
from _events_helpers import FAST, MESSAGES, MakeClient, MakeFake, take, until

from ringcentral_async import TransportError
from ringcentral_async._events import Subscription


async def test_tokens_never_reach_logs_reprs_or_errors(
    make_fake: MakeFake, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = await make_fake()
    rc = await make_client(fake)
    assert rc.token is not None
    access = rc.token.access_token
    texts: list[str] = []
    async with rc.subscribe([MESSAGES], reconnect_bands=FAST) as sub:
        await fake.drop_websockets()
        await until(lambda: sub.live and len(fake.gateway.connections) == 2)
        await fake.drop_websockets(recoverable=False)
        await until(lambda: sub.live and len(fake.gateway.connections) == 3)
        fake.gateway.refuse_next = 1
        await fake.drop_websockets()
        await until(lambda: sub.live and len(fake.gateway.connections) == 5)
        await fake.publish(MESSAGES, "x")
        await take(sub, 1)
        texts.append(repr(sub))
        texts.append(repr(sub._conn))
        wsc = sub._wsc_token
    secrets = [access, wsc, *fake.gateway.minted]
    assert len(fake.gateway.minted) == 5 and wsc
    texts += [r.getMessage() for r in caplog.records]
    texts += [str(r.args) for r in caplog.records]
    assert any("refused: HTTP 503" in t for t in texts)  # the refusal was logged ...
    for secret in secrets:
        assert secret is not None
        for text in texts:
            assert secret not in text  # ... without its URL's query


async def test_a_refused_handshake_error_names_host_and_path_only(
    make_fake: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake()
    rc = await make_client(fake)
    fake.gateway.refuse_next = 1
    with pytest.raises(TransportError) as info:
        async with Subscription(rc._pipeline, [MESSAGES]):
            pass
    text = str(info.value)
    assert "127.0.0.1/ws" in text and "access_token" not in text
    assert fake.gateway.minted[0] not in text
    assert info.value.__cause__ is None and info.value.__context__ is None

"""Serve a FakeRingCentral until cancelled (what ``ringcentral-async fake`` runs)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any, TextIO

from ._server import FakeRingCentral

__all__ = ["run_fake_server"]


async def run_fake_server(port: int = 8088, *, out: TextIO | None = None, **kwargs: Any) -> None:
    """Start a fake on ``127.0.0.1:port``, print its URL and credentials, serve until cancelled.

    ``kwargs`` go to FakeRingCentral (``extensions=``, ``seed=``, ``limits=`` ...). The
    credentials are printed as ``RINGCENTRAL_*`` environment assignments.
    """
    stream = out or sys.stdout
    async with FakeRingCentral(port=port, **kwargs) as fake:
        lines = [
            f"Fake RingCentral platform listening on {fake.url}",
            f"RINGCENTRAL_SERVER_URL={fake.url}",
            f"RINGCENTRAL_CLIENT_ID={fake.client_id}",
            f"RINGCENTRAL_CLIENT_SECRET={fake.client_secret}",
            f"RINGCENTRAL_JWT={fake.jwt}",
            f"# password grant: username={fake.username} password={fake.password} "
            f"extension={fake.extension}",
        ]
        print("\n".join(lines), file=stream, flush=True)
        await asyncio.Event().wait()

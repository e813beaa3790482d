"""Testing helpers: ``FakeRingCentral``, an embedded, strict RingCentral platform emulator.

```python
from ringcentral_async.testing import FakeRingCentral

async with FakeRingCentral(extensions=250, call_log_records=20_000, seed=7) as fake:
    ...  # point a client at fake.url, log in with fake.client_id/client_secret and fake.jwt
```

Where the platform's sources disagree or leave room, the fake takes the stricter reading,
so a client that passes here does not lean on leniency: a refresh token works exactly once
(no grace period) and kills the old access token; ``legs``, ``billing`` and
``lastModifiedTime`` come only with ``view=Detailed``; call-log and active-call pages carry
no totals; FSync needs ``recordCount`` (1..250) and sync ``dateFrom`` at most 30 days back;
deleted records appear only with ``showDeleted=true``; filters are checked against the
spec's enums (400 CMN-101 naming the parameter); the access token is accepted only as an
``Authorization: Bearer`` header (not as an ``access_token`` query parameter).

Every other operation of the spec has a generic route (``_spec_routes``): the request is
checked against the spec (required and typed query parameters, the body's media type, JSON
types, enums and required properties; 400 CMN-100/101/103, 415) and answered with a
schema-valid sample, bytes of the declared media type or an empty body; a list's sample is
its last page. The data comes from ``_spec_data/`` (written by ``python -m codegen``).

Events: a WebSocket gateway on its own port (single-use wstokens, ``ConnectionDetails``
first, ``wsc`` on every frame, WSG-902/903, a recovery buffer replayed in full so clients
must deduplicate, Successful and Failed recoveries) and webhook subscriptions with the
Validation-Token handshake. ``await fake.publish(filter, body)`` sends an event to every
matching subscription; ``await fake.drop_websockets(recoverable=...)`` cuts the sockets.

This package uses only the public API of ``ringcentral_async``, the standard library,
aiohttp and attrs.
"""

from ._faults import Fault, RequestRecord
from ._limits import DEFAULT_LIMITS
from ._serve import run_fake_server
from ._server import REFERENCE_DATE, FakeRingCentral

__all__ = [
    "DEFAULT_LIMITS",
    "REFERENCE_DATE",
    "FakeRingCentral",
    "Fault",
    "RequestRecord",
    "run_fake_server",
]

"""Testing helpers: ``FakeRingCentral``, an embedded, strict RingCentral platform emulator.

```python
from ringcentral_async.testing import FakeRingCentral

async with FakeRingCentral(extensions=250, call_log_records=20_000, seed=7) as fake:
    ...  # point a client at fake.url, log in with fake.client_id/client_secret and fake.jwt
```

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

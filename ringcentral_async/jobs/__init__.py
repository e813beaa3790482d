"""Jobs built on the public client: call-log harvest and sync, extension mirror.

```python
from ringcentral_async.jobs import harvest_call_log, call_log_sync, sync_extensions

async with harvest_call_log(rc, "2026-01-01", "2026-02-01", checkpoint="h.json") as calls:
    async for record in calls:  # every record of [from, to) once, across reruns too
        ...
report = await call_log_sync(rc, "call-log-sync.json")
report = await sync_extensions(rc, "extensions.sqlite", details=("phone_numbers",))
```
"""

from ._checkpoint import read_consumer_state
from ._extensions import DETAILS, SyncReport, TableDiff, sync_extensions
from ._harvest import HarvestCallLog, HarvestError, HarvestStats, harvest_call_log
from ._sync import CallLogSyncReport, call_log_sync

__all__ = [
    "DETAILS",
    "CallLogSyncReport",
    "HarvestCallLog",
    "HarvestError",
    "HarvestStats",
    "SyncReport",
    "TableDiff",
    "call_log_sync",
    "harvest_call_log",
    "read_consumer_state",
    "sync_extensions",
]

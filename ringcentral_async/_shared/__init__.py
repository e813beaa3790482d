"""State shared by several processes: the shared throttle and its backends (layer 3).

``limiter``/``slot``/``group``/``table``: the throttle front (local FIFO, slots, stats, the
table of groups, fallback); ``state``: what a backend is asked and answers;
``operations``: the operation -> reported group map, shared through the backend;
``redis_backend``/``redis_scripts``/``redis_token``: Redis (imported only by
:mod:`ringcentral_async.redis`, they need redis-py); ``sqlite_backend``: a SQLite file
for the processes of one host.
"""

from __future__ import annotations

from .file import FileThrottle
from .limiter import SharedThrottle

__all__ = ["FileThrottle", "SharedThrottle"]

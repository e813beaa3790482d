"""Paged collections (layer 4).

- ``paginator``: ``AsyncPaginator[T]`` and ``Page[T]``, which never talk HTTP themselves;
- ``plan``: the next-request rules of every paging scheme, host checks and loop detection;
- ``prefetch``: the bounded prefetcher for pages whose requests are known in advance.
- ``by_path``: a paginator over any list path, page-size rules from the operation table.
"""

from __future__ import annotations

from .paginator import AsyncPaginator, Fetch, Page
from .plan import PagingError

__all__ = ["AsyncPaginator", "Fetch", "Page", "PagingError"]

"""A paginator over any list path (layer 4): its page-size rules from the operation table.

For ``rc.paginate(path)``: the spec operation of ``GET path`` (if known) gives the largest
page size, whether ``"max"`` is allowed, and the page-size parameter (``recordCount`` for
navigation-token paging, ``perPage`` otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._spec import find_operation
from .paginator import AsyncPaginator, Fetch

__all__ = ["paginate_path"]


def paginate_path(
    fetch: Fetch,
    path: str,
    params: Mapping[str, Any] | None,
    *,
    structure: Callable[[Any], Any] | None,
    per_page: int | str | None,
    max_items: int | None,
    prefetch: int,
    allowed_hosts: tuple[str, ...],
) -> AsyncPaginator[Any]:
    """An AsyncPaginator over ``path`` (items as dicts, or ``structure(record)``)."""
    op = find_operation("GET", path)
    return AsyncPaginator(
        fetch,
        path,
        params,
        structure=structure,
        per_page=per_page,
        max_items=max_items,
        prefetch=prefetch,
        per_page_max=op.per_page_max if op is not None else None,
        per_page_allows_max=op.per_page_allows_max if op is not None else False,
        page_size_param="recordCount"
        if op is not None and op.paging_style == "navtoken"
        else "perPage",
        allowed_hosts=allowed_hosts,
    )

"""A page's records structured in one call (``structure_records``), or one per record."""

from __future__ import annotations

from typing import Any

import pytest
from _paging_script import EXT, Script, totals_pages

from ringcentral_async._errors import DecodeError
from ringcentral_async._paging import AsyncPaginator
from ringcentral_async._serde import structure, structure_many
from ringcentral_async.models import Extension


async def test_structure_records_builds_each_page_in_one_call() -> None:
    pages: list[int] = []

    def per_record(record: Any) -> Extension:
        raise AssertionError("the per-record function is not used when a page function is")

    def per_page(records: list[Any]) -> list[Extension]:
        pages.append(len(records))
        return structure_many(records, Extension)

    fetch = Script(totals_pages(5, 2, {"perPage": 2}))
    walk = AsyncPaginator(fetch, EXT, per_page=2, structure=per_record, structure_records=per_page)
    items = await walk.collect()
    assert pages == [2, 2, 1]
    assert [item.id for item in items] == [structure(r, Extension).id for r in _records(5)]
    assert all(type(item) is Extension for item in items)
    resumed = walk.resume({"page": 3, "perPage": 2})
    assert [item.id for item in await resumed.collect()] == [_records(5)[4]["id"]]


async def test_without_structure_records_each_record_is_structured() -> None:
    fetch = Script(totals_pages(3, 2, {"perPage": 2}))
    seen: list[Any] = []

    def per_record(record: Any) -> Extension:
        seen.append(record)
        return structure(record, Extension)

    items = await AsyncPaginator(fetch, EXT, per_page=2, structure=per_record).collect()
    assert len(seen) == len(items) == 3


async def test_structure_records_is_ignored_for_raw_walks() -> None:
    fetch = Script(totals_pages(3, 2, {"perPage": 2}))
    walk: AsyncPaginator[Any] = AsyncPaginator(
        fetch, EXT, per_page=2, structure_records=lambda records: pytest.fail("called")
    )  # type: ignore[call-overload]
    assert [item["id"] for item in await walk.collect()] == [r["id"] for r in _records(3)]


async def test_a_bad_record_raises_decode_error_on_its_page() -> None:
    body = {"records": [{"id": 1}, {"id": {"x": 1}}], "paging": {"page": 1, "totalPages": 1}}
    fetch = Script([((EXT, {"perPage": 2}), body)])
    walk = AsyncPaginator(
        fetch,
        EXT,
        per_page=2,
        structure=lambda r: structure(r, Extension),
        structure_records=lambda rs: structure_many(rs, Extension),
    )
    with pytest.raises(DecodeError, match="cannot decode Extension"):
        await walk.collect()


def _records(n: int) -> list[dict[str, Any]]:
    return [r for _, body in totals_pages(n, 2, {"perPage": 2}) for r in body["records"]]

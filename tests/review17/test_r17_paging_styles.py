"""The four paging styles of the generated operations, each walked over three pages against
a loopback server answering as platform-facts §2 says (page numbers with totals and links,
rcvideo page tokens under ``meetings``, Team Messaging ``recordCount`` + ``navigation``
tokens, address-book sync's top-level ``nextPageId``), with the per-operation limits."""

from __future__ import annotations

from typing import Any

import pytest

from ringcentral_async import ConfigurationError

from .conftest import Loopback, Seen, ok


async def test_page_numbers_with_totals_and_next_links(rc: Any, loopback: Loopback) -> None:
    def answer(seen: Seen) -> Any:
        page = int(seen.query.get("page", "1"))
        per = int(seen.query["perPage"])
        nav = {}
        if page < 3:
            nav = {"nextPage": {"uri": f"{loopback.url}{seen.path}?page={page + 1}&perPage={per}"}}
        return ok(
            {
                "records": [{"id": f"{page}-{i}", "name": f"c{page}{i}"} for i in range(per)],
                "paging": {"page": page, "perPage": per, "totalPages": 3, "totalElements": 3 * per},
                "navigation": nav,
            }
        )

    loopback.answer = answer
    walk = rc.regional_settings.list_countries(per_page=2, login_allowed=True)
    ids = [c.id async for c in walk]
    assert ids == ["1-0", "1-1", "2-0", "2-1", "3-0", "3-1"]
    assert [s.query.get("page", "1") for s in loopback.seen] == ["1", "2", "3"]
    assert all(s.query["perPage"] == "2" for s in loopback.seen)
    assert all(s.query["loginAllowed"] == "true" for s in loopback.seen)  # kept on every page


async def test_rcvideo_page_tokens_with_items_under_meetings(rc: Any, loopback: Loopback) -> None:
    tokens = {None: "t2", "t2": "t3", "t3": None}

    def answer(seen: Seen) -> Any:
        current = seen.query.get("pageToken")
        paging: dict[str, Any] = {"currentPageToken": current or "t1"}
        if tokens[current]:
            paging["nextPageToken"] = tokens[current]
        return ok({"meetings": [{"id": f"m-{current}"}], "paging": paging})

    loopback.answer = answer
    ids = [m.id async for m in rc.meetings_history.list_video_meetings(per_page=1, text="x")]
    assert ids == ["m-None", "m-t2", "m-t3"]
    assert [s.query.get("pageToken") for s in loopback.seen] == [None, "t2", "t3"]
    assert all(s.query["text"] == "x" for s in loopback.seen)


async def test_team_messaging_record_count_and_navigation_tokens(
    rc: Any, loopback: Loopback
) -> None:
    def answer(seen: Seen) -> Any:
        n = int(seen.query.get("pageToken", "1"))
        nav = {"nextPageToken": str(n + 1)} if n < 3 else {}
        return ok({"records": [{"id": f"chat{n}", "type": "Team"}], "navigation": nav})

    loopback.answer = answer
    chats = [c async for c in rc.chats.list_glip_chats_new(per_page=250, type=["Team"])]
    assert [c.id for c in chats] == ["chat1", "chat2", "chat3"]
    assert all(s.query["recordCount"] == "250" for s in loopback.seen)
    assert all("perPage" not in s.query for s in loopback.seen)
    with pytest.raises(ConfigurationError):  # the spec's recordCount maximum is 250
        rc.chats.list_glip_chats_new(per_page=251)


async def test_address_book_sync_follows_next_page_id(rc: Any, loopback: Loopback) -> None:
    def answer(seen: Seen) -> Any:
        n = int(seen.query.get("pageId", "1"))
        body: dict[str, Any] = {
            "records": [{"id": n, "firstName": f"f{n}"}],
            "syncInfo": {
                "syncType": "FSync",
                "syncToken": "tok",
                "syncTime": "2026-01-01T00:00:00Z",
            },
        }
        if n < 3:
            body["nextPageId"] = n + 1
        return ok(body)

    loopback.answer = answer
    pages = [p async for p in rc.external_contacts.sync_address_book(sync_type="FSync").pages()]
    assert [r.id for p in pages for r in p.records] == [1, 2, 3]
    assert pages[-1].raw["syncInfo"]["syncToken"] == "tok"  # the token of the next ISync
    assert [s.query.get("pageId") for s in loopback.seen] == [None, "2", "3"]


async def test_max_items_stops_without_fetching_more_pages(rc: Any, loopback: Loopback) -> None:
    def answer(seen: Seen) -> Any:
        page = int(seen.query.get("page", "1"))
        return ok(
            {
                "records": [{"id": f"{page}-{i}"} for i in range(2)],
                "paging": {"page": page, "perPage": 2, "totalPages": 50},
            }
        )

    loopback.answer = answer
    got = [c.id async for c in rc.regional_settings.list_countries(per_page=2, max_items=3)]
    assert got == ["1-0", "1-1", "2-0"]
    assert len(loopback.seen) == 2


def test_a_page_size_over_the_operations_spec_maximum_is_refused(rc: Any) -> None:
    # listDirectoryEntries: perPage up to 2000 (the common default is 1000)
    rc.internal_contacts.list_directory_entries(per_page=2000)
    with pytest.raises(ConfigurationError):
        rc.internal_contacts.list_directory_entries(per_page=2001)
    # meetings history: perPage up to 100
    with pytest.raises(ConfigurationError):
        rc.meetings_history.list_account_meetings(per_page=101)

"""Property tests of the paging parsers (hypothesis): for any ``paging`` / ``navigation``
block, next-page URI and sent params, ``as_int``, ``check_next_uri``, ``follow_params``,
``parse_query``, ``plan_next`` and ``Seen`` return values of their documented shapes or raise
``PagingError`` / ``DecodeError``, never anything else (ValueError, TypeError ...)."""

from __future__ import annotations

from typing import Any

from _parser_strategies import FAST, json_values, number_like, uris
from hypothesis import example, given
from hypothesis import strategies as st

from ringcentral_async._errors import DecodeError
from ringcentral_async._paging.plan import (
    PagingError,
    Seen,
    as_int,
    check_next_uri,
    follow_params,
    parse_query,
    plan_next,
)

allowed = st.lists(
    st.sampled_from(
        ["https://platform.ringcentral.com", "http://127.0.0.1:8080", "127.0.0.1", "[::1]:80"]
    ),
    max_size=3,
)
token_like = st.none() | st.text(max_size=6) | st.integers() | st.booleans() | st.just("")
paging_blocks = (
    st.none()
    | json_values
    | st.fixed_dictionaries(
        {},
        optional={
            "page": number_like,
            "totalPages": number_like,
            "perPage": number_like,
            "total": number_like,
            "totalFound": number_like,
            "nextPageToken": token_like,
            "pageToken": token_like,
        },
    )
)
navigation_blocks = (
    st.none()
    | json_values
    | st.fixed_dictionaries(
        {},
        optional={
            "nextPage": st.none() | json_values | st.fixed_dictionaries({"uri": st.none() | uris}),
            "nextPageToken": token_like,
            "firstPage": json_values,
        },
    )
)
sent_params = st.dictionaries(
    st.sampled_from(["page", "perPage", "pageToken", "recordCount", "dateFrom"]),
    number_like,
    max_size=4,
)


# -- paging ------------------------------------------------------------------------------


@FAST
@given(value=number_like | json_values)
def test_as_int_is_an_int_or_none(value: Any) -> None:
    result = as_int(value)
    assert result is None or type(result) is int
    if type(value) is int:
        assert result == value


@FAST
@given(uri=uris, hosts=allowed)
@example(uri="http://[::1", hosts=["[::1]:80"])
@example(uri="https://platform.ringcentral.com:99999/x", hosts=["https://platform.ringcentral.com"])
@example(
    uri="https://platform.ringcentral.com/restapi/%2e%2e/x",
    hosts=["https://platform.ringcentral.com"],
)
def test_check_next_uri_returns_a_followable_target_or_raises_paging_error(
    uri: str, hosts: list[str]
) -> None:
    try:
        target = check_next_uri(uri, hosts)
    except PagingError:
        return
    assert isinstance(target, str)
    assert "?" not in target and "#" not in target
    assert "/../" not in target + "/" and "/./" not in target + "/"
    if not target.startswith("/"):
        assert hosts, "an absolute next-page URI needs an allowed host"


@FAST
@given(uri=uris, sent=sent_params, size_param=st.sampled_from(["perPage", "recordCount"]))
def test_follow_params_and_parse_query_give_plain_params(
    uri: str, sent: dict[str, Any], size_param: str
) -> None:
    try:
        params = follow_params(uri, sent, size_param)
        query = parse_query(uri)
    except PagingError:
        return
    assert isinstance(params, dict) and isinstance(query, dict)
    if sent.get(size_param) is not None:
        assert params[size_param] is sent[size_param]


@FAST
@given(
    paging=paging_blocks,
    navigation=navigation_blocks,
    records=st.lists(json_values, max_size=3),
    sent=sent_params,
    hosts=allowed,
    size_param=st.sampled_from(["perPage", "recordCount"]),
)
@example(
    paging={"page": "³", "totalPages": "9"},
    navigation=None,
    records=[1],
    sent={},
    hosts=[],
    size_param="perPage",
)
@example(
    paging={"page": "9" * 5000, "totalPages": 10**30},
    navigation=None,
    records=[1],
    sent={"page": "9" * 5000},
    hosts=[],
    size_param="perPage",
)
def test_plan_next_returns_a_request_or_raises_a_typed_error(
    paging: Any,
    navigation: Any,
    records: list[Any],
    sent: dict[str, Any],
    hosts: list[str],
    size_param: str,
) -> None:
    body: dict[str, Any] = {"records": records}
    if paging is not None:
        body["paging"] = paging
    if navigation is not None:
        body["navigation"] = navigation
    request = ("/restapi/v1.0/x", sent)
    try:
        nxt, token, uri = plan_next(
            body, records, request, page_size_param=size_param, allowed_hosts=hosts
        )
    except (PagingError, DecodeError):
        return
    assert token is None or isinstance(token, str)
    assert uri is None or isinstance(uri, str)
    if nxt is not None:
        path, params = nxt
        assert isinstance(path, str) and path
        assert isinstance(params, dict)
        page = params.get("page")
        if page != sent.get("page"):  # a page number the plan chose itself
            assert type(page) is int
    seen = Seen(request)
    try:
        number = seen.page_number(paging, request, token)
        stop = seen.follow(token, uri)
    except PagingError:
        return
    assert number is None or type(number) is int
    assert stop is None or isinstance(stop, PagingError)

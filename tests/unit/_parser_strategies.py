"""Hypothesis settings and strategies shared by the property tests of the server parsers
(``test_properties_parsers.py``, ``test_properties_paging.py``)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

__all__ = ["FAST", "FEWER", "json_values", "number_like", "scalars", "uris"]

#: Small example counts (the files run in a few seconds); no example database is kept.
FAST = settings(
    max_examples=80,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
#: For the costlier properties (three models structured per example).
FEWER = settings(FAST, max_examples=30)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
#: Numbers as a server might (mis)spell them: ints, floats, digit strings (Unicode ones too).
number_like = (
    st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.from_regex(r"\A\s*-?[0-9]{1,40}\s*\Z")
    | st.sampled_from(["", " ", "³", "٣", "\uff11\uff12", "1e3", "0x10", "9" * 5000, "NaN", "-0"])
    | st.text(max_size=10)
    | st.lists(st.integers(), max_size=2)
)
hosts = st.sampled_from(
    ["127.0.0.1", "platform.ringcentral.com", "evil.example.com", "[::1]", "[::1", "", "h:99999"]
)
uris = st.text(max_size=40) | st.builds(
    lambda scheme, host, port, path, query: f"{scheme}{host}{port}{path}{query}",
    st.sampled_from(["https://", "http://", "ftp://", "//", "", "https://u:p@"]),
    hosts,
    st.sampled_from(["", ":443", ":8080", ":x", ":-1"]),
    st.sampled_from(["/restapi/v1.0/x", "/a/../b", "/%2e%2e", "", "x", "/a b"]),
    st.sampled_from(["", "?page=2", "?page=2&page=3", "?perPage=x&q=%ff", "#frag"]),
)

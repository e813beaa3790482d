"""Response JSON: orjson where installed, json.loads as the fallback, the same results.

``_protocol.json_loads()`` picks the parser on first use. These tests run every body through
the orjson path and through the forced fallback (orjson made unimportable) and require the
same value, or DecodeError from both.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringcentral_async import _protocol
from ringcentral_async._errors import DecodeError
from ringcentral_async._protocol import decode_json

orjson = pytest.importorskip("orjson")


@pytest.fixture
def fallback(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bytes], Any]]:
    """decode_json with orjson unimportable (as where it is not installed)."""
    monkeypatch.setattr(_protocol, "_loads", None)
    monkeypatch.setitem(sys.modules, "orjson", None)  # `import orjson` raises ImportError
    assert _protocol.json_loads() is json.loads
    yield lambda body: decode_json(body, status=200)
    monkeypatch.setattr(_protocol, "_loads", None)


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], Any]:
    monkeypatch.setattr(_protocol, "_loads", None)
    assert _protocol.json_loads() is not json.loads
    return lambda body: decode_json(body, status=200)


def _outcome(parse: Callable[[bytes], Any], body: bytes) -> Any:
    try:
        return ("ok", parse(body))
    except DecodeError as exc:
        return ("DecodeError", str(exc))


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types (NaN equal to NaN, -0.0 told from 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


BODIES = [
    b'{"records": [{"id": 1, "name": "A"}], "paging": {"page": 1}}',
    b'{"a": 1, "a": 2}',  # duplicate keys: the last wins in both
    b"NaN",  # json's extensions: orjson rejects them, json.loads decides
    b"[Infinity, -Infinity, NaN]",
    b"[1e400, -1e400]",
    b'"\\ud800"',  # a lone surrogate escape
    b'["\\udfff\\ud800"]',
    b"\xef\xbb\xbf{}",  # a UTF-8 byte order mark
    '{"x": "é"}'.encode("utf-16"),  # json.loads detects UTF-16 and UTF-32
    b"[18446744073709551615, -9223372036854775808]",  # 64-bit edges: ints in both
    b"[0.1, -0.0, 1E5, 2.2250738585072011e-308, 4.9e-324, 1.7976931348623157e308]",
    b'"\\u0000 \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00"',
    b" [1] ",
    b"[]",
    b"{}",
    b"null",
    b"true",
    b'"text"',
    # invalid in both: DecodeError from both
    b"not json",
    b'{"truncated": ',
    b"\xff\xfe",
    b'{"a":"\xff"}',  # invalid UTF-8
    b"[1,]",
    b'{"a" 1}',
    b"1 2",
    b'"a\tb"',  # a raw control character in a string
    b"[" * 5000 + b"]" * 5000,  # deeper than either parser goes
    b"\x00",
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_same_result_with_and_without_orjson(
    body: bytes, fast: Callable[[bytes], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_orjson = _outcome(fast, body)
    monkeypatch.setitem(sys.modules, "orjson", None)
    monkeypatch.setattr(_protocol, "_loads", None)
    without = _outcome(lambda b: decode_json(b, status=200), body)
    assert with_orjson[0] == without[0]
    if with_orjson[0] == "ok":
        assert _same(with_orjson[1], without[1])
        assert _same(without[1], json.loads(body))


@pytest.mark.parametrize("body", [b"not json", b"\xff\xfe", b"[" * 5000 + b"]" * 5000])
def test_invalid_json_raises_decode_error_on_the_fallback(
    body: bytes, fallback: Callable[[bytes], Any]
) -> None:
    with pytest.raises(DecodeError, match="HTTP 200: response body is not valid JSON"):
        fallback(body)


def test_the_documented_difference_integers_beyond_64_bits() -> None:
    """orjson reads an integer literal beyond 64 bits as a float (docs/architecture.md)."""
    body = b"[18446744073709551616]"
    assert json.loads(body) == [18446744073709551616]
    assert orjson.loads(body) == [1.8446744073709552e19]


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json, st.sampled_from([{}, {"ensure_ascii": False}, {"indent": 1}]))
def test_generated_documents_parse_the_same(value: Any, options: dict[str, Any]) -> None:
    body = json.dumps(value, **options).encode("utf-8", "surrogatepass")
    _protocol._loads = None
    try:
        parsed = _outcome(lambda b: decode_json(b, status=200), body)
    finally:
        _protocol._loads = None
    reference = _outcome(json.loads, body)
    assert parsed[0] == reference[0]
    if parsed[0] == "ok":
        assert _same(parsed[1], reference[1])


def test_importing_the_package_does_not_import_orjson() -> None:
    code = (
        "import sys, ringcentral_async; "
        "assert 'orjson' not in sys.modules, 'orjson imported'; "
        "assert 'cattrs' not in sys.modules, 'cattrs imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

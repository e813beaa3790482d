"""Gateway frames: parsing (malformed frames are FrameError, never a crash) and building."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ringcentral_async._events.connection import liveness
from ringcentral_async._events.frames import (
    FrameError,
    build_heartbeat,
    build_request,
    parse_connection_details,
    parse_frame,
    parse_notification,
)


@pytest.mark.parametrize(
    "text",
    [
        "not-json",
        "{}",
        "[]",
        "null",
        "42",
        '"text"',
        "[1, 2]",
        '[{"type": 3}]',
        '[{"type": "Bogus"}]',
        '[{"type": "Heartbeat"}, {}, {}]',
        '[{"type": "Heartbeat", "status": "200"}]',
        '[{"type": "Heartbeat", "status": true}]',
        '[{"type": "Heartbeat", "wsc": "x"}]',
        '[{"type": "Heartbeat", "wsc": {"token": "t", "sequence": "1"}}]',
        '[{"type": "Heartbeat", "wsc": {"token": "", "sequence": 1}}]',
        '[{"type": "Heartbeat", "messageId": 5}]',
        '[{"type": "Heartbeat", "headers": []}]',
        b"\xff\xfe",
    ],
)
def test_malformed_frames_are_frame_errors(text: str | bytes) -> None:
    with pytest.raises(FrameError):
        parse_frame(text)


def test_a_notification_frame_is_parsed_with_its_wsc() -> None:
    body = {
        "uuid": "u-1",
        "event": "/restapi/v1.0/account/1/extension/2/message-store",
        "timestamp": "2026-03-01T10:00:00.123Z",
        "subscriptionId": "s-1",
        "ownerId": 2,
        "body": {"changes": []},
    }
    meta = {"type": "ServerNotification", "wsc": {"token": "tok", "sequence": 7}}
    frame = parse_frame(json.dumps([meta, body]))
    assert (frame.type, frame.wsc_token, frame.wsc_sequence) == ("ServerNotification", "tok", 7)
    event = parse_notification(frame.body)
    assert event.uuid == "u-1" and event.owner_id == "2" and event.subscription_id == "s-1"
    assert event.timestamp == datetime(2026, 3, 1, 10, 0, 0, 123000, tzinfo=UTC)
    assert event.body == {"changes": []}
    assert "tok" not in repr(frame)


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {},
        {"uuid": "x"},
        {"event": "/e"},
        {"uuid": 5, "event": "/e"},
        {"uuid": "", "event": "/e"},
    ],
)
def test_unusable_notification_bodies_are_frame_errors(body: object) -> None:
    with pytest.raises(FrameError):
        parse_notification(body)


def test_a_bad_timestamp_is_none_not_an_error() -> None:
    event = parse_notification({"uuid": "u", "event": "/e", "timestamp": "yesterday"})
    assert event.timestamp is None


def test_connection_details_are_read_not_hard_coded() -> None:
    frame = parse_frame(
        json.dumps(
            [
                {"type": "ConnectionDetails", "wsc": {"token": "t", "sequence": 1}},
                {
                    "recoveryTimeout": 30,
                    "idleTimeout": 0.6,
                    "absoluteTimeout": 5,
                    "recoveryBufferSize": 100,
                    "recoveryState": "Failed",
                    "recoveryErrorCode": "WSG-1005",
                },
            ]
        )
    )
    details = parse_connection_details(frame)
    assert (details.recovery_timeout, details.idle_timeout, details.absolute_timeout) == (
        30.0,
        0.6,
        5.0,
    )
    assert (details.recovery_state, details.recovery_error_code) == ("Failed", "WSG-1005")


@pytest.mark.parametrize(
    "body", [[], "x", {"idleTimeout": -1}, {"idleTimeout": "1800"}, {"recoveryState": 1}]
)
def test_bad_connection_details_are_frame_errors(body: object) -> None:
    frame = parse_frame(json.dumps([{"type": "ConnectionDetails"}, body]))
    with pytest.raises(FrameError):
        parse_connection_details(frame)


def test_connection_details_without_a_body_get_the_documented_values() -> None:
    details = parse_connection_details(parse_frame('[{"type": "ConnectionDetails"}]'))
    assert (details.recovery_timeout, details.idle_timeout, details.absolute_timeout) == (
        180.0,
        1800.0,
        86400.0,
    )
    assert details.recovery_state is None


def test_deeply_nested_garbage_is_a_frame_error() -> None:
    with pytest.raises(FrameError):
        parse_frame("[" * 200_000 + "]" * 200_000)


def test_requests_and_heartbeats_are_built_as_arrays() -> None:
    mid, text = build_request("POST", "/restapi/v1.0/subscription/", {"eventFilters": ["/x"]})
    meta, body = json.loads(text)
    assert meta == {
        "type": "ClientRequest",
        "messageId": mid,
        "method": "POST",
        "path": "/restapi/v1.0/subscription/",
    }
    assert body == {"eventFilters": ["/x"]}
    mid, text = build_request("DELETE", "/restapi/v1.0/subscription/1")
    assert len(json.loads(text)) == 1
    hb_id, hb = build_heartbeat()
    assert json.loads(hb) == [{"type": "Heartbeat", "messageId": hb_id}]


@pytest.mark.parametrize(
    ("idle", "interval", "answer"),
    [
        (1800.0, 60.0, 30.0),  # the platform's 30 min: a heartbeat a minute
        (90.0, 30.0, 30.0),
        (3.0, 1.0, 1.0),
        (0.6, 0.2, 0.2),
        (0.09, 0.05, 0.1),  # floors
    ],
)
def test_heartbeat_interval_is_a_third_of_the_idle_timeout_within_bounds(
    idle: float, interval: float, answer: float
) -> None:
    live = liveness(idle)
    assert live.interval == pytest.approx(interval)
    assert live.answer_timeout == pytest.approx(answer)
    assert live.interval < idle

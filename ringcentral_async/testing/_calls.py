"""Deterministic call-log records, their change sequence (for sync) and recording bytes."""

from __future__ import annotations

import bisect
import random
import string
from datetime import datetime, timedelta
from typing import Any

from ._data import Directory
from ._http import iso

__all__ = ["CallLog", "CallRecord"]

_ALPHABET = string.ascii_letters + string.digits
_INBOUND_RESULTS = ("Accepted",) * 6 + ("Missed", "Voicemail", "Rejected")
_OUTBOUND_RESULTS = ("Call connected",) * 6 + ("No Answer", "Busy")
_DETAILED_ONLY = ("legs", "billing", "lastModifiedTime")


def _clone(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars); much cheaper than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


class CallRecord:
    """One stored call-log record: the wire body plus what filtering and sync need."""

    __slots__ = ("body", "deleted", "ext_id", "seq", "start")

    def __init__(self, body: dict[str, Any], ext_id: int, start: datetime, seq: int) -> None:
        self.body = body
        self.ext_id = ext_id
        self.start = start
        self.seq = seq
        self.deleted = False

    @property
    def id(self) -> str:
        """The record id (a string, as on the platform)."""
        return str(self.body["id"])

    def render(self, uri: str, *, detailed: bool) -> dict[str, Any]:
        """The wire form: ``legs``, ``billing`` and ``lastModifiedTime`` only when Detailed.

        The spec marks all three Detailed-only (the docs' Simple examples show the last two;
        the fake takes the stricter reading so a client cannot come to rely on them).
        """
        out: dict[str, Any] = _clone(self.body)
        out["uri"] = uri
        if not detailed:
            for key in _DETAILED_ONLY:
                out.pop(key, None)
        if self.deleted:
            out["deleted"] = True
        return out


class CallLog:
    """Every call-log record of the account, newest first, with a change counter for sync."""

    def __init__(
        self, rng: random.Random, directory: Directory, start: datetime, end: datetime
    ) -> None:
        self.rng = rng
        self.directory = directory
        self.start, self.end = start, end
        self.records: dict[str, CallRecord] = {}
        self.recordings: dict[str, CallRecord] = {}
        self.seq = 0
        self._ordered: list[CallRecord] | None = None
        self._neg_starts: list[float] = []
        self._users_key: tuple[int, int | None] | None = None
        self._users_cache: list[dict[str, Any]] = []

    def generate(self, count: int) -> None:
        """Add ``count`` records spread over [start, end); about 5 % share a startTime."""
        span = max(1, int((self.end - self.start).total_seconds()))
        previous: datetime | None = None
        for _ in range(count):
            if previous is not None and self.rng.random() < 0.05:
                moment = previous
            else:
                moment = self.start + timedelta(seconds=self.rng.randrange(span))
            self.add(start=moment)
            previous = moment

    def _users(self) -> list[dict[str, Any]]:
        """User extensions (all extensions when there are none), cached per directory size."""
        extensions = self.directory.extensions
        key = (len(extensions), next(reversed(extensions), None))
        if self._users_key != key:
            users = [e for e in extensions.values() if e["type"] == "User"]
            self._users_cache = users or list(extensions.values())
            self._users_key = key
        return self._users_cache

    def ordered(self) -> list[CallRecord]:
        """Every record (deleted ones included), newest first, ties by id (cached)."""
        if self._ordered is None:
            self._ordered = sorted(
                self.records.values(), key=lambda r: (r.start, r.id), reverse=True
            )
            self._neg_starts = [-r.start.timestamp() for r in self._ordered]
        return self._ordered

    def in_range(self, date_from: datetime, date_to: datetime) -> list[CallRecord]:
        """Records with ``date_from <= start < date_to``, newest first (binary search)."""
        ordered = self.ordered()
        lo = bisect.bisect_right(self._neg_starts, -date_to.timestamp())
        hi = bisect.bisect_right(self._neg_starts, -date_from.timestamp())
        return ordered[lo:hi]

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever a record is added, changed or deleted."""
        return (self.seq, len(self.records))

    def add(self, *, start: datetime, ext_id: int | None = None, **fields: Any) -> CallRecord:
        """Create a record (deterministic values for everything not given)."""
        rng, directory = self.rng, self.directory
        ext: dict[str, Any] | None
        ext = rng.choice(self._users()) if ext_id is None else directory.extensions.get(ext_id)
        if ext is None:
            raise KeyError(ext_id)
        record_id = "".join(rng.choice(_ALPHABET) for _ in range(15))
        fax = rng.random() < 0.03
        inbound = rng.random() < 0.55
        result = rng.choice(_INBOUND_RESULTS if inbound else _OUTBOUND_RESULTS)
        answered = result in ("Accepted", "Call connected")
        duration = (
            rng.randrange(5, 1800)
            if answered
            else (rng.randrange(5, 40) if result == "Voicemail" else 0)
        )
        duration_ms = duration * 1000 + (rng.randrange(1000) if duration else 0)
        ours = {
            "phoneNumber": directory.direct_number(ext["id"]),
            "name": ext["name"],
            "extensionId": str(ext["id"]),
            "extensionNumber": ext["extensionNumber"],
        }
        theirs = {"phoneNumber": f"+1{rng.randrange(200, 999)}{rng.randrange(10**7):07d}"}
        if rng.random() < 0.5:
            theirs["name"] = f"{rng.choice('ABCDEFGH')}. Caller"
        kind = "Fax" if fax else "Voice"
        action = ("Incoming Fax" if inbound else "Outgoing Fax") if fax else "Phone Call"
        transport = rng.choice(("PSTN", "PSTN", "VoIP"))
        session = str(rng.randrange(10**11, 10**12))
        body: dict[str, Any] = {
            "id": record_id,
            "uri": "",
            "sessionId": session,
            "telephonySessionId": f"s-{rng.getrandbits(64):016x}",
            "startTime": iso(start),
            "duration": duration,
            "durationMs": duration_ms,
            "type": kind,
            "internalType": "Local",
            "direction": "Inbound" if inbound else "Outbound",
            "action": action,
            "result": result,
            "to": ours if inbound else theirs,
            "from": theirs if inbound else ours,
            "extension": {"id": ext["id"], "uri": ext["uri"]},
            "transport": transport,
            "lastModifiedTime": iso(start + timedelta(seconds=duration + rng.randrange(15, 31))),
            "billing": {"costIncluded": 0.0, "costPurchased": 0.0},
        }
        if kind == "Voice" and duration >= 30 and rng.random() < 0.3:
            rec_id = str(rng.randrange(10**10, 10**11))
            rec_uri = f"/restapi/v1.0/account/{directory.account_id}/recording/{rec_id}"
            body["recording"] = {
                "id": rec_id,
                "uri": rec_uri,
                "type": rng.choice(("Automatic", "OnDemand")),
                "contentUri": f"{rec_uri}/content",
            }
        body["legs"] = [self._leg(body, master=True)]
        if answered and rng.random() < 0.4:
            body["legs"].append(self._leg(body, master=False))
        body.update(fields)
        self.seq += 1
        record = CallRecord(body, int(ext["id"]), start, self.seq)
        self.records[record.id] = record
        self._ordered = None
        if "recording" in body:
            self.recordings[str(body["recording"]["id"])] = record
        return record

    @staticmethod
    def _leg(body: dict[str, Any], *, master: bool) -> dict[str, Any]:
        leg = {
            key: _clone(body[key])
            for key in ("startTime", "duration", "durationMs", "type", "direction", "action")
        }
        leg.update(
            {
                "result": body["result"],
                "from": _clone(body["from"]),
                "to": _clone(body["to"]),
                "extension": _clone(body["extension"]),
                "transport": body["transport"],
                "legType": "Accept" if master else "FindMe",
                "master": master,
            }
        )
        return leg

    def touch(self, record: CallRecord, modified: datetime) -> None:
        """Mark a record changed now (for sync and ``lastModifiedTime``)."""
        self.seq += 1
        record.seq = self.seq
        record.body["lastModifiedTime"] = iso(modified)

    def recording_bytes(self, rec_id: str) -> bytes:
        """Deterministic fake MP3 content for a recording (ID3 header + payload)."""
        record = self.recordings[rec_id]
        size = 4096 + 16 * int(record.body.get("duration", 0))
        rng = random.Random(f"{rec_id}:{self.directory.account_id}")
        header = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64"
        return header + rng.randbytes(size - len(header))

"""The harvest checkpoint: a small JSON file, replaced atomically on every save.

It holds the harvest's identity (range, extension, view), every slice with its state
(done, or the position reached inside it: the order the log comes in, a cursor in time and
the ids handed out at that time) and, for look-back, ``id -> lastModifiedTime`` of the
records in the most recent window. A consumer
may store its own position (e.g. the output file's length) next to it, written in the same
atomic replace, so that output and checkpoint never disagree after a crash.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from ._slices import ASC, DESC, SliceState
from ._wire import format_time, parse_time

__all__ = ["HarvestState", "load_state", "read_consumer_state", "save_state"]

VERSION = 2


@attrs.define
class HarvestState:
    """Everything a harvest needs to resume (see the module docstring)."""

    key: dict[str, Any]
    slices: list[SliceState]
    recent_from: datetime | None = None
    recent: dict[str, str] = attrs.field(factory=dict)
    consumer: Any = None

    @property
    def complete(self) -> bool:
        """Whether every slice is done."""
        return all(s.done for s in self.slices)


def _slice_to_json(s: SliceState) -> dict[str, Any]:
    out: dict[str, Any] = {"start": format_time(s.start), "end": format_time(s.end)}
    if s.done:
        out["done"] = True
    if s.order is not None:
        out["order"] = s.order
    if s.cursor is not None:
        out["cursor"] = format_time(s.cursor)
        out["cursorIds"] = sorted(s.cursor_ids)
    out["records"] = s.records
    return out


def _slice_from_json(raw: Mapping[str, Any]) -> SliceState:
    cursor = raw.get("cursor")
    order = raw.get("order")
    if order not in (None, ASC, DESC):
        raise ValueError(f"unknown slice order {order!r}")
    return SliceState(
        start=parse_time(raw["start"]),
        end=parse_time(raw["end"]),
        done=bool(raw.get("done", False)),
        order=order,
        cursor=parse_time(cursor) if cursor else None,
        cursor_ids=set(raw.get("cursorIds", ())),
        records=int(raw.get("records", 0)),
    )


def dump_state(state: HarvestState) -> str:
    """The checkpoint file's text."""
    body: dict[str, Any] = {
        "version": VERSION,
        "key": state.key,
        "slices": [_slice_to_json(s) for s in state.slices],
        "recentFrom": format_time(state.recent_from) if state.recent_from else None,
        "recent": state.recent,
        "consumer": state.consumer,
    }
    return json.dumps(body, separators=(",", ":"))


def _read(path: Path) -> dict[str, Any] | None:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    if not isinstance(raw, dict) or raw.get("version") != VERSION:
        raise ValueError(f"{path}: not a harvest checkpoint (version {VERSION})")
    return raw


def load_state(path: str | os.PathLike[str]) -> HarvestState | None:
    """The saved state, or None if the file does not exist (ValueError if it is not one)."""
    raw = _read(Path(path))
    if raw is None:
        return None
    recent_from = raw.get("recentFrom")
    return HarvestState(
        key=dict(raw["key"]),
        slices=[_slice_from_json(s) for s in raw["slices"]],
        recent_from=parse_time(recent_from) if recent_from else None,
        recent=dict(raw.get("recent", {})),
        consumer=raw.get("consumer"),
    )


def read_consumer_state(path: str | os.PathLike[str]) -> Any:
    """What the consumer stored with the last save (``on_checkpoint``), or None."""
    raw = _read(Path(path))
    return None if raw is None else raw.get("consumer")


def save_state(path: str | os.PathLike[str], state: HarvestState) -> None:
    """Write the checkpoint atomically (temporary file in the same folder, then replace)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dump_state(state))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

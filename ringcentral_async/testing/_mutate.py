"""Changing the fake's data from Python (for sync tests): extensions and call-log records."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from ._http import iso
from ._state import Platform

__all__ = ["DataMixin"]


class DataMixin:
    """Data accessors and mutators of FakeRingCentral (records are returned as copies)."""

    platform: Platform

    @property
    def extensions(self) -> list[dict[str, Any]]:
        """Every extension (relative ``uri``), in id order."""
        return [copy.deepcopy(e) for e in self.platform.directory.extensions.values()]

    def add_extension(self, **fields: Any) -> dict[str, Any]:
        """Create an extension; fields given (camelCase, e.g. ``extensionNumber``) override."""
        return copy.deepcopy(self.platform.directory.add_extension(**fields))

    def update_extension(self, extension_id: int, **fields: Any) -> dict[str, Any]:
        """Change fields of an extension (``contact`` is merged). KeyError if unknown."""
        return copy.deepcopy(self.platform.directory.update_extension(extension_id, **fields))

    def remove_extension(self, extension_id: int) -> None:
        """Delete an extension (later reads answer 404 CMN-102). KeyError if unknown."""
        self.platform.directory.remove_extension(extension_id)

    @property
    def phone_numbers(self) -> list[dict[str, Any]]:
        """Every account phone number."""
        return copy.deepcopy(self.platform.directory.phone_numbers)

    @property
    def call_records(self) -> list[dict[str, Any]]:
        """Every live call-log record (Detailed form, relative uris), newest first."""
        return [r.render("", detailed=True) for r in self.platform.calls.ordered() if not r.deleted]

    def add_call_record(
        self, *, start: datetime | None = None, extension_id: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Add a call-log record (default start: a minute before ``now``); visible to sync."""
        moment = start or self.platform.now - timedelta(minutes=1)
        record = self.platform.calls.add(start=moment, ext_id=extension_id, **fields)
        record.body["lastModifiedTime"] = iso(self.platform.now)
        return record.render("", detailed=True)

    def update_call_record(self, record_id: str, **fields: Any) -> dict[str, Any]:
        """Change fields of a record; bumps ``lastModifiedTime`` to ``now``."""
        record = self.platform.calls.records[record_id]
        record.body.update(fields)
        self.platform.calls.touch(record, self.platform.now)
        return record.render("", detailed=True)

    def delete_call_record(self, record_id: str) -> None:
        """Delete a record: lists drop it, ISync reports it with ``deleted: true``."""
        record = self.platform.calls.records[record_id]
        record.deleted = True
        self.platform.calls.touch(record, self.platform.now)

    def recording_content(self, recording_id: str) -> bytes:
        """The bytes ``/recording/{id}/content`` serves."""
        return self.platform.calls.recording_bytes(recording_id)

    @property
    def recording_ids(self) -> list[str]:
        """Ids of every recording."""
        return list(self.platform.calls.recordings)

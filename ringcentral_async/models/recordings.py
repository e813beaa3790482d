"""Models: recordings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field

__all__ = ["Recording"]


@attrs.frozen(kw_only=True, weakref_slot=False)
class Recording:
    """Call recording metadata (GET /account/{accountId}/recording/{recordingId})."""

    id: str | None = None
    content_uri: str | None = None
    content_type: str | None = None
    duration: int | None = None
    extra: Mapping[str, Any] = extra_field()

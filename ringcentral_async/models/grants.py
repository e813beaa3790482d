"""Models: grants."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import Navigation, Paging

__all__ = ["Grant", "GrantExtension", "GrantList"]


@attrs.frozen(kw_only=True, weakref_slot=False)
class GrantList:
    """One page of ``GET .../extension/{extensionId}/grant``."""

    uri: str | None = None
    records: list[Grant] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Grant:
    """One extension grant (what the current extension may do for another)."""

    uri: str | None = None
    extension: GrantExtension | None = None
    call_pickup: bool | None = None
    call_monitoring: bool | None = None
    call_on_behalf_of: bool | None = None
    call_delegation: bool | None = None
    group_paging: bool | None = None
    call_queue_setup: bool | None = None
    call_queue_members_setup: bool | None = None
    call_queue_messages: bool | None = None
    call_queue_fac_setup: bool | None = None
    shared_voicemails: bool | None = None
    call_queue_sms_recipient: bool | None = None
    sms_recipient: bool | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class GrantExtension:
    """Extension information."""

    id: str | None = None
    uri: str | None = None
    extension_number: str | None = None
    name: str | None = None
    type: str | None = None
    extra: Mapping[str, Any] = extra_field()

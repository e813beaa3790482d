"""Models: extensions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.account import RegionalSettings, SetupWizardState
from ringcentral_async.models.common import (
    AudioContentType,
    ExtensionStatus,
    ExtensionSubType,
    ExtensionType,
    Navigation,
    Paging,
)

__all__ = [
    "AssignedCountry",
    "BusinessAddress",
    "CallQueueExtensionInfo",
    "Contact",
    "CostCenter",
    "CustomField",
    "DepartmentRef",
    "Extension",
    "ExtensionAccountRef",
    "ExtensionList",
    "ExtensionPermissions",
    "ExtensionStatusInfo",
    "ExtensionStatusInfoReason",
    "PermissionInfo",
    "ProfileImage",
    "ProfileImageScale",
    "PronouncedName",
    "PronouncedNamePrompt",
    "PronouncedNameType",
    "ProvisioningSite",
    "Reference",
    "ReferenceType",
    "Role",
    "ServiceFeature",
    "SiteAccessStatus",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class ExtensionList:
    """One page of ``GET /account/{accountId}/extension``."""

    uri: str | None = None
    records: list[Extension] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Extension:
    """An extension: user, department (call queue), IVR menu... (list item and detail)."""

    id: int | None = None
    uri: str | None = None
    contact: Contact | None = None
    extension_number: str | None = None
    name: str | None = None
    permissions: ExtensionPermissions | None = None
    profile_image: ProfileImage | None = None
    partner_id: str | None = None
    references: list[Reference] | None = None
    status: ExtensionStatus | str | None = None
    type: ExtensionType | str | None = None
    sub_type: ExtensionSubType | str | None = None
    call_queue_info: CallQueueExtensionInfo | None = None
    hidden: bool | None = None
    roles: list[Role] | None = None
    site: ProvisioningSite | None = None
    assigned_country: AssignedCountry | None = None
    cost_center: CostCenter | None = None
    creation_time: datetime | None = None
    alert_timer: int | None = None
    account: ExtensionAccountRef | None = None
    custom_fields: list[CustomField] | None = None
    departments: list[DepartmentRef] | None = None
    extension_numbers: list[str] | None = None
    regional_settings: RegionalSettings | None = None
    service_features: list[ServiceFeature] | None = None
    setup_wizard_state: SetupWizardState | str | None = None
    status_info: ExtensionStatusInfo | None = None
    site_access: SiteAccessStatus | str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Contact:
    """Contact details of an extension."""

    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    company: str | None = None
    job_title: str | None = None
    email: str | None = None
    business_phone: str | None = None
    mobile_phone: str | None = None
    business_address: BusinessAddress | None = None
    email_as_login_name: bool | None = None
    pronounced_name: PronouncedName | None = None
    department: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class BusinessAddress:
    """User's business address."""

    country: str | None = None
    state: str | None = None
    city: str | None = None
    street: str | None = None
    zip: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class PronouncedName:
    """PronouncedName."""

    type: PronouncedNameType | str | None = None
    text: str | None = None
    prompt: PronouncedNamePrompt | None = None
    extra: Mapping[str, Any] = extra_field()


class PronouncedNameType(StrEnum):
    """PronouncedNameType values (unknown values are kept as plain strings)."""

    DEFAULT = "Default"
    TEXT_TO_SPEECH = "TextToSpeech"
    RECORDED = "Recorded"


@attrs.frozen(kw_only=True, weakref_slot=False)
class PronouncedNamePrompt:
    """PronouncedNamePrompt."""

    id: str | None = None
    content_uri: str | None = None
    content_type: AudioContentType | str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ExtensionPermissions:
    """Extension permissions, corresponding to the Service Web permissions."""

    admin: PermissionInfo | None = None
    international_calling: PermissionInfo | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class PermissionInfo:
    """Admin permission."""

    enabled: bool | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ProfileImage:
    """Profile image links of an extension."""

    uri: str | None = None
    etag: str | None = None
    last_modified: datetime | None = None
    content_type: str | None = None
    scales: list[ProfileImageScale] | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ProfileImageScale:
    """ProfileImageScale."""

    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Reference:
    """Reference."""

    ref: str | None = None
    type: ReferenceType | str | None = None
    ref_acc_id: str | None = None
    extra: Mapping[str, Any] = extra_field()


class ReferenceType(StrEnum):
    """ReferenceType values (unknown values are kept as plain strings)."""

    PARTNER_ID = "PartnerId"
    CUSTOMER_DIRECTORY_ID = "CustomerDirectoryId"


@attrs.frozen(kw_only=True, weakref_slot=False)
class CallQueueExtensionInfo:
    """For Call Queue extension type only."""

    sla_goal: int | None = None
    sla_threshold_seconds: int | None = None
    include_abandoned_calls: bool | None = None
    abandoned_threshold_seconds: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Role:
    """Role."""

    id: str | None = None
    uri: str | None = None
    auto_assigned: bool | None = None
    display_name: str | None = None
    site_compatible: bool | None = None
    site_restricted: bool | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ProvisioningSite:
    """Site data."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    code: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AssignedCountry:
    """Information on a country assigned to an extension user."""

    id: str | None = None
    uri: str | None = None
    iso_code: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CostCenter:
    """Cost center information."""

    id: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ExtensionAccountRef:
    """Account information."""

    id: str | None = None
    uri: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CustomField:
    """CustomField."""

    id: str | None = None
    value: str | None = None
    display_name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class DepartmentRef:
    """Please note that the `Department` extension type corresponds to."""

    id: str | None = None
    uri: str | None = None
    extension_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ServiceFeature:
    """ServiceFeature."""

    enabled: bool | None = None
    feature_name: str | None = None
    reason: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ExtensionStatusInfo:
    """Status information (reason, comment)."""

    comment: str | None = None
    reason: ExtensionStatusInfoReason | str | None = None
    extra: Mapping[str, Any] = extra_field()


class ExtensionStatusInfoReason(StrEnum):
    """ExtensionStatusInfoReason values (unknown values are kept as plain strings)."""

    VOLUNTARILY = "Voluntarily"
    INVOLUNTARILY = "Involuntarily"


class SiteAccessStatus(StrEnum):
    """SiteAccessStatus values (unknown values are kept as plain strings)."""

    LIMITED = "Limited"
    UNLIMITED = "Unlimited"

"""Models: phone numbers."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import CountryInfo, ExtensionSubType, Navigation, Paging

__all__ = [
    "CompanyPhoneNumber",
    "CompanyPhoneNumberList",
    "ContactCenterProvider",
    "ForwardingDevice",
    "ForwardingNumber",
    "ForwardingNumberExtension",
    "ForwardingNumberFeature",
    "ForwardingNumberList",
    "ForwardingNumberType",
    "PaymentType",
    "PhoneNumberActivationStatus",
    "PhoneNumberExtension",
    "PhoneNumberFeature",
    "PhoneNumberStatus",
    "PhoneNumberType",
    "PhoneNumberUsageType",
    "TemporaryNumber",
    "UserPhoneNumber",
    "UserPhoneNumberList",
]


class ForwardingNumberType(StrEnum):
    """ForwardingNumberType values (unknown values are kept as plain strings)."""

    HOME = "Home"
    MOBILE = "Mobile"
    WORK = "Work"
    PHONE_LINE = "PhoneLine"
    OUTAGE = "Outage"
    OTHER = "Other"
    BUSINESS_MOBILE_PHONE = "BusinessMobilePhone"
    EXTENSION_APPS = "ExtensionApps"


@attrs.frozen(kw_only=True, weakref_slot=False)
class ForwardingNumberList:
    """One page of an extension's forwarding numbers."""

    uri: str | None = None
    records: list[ForwardingNumber] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ForwardingNumber:
    """A forwarding (or call flip) number of an extension."""

    id: str | None = None
    uri: str | None = None
    phone_number: str | None = None
    label: str | None = None
    features: list[ForwardingNumberFeature | str] | None = None
    flip_number: str | None = None
    device: ForwardingDevice | None = None
    type: ForwardingNumberType | str | None = None
    extension: ForwardingNumberExtension | None = None
    extra: Mapping[str, Any] = extra_field()


class ForwardingNumberFeature(StrEnum):
    """ForwardingNumberFeature values (unknown values are kept as plain strings)."""

    CALL_FLIP = "CallFlip"
    CALL_FORWARDING = "CallForwarding"


@attrs.frozen(kw_only=True, weakref_slot=False)
class ForwardingDevice:
    """Forwarding device information."""

    id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ForwardingNumberExtension:
    """Extension information (for ExtensionApps type only)."""

    id: str | None = None
    name: str | None = None
    extension_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class UserPhoneNumberList:
    """One page of an extension's phone numbers."""

    uri: str | None = None
    records: list[UserPhoneNumber] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class UserPhoneNumber:
    """A phone number of an extension."""

    id: int | None = None
    uri: str | None = None
    country: CountryInfo | None = None
    contact_center_provider: ContactCenterProvider | None = None
    extension: PhoneNumberExtension | None = None
    label: str | None = None
    location: str | None = None
    payment_type: PaymentType | str | None = None
    phone_number: str | None = None
    primary: bool | None = None
    status: PhoneNumberStatus | str | None = None
    type: PhoneNumberType | str | None = None
    sub_type: ExtensionSubType | str | None = None
    usage_type: PhoneNumberUsageType | str | None = None
    features: list[PhoneNumberFeature | str] | None = None
    caller_id_name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ContactCenterProvider:
    """CCRN (Contact Center Routing Number) provider."""

    id: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class PhoneNumberExtension:
    """Information on the extension, to which the phone number is assigned."""

    id: int | None = None
    uri: str | None = None
    extension_number: str | None = None
    partner_id: str | None = None
    type: str | None = None
    contact_center_provider: ContactCenterProvider | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


class PaymentType(StrEnum):
    """PaymentType values (unknown values are kept as plain strings)."""

    EXTERNAL = "External"
    TOLL_FREE = "TollFree"
    LOCAL = "Local"
    BUSINESS_MOBILE_NUMBER_PROVIDER = "BusinessMobileNumberProvider"
    EXTERNAL_NUMBER_PROVIDER = "ExternalNumberProvider"
    EXTERNAL_NUMBER_PROVIDER_TOLL_FREE = "ExternalNumberProviderTollFree"
    MOBILE = "Mobile"


class PhoneNumberStatus(StrEnum):
    """PhoneNumberStatus values (unknown values are kept as plain strings)."""

    NORMAL = "Normal"
    PENDING = "Pending"
    PORTED_IN = "PortedIn"
    TEMPORARY = "Temporary"
    UNKNOWN = "Unknown"


class PhoneNumberType(StrEnum):
    """PhoneNumberType values (unknown values are kept as plain strings)."""

    VOICE_FAX = "VoiceFax"
    VOICE_ONLY = "VoiceOnly"
    FAX_ONLY = "FaxOnly"


class PhoneNumberUsageType(StrEnum):
    """PhoneNumberUsageType values (unknown values are kept as plain strings)."""

    MAIN_COMPANY_NUMBER = "MainCompanyNumber"
    ADDITIONAL_COMPANY_NUMBER = "AdditionalCompanyNumber"
    COMPANY_NUMBER = "CompanyNumber"
    DIRECT_NUMBER = "DirectNumber"
    COMPANY_FAX_NUMBER = "CompanyFaxNumber"
    FMC_BUSINESS_MOBILE_NUMBER = "FmcBusinessMobileNumber"
    INVENTORY_FMC_BUSINESS_MOBILE_NUMBER = "InventoryFmcBusinessMobileNumber"
    FORWARDED_NUMBER = "ForwardedNumber"
    FORWARDED_COMPANY_NUMBER = "ForwardedCompanyNumber"
    CONTACT_CENTER_NUMBER = "ContactCenterNumber"
    CONFERENCING_NUMBER = "ConferencingNumber"
    MEETINGS_NUMBER = "MeetingsNumber"
    NUMBER_POOL = "NumberPool"
    BUSINESS_MOBILE_NUMBER = "BusinessMobileNumber"
    ELIN = "ELIN"
    PARTNER_BUSINESS_MOBILE_NUMBER = "PartnerBusinessMobileNumber"
    NUMBER_POOL_PARTNER_BUSINESS_MOBILE_NUMBER = "NumberPoolPartnerBusinessMobileNumber"
    NUMBER_STORAGE = "NumberStorage"
    INTEGRATION_NUMBER = "IntegrationNumber"
    INVENTORY_MOBILE_NUMBER = "InventoryMobileNumber"


class PhoneNumberFeature(StrEnum):
    """PhoneNumberFeature values (unknown values are kept as plain strings)."""

    CALLER_ID = "CallerId"
    SMS_SENDER = "SmsSender"
    A2_P_SMS_SENDER = "A2PSmsSender"
    MMS_SENDER = "MmsSender"
    INTERNATIONAL_SMS_SENDER = "InternationalSmsSender"
    DELEGATED = "Delegated"


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyPhoneNumberList:
    """One page of the account's phone numbers."""

    uri: str | None = None
    records: list[CompanyPhoneNumber] | None = None
    navigation: Navigation | None = None
    paging: Paging | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class CompanyPhoneNumber:
    """A phone number of the account."""

    id: int | None = None
    uri: str | None = None
    extension: PhoneNumberExtension | None = None
    label: str | None = None
    location: str | None = None
    payment_type: PaymentType | str | None = None
    phone_number: str | None = None
    status: PhoneNumberStatus | str | None = None
    type: PhoneNumberType | str | None = None
    usage_type: PhoneNumberUsageType | str | None = None
    temporary_number: TemporaryNumber | None = None
    contact_center_provider: ContactCenterProvider | None = None
    vanity_pattern: str | None = None
    primary: bool | None = None
    activation_status: PhoneNumberActivationStatus | str | None = None
    caller_id_name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class TemporaryNumber:
    """Temporary phone number, if any."""

    id: str | None = None
    phone_number: str | None = None
    extra: Mapping[str, Any] = extra_field()


class PhoneNumberActivationStatus(StrEnum):
    """PhoneNumberActivationStatus values (unknown values are kept as plain strings)."""

    ACTIVE = "Active"
    INACTIVE = "Inactive"

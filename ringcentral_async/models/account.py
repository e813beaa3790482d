"""Models: account."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from ringcentral_async.models._base import extra_field
from ringcentral_async.models.common import CountryInfo

__all__ = [
    "Account",
    "AccountLimits",
    "AccountOperator",
    "AccountRegionalSettings",
    "AccountStatus",
    "AccountStatusInfo",
    "AccountStatusInfoReason",
    "BillingPlan",
    "BillingPlanDurationUnit",
    "BillingPlanType",
    "Brand",
    "Currency",
    "FormattingLocale",
    "GreetingLanguage",
    "Language",
    "RegionalSettings",
    "ServiceInfo",
    "ServicePlan",
    "ServicePlanFreemiumProductType",
    "SetupWizardState",
    "SignupInfo",
    "SignupState",
    "TimeFormat",
    "Timezone",
    "UBrand",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class Account:
    """The account (GET /account/{accountId})."""

    id: int | None = None
    uri: str | None = None
    bsid: str | None = None
    main_number: str | None = None
    operator: AccountOperator | None = None
    partner_id: str | None = None
    service_info: ServiceInfo | None = None
    setup_wizard_state: SetupWizardState | str | None = None
    signup_info: SignupInfo | None = None
    status: AccountStatus | str | None = None
    status_info: AccountStatusInfo | None = None
    regional_settings: AccountRegionalSettings | None = None
    federated: bool | None = None
    outbound_call_prefix: int | None = None
    cfid: str | None = None
    limits: AccountLimits | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AccountOperator:
    """Operator extension information."""

    id: int | None = None
    uri: str | None = None
    extension_number: str | None = None
    partner_id: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ServiceInfo:
    """Account service information, including brand, sub-brand, service plan and."""

    uri: str | None = None
    billing_plan: BillingPlan | None = None
    brand: Brand | None = None
    service_plan: ServicePlan | None = None
    target_service_plan: ServicePlan | None = None
    contracted_country: CountryInfo | None = None
    u_brand: UBrand | None = None
    ubrand: UBrand | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class BillingPlan:
    """Information on account billing plan."""

    id: str | None = None
    name: str | None = None
    duration_unit: BillingPlanDurationUnit | str | None = None
    duration: int | None = None
    type: BillingPlanType | str | None = None
    included_phone_lines: int | None = None
    extra: Mapping[str, Any] = extra_field()


class BillingPlanDurationUnit(StrEnum):
    """BillingPlanDurationUnit values (unknown values are kept as plain strings)."""

    DAY = "Day"
    MONTH = "Month"
    YEAR = "Year"


class BillingPlanType(StrEnum):
    """BillingPlanType values (unknown values are kept as plain strings)."""

    INITIAL = "Initial"
    REGULAR = "Regular"
    SUSPENDED = "Suspended"
    TRIAL = "Trial"
    TRIAL_NO_CC = "TrialNoCC"
    FREE = "Free"


@attrs.frozen(kw_only=True, weakref_slot=False)
class Brand:
    """Information on account brand."""

    id: str | None = None
    name: str | None = None
    home_country: CountryInfo | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class ServicePlan:
    """Information on account service plan."""

    id: str | None = None
    name: str | None = None
    edition: str | None = None
    freemium_product_type: ServicePlanFreemiumProductType | str | None = None
    extra: Mapping[str, Any] = extra_field()


class ServicePlanFreemiumProductType(StrEnum):
    """ServicePlanFreemiumProductType values (unknown values are kept as plain strings)."""

    FREYJA = "Freyja"
    PHOENIX = "Phoenix"
    PBX_BASIC = "PbxBasic"


@attrs.frozen(kw_only=True, weakref_slot=False)
class UBrand:
    """Account sub-brand information."""

    id: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


class SetupWizardState(StrEnum):
    """SetupWizardState values (unknown values are kept as plain strings)."""

    NOT_STARTED = "NotStarted"
    INCOMPLETE = "Incomplete"
    COMPLETED = "Completed"
    UNKNOWN = "Unknown"


@attrs.frozen(kw_only=True, weakref_slot=False)
class SignupInfo:
    """Account sign up data."""

    tos_accepted: bool | None = None
    signup_state: list[SignupState | str] | None = None
    verification_reason: str | None = None
    marketing_accepted: bool | None = None
    creation_time: datetime | None = None
    extra: Mapping[str, Any] = extra_field()


class SignupState(StrEnum):
    """SignupState values (unknown values are kept as plain strings)."""

    ACCOUNT_CREATED = "AccountCreated"
    BILLING_ENTERED = "BillingEntered"
    CREDIT_CARD_APPROVED = "CreditCardApproved"
    ACCOUNT_CONFIRMED = "AccountConfirmed"
    PHONE_VERIFICATION_REQUIRED = "PhoneVerificationRequired"
    PHONE_VERIFICATION_PASSED = "PhoneVerificationPassed"


class AccountStatus(StrEnum):
    """AccountStatus values (unknown values are kept as plain strings)."""

    INITIAL = "Initial"
    UNCONFIRMED = "Unconfirmed"
    CONFIRMED = "Confirmed"
    DISABLED = "Disabled"


@attrs.frozen(kw_only=True, weakref_slot=False)
class AccountStatusInfo:
    """Optional information to be used when account is moved to "Disabled" status."""

    reason: AccountStatusInfoReason | str | None = None
    comment: str | None = None
    till: datetime | None = None
    extra: Mapping[str, Any] = extra_field()


class AccountStatusInfoReason(StrEnum):
    """AccountStatusInfoReason values (unknown values are kept as plain strings)."""

    SUSPENDED_VOLUNTARILY = "SuspendedVoluntarily"
    SUSPENDED_INVOLUNTARILY = "SuspendedInvoluntarily"
    CANCELLED_VOLUNTARILY = "CancelledVoluntarily"
    CANCELLED_INVOLUNTARILY = "CancelledInvoluntarily"


@attrs.frozen(kw_only=True, weakref_slot=False)
class AccountRegionalSettings:
    """Account level region data (web service Auto-Receptionist settings)."""

    home_country: CountryInfo | None = None
    timezone: Timezone | None = None
    language: Language | None = None
    greeting_language: GreetingLanguage | None = None
    formatting_locale: FormattingLocale | None = None
    time_format: TimeFormat | str | None = None
    currency: Currency | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Timezone:
    """Timezone information."""

    id: str | None = None
    uri: str | None = None
    name: str | None = None
    description: str | None = None
    bias: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Language:
    """Information on a language set as regional."""

    id: str | None = None
    locale_code: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class GreetingLanguage:
    """Information on language used for telephony greetings."""

    id: str | None = None
    locale_code: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class FormattingLocale:
    """Formatting language preferences for numbers, dates and currencies."""

    id: str | None = None
    locale_code: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = extra_field()


class TimeFormat(StrEnum):
    """TimeFormat values (unknown values are kept as plain strings)."""

    V_12H = "12h"
    V_24H = "24h"


@attrs.frozen(kw_only=True, weakref_slot=False)
class Currency:
    """Currency information."""

    id: int | None = None
    code: str | None = None
    name: str | None = None
    symbol: str | None = None
    minor_symbol: str | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class AccountLimits:
    """Limits which are effective for the account."""

    free_soft_phone_lines_per_extension: int | None = None
    meeting_size: int | None = None
    cloud_recording_storage: int | None = None
    max_monitored_extensions_per_user: int | None = None
    max_extension_number_length: int | None = None
    site_code_length: int | None = None
    short_extension_number_length: int | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, weakref_slot=False)
class RegionalSettings:
    """Regional data (timezone, home country, language) of an extension/account."""

    home_country: CountryInfo | None = None
    timezone: Timezone | None = None
    language: Language | None = None
    greeting_language: GreetingLanguage | None = None
    formatting_locale: FormattingLocale | None = None
    time_format: TimeFormat | str | None = None
    extra: Mapping[str, Any] = extra_field()

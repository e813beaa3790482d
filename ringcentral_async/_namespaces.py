"""The API-area namespaces of the client as cached properties (layer 6).

Kept apart from ``_client`` (lifecycle, auth, raw calls): each namespace is a thin Resource
bound to the client's request pipeline.
"""

from __future__ import annotations

from functools import cached_property

from ._pipeline import Pipeline
from .resources import (
    AccountResource,
    ActiveCallsResource,
    AnsweringRulesResource,
    BlockedNumbersResource,
    CallerIdResource,
    CallLogResource,
    CallMonitoringResource,
    CallQueuesResource,
    CallRecordingResource,
    DepartmentsResource,
    ExtensionsResource,
    ForwardingNumbersResource,
    GrantsResource,
    GreetingsResource,
    NumberParserResource,
    PhoneNumbersResource,
    ProfileImageResource,
    RecordingsResource,
    RingOutResource,
)

__all__ = ["Namespaces"]


class Namespaces:
    """Mixin giving ``rc.extensions``, ``rc.call_log`` ... to the client."""

    _pipeline: Pipeline

    @cached_property
    def account(self) -> AccountResource:
        """Account information."""
        return AccountResource(self._pipeline)

    @cached_property
    def extensions(self) -> ExtensionsResource:
        """Extensions: list (paged), get."""
        return ExtensionsResource(self._pipeline)

    @cached_property
    def call_log(self) -> CallLogResource:
        """User and company call log, call records."""
        return CallLogResource(self._pipeline)

    @cached_property
    def phone_numbers(self) -> PhoneNumbersResource:
        """Phone numbers of an extension and of the company."""
        return PhoneNumbersResource(self._pipeline)

    @cached_property
    def recordings(self) -> RecordingsResource:
        """Call recordings: metadata and streamed content."""
        return RecordingsResource(self._pipeline)

    @cached_property
    def greetings(self) -> GreetingsResource:
        """Custom user and company greetings (streamed uploads)."""
        return GreetingsResource(self._pipeline)

    @cached_property
    def profile_image(self) -> ProfileImageResource:
        """Extension profile images (streamed downloads)."""
        return ProfileImageResource(self._pipeline)

    @cached_property
    def blocked_numbers(self) -> BlockedNumbersResource:
        """Blocked and allowed numbers (caller blocking)."""
        return BlockedNumbersResource(self._pipeline)

    @cached_property
    def caller_id(self) -> CallerIdResource:
        """Caller-ID settings of an extension."""
        return CallerIdResource(self._pipeline)

    @cached_property
    def grants(self) -> GrantsResource:
        """Extensions a user is granted access to."""
        return GrantsResource(self._pipeline)

    @cached_property
    def forwarding_numbers(self) -> ForwardingNumbersResource:
        """Forwarding numbers of an extension."""
        return ForwardingNumbersResource(self._pipeline)

    @cached_property
    def number_parser(self) -> NumberParserResource:
        """The phone-number parser."""
        return NumberParserResource(self._pipeline)

    @cached_property
    def active_calls(self) -> ActiveCallsResource:
        """Active calls of an extension or the company."""
        return ActiveCallsResource(self._pipeline)

    @cached_property
    def ring_out(self) -> RingOutResource:
        """RingOut calls."""
        return RingOutResource(self._pipeline)

    @cached_property
    def answering_rules(self) -> AnsweringRulesResource:
        """User and company answering rules."""
        return AnsweringRulesResource(self._pipeline)

    @cached_property
    def call_recording(self) -> CallRecordingResource:
        """Account call-recording settings."""
        return CallRecordingResource(self._pipeline)

    @cached_property
    def call_queues(self) -> CallQueuesResource:
        """Call queues and their members."""
        return CallQueuesResource(self._pipeline)

    @cached_property
    def call_monitoring(self) -> CallMonitoringResource:
        """Call-monitoring groups and members."""
        return CallMonitoringResource(self._pipeline)

    @cached_property
    def departments(self) -> DepartmentsResource:
        """Department bulk assignment (deprecated)."""
        return DepartmentsResource(self._pipeline)

"""The API-area namespaces of the client as cached properties (layer 6).

Kept apart from ``_client`` (lifecycle, auth, raw calls): each namespace is a thin Resource
bound to the client's request pipeline. Resource modules (and the models they use) are
imported on first use of a namespace, which keeps ``import ringcentral_async`` light.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._pipeline import Pipeline
from .resources.generated import GeneratedNamespaces

if TYPE_CHECKING:
    from .resources.account import AccountResource
    from .resources.active_calls import ActiveCallsResource
    from .resources.answering_rules import AnsweringRulesResource
    from .resources.blocked_numbers import BlockedNumbersResource
    from .resources.call_log import CallLogResource
    from .resources.call_monitoring import CallMonitoringResource
    from .resources.call_queues import CallQueuesResource
    from .resources.call_recording import CallRecordingResource
    from .resources.caller_id import CallerIdResource
    from .resources.departments import DepartmentsResource
    from .resources.extensions import ExtensionsResource
    from .resources.forwarding_numbers import ForwardingNumbersResource
    from .resources.grants import GrantsResource
    from .resources.greetings import GreetingsResource
    from .resources.number_parser import NumberParserResource
    from .resources.phone_numbers import PhoneNumbersResource
    from .resources.profile_image import ProfileImageResource
    from .resources.recordings import RecordingsResource
    from .resources.ring_out import RingOutResource
    from .resources.subscriptions import SubscriptionsResource

__all__ = ["Namespaces"]


class Namespaces(GeneratedNamespaces):
    """Mixin giving ``rc.extensions``, ``rc.call_log`` ... to the client.

    The hand-written namespaces are here; every other API tag's namespace (``rc.sms``,
    ``rc.presence`` ...) comes from the generated ``GeneratedNamespaces``.
    """

    _pipeline: Pipeline

    @cached_property
    def account(self) -> AccountResource:
        """Account information."""
        from .resources.account import AccountResource

        return AccountResource(self._pipeline)

    @cached_property
    def extensions(self) -> ExtensionsResource:
        """Extensions: list (paged), get."""
        from .resources.extensions import ExtensionsResource

        return ExtensionsResource(self._pipeline)

    @cached_property
    def call_log(self) -> CallLogResource:
        """User and company call log, call records."""
        from .resources.call_log import CallLogResource

        return CallLogResource(self._pipeline)

    @cached_property
    def phone_numbers(self) -> PhoneNumbersResource:
        """Phone numbers of an extension and of the company."""
        from .resources.phone_numbers import PhoneNumbersResource

        return PhoneNumbersResource(self._pipeline)

    @cached_property
    def recordings(self) -> RecordingsResource:
        """Call recordings: metadata and streamed content."""
        from .resources.recordings import RecordingsResource

        return RecordingsResource(self._pipeline)

    @cached_property
    def greetings(self) -> GreetingsResource:
        """Custom user and company greetings (streamed uploads)."""
        from .resources.greetings import GreetingsResource

        return GreetingsResource(self._pipeline)

    @cached_property
    def profile_image(self) -> ProfileImageResource:
        """Extension profile images (streamed downloads)."""
        from .resources.profile_image import ProfileImageResource

        return ProfileImageResource(self._pipeline)

    @cached_property
    def blocked_numbers(self) -> BlockedNumbersResource:
        """Blocked and allowed numbers (caller blocking)."""
        from .resources.blocked_numbers import BlockedNumbersResource

        return BlockedNumbersResource(self._pipeline)

    @cached_property
    def caller_id(self) -> CallerIdResource:
        """Caller-ID settings of an extension."""
        from .resources.caller_id import CallerIdResource

        return CallerIdResource(self._pipeline)

    @cached_property
    def grants(self) -> GrantsResource:
        """Extensions a user is granted access to."""
        from .resources.grants import GrantsResource

        return GrantsResource(self._pipeline)

    @cached_property
    def forwarding_numbers(self) -> ForwardingNumbersResource:
        """Forwarding numbers of an extension."""
        from .resources.forwarding_numbers import ForwardingNumbersResource

        return ForwardingNumbersResource(self._pipeline)

    @cached_property
    def number_parser(self) -> NumberParserResource:
        """The phone-number parser."""
        from .resources.number_parser import NumberParserResource

        return NumberParserResource(self._pipeline)

    @cached_property
    def active_calls(self) -> ActiveCallsResource:
        """Active calls of an extension or the company."""
        from .resources.active_calls import ActiveCallsResource

        return ActiveCallsResource(self._pipeline)

    @cached_property
    def ring_out(self) -> RingOutResource:
        """RingOut calls."""
        from .resources.ring_out import RingOutResource

        return RingOutResource(self._pipeline)

    @cached_property
    def answering_rules(self) -> AnsweringRulesResource:
        """User and company answering rules."""
        from .resources.answering_rules import AnsweringRulesResource

        return AnsweringRulesResource(self._pipeline)

    @cached_property
    def call_recording(self) -> CallRecordingResource:
        """Account call-recording settings."""
        from .resources.call_recording import CallRecordingResource

        return CallRecordingResource(self._pipeline)

    @cached_property
    def call_queues(self) -> CallQueuesResource:
        """Call queues and their members."""
        from .resources.call_queues import CallQueuesResource

        return CallQueuesResource(self._pipeline)

    @cached_property
    def call_monitoring(self) -> CallMonitoringResource:
        """Call-monitoring groups and members."""
        from .resources.call_monitoring import CallMonitoringResource

        return CallMonitoringResource(self._pipeline)

    @cached_property
    def departments(self) -> DepartmentsResource:
        """Department bulk assignment (deprecated)."""
        from .resources.departments import DepartmentsResource

        return DepartmentsResource(self._pipeline)

    @cached_property
    def subscriptions(self) -> SubscriptionsResource:
        """Webhook subscriptions (WebSocket ones: ``rc.subscribe``)."""
        from .resources.subscriptions import SubscriptionsResource

        return SubscriptionsResource(self._pipeline)

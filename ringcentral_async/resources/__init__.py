"""API-area namespaces of the client (``rc.extensions``, ``rc.call_log`` ...).

Importing this package registers every typed operation in ``OPERATIONS``.
"""

from __future__ import annotations

from .account import AccountResource
from .active_calls import ActiveCallsResource
from .answering_rules import AnsweringRulesResource
from .blocked_numbers import BlockedNumbersResource
from .call_log import CallLogResource
from .call_monitoring import CallMonitoringResource
from .call_queues import CallQueuesResource
from .call_recording import CallRecordingResource
from .caller_id import CallerIdResource
from .departments import DepartmentsResource
from .extensions import ExtensionsResource
from .forwarding_numbers import ForwardingNumbersResource
from .grants import GrantsResource
from .greetings import GreetingsResource
from .number_parser import NumberParserResource
from .phone_numbers import PhoneNumbersResource
from .profile_image import ProfileImageResource
from .recordings import RecordingsResource
from .ring_out import RingOutResource
from .subscriptions import SubscriptionsResource

__all__ = [
    "AccountResource",
    "ActiveCallsResource",
    "AnsweringRulesResource",
    "BlockedNumbersResource",
    "CallLogResource",
    "CallMonitoringResource",
    "CallQueuesResource",
    "CallRecordingResource",
    "CallerIdResource",
    "DepartmentsResource",
    "ExtensionsResource",
    "ForwardingNumbersResource",
    "GrantsResource",
    "GreetingsResource",
    "NumberParserResource",
    "PhoneNumbersResource",
    "ProfileImageResource",
    "RecordingsResource",
    "RingOutResource",
    "SubscriptionsResource",
]

"""API-area namespaces of the client (``rc.extensions``, ``rc.call_log`` ...).

The hand-written resource modules load on first use of a name (PEP 562); ``load_all()``
imports every one of them, which registers their operations in ``OPERATIONS``. The generated
namespaces live in ``resources.generated``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
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

#: Class name -> the module of this package that defines it.
_MODULES: dict[str, str] = {
    "AccountResource": "account",
    "ActiveCallsResource": "active_calls",
    "AnsweringRulesResource": "answering_rules",
    "BlockedNumbersResource": "blocked_numbers",
    "CallLogResource": "call_log",
    "CallMonitoringResource": "call_monitoring",
    "CallQueuesResource": "call_queues",
    "CallRecordingResource": "call_recording",
    "CallerIdResource": "caller_id",
    "DepartmentsResource": "departments",
    "ExtensionsResource": "extensions",
    "ForwardingNumbersResource": "forwarding_numbers",
    "GrantsResource": "grants",
    "GreetingsResource": "greetings",
    "NumberParserResource": "number_parser",
    "PhoneNumbersResource": "phone_numbers",
    "ProfileImageResource": "profile_image",
    "RecordingsResource": "recordings",
    "RingOutResource": "ring_out",
    "SubscriptionsResource": "subscriptions",
}

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
    "load_all",
]


def load_all() -> None:
    """Import every hand-written resource module (their operations register themselves)."""
    for module in _MODULES.values():
        importlib.import_module(f"{__name__}.{module}")


if not TYPE_CHECKING:  # type checkers see the imports above, and no other name
    __getattr__, __dir__ = lazy_exports(__name__, _MODULES, globals())

"""ringcentral_async: an asyncio SDK for the RingCentral REST API."""

from typing import TYPE_CHECKING, Any

from ._auth import (
    FileTokenStore,
    LockingTokenStore,
    MemoryTokenStore,
    Token,
    TokenStore,
    TokenStoreConflict,
)
from ._client import RingCentral
from ._config import PRODUCTION_URL, SANDBOX_URL
from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DecodeError,
    ErrorEntry,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseTooLargeError,
    RingCentralError,
    ServerError,
    SharedStateError,
    TransportError,
)
from ._paging import AsyncPaginator, Page, PagingError
from ._spec import usage_plan_group
from ._throttle import GroupStats, Throttle
from ._version import __version__

if TYPE_CHECKING:
    from ._events import Subscription
    from ._serde import structure, unstructure
    from ._shared import FileThrottle
    from ._spec.registry import OPERATIONS, Operation
    from .models.subscriptions import Gap, Notification
    from .resources._bulk import BulkItem

__all__ = [
    "ApiError",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "BulkItem",
    "ConfigurationError",
    "DecodeError",
    "ErrorEntry",
    "FileThrottle",
    "FileTokenStore",
    "Gap",
    "GroupStats",
    "LockingTokenStore",
    "MemoryTokenStore",
    "NotFoundError",
    "Notification",
    "OAuthError",
    "OPERATIONS",
    "Operation",
    "PRODUCTION_URL",
    "Page",
    "PagingError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "RingCentral",
    "RingCentralError",
    "SANDBOX_URL",
    "ServerError",
    "SharedStateError",
    "Subscription",
    "Throttle",
    "Token",
    "TokenStore",
    "TokenStoreConflict",
    "TransportError",
    "__version__",
    "structure",
    "unstructure",
    "usage_plan_group",
]


def __getattr__(name: str) -> Any:
    """Names whose modules load on first use (they pull in the models and cattrs)."""
    if name in ("OPERATIONS", "Operation"):
        from . import resources
        from ._spec import registry

        resources.load_all()  # the hand-written declarations replace generated entries
        return getattr(registry, name)
    if name == "FileThrottle":  # sqlite-backed: loaded on first use
        from ._shared import FileThrottle

        return FileThrottle
    if name == "BulkItem":
        from .resources._bulk import BulkItem

        return BulkItem
    if name == "Subscription":
        from ._events import Subscription

        return Subscription
    if name in ("Gap", "Notification"):
        from .models import subscriptions

        return getattr(subscriptions, name)
    if name in ("structure", "unstructure"):
        from . import _serde

        return getattr(_serde, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

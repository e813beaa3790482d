"""ringcentral_async: an asyncio SDK for the RingCentral REST API."""

from typing import TYPE_CHECKING, Any

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
    RingCentralError,
    ServerError,
    SharedStateError,
    TransportError,
)
from ._groups import usage_plan_group
from ._paging import AsyncPaginator, Page, PagingError
from ._throttle import GroupStats, Throttle
from ._token import (
    FileTokenStore,
    LockingTokenStore,
    MemoryTokenStore,
    Token,
    TokenStore,
    TokenStoreConflict,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._bulk import BulkItem
    from ._endpoint import OPERATIONS, Operation
    from ._serde import structure, unstructure
    from ._shared import FileThrottle

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
    "GroupStats",
    "LockingTokenStore",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthError",
    "OPERATIONS",
    "Operation",
    "PRODUCTION_URL",
    "Page",
    "PagingError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "RingCentral",
    "RingCentralError",
    "SANDBOX_URL",
    "ServerError",
    "SharedStateError",
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
        from . import _endpoint, resources  # importing resources registers every operation

        del resources
        return getattr(_endpoint, name)
    if name == "FileThrottle":  # sqlite-backed: loaded on first use
        from ._shared import FileThrottle

        return FileThrottle
    if name == "BulkItem":
        from ._bulk import BulkItem

        return BulkItem
    if name in ("structure", "unstructure"):
        from . import _serde

        return getattr(_serde, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

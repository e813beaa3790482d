"""ringcentral_async: an asyncio SDK for the RingCentral REST API."""

from ._client import RingCentral
from ._config import PRODUCTION_URL, SANDBOX_URL
from ._endpoint import OPERATIONS, Operation
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
    TransportError,
)
from ._groups import usage_plan_group
from ._paging import AsyncPaginator, Page, PagingError
from ._throttle import GroupStats, Throttle
from ._token import FileTokenStore, MemoryTokenStore, Token, TokenStore
from ._version import __version__

__all__ = [
    "PRODUCTION_URL",
    "OPERATIONS",
    "SANDBOX_URL",
    "ApiError",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "DecodeError",
    "ErrorEntry",
    "FileTokenStore",
    "GroupStats",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthError",
    "Operation",
    "Page",
    "PagingError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "RingCentral",
    "RingCentralError",
    "ServerError",
    "Throttle",
    "Token",
    "TokenStore",
    "TransportError",
    "__version__",
    "usage_plan_group",
]
